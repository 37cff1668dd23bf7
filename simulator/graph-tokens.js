// @ts-check
// Token records and Graph API error bodies for the fake Graph server: what a token looks like,
// when Meta would refuse it, and the exact error shape it would answer with
// (docs/platform-facts.md, "Graph API errors").

import { randomBytes, randomInt } from 'node:crypto';

/** Instagram's refresh answers 60 days (docs/platform-facts.md, "Instagram Login: refresh"). */
export const INSTAGRAM_EXPIRES_IN_S = 5184000;
/** fb_exchange_token answers about 60 days (docs/platform-facts.md, "Facebook Login tokens"). */
export const FACEBOOK_EXPIRES_IN_S = 5183944;
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Meta does not document the error for refreshing a token younger than 24 h
 * (docs/platform-facts.md, "Instagram Login: refresh").
 * This guess lives in one place so it is easy to change once someone sees the real answer.
 * @type {Readonly<GraphErrorSpec>}
 */
export const TOO_YOUNG_TO_REFRESH = Object.freeze({
  status: 400,
  code: 190,
  message: 'The access token cannot be refreshed: it was issued less than 24 hours ago',
});

/** What graph.facebook.com / graph.instagram.com say for a string they do not know. */
export const CANNOT_PARSE = Object.freeze({
  code: 190,
  message: 'Invalid OAuth access token - Cannot parse access token',
});

/**
 * @typedef {object} GraphErrorSpec
 * @property {number} code
 * @property {number} [subcode]
 * @property {string} [message]
 * @property {number} [status] HTTP status (default 400: Graph sends most errors that way)
 * @property {string} [type] default OAuthException
 */

/**
 * @typedef {object} AddTokenSpec
 * @property {'instagram' | 'facebook'} flavour
 * @property {string} [token]
 * @property {string} [username] default sim_account
 * @property {string} [name]
 * @property {string} [userId]
 * @property {number} [ageMs] default 2 days
 * @property {number} [expiresInMs] default 50 days
 * @property {boolean} [valid] default true
 * @property {GraphErrorSpec} [error]
 * @property {boolean} [sameStringOnRefresh]
 * @property {string[]} [refusesFields] /me fields Graph refuses for this account with code 100
 *   although the token is fine (seen in the wild for `user_id`; docs/platform-facts.md,
 *   "Instagram Login: verification")
 */

/**
 * @typedef {object} TokenRecord
 * @property {string} token
 * @property {'instagram' | 'facebook'} flavour
 * @property {string} userId Instagram professional-account id, or the Facebook app-scoped user id
 * @property {string} appScopedId the `id` /me answers (equals userId for Facebook)
 * @property {string} username
 * @property {string} name
 * @property {number} issuedAt ms
 * @property {number} expiresAt ms
 * @property {boolean} valid false = revoked (password change and the like)
 * @property {GraphErrorSpec} [error] answered instead of success by every call with this token
 * @property {string} [refreshedFrom] the token this one was minted from
 * @property {boolean} [sameStringOnRefresh] refresh keeps the string and only extends expiry
 * @property {string[]} [refusesFields] an account property: tokens refreshed from it keep it
 */

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** @param {number} length */
export function randomBase62(length) {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(BASE62.length)];
  return out;
}

/**
 * A fresh token string with the prefix real ones carry (docs/platform-facts.md, "Token prefixes").
 * @param {'instagram' | 'facebook'} flavour
 */
export function mintTokenString(flavour) {
  return flavour === 'instagram' ? `IGAA${randomBase62(150)}` : `EAA${randomBase62(180)}`;
}

/** @param {number} digits */
export function randomDigits(digits) {
  return (
    String(randomInt(1, 10)) + Array.from({ length: digits - 1 }, () => randomInt(10)).join('')
  );
}

/**
 * The body and status Graph would send for `spec`.
 * @param {GraphErrorSpec} spec
 * @returns {{ status: number, body: { error: Record<string, unknown> } }}
 */
export function graphError(spec) {
  /** @type {Record<string, unknown>} */
  const error = {
    message: spec.message ?? 'An unknown error has occurred.',
    type: spec.type ?? 'OAuthException',
    code: spec.code,
  };
  if (spec.subcode !== undefined) error.error_subcode = spec.subcode;
  error.fbtrace_id = `A${randomBytes(8).toString('base64url')}`;
  return { status: spec.status ?? 400, body: { error } };
}

/**
 * Graph's "Session has expired on …" message, in the format Meta uses (dates in its own words).
 * @param {number} expiresAt
 * @param {number} now
 */
function expiredMessage(expiresAt, now) {
  /** @param {number} ms */
  const when = (ms) => {
    const d = new Date(ms);
    const day = d.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
    const mon = d.toLocaleDateString('en-US', { month: 'short', timeZone: 'UTC' });
    const [date, time] = d.toISOString().split('T');
    const [yyyy, , dd] = date.split('-');
    return `${day}, ${dd}-${mon}-${yyyy.slice(2)} ${time.slice(0, 8)} UTC`;
  };
  return `Error validating access token: Session has expired on ${when(expiresAt)}. The current time is ${when(now)}.`;
}

/**
 * Why Meta would refuse this token right now, or undefined when it is usable.
 * @param {TokenRecord | undefined} record
 * @param {number} now
 * @returns {GraphErrorSpec | undefined}
 */
export function tokenProblem(record, now) {
  if (!record) return CANNOT_PARSE;
  if (record.error) return record.error;
  if (!record.valid) {
    return {
      code: 190,
      subcode: 460,
      message:
        'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
    };
  }
  if (record.expiresAt <= now) {
    return { code: 190, subcode: 463, message: expiredMessage(record.expiresAt, now) };
  }
  return undefined;
}

/**
 * @param {AddTokenSpec} spec
 * @param {number} now
 * @returns {TokenRecord}
 */
export function newTokenRecord(spec, now) {
  if (spec.flavour !== 'instagram' && spec.flavour !== 'facebook') {
    throw new TypeError(`graph fake: flavour must be instagram or facebook, got ${spec.flavour}`);
  }
  const issuedAt = now - (spec.ageMs ?? 2 * DAY_MS);
  const userId =
    spec.userId ?? (spec.flavour === 'instagram' ? `1784${randomDigits(13)}` : randomDigits(16));
  return {
    token: spec.token ?? mintTokenString(spec.flavour),
    flavour: spec.flavour,
    userId,
    appScopedId: spec.flavour === 'instagram' ? randomDigits(17) : userId,
    username: spec.username ?? 'sim_account',
    name: spec.name ?? 'Sim Account',
    issuedAt,
    expiresAt: now + (spec.expiresInMs ?? 50 * DAY_MS),
    valid: spec.valid ?? true,
    ...(spec.error ? { error: spec.error } : {}),
    ...(spec.sameStringOnRefresh ? { sameStringOnRefresh: true } : {}),
    ...(spec.refusesFields ? { refusesFields: [...spec.refusesFields] } : {}),
  };
}
