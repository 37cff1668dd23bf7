/**
 * One fetch for every outbound call: the runner's proxy settings (HTTPS_PROXY, NO_PROXY, as
 * @actions/http-client reads them) and a timeout on every request, body included.
 */
import { HttpClient } from '@actions/http-client';
import { fetch as undiciFetch } from 'undici';
import { NO_DEADLINE, type Deadline } from '../rules/deadline.js';

export type Fetch = typeof globalThis.fetch;

/** Thrown when a request outlives its timeout; the callers treat it as transient. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
  }
}

/** Thrown when the run's deadline (run-timeout) leaves no time for a request or its answer. */
export class RunTimeoutError extends Error {
  override readonly name = 'RunTimeoutError';
  constructor(
    readonly totalSeconds: number,
    /** The request had left when time ran out: the server may have acted on it. */
    readonly sent: boolean,
  ) {
    super(`the run-timeout of ${totalSeconds} s was reached`);
  }
}

/** A fetch for requests to `baseUrl`, through the proxy the environment names for it. */
export function createFetch(
  baseUrl: string,
  timeoutMs: number,
  deadline: Deadline = NO_DEADLINE,
): Fetch {
  const dispatcher = new HttpClient('instagram-token-refresh').getAgentDispatcher(baseUrl);
  const send = undiciFetch as unknown as (
    input: Parameters<Fetch>[0],
    init: RequestInit & { dispatcher?: unknown },
  ) => Promise<Response>;
  return async (input, init = {}) => {
    const allowedMs = deadline.requestTimeoutMs(timeoutMs);
    if (allowedMs <= 0) throw new RunTimeoutError(deadline.totalSeconds, false);
    const timeout = AbortSignal.timeout(allowedMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await send(input, { ...init, signal, dispatcher });
    } catch (error) {
      // Not an AbortError by name: Octokit rethrows those untouched, which its retry plugin skips.
      if (timeout.aborted && allowedMs < timeoutMs) {
        throw new RunTimeoutError(deadline.totalSeconds, true);
      }
      if (timeout.aborted) throw new RequestTimeoutError(timeoutMs);
      throw error;
    }
  };
}

/** The low-level reason a request failed (ECONNRESET, …), without its URL. */
export function networkCause(error: unknown): string {
  if (error instanceof RequestTimeoutError || error instanceof RunTimeoutError) {
    return error.message;
  }
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Whether a request left and then got no answer in time: the server may have acted on it. */
export function unansweredAfterSending(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    if (cause instanceof RequestTimeoutError) return true;
    if (cause instanceof RunTimeoutError) return cause.sent;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** Whether the run's deadline ended the call. */
export function isRunTimeout(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    if (cause instanceof RunTimeoutError) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
