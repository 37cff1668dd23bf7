// @ts-check
/* global AbortController */
// Small HTTP helpers shared by the two fakes: body parsing, JSON answers, a router with
// `{param}` segments, and a listener bound to 127.0.0.1 whose close() never waits on a client.

import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

/**
 * Waits `ms`, or less when `signal` aborts; never rejects, so callers just check `signal.aborted`.
 * @param {number} ms
 * @param {AbortSignal} [signal]
 */
export async function sleep(ms, signal) {
  if (!(ms > 0)) return;
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // aborted: the server is closing
  }
}

/**
 * Reads the body as JSON. An empty body is `undefined`; bad JSON is reported, not thrown, so the
 * server can answer the way the real API does.
 * @param {Req} req
 * @returns {Promise<{ ok: true, value: unknown } | { ok: false, text: string }>}
 */
export async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, text };
  }
}

/**
 * Sends a JSON answer; 204 and 304 carry no body. A no-op once the client has gone.
 * @param {Res} res
 * @param {number} status
 * @param {unknown} [body]
 * @param {Record<string, string>} [headers]
 * @param {string} [contentType]
 */
export function sendJson(res, status, body, headers = {}, contentType = 'application/json') {
  if (res.destroyed || res.headersSent) return;
  const empty = status === 204 || status === 304 || body === undefined;
  const text = empty ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(empty ? {} : { 'content-type': contentType }), ...headers });
  res.end(text);
}

/** @param {Req} req */
export function parseUrl(req) {
  return new URL(req.url ?? '/', 'http://127.0.0.1');
}

/**
 * Query as a plain object (last value wins, as most servers do).
 * @param {URL} url
 * @returns {Record<string, string>}
 */
export function queryObject(url) {
  return Object.fromEntries(url.searchParams.entries());
}

/**
 * @template Ctx
 * @typedef {(ctx: Ctx, params: Record<string, string>) => unknown} RouteHandler
 */

/**
 * A router by method and pattern (`/repos/{owner}/{repo}`). Params are URL-decoded per segment,
 * so an environment name sent as `a%2Fb` arrives as `a/b`. First registered match wins.
 * @template Ctx
 */
export function createRouter() {
  /** @type {{ method: string, parts: string[], handler: RouteHandler<Ctx> }[]} */
  const routes = [];
  return {
    /**
     * @param {string} method
     * @param {string} pattern
     * @param {RouteHandler<Ctx>} handler
     */
    add(method, pattern, handler) {
      routes.push({ method: method.toUpperCase(), parts: pattern.split('/'), handler });
    },
    /**
     * @param {string} method
     * @param {string} pathname raw (still percent-encoded) pathname
     * @returns {{ handler: RouteHandler<Ctx>, params: Record<string, string> } | undefined}
     */
    match(method, pathname) {
      const segments = pathname.split('/');
      for (const route of routes) {
        if (route.method !== method.toUpperCase()) continue;
        const params = matchParts(route.parts, segments);
        if (params) return { handler: route.handler, params };
      }
      return undefined;
    },
  };
}

/**
 * @param {string[]} parts
 * @param {string[]} segments
 * @returns {Record<string, string> | undefined}
 */
function matchParts(parts, segments) {
  if (parts.length !== segments.length) return undefined;
  /** @type {Record<string, string>} */
  const params = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.startsWith('{') && part.endsWith('}')) {
      if (segments[i] === '') return undefined;
      try {
        params[part.slice(1, -1)] = decodeURIComponent(segments[i]);
      } catch {
        return undefined; // malformed %-escape: no route, like a 404
      }
    } else if (part !== segments[i]) {
      return undefined;
    }
  }
  return params;
}

/**
 * @typedef {object} Listening
 * @property {string} origin e.g. http://127.0.0.1:PORT
 * @property {AbortSignal} closing aborted when close() starts
 * @property {() => Promise<void>} close stops listening and destroys every open socket
 */

/**
 * Listens on 127.0.0.1, port 0. A handler error becomes a 500 so a fake's bug shows in the test.
 * @param {(req: Req, res: Res, closing: AbortSignal) => Promise<void>} handler
 * @returns {Promise<Listening>}
 */
export async function listen(handler) {
  const life = new AbortController();
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    handler(req, res, life.signal).catch((error) => {
      sendJson(res, 500, { message: `simulator bug: ${error?.stack ?? error}` });
    });
  });
  // Track sockets ourselves: a hanging request or a keep-alive client would hold close() open.
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  /** @type {Promise<void> | undefined} */
  let closed;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    closing: life.signal,
    close() {
      closed ??= new Promise((resolve) => {
        life.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
