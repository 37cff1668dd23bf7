// @ts-check
// Fault injection shared by both fakes. A test adds rules; the server asks `take()` on every
// request, and `applyFault()` turns the rule into a slow, failed, reset or hanging answer, so the
// action's retry, timeout and error paths run against real sockets instead of mocks.

import { sleep } from './http-util.js';

/**
 * @typedef {object} FaultRule
 * @property {string} [method] HTTP method to match (any when omitted)
 * @property {string | RegExp} path pathname after the server's base prefix (exact string, or RegExp)
 * @property {number} [times] how many requests it hits (default 1; Infinity allowed)
 * @property {number} [status] answer with this status instead of the real handler
 * @property {unknown} [body] JSON body for that answer (the server picks a realistic default)
 * @property {Record<string, string>} [headers] extra headers, e.g. `retry-after`
 * @property {number} [delayMs] wait this long first; without status/reset/hang the real handler answers
 * @property {boolean} [reset] destroy the socket with no response (a connection reset)
 * @property {boolean} [hang] never answer; the socket stays open until the server closes
 */

/**
 * @typedef {object} Faults
 * @property {(rule: FaultRule) => void} add
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
      entries.push({ rule, left });
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
 * false when the real handler must still answer (a delay-only or headers-only rule).
 * @param {FaultRule} rule
 * @param {import('node:http').ServerResponse} res
 * @param {AbortSignal} closing aborted when the server closes, so a delay never outlives it
 * @param {(status: number) => unknown} defaultBody the server's own error shape for `status`
 * @returns {Promise<boolean>}
 */
export async function applyFault(rule, res, closing, defaultBody) {
  if (rule.delayMs) await sleep(rule.delayMs, closing);
  if (res.destroyed || closing.aborted) return true;
  if (rule.reset) {
    // destroy() without an error leaves the client with "socket hang up" / ECONNRESET
    res.socket?.destroy();
    return true;
  }
  if (rule.hang) return true; // http-util's close() destroys the socket
  for (const [name, value] of Object.entries(rule.headers ?? {})) res.setHeader(name, value);
  if (rule.status === undefined) return false;
  const body = rule.body === undefined ? defaultBody(rule.status) : rule.body;
  const text = rule.status === 204 || rule.status === 304 ? '' : JSON.stringify(body);
  if (text && !res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
  res.writeHead(rule.status);
  res.end(text);
  return true;
}
