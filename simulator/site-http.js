// @ts-check
// The plumbing the hosting-platform fakes share (Vercel, Netlify, Cloudflare, deploy hooks): a
// listener on 127.0.0.1, a request log a test can read, fault rules from faults.js, and routing
// by method and `{param}` pattern. Each platform module brings only its state, its routes and its
// error shape, so the four fakes answer faults the same way the GitHub and Graph fakes do.

import { applyFault, createFaults } from './faults.js';
import { createRouter, listen, parseUrl, queryObject, sendJson, sleep } from './http-util.js';

/**
 * @typedef {object} SiteRequestRecord
 * @property {string} method
 * @property {string} path pathname after the server's base path
 * @property {Record<string, string>} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {unknown} body parsed JSON; the raw text when it was not JSON; undefined when empty
 * @property {string} rawBody the body as sent, for "the token is only in the body" checks
 * @property {number} at arrival, ms from the server's clock
 * @property {number} [doneAt] when the answer went out, or the socket closed without one; a test
 *   that checks "hooks only after every copy was written" compares this with a later `at`
 * @property {number} [status] the status answered (unset for a reset or hanging request)
 * @property {boolean} [fault] a fault rule took this request
 * @property {number} inFlight requests to the same method and path in flight when this one
 *   arrived, itself included
 */
/** @typedef {{ ok: true, value: unknown } | { ok: false, text: string }} ParsedBody */
/** @typedef {{ status: number, body?: unknown, headers?: Record<string, string>, rawBody?: string }} SiteAnswer */
/**
 * @typedef {object} SiteCtx
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {unknown} body parsed JSON (undefined when empty; bad JSON never reaches a handler)
 * @property {string | undefined} bearer the token of `Authorization: Bearer X`
 * @property {import('node:http').IncomingHttpHeaders} headers
 */
/** @typedef {(ctx: SiteCtx, params: Record<string, string>) => SiteAnswer} SiteHandler */
/**
 * @typedef {object} SiteServerSpec
 * @property {string} basePath e.g. `/api/v1`; '' for none
 * @property {SiteRouter} router
 * @property {(status: number) => unknown} errorBody the platform's error body for a status
 *   (used for faults without a body, unknown routes and bad JSON)
 * @property {SiteAnswer} notFound the answer for a path no route knows
 * @property {(method: string, path: string) => SiteAnswer | undefined} [wrongMethod] the answer
 *   when the path is known but not for this method (default: notFound)
 * @property {() => Record<string, string>} [headers] sent on every answer, faulted ones too
 * @property {() => number} [now]
 */

/** http-util's router, typed for the site fakes' handlers (they answer a SiteAnswer). */
export function createSiteRouter() {
  /** @type {ReturnType<typeof createRouter<SiteCtx>>} */
  const inner = createRouter();
  return {
    /** @param {string} method @param {string} pattern @param {SiteHandler} handler */
    add(method, pattern, handler) {
      inner.add(method, pattern, handler);
    },
    /**
     * @param {string} method
     * @param {string} pathname
     * @returns {{ handler: SiteHandler, params: Record<string, string> } | undefined}
     */
    match(method, pathname) {
      const found = inner.match(method, pathname);
      return found && { handler: /** @type {SiteHandler} */ (found.handler), params: found.params };
    },
  };
}
/** @typedef {ReturnType<typeof createSiteRouter>} SiteRouter */

/** The token of `Authorization: Bearer X` (case-insensitive scheme). @param {string | undefined} header */
export function bearerOf(header) {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/**
 * Starts one fake on 127.0.0.1. `url` is origin + base path: what the action's *-api-url takes.
 * @param {SiteServerSpec} spec
 */
export async function startSiteServer(spec) {
  const now = spec.now ?? Date.now;
  const faults = createFaults();
  /** @type {SiteRequestRecord[]} */
  const requests = [];
  /** @type {Map<string, number>} */
  const inFlight = new Map();

  const listening = await listen(async (req, res, closing) => {
    const url = parseUrl(req);
    const method = req.method ?? 'GET';
    const inBase =
      !spec.basePath ||
      url.pathname === spec.basePath ||
      url.pathname.startsWith(`${spec.basePath}/`);
    const path = inBase ? url.pathname.slice(spec.basePath.length) || '/' : url.pathname;
    const { parsed, rawBody } = await readBody(req);
    const endpoint = `${method} ${path}`;
    inFlight.set(endpoint, (inFlight.get(endpoint) ?? 0) + 1);
    /** @type {SiteRequestRecord} */
    const record = {
      method,
      path,
      query: queryObject(url),
      headers: req.headers,
      body: parsed.ok ? parsed.value : parsed.text,
      rawBody,
      at: now(),
      inFlight: inFlight.get(endpoint) ?? 1,
    };
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    res.on('close', () => {
      record.doneAt = now();
      inFlight.set(endpoint, (inFlight.get(endpoint) ?? 1) - 1);
    });
    for (const [name, value] of Object.entries(spec.headers?.() ?? {})) res.setHeader(name, value);
    await sleep(faults.latencyMs, closing);
    const rule = inBase ? faults.take(method, path) : undefined;
    if (rule) {
      record.fault = true;
      if (await applyFault(rule, res, closing, spec.errorBody)) return;
    }
    if (closing.aborted) return;
    const answer = inBase ? dispatch(spec, method, path, record, parsed) : spec.notFound;
    if (answer.rawBody !== undefined) {
      if (res.destroyed || res.headersSent) return;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.rawBody);
      return;
    }
    sendJson(res, answer.status, answer.body, answer.headers);
  });

  return {
    /** origin + base path */
    url: listening.origin + spec.basePath,
    origin: listening.origin,
    requests,
    faults,
    close: listening.close,
  };
}

/**
 * @param {SiteServerSpec} spec
 * @param {string} method
 * @param {string} path
 * @param {SiteRequestRecord} record
 * @param {ParsedBody} parsed
 * @returns {SiteAnswer}
 */
function dispatch(spec, method, path, record, parsed) {
  const found = spec.router.match(method, path);
  if (!found) {
    const known = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].some((m) => spec.router.match(m, path));
    return (known && spec.wrongMethod?.(method, path)) || spec.notFound;
  }
  if (!parsed.ok) return { status: 400, body: spec.errorBody(400) };
  /** @type {SiteCtx} */
  const ctx = {
    method,
    path,
    query: record.query,
    body: parsed.value,
    bearer: bearerOf(record.headers.authorization),
    headers: record.headers,
  };
  return found.handler(ctx, found.params);
}

/**
 * Reads the body once, both as text (for the log) and as JSON (for the handler), with the same
 * rules as http-util's readJson: empty is undefined, bad JSON is reported rather than thrown.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ parsed: ParsedBody, rawBody: string }>}
 */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  if (rawBody.trim() === '') return { parsed: { ok: true, value: undefined }, rawBody };
  try {
    return { parsed: { ok: true, value: JSON.parse(rawBody) }, rawBody };
  } catch {
    return { parsed: { ok: false, text: rawBody }, rawBody };
  }
}

/** @typedef {Awaited<ReturnType<typeof startSiteServer>>} SiteServer */
