/**
 * One fetch for every outbound call (Octokit's, Graph's, the site platforms'): the runner's
 * proxy, a timeout on every request, body included, and the run's deadline.
 *
 * Made over node:http(s) (exchange.ts), not the global fetch: undici compiles its HTTP parser
 * to WebAssembly on its first connection, which costs a run more CPU and memory than all the
 * rest of it (docs/performance.md).
 */
import { exchange } from './exchange.js';
import { NO_DEADLINE, type Deadline } from '../rules/deadline.js';
import { errorMessage } from '../rules/errors.js';

/** What the callers (Octokit included) read of an answer: fetch's Response, in part. */
export interface HttpResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly headers: ResponseHeaders;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Ours are iterable as [name, value] pairs too, which Octokit needs; a test's need not be. */
export interface ResponseHeaders {
  get(name: string): string | null;
  [Symbol.iterator]?(): Iterator<[string, string]>;
}

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | null;
  /** As fetch: redirects are followed unless 'manual'. */
  redirect?: 'follow' | 'manual' | 'error';
}

export type Fetch = (input: string | URL, init?: HttpInit) => Promise<HttpResponse>;

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

/** A fetch whose every request goes through the proxy the environment names for its URL. */
export function createFetch(timeoutMs: number, deadline: Deadline = NO_DEADLINE): Fetch {
  return async (input, init = {}) => {
    const allowedMs = deadline.requestTimeoutMs(timeoutMs);
    if (allowedMs <= 0) throw new RunTimeoutError(deadline.totalSeconds, false);
    const timeout = AbortSignal.timeout(allowedMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await exchange(new URL(input), { ...init, signal });
    } catch (error) {
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
  return errorMessage(error);
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
