/**
 * Pure: what a Graph API error means and what the person must do about it.
 * Classify on Meta's `code` and `error_subcode`, not on the HTTP status: most errors arrive as
 * HTTP 400 with a body (developers.facebook.com/docs/graph-api/guides/error-handling).
 */
import type { FailureKind, GraphReason } from '../rules/errors.js';

export interface GraphErrorClass {
  kind: FailureKind;
  reason: GraphReason;
  advice: string;
}

const REAUTHORIZE =
  'Re-authorize: log in again to get a new long-lived token (Instagram Login from the Meta app dashboard, or ' +
  'a Facebook Login user token exchanged for a long-lived one), paste it into the secret, and ' +
  're-run the workflow.';

const RETRY_LATER =
  'Nothing to do: this is a temporary problem at Meta, and the next scheduled run tries again.';

// Meta does not document how it refuses a token younger than 24 hours; match what it may say.
// Read only inside an OAuth refusal (code 190 without a subcode, or no code): codes come first.
const TOO_RECENT = /24 ?hours|too (soon|recent|new|young)|less than a day/i;
// graph.instagram.com and graph.facebook.com say this for a string that is not a token at all.
const CANNOT_PARSE = /cannot parse access token/i;

const PASTE_AGAIN =
  'Meta cannot read the value as a token: it was pasted wrongly (cut short, with extra ' +
  "characters, or a different value), or the 'api' input names the wrong login. Copy the " +
  'long-lived token again, paste it into the secret on one line with nothing around it, check ' +
  "'api' (instagram for IGAA… tokens, facebook for EAA… tokens), and run again.";

// Codes Meta documents as throttling or downtime: worth another try after a pause.
const TRANSIENT_CODES = new Map<number, GraphReason>([
  [1, 'downtime'],
  [2, 'downtime'],
  [4, 'throttled'],
  [17, 'throttled'],
  [32, 'throttled'],
  [341, 'throttled'],
  [613, 'throttled'],
  [80001, 'throttled'],
  [80002, 'throttled'],
]);

// OAuthException subcodes of code 190 (and 102), from Meta's error-handling guide.
const TOKEN_SUBCODES = new Map<number, GraphErrorClass>([
  [458, permanent('app-removed', `The account removed the app's access. ${REAUTHORIZE}`)],
  [
    459,
    permanent(
      'checkpoint',
      'The account is checkpointed: its owner must log in at instagram.com or facebook.com ' +
        `and clear the security check first. Then: ${REAUTHORIZE}`,
    ),
  ],
  [
    460,
    permanent(
      'password-changed',
      `The account's password was changed, which ends every session. ${REAUTHORIZE}`,
    ),
  ],
  [463, permanent('expired', `The token has expired. ${REAUTHORIZE}`)],
  [
    464,
    permanent(
      'unconfirmed-user',
      `The account is not confirmed: its owner must confirm it with Meta first. Then: ${REAUTHORIZE}`,
    ),
  ],
  [467, permanent('invalid-token', `The token is not valid any more. ${REAUTHORIZE}`)],
  [
    492,
    permanent(
      'session-invalid',
      'The session is no longer valid (often a lost role on the Page or the Instagram account). ' +
        `Check the account's roles, then: ${REAUTHORIZE}`,
    ),
  ],
]);

export function classifyGraphError(
  httpStatus: number | undefined,
  code: number | undefined,
  subcode: number | undefined,
  message = '',
): GraphErrorClass {
  if (code !== undefined) {
    const byCode = classifyByCode(code, subcode, message);
    if (byCode) return byCode;
    const transient = TRANSIENT_CODES.get(code);
    if (transient) return { kind: 'transient', reason: transient, advice: RETRY_LATER };
  } else if (TOO_RECENT.test(message) && isClientRefusal(httpStatus)) {
    // Without a code, only a 4xx refusal is read for the token's age: a 429 or 5xx that
    // says "too soon" is about the service, and stays transient.
    return tooRecent();
  }
  if (httpStatus === undefined || httpStatus >= 500 || httpStatus === 429) {
    return { kind: 'transient', reason: 'downtime', advice: RETRY_LATER };
  }
  return permanent(
    'unknown',
    "Meta refused the request with an answer this action does not know. Read Meta's message " +
      'and code above (the Graph API error reference explains the code), check the token in ' +
      'the secret and the app in the Meta app dashboard, and run again.',
  );
}

function tooRecent(): GraphErrorClass {
  return permanent(
    'too-recent',
    'Instagram refreshes only tokens at least 24 hours old: nothing to do, the next run refreshes it.',
  );
}

function classifyByCode(
  code: number,
  subcode: number | undefined,
  message: string,
): GraphErrorClass | undefined {
  if (code === 190 || code === 102) {
    if (subcode !== undefined && TOKEN_SUBCODES.has(subcode)) return TOKEN_SUBCODES.get(subcode);
    if (CANNOT_PARSE.test(message)) return permanent('malformed-token', PASTE_AGAIN);
    if (/expired/i.test(message))
      return permanent('expired', `The token has expired. ${REAUTHORIZE}`);
    if (code === 190 && subcode === undefined && TOO_RECENT.test(message)) return tooRecent();
    return permanent('invalid-token', `Meta does not accept the token. ${REAUTHORIZE}`);
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    return permanent(
      'permission',
      'The token lacks a permission the call needs (for Instagram Login: instagram_business_basic). ' +
        `Grant it in the app's login flow, then: ${REAUTHORIZE}`,
    );
  }
  if (code === 368) {
    return permanent(
      'policy-block',
      'Meta has temporarily blocked the account or app for a policy reason. A person should ' +
        'read the notice in the Meta app dashboard; retrying will not help until it is lifted.',
    );
  }
  if (code === 3) {
    return permanent(
      'app-config',
      "Meta says the app lacks the capability this call needs: check the app's products and " +
        'permissions in the Meta app dashboard (Instagram API with Instagram Login, or Facebook ' +
        'Login), then run again.',
    );
  }
  if (code === 101) {
    return permanent(
      'app-credentials',
      "Meta refused the app's credentials or configuration: check the 'app-id' and " +
        "'app-secret' inputs against the Meta app dashboard (App settings › Basic).",
    );
  }
  if (code === 1 && /client secret|app secret/i.test(message)) {
    return permanent(
      'app-credentials',
      "Meta refused the app secret: check the 'app-secret' input against the Meta app dashboard.",
    );
  }
  return undefined;
}

function permanent(reason: GraphReason, advice: string): GraphErrorClass {
  return { kind: 'permanent', reason, advice };
}

function isClientRefusal(httpStatus: number | undefined): boolean {
  return httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500 && httpStatus !== 429;
}
