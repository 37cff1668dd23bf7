// @ts-check
// Fake Meta Graph API: graph.instagram.com (Instagram Login) and graph.facebook.com (Facebook
// Login) on one local server. It enforces the documented rules (docs/platform-facts.md) so the
// action's refresh, verify and error paths meet the same refusals as in production.

import { randomBytes } from 'node:crypto';
import { applyFault, createFaults } from './faults.js';
import {
  CANNOT_PARSE,
  DAY_MS,
  FACEBOOK_EXPIRES_IN_S,
  INSTAGRAM_EXPIRES_IN_S,
  TOO_YOUNG_TO_REFRESH,
  graphError,
  mintTokenString,
  newTokenRecord,
  tokenProblem,
} from './graph-tokens.js';
import { debugData, defaultFaultBody, describeUser, unsupportedRequest } from './graph-answers.js';
import { createRouter, listen, parseUrl, queryObject, sendJson, sleep } from './http-util.js';

/** @typedef {import('./graph-tokens.js').TokenRecord} TokenRecord */
/** @typedef {import('./graph-tokens.js').GraphErrorSpec} GraphErrorSpec */
/**
 * @typedef {object} RequestRecord
 * @property {string} method
 * @property {string} path pathname only
 * @property {Record<string, string>} query the full query, access_token included
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {number} at ms, from the server's clock
 * @property {number} [status] the status answered (unset for a reset or hanging request)
 * @property {boolean} [fault] a fault rule took this request
 * @property {number} inFlight requests to the same method and path in flight when this one
 *   arrived, itself included (the peak over a path's records is how many ran at once)
 */
/** @typedef {import('./graph-tokens.js').AddTokenSpec} AddTokenSpec */
/**
 * @typedef {object} GraphServer
 * @property {string} url
 * @property {RequestRecord[]} requests
 * @property {import('./faults.js').Faults} faults
 * @property {(spec: AddTokenSpec) => TokenRecord} addToken
 * @property {Map<string, TokenRecord>} tokens
 * @property {(token: string, error: GraphErrorSpec | undefined) => void} setTokenError
 * @property {() => Promise<void>} close
 * @property {string} appId
 * @property {string} appSecret
 */
/** @typedef {{ query: Record<string, string>, bearer: string | undefined }} GraphCtx */
/** @typedef {{ status: number, body: unknown }} Answer */

/**
 * @param {{ appId?: string, appSecret?: string, now?: () => number,
 *           tooYoungError?: GraphErrorSpec }} [options]
 * @returns {Promise<GraphServer>}
 */
export async function startGraphServer(options = {}) {
  const appId = options.appId ?? '1234567890';
  const appSecret = options.appSecret ?? randomBytes(16).toString('hex');
  const now = options.now ?? Date.now;
  /** @type {Map<string, TokenRecord>} */
  const tokens = new Map();
  /** @type {RequestRecord[]} */
  const requests = [];
  const faults = createFaults();
  /** In-flight count by `METHOD path`, for RequestRecord.inFlight. @type {Map<string, number>} */
  const inFlight = new Map();
  const ok = (/** @type {unknown} */ body) => ({ status: 200, body });
  const fail = (/** @type {GraphErrorSpec} */ spec) => graphError(spec);

  /** @param {TokenRecord} from @param {number} expiresInS */
  function mintFrom(from, expiresInS) {
    const at = now();
    /** @type {TokenRecord} */
    const fresh = {
      ...from,
      token: mintTokenString(from.flavour),
      issuedAt: at,
      expiresAt: at + expiresInS * 1000,
      refreshedFrom: from.token,
    };
    delete fresh.sameStringOnRefresh; // a property of the seeded string only
    tokens.set(fresh.token, fresh);
    return fresh;
  }

  /** @type {ReturnType<typeof createRouter<GraphCtx>>} */
  const router = createRouter();

  router.add('GET', '/refresh_access_token', ({ query, bearer }) => {
    if (query.grant_type !== 'ig_refresh_token') {
      return fail({ code: 100, message: 'Unsupported grant_type, expected ig_refresh_token' });
    }
    const token = query.access_token ?? bearer;
    if (!token) return fail({ code: 104, message: 'An access token is required.' });
    const record = tokens.get(token);
    if (record?.flavour !== 'instagram') return fail(CANNOT_PARSE);
    const problem = tokenProblem(record, now());
    if (problem) return fail(problem);
    if (now() - record.issuedAt < DAY_MS) {
      return fail(options.tooYoungError ?? TOO_YOUNG_TO_REFRESH);
    }
    // Whether the old token dies is undocumented (docs/platform-facts.md,
    // "Instagram Login: refresh"): keep it alive here.
    let fresh = record;
    if (record.sameStringOnRefresh) record.expiresAt = now() + INSTAGRAM_EXPIRES_IN_S * 1000;
    else fresh = mintFrom(record, INSTAGRAM_EXPIRES_IN_S);
    return ok({
      access_token: fresh.token,
      token_type: 'bearer',
      expires_in: INSTAGRAM_EXPIRES_IN_S,
    });
  });

  router.add('GET', '/me', ({ query, bearer }) => {
    const token = query.access_token ?? bearer;
    if (!token) {
      return fail({
        code: 2500,
        message: 'An active access token must be used to query information about the current user.',
      });
    }
    const record = tokens.get(token);
    const problem = tokenProblem(record, now());
    if (problem || !record) return fail(problem ?? CANNOT_PARSE);
    return describeUser(record, query.fields);
  });

  router.add('GET', '/oauth/access_token', ({ query }) => {
    if (query.grant_type !== 'fb_exchange_token') {
      return fail({ code: 100, message: 'Unsupported grant_type, expected fb_exchange_token' });
    }
    if (!query.client_id) return fail({ code: 101, message: 'Missing client_id parameter.' });
    if (query.client_id !== appId) {
      return fail({ code: 101, message: 'Error validating application. Invalid application ID.' });
    }
    if (!query.client_secret) return fail({ code: 1, message: 'Missing client_secret parameter.' });
    if (query.client_secret !== appSecret) {
      return fail({ code: 1, message: 'Error validating client secret.' });
    }
    if (!query.fb_exchange_token) {
      return fail({ code: 100, message: 'Missing fb_exchange_token parameter.' });
    }
    const record = tokens.get(query.fb_exchange_token);
    if (record?.flavour !== 'facebook') return fail(CANNOT_PARSE);
    // An expired token cannot be exchanged (docs/platform-facts.md, "Facebook Login tokens").
    const problem = tokenProblem(record, now());
    if (problem) return fail(problem);
    const fresh = mintFrom(record, FACEBOOK_EXPIRES_IN_S);
    return ok({
      access_token: fresh.token,
      token_type: 'bearer',
      expires_in: FACEBOOK_EXPIRES_IN_S,
    });
  });

  router.add('GET', '/debug_token', ({ query, bearer }) => {
    const appToken = query.access_token ?? bearer;
    if (!appToken) return fail({ code: 104, message: 'An access token is required.' });
    if (appToken !== `${appId}|${appSecret}`) {
      return fail({ code: 190, message: 'Invalid OAuth access token signature.' });
    }
    if (!query.input_token) {
      return fail({ code: 100, message: '(#100) The parameter input_token is required' });
    }
    const record = tokens.get(query.input_token);
    if (!record) {
      return ok({
        data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' } },
      });
    }
    return ok({ data: debugData(record, tokenProblem(record, now()), appId, now()) });
  });

  const listening = await listen(async (req, res, closing) => {
    const url = parseUrl(req);
    const method = req.method ?? 'GET';
    const endpoint = `${method} ${url.pathname}`;
    inFlight.set(endpoint, (inFlight.get(endpoint) ?? 0) + 1);
    /** @type {RequestRecord} */
    const record = {
      method,
      path: url.pathname,
      query: queryObject(url),
      headers: req.headers,
      at: now(),
      inFlight: inFlight.get(endpoint) ?? 1,
    };
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    // 'close' follows 'finish', and also ends a reset or hanging request.
    res.on('close', () => inFlight.set(endpoint, (inFlight.get(endpoint) ?? 1) - 1));
    req.resume(); // Graph reads no bodies here; drain so the socket stays usable
    await sleep(faults.latencyMs, closing);
    const rule = faults.take(method, url.pathname);
    if (rule) {
      record.fault = true;
      if (await applyFault(rule, res, closing, defaultFaultBody)) return;
    }
    if (closing.aborted) return;
    const answer = route(router, method, url.pathname, {
      query: record.query,
      bearer: bearerToken(req.headers.authorization),
    });
    sendJson(res, answer.status, answer.body, {}, 'application/json; charset=UTF-8');
  });

  return {
    url: listening.origin,
    requests,
    faults,
    tokens,
    appId,
    appSecret,
    close: listening.close,
    addToken(spec) {
      const record = newTokenRecord(spec, now());
      if (tokens.has(record.token)) throw new Error('graph fake: that token string already exists');
      tokens.set(record.token, record);
      return record;
    },
    setTokenError(token, error) {
      const record = tokens.get(token);
      if (!record) throw new Error('graph fake: setTokenError on an unknown token');
      record.error = error;
    },
  };
}

/**
 * @param {ReturnType<typeof createRouter<GraphCtx>>} router
 * @param {string} method
 * @param {string} pathname
 * @param {GraphCtx} ctx
 * @returns {Answer}
 */
function route(router, method, pathname, ctx) {
  // Token endpoints are documented unversioned only (docs/platform-facts.md,
  // "Instagram Login: refresh"), so a versioned refresh_access_token is refused here on purpose:
  // the action must use the documented form.
  const versioned = /^\/v\d+\.\d+(?=\/)/.exec(pathname);
  const bare = versioned ? pathname.slice(versioned[0].length) : pathname;
  const found =
    versioned && bare === '/refresh_access_token' ? undefined : router.match(method, bare);
  if (found) return /** @type {Answer} */ (found.handler(ctx, found.params));
  return unsupportedRequest(method, bare);
}

/** `Authorization: Bearer X` or `OAuth X`, both accepted by Graph. @param {string | undefined} header */
function bearerToken(header) {
  const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
