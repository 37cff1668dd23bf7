// @ts-check
// Fault injection shared by both fakes. A test adds rules; the server asks `take()` on every
// request, and `applyFault()` turns the rule into a slow, failed, reset, hanging, held or
// non-JSON answer, so the action's retry, timeout and error paths run against real sockets
// instead of mocks.

import { createBarrier } from './barrier.js';
import { sleep } from './http-util.js';

/** @typedef {import('./barrier.js').Barrier} Barrier */
/**
 * @typedef {object} FaultRule
 * @property {string} [method] HTTP method to match (any when omitted)
 * @property {string | RegExp} path pathname after the server's base prefix (exact string, or RegExp)
 * @property {number} [times] how many requests it hits (default 1; Infinity allowed)
 * @property {number} [status] answer with this status instead of the real handler
 * @property {unknown} [body] JSON body for that answer (the server picks a realistic default)
 * @property {string} [rawBody] send these bytes as they are instead of JSON (status default 200):
 *   an empty body, or the HTML page a proxy, a captive portal or a CDN error puts in its place
 * @property {string} [contentType] content-type of the answer; for a rawBody it defaults to
 *   text/html when the body is not empty, and to none when it is
 * @property {Record<string, string>} [headers] extra headers, e.g. `retry-after`
 * @property {number} [delayMs] wait this long first; without status/reset/hang the real handler answers
 * @property {Barrier | number} [barrier] hold each matching request until this many have arrived
 *   (a number makes a new barrier; `add` returns the rule with it); then the rule goes on
 * @property {boolean} [reset] destroy the socket with no response (a connection reset)
 * @property {boolean} [hang] never answer; the socket stays open until the server closes
 */

/**
 * @typedef {object} Faults
 * @property {(rule: FaultRule) => FaultRule & { barrier?: Barrier }} add returns the stored rule
 * @property {() => void} clear removes every rule and sets latencyMs back to 0
 * @property {number} latencyMs added before EVERY response of the server (faulted ones too)
 * @property {(method: string, pathname: string) => FaultRule | undefined} take
 *   first matching rule with hits left, used up by one
 * @property {() => FaultRule[]} pending rules that still have hits left (to assert a fault fired)
 */

/** @returns {Faults} */
export function createFaults() {
  /** @type {{ rule: FaultRule, left: number }[]} */
  const entries = [];
  return {
    latencyMs: 0,
    add(rule) {
      if (typeof rule?.path !== 'string' && !(rule?.path instanceof RegExp)) {
        throw new TypeError('fault rule needs a path (string or RegExp)');
      }
      const left = rule.times ?? 1;
      if (!(left > 0)) throw new TypeError(`fault rule times must be > 0, got ${rule.times}`);
      if (rule.rawBody !== undefined && typeof rule.rawBody !== 'string') {
        throw new TypeError('fault rule rawBody must be a string');
      }
      const barrier = typeof rule.barrier === 'number' ? createBarrier(rule.barrier) : rule.barrier;
      const stored = { ...rule, barrier };
      entries.push({ rule: stored, left });
      return stored;
    },
    clear() {
      entries.length = 0;
      this.latencyMs = 0;
    },
    take(method, pathname) {
      const hit = entries.find((e) => e.left > 0 && matches(e.rule, method, pathname));
      if (!hit) return undefined;
      hit.left -= 1;
      return hit.rule;
    },
    pending() {
      return entries.filter((e) => e.left > 0).map((e) => e.rule);
    },
  };
}

/**
 * @param {FaultRule} rule
 * @param {string} method
 * @param {string} pathname
 */
function matches(rule, method, pathname) {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (typeof rule.path === 'string') return rule.path === pathname;
  rule.path.lastIndex = 0; // a /g or /y RegExp keeps state between test() calls
  return rule.path.test(pathname);
}

/**
 * Plays a rule out on the response. Returns true when the fault answered (or killed) the request,
 * false when the real handler must still answer (a delay-, barrier- or headers-only rule).
 * @param {FaultRule} rule
 * @param {import('node:http').ServerResponse} res
 * @param {AbortSignal} closing aborted when the server closes, so a delay never outlives it
 * @param {(status: number) => unknown} defaultBody the server's own error shape for `status`
 * @returns {Promise<boolean>}
 */
export async function applyFault(rule, res, closing, defaultBody) {
  // add() turned a number into a Barrier; a rule built by hand may still hold a number.
  if (typeof rule.barrier === 'object') await rule.barrier.arrive(closing);
  if (rule.delayMs) await sleep(rule.delayMs, closing);
  if (res.destroyed || closing.aborted) return true;
  if (rule.reset) {
    // destroy() without an error leaves the client with "socket hang up" / ECONNRESET
    res.socket?.destroy();
    return true;
  }
  if (rule.hang) return true; // http-util's close() destroys the socket
  for (const [name, value] of Object.entries(rule.headers ?? {})) res.setHeader(name, value);
  if (rule.rawBody !== undefined) {
    const type = rule.contentType ?? (rule.rawBody ? 'text/html; charset=utf-8' : undefined);
    if (type) res.setHeader('content-type', type);
    res.writeHead(rule.status ?? 200);
    res.end(rule.rawBody);
    return true;
  }
  if (rule.status === undefined) return false;
  const body = rule.body === undefined ? defaultBody(rule.status) : rule.body;
  const text = rule.status === 204 || rule.status === 304 ? '' : JSON.stringify(body);
  if (rule.contentType) res.setHeader('content-type', rule.contentType);
  if (text && !res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
  res.writeHead(rule.status);
  res.end(text);
  return true;
}
