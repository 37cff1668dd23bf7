/**
 * Pure: the `accounts` input, one `SECRET_NAME=token` a line, parsed and checked like the
 * single-token inputs before any request. A message names the line, never the token.
 */
import { InputError } from '../rules/errors.js';
import { resolveFlavour, type ApiChoice, type Flavour } from '../graph/flavour.js';
import { INPUT } from './input-names.js';
import { optional, type InputReader } from './input-rules.js';
import { secretNameProblem } from './names.js';
import {
  checkFlavourMatches,
  checkInstagramToken,
  checkNotAToken,
  type TokenSource,
} from './token-rules.js';

export interface AccountLine {
  /** 1-based line of the input, for messages. */
  line: number;
  secretName: string;
  token: string;
  flavour: Flavour;
}

/** The lines that hold an account: not blank, not a `#` comment. */
function accountLines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ line: index + 1, text: raw.trim() }))
    .filter(({ text: line }) => line !== '' && !line.startsWith('#'));
}

/**
 * The tokens of every well-formed line, to mask before anything else happens (even before the
 * lines are checked, so no message or log can show one).
 */
export function accountTokens(text: string): string[] {
  return accountLines(text)
    .map(({ text: line }) => line.slice(line.indexOf('=') + 1).trim())
    .filter((token) => token !== '');
}

export function parseAccounts(text: string, api: ApiChoice): AccountLine[] {
  const seen = new Map<string, number>();
  const accounts = accountLines(text).map(({ line, text: entry }) => {
    const where = `Input '${INPUT.accounts}' line ${line}`;
    const source: TokenSource = { input: INPUT.accounts, where };
    const equals = entry.indexOf('=');
    if (equals < 0) {
      throw new InputError(
        INPUT.accounts,
        `${where} is not SECRET_NAME=token: each line names the secret to write, then '=', ` +
          'then the token (usually ${{ secrets.SECRET_NAME }}).',
      );
    }
    const secretName = entry.slice(0, equals).trim();
    const token = entry.slice(equals + 1).trim();
    checkNotAToken(source, secretName);
    const problem = secretNameProblem(secretName);
    if (problem) throw new InputError(INPUT.accounts, `${where}: the secret name ${problem}.`);
    const first = seen.get(secretName.toUpperCase());
    if (first !== undefined) {
      throw new InputError(
        INPUT.accounts,
        `${where} repeats the secret ${secretName} of line ${first} (GitHub ignores case in ` +
          'secret names): each account needs a secret of its own.',
      );
    }
    seen.set(secretName.toUpperCase(), line);
    if (token === '') {
      throw new InputError(
        INPUT.accounts,
        `${where} has no token after '='. If it comes from a secret, check that the secret ` +
          'exists and is available to this workflow.',
      );
    }
    checkInstagramToken(token, source);
    const flavour = resolveFlavour(api, token, source);
    checkFlavourMatches(flavour, token, source);
    return { line, secretName, token, flavour };
  });
  if (accounts.length === 0) {
    throw new InputError(
      INPUT.accounts,
      `Input '${INPUT.accounts}' holds no account: write one SECRET_NAME=token a line.`,
    );
  }
  return accounts;
}

/**
 * With `accounts`, the single-token inputs would be ambiguous. `secret-name` always arrives
 * with its default from action.yml, so only another value counts as set.
 */
export function refuseSingleTokenInputs(read: InputReader, defaultSecretName: string): void {
  const secretName = optional(read, INPUT.secretName);
  const clashes = [
    optional(read, INPUT.instagramToken) !== undefined ? INPUT.instagramToken : undefined,
    secretName !== undefined && secretName !== defaultSecretName ? INPUT.secretName : undefined,
    optional(read, INPUT.expiryVariable) !== undefined ? INPUT.expiryVariable : undefined,
  ].filter((name) => name !== undefined);
  if (clashes.length === 0) return;
  throw new InputError(
    clashes[0],
    `Input '${INPUT.accounts}' cannot be set together with ${clashes.map((n) => `'${n}'`).join(', ')}: ` +
      `each line of '${INPUT.accounts}' names its own secret, and its expiry variable is ` +
      `<SECRET_NAME>_EXPIRES_AT. Remove ${clashes.length > 1 ? 'them' : 'it'}, or use one token per step.`,
  );
}
