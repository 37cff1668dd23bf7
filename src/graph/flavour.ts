/** Which Graph API a token belongs to, from the `api` input and the token's prefix. */
import { InputError } from '../rules/errors.js';
import { INPUT, type InputName } from '../inputs/input-names.js';

export type Flavour = 'instagram' | 'facebook';
export type ApiChoice = Flavour | 'auto';

export const API_CHOICES: readonly ApiChoice[] = ['auto', 'instagram', 'facebook'];

// Token prefixes are a widely used heuristic, not a documented contract
// (docs/platform-facts.md, "Token prefixes").
const BASIC_DISPLAY_PREFIX = 'IGQV';
const INSTAGRAM_LOGIN_PREFIX = 'IGAA';
const FACEBOOK_PREFIX = 'EAA';

export function resolveFlavour(
  api: ApiChoice,
  token: string,
  // Where the token came from, for the message: the input, or a line of `accounts`.
  source: { input: InputName; where: string } = {
    input: INPUT.instagramToken,
    where: `Input '${INPUT.instagramToken}'`,
  },
): Flavour {
  // Basic Display tokens died with the API on 2024-12-04, whatever `api` says.
  if (token.startsWith(BASIC_DISPLAY_PREFIX)) {
    throw new InputError(
      source.input,
      `${source.where} holds an Instagram Basic Display token (it starts with ` +
        `${BASIC_DISPLAY_PREFIX}). Meta shut the Basic Display API down on 2024-12-04 and its ` +
        `tokens can no longer be refreshed. Re-authorize the account with Instagram Login ` +
        `(Instagram API with Instagram Login, a Business or Creator account), put the new ` +
        `long-lived token (it starts with ${INSTAGRAM_LOGIN_PREFIX}) in the secret, and run again.`,
    );
  }
  if (api !== 'auto') return api;
  if (token.startsWith(FACEBOOK_PREFIX)) return 'facebook';
  // IGAA… and anything unrecognised: Instagram Login is the usual case, and a wrong guess
  // ends in Meta's own clear refusal (set `api` to choose).
  return 'instagram';
}
