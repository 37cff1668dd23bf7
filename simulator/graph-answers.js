// @ts-check
// The success and error bodies Graph sends that depend on more than one token record: /me
// field selection, debug_token's data, and the "Unsupported request" error for unknown paths.

import { DAY_MS, graphError } from './graph-tokens.js';

/** @typedef {import('./graph-tokens.js').TokenRecord} TokenRecord */
/** @typedef {import('./graph-tokens.js').GraphErrorSpec} GraphErrorSpec */
/** @typedef {{ status: number, body: unknown }} Answer */

// Fields the fake /me knows; Graph refuses others with code 100.
const INSTAGRAM_FIELDS = ['id', 'user_id', 'username', 'name', 'account_type', 'media_count'];
const FACEBOOK_FIELDS = ['id', 'name', 'first_name', 'last_name'];

/**
 * Graph's answer for a path or method it does not serve (code 100, subcode 33).
 * @param {string} method
 * @param {string} bare pathname without the version prefix
 * @returns {Answer}
 */
export function unsupportedRequest(method, bare) {
  const object = bare.split('/').filter(Boolean)[0] ?? '';
  return graphError({
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${object}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

/** @param {number} status */
export function defaultFaultBody(status) {
  return graphError(
    status >= 500
      ? { code: 2, message: 'An unexpected error has occurred. Please retry your request later.' }
      : { code: 1, message: 'An unknown error has occurred.' },
  ).body;
}

/**
 * /me: the requested fields (unknown ones refused, as Graph does) plus `id`.
 * @param {TokenRecord} record
 * @param {string | undefined} fieldsParam
 * @returns {Answer}
 */
export function describeUser(record, fieldsParam) {
  const instagram = record.flavour === 'instagram';
  const allowed = instagram ? INSTAGRAM_FIELDS : FACEBOOK_FIELDS;
  const asked = (fieldsParam ?? (instagram ? 'id' : 'name,id')).split(',').map((f) => f.trim());
  // A field this account refuses is answered like an unknown one: same code 100, same words.
  const refused = record.refusesFields ?? [];
  const unknown = asked.find((f) => f && (!allowed.includes(f) || refused.includes(f)));
  if (unknown) {
    return graphError({
      code: 100,
      message: `(#100) Tried accessing nonexisting field (${unknown}) on node type (User)`,
    });
  }
  /** @type {Record<string, unknown>} */
  const values = {
    id: record.appScopedId,
    user_id: record.userId,
    username: record.username,
    name: record.name,
    account_type: 'BUSINESS',
    media_count: 0,
    first_name: record.name.split(' ')[0],
    last_name: record.name.split(' ').slice(1).join(' '),
  };
  /** @type {Record<string, unknown>} */
  const body = {};
  for (const field of [...asked.filter(Boolean), 'id']) body[field] = values[field];
  return { status: 200, body };
}

/**
 * @param {TokenRecord} record
 * @param {GraphErrorSpec | undefined} problem
 * @param {string} appId
 * @param {number} now
 */
export function debugData(record, problem, appId, now) {
  const seconds = (/** @type {number} */ ms) => Math.floor(ms / 1000);
  return {
    app_id: appId,
    type: 'USER',
    application: 'Sim App',
    data_access_expires_at: seconds(now + 90 * DAY_MS),
    expires_at: seconds(record.expiresAt),
    is_valid: !problem,
    issued_at: seconds(record.issuedAt),
    scopes:
      record.flavour === 'instagram'
        ? ['instagram_business_basic']
        : ['instagram_basic', 'pages_show_list'],
    user_id: record.userId,
    ...(problem
      ? { error: { code: problem.code, message: problem.message, subcode: problem.subcode } }
      : {}),
  };
}
