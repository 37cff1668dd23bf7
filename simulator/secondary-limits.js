// @ts-check
// Opt-in: GitHub's secondary rate limits for content-creating requests (docs.github.com,
// "Rate limits for the REST API": no more than 80 a minute and 500 an hour, per user or app
// installation). Off unless a test starts the GitHub fake with `secondaryLimits`, so every
// other test sees the fake exactly as before. When on, a POST, PATCH, PUT or DELETE over either
// limit is answered the way GitHub answers it: 403, `retry-after`, and a message about a
// secondary rate limit. The window slides; a refused request is not counted (GitHub does not
// say whether it is, and counting it would only make a client that backs off wait longer).

import { ghError } from './github-http.js';

/**
 * @typedef {object} SecondaryLimitSpec
 * @property {number} [perMinute] default 80
 * @property {number} [perHour] default 500
 */
/**
 * @typedef {object} SecondaryLimits
 * @property {(method: string, authorization: string | undefined) =>
 *   import('./github-http.js').Answer | undefined} refuse the 403 to answer, or undefined when
 *   the request is within the limits (it is then counted against its credential)
 * @property {number} refused how many requests were refused so far
 */

const CONTENT_CREATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * @param {SecondaryLimitSpec} spec
 * @param {() => number} now
 * @returns {SecondaryLimits}
 */
export function createSecondaryLimits(spec, now) {
  const perMinute = spec.perMinute ?? 80;
  const perHour = spec.perHour ?? 500;
  /** Arrival times of counted requests, by the credential that made them. @type {Map<string, number[]>} */
  const seen = new Map();
  return {
    refused: 0,
    refuse(method, authorization) {
      if (!CONTENT_CREATING.has(method.toUpperCase())) return undefined;
      // By credential, whichever scheme presents it (`token X` and `Bearer X` are one caller).
      const who = /^(?:token|bearer)\s+(\S+)/i.exec(authorization ?? '')?.[1] ?? '';
      const at = now();
      const times = (seen.get(who) ?? []).filter((t) => t > at - HOUR_MS);
      seen.set(who, times);
      const lastMinute = times.filter((t) => t > at - MINUTE_MS);
      let waitMs = 0;
      if (lastMinute.length >= perMinute) {
        waitMs = lastMinute[lastMinute.length - perMinute] + MINUTE_MS - at;
      }
      if (times.length >= perHour) {
        waitMs = Math.max(waitMs, times[times.length - perHour] + HOUR_MS - at);
      }
      if (waitMs <= 0) {
        times.push(at);
        return undefined;
      }
      this.refused += 1;
      return ghError(
        403,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        {},
        { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
      );
    },
  };
}
