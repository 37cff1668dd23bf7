/**
 * One fetch for every outbound call: the runner's proxy settings (HTTPS_PROXY, NO_PROXY, as
 * @actions/http-client reads them) and a timeout on every request, body included.
 */
import { HttpClient } from '@actions/http-client';
import { fetch as undiciFetch } from 'undici';

export type Fetch = typeof globalThis.fetch;

/** Thrown when a request outlives its timeout; the callers treat it as transient. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
  }
}

/** A fetch for requests to `baseUrl`, through the proxy the environment names for it. */
export function createFetch(baseUrl: string, timeoutMs: number): Fetch {
  const dispatcher = new HttpClient('instagram-token-refresh').getAgentDispatcher(baseUrl);
  const send = undiciFetch as unknown as (
    input: Parameters<Fetch>[0],
    init: RequestInit & { dispatcher?: unknown },
  ) => Promise<Response>;
  return async (input, init = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await send(input, { ...init, signal, dispatcher });
    } catch (error) {
      // Not an AbortError by name: Octokit rethrows those untouched, which its retry plugin skips.
      if (timeout.aborted) throw new RequestTimeoutError(timeoutMs);
      throw error;
    }
  };
}

/** The low-level reason a request failed (ECONNRESET, …), without its URL. */
export function networkCause(error: unknown): string {
  if (error instanceof RequestTimeoutError) return error.message;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
