/**
 * Pure: refusals that need more than a code to judge: a page that is not the Graph API's JSON,
 * and the three-part test for Instagram's undocumented 24-hour rule.
 */
import type { GraphReason } from '../rules/errors.js';
import type { GraphErrorClass } from './classify.js';

/**
 * An answer that is not the Graph API's JSON (an HTML error page, an empty body) is an error,
 * never data, and counts as temporary: it says nothing about the token. A 4xx page is not
 * worth asking again within the run (the caller retries only 5xx and 429), and its advice
 * points at the API URL, the likeliest cause when it lasts.
 */
export function classifyNonJson(httpStatus: number): GraphErrorClass {
  const server = httpStatus >= 500 || httpStatus === 429 || httpStatus < 300;
  return {
    kind: 'transient',
    reason: 'unexpected-response',
    advice: server
      ? 'Meta (or something in between) answered with a page that is not the Graph API: ' +
        'nothing was written, and the next run tries again.'
      : `The Graph API answered HTTP ${httpStatus} with a page that is not an API answer. If ` +
        "it lasts, check 'instagram-api-url' / 'facebook-api-url' (they must point at the " +
        'Graph API or a proxy that passes its answers through).',
  };
}

/** The parts of a Graph error the 24-hour rule looks at. */
export interface RefusalFacts {
  errorObject: boolean;
  code?: number;
  subcode?: number;
  reason: GraphReason;
}

/**
 * Whether a refused refresh may be Instagram's 24-hour rule (one of three conditions; the
 * caller checks that the token still works and how old it is). Meta does not document the
 * refusal, so only an OAuth refusal of the token itself qualifies: its JSON error object with
 * code 190 and no subcode, or a message about the token's age with no code at all. Any other
 * code (100, 368, ...) or a page that is not JSON is something else, and fails the run.
 */
export function mayBeTokenAgeRefusal(refusal: RefusalFacts): boolean {
  if (!refusal.errorObject) return false;
  if (refusal.reason === 'malformed-token' || refusal.reason === 'expired') return false;
  if (refusal.code === 190 && refusal.subcode === undefined) return true;
  return refusal.code === undefined && refusal.reason === 'too-recent';
}
