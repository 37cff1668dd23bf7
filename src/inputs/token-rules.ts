/**
 * Pure checks that keep a credential from travelling to the wrong place (docs/behaviour.md rule 8):
 * a GitHub token in the Instagram input, a Meta token in a GitHub input, a value pasted with
 * quotes or spaces, or a token of the other Graph API. Messages name the input, never the value.
 */
import { InputError } from '../rules/errors.js';
import type { Flavour } from '../graph/flavour.js';
import { INPUT, type InputName } from './input-names.js';

// GitHub's token prefixes (docs.github.com: "About authentication to GitHub", token formats).
const GITHUB_PREFIXES = ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'];
// Meta's: Instagram Login, Basic Display, Facebook Login (a heuristic, docs/platform-facts.md).
const META_PREFIXES = ['IGAA', 'IGQV', 'EAA'];

/**
 * Where a token came from, for messages: an input, or one line of `accounts`. Messages name it,
 * never the value.
 */
export interface TokenSource {
  input: InputName;
  /** "Input 'instagram-token'" or "Input 'accounts' line 3". */
  where: string;
}

export function fromInput(input: InputName): TokenSource {
  return { input, where: `Input '${input}'` };
}

/** A value pasted wrongly: quotes anywhere, or white space inside (the ends were trimmed). */
export function checkPasted(source: TokenSource, value: string): void {
  if (/["'`\u2018\u2019\u201c\u201d]/.test(value)) {
    throw new InputError(
      source.input,
      `${source.where} contains quote characters. Paste the token into the secret without ` +
        'quotes, on one line, with nothing around it.',
    );
  }
  if (/\s/.test(value)) {
    throw new InputError(
      source.input,
      `${source.where} contains white space inside the token. Paste the token again into the ` +
        'secret, on one line, with nothing around it.',
    );
  }
}

/** The Instagram token must not be a GitHub token: the two inputs were probably swapped. */
export function checkInstagramToken(
  value: string,
  source: TokenSource = fromInput(INPUT.instagramToken),
): void {
  checkPasted(source, value);
  if (GITHUB_PREFIXES.some((prefix) => value.startsWith(prefix))) {
    throw new InputError(
      source.input,
      `${source.where} holds a GitHub token, not an Instagram token: check that the Instagram ` +
        `token and '${INPUT.githubToken}' are not swapped. Nothing was sent anywhere.`,
    );
  }
}

/** A GitHub token input must not hold a Meta token, which would then be sent to GitHub. */
export function checkGitHubToken(name: InputName, value: string): void {
  checkPasted(fromInput(name), value);
  if (META_PREFIXES.some((prefix) => value.startsWith(prefix))) {
    throw new InputError(
      name,
      `Input '${name}' holds a Meta (Instagram or Facebook) token, not a GitHub token: check ` +
        `that '${INPUT.instagramToken}' and '${name}' are not swapped. Nothing was sent anywhere.`,
    );
  }
}

/**
 * A name that looks like a token (an `accounts` line written TOKEN=NAME): it would travel to
 * GitHub in a URL and into `results`. The message never quotes it.
 */
export function checkNotAToken(source: TokenSource, name: string): void {
  const prefixes = [...META_PREFIXES, ...GITHUB_PREFIXES];
  if (name.length >= 20 && prefixes.some((prefix) => name.startsWith(prefix))) {
    throw new InputError(
      source.input,
      `${source.where} starts with what looks like a token, not a secret name: write ` +
        'SECRET_NAME=token, the name first. Nothing was sent anywhere.',
    );
  }
}

/** `api` set by hand must match the token's own prefix, or Meta would be asked the wrong way. */
export function checkFlavourMatches(
  flavour: Flavour,
  token: string,
  source: TokenSource = fromInput(INPUT.instagramToken),
): void {
  const other =
    flavour === 'instagram' && token.startsWith('EAA')
      ? { prefix: 'EAA', login: 'a Facebook Login', api: 'facebook' }
      : flavour === 'facebook' && token.startsWith('IGAA')
        ? { prefix: 'IGAA', login: 'an Instagram Login', api: 'instagram' }
        : undefined;
  if (!other) return;
  const holder = source.input === INPUT.instagramToken ? `'${source.input}'` : source.where;
  throw new InputError(
    INPUT.api,
    `Input '${INPUT.api}' is '${flavour}', but ${holder} holds ${other.login} token (it ` +
      `starts with ${other.prefix}). Set '${INPUT.api}: ${other.api}' (or 'auto'), or put the ` +
      'right token in the secret.',
  );
}
