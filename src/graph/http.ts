/**
 * One Graph API GET: timeout, Graph error body → GraphError, bounded retries of transient
 * failures only (exponential backoff with jitter, by p-retry).
 */
import pRetry from 'p-retry';
import { NO_DEADLINE, type Deadline } from '../rules/deadline.js';
import { GraphError } from '../rules/errors.js';
import {
  isRunTimeout,
  networkCause,
  RequestTimeoutError,
  type Fetch,
  type HttpResponse,
} from '../http/fetch.js';
import { classifyGraphError } from './classify.js';
import { classifyNonJson } from './refusal.js';

export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** No new attempt starts after this long. */
  maxRetryTimeMs: number;
}

// Four tries over at most about 15 s: enough for a blip or a short throttle; a longer outage is
// left to the next scheduled run rather than a job that waits on it.
export const DEFAULT_GRAPH_RETRY: RetryPolicy = {
  retries: 3,
  minTimeoutMs: 1000,
  maxTimeoutMs: 8000,
  maxRetryTimeMs: 60_000,
};

export interface GraphRequest {
  /** "Instagram" or "Facebook", for messages. */
  service: string;
  baseUrl: string;
  /** Path without query, e.g. /refresh_access_token; it doubles as the log's route. */
  path: string;
  /** Query parameters; they carry credentials, so they are never logged. */
  params: Record<string, string>;
  /** What the call does, for messages: "the refresh", "the verification". */
  what: string;
}

export interface GraphClient {
  get<T>(request: GraphRequest): Promise<T>;
}

export interface GraphClientOptions {
  fetchFor: (baseUrl: string) => Fetch;
  retry?: RetryPolicy;
  debug?: (message: string) => void;
  info?: (message: string) => void;
  /** No retry starts whose wait would end past it. */
  deadline?: Deadline;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const retry = options.retry ?? DEFAULT_GRAPH_RETRY;
  const debug = options.debug ?? (() => {});
  const info = options.info ?? (() => {});
  const deadline = options.deadline ?? NO_DEADLINE;
  // The longest wait p-retry may choose before retry n (its randomize factor is at most 2).
  const longestWait = (attempt: number) =>
    Math.min(retry.maxTimeoutMs, retry.minTimeoutMs * 2 ** (attempt - 1) * 2);
  return {
    get<T>(request: GraphRequest): Promise<T> {
      const fetch = options.fetchFor(request.baseUrl);
      return pRetry((attempt) => getOnce<T>(fetch, request, attempt, debug), {
        retries: retry.retries,
        minTimeout: retry.minTimeoutMs,
        maxTimeout: retry.maxTimeoutMs,
        maxRetryTime: retry.maxRetryTimeMs,
        factor: 2,
        randomize: true,
        shouldRetry: ({ error, attemptNumber }) => {
          const again =
            error instanceof GraphError &&
            error.kind === 'transient' &&
            !isClientErrorPage(error) &&
            deadline.allowsWait(longestWait(attemptNumber));
          if (again)
            info(
              `${request.service}: attempt ${attemptNumber} failed (${error.message}); retrying.`,
            );
          return again;
        },
      });
    },
  };
}

async function getOnce<T>(
  fetch: Fetch,
  request: GraphRequest,
  attempt: number,
  debug: (message: string) => void,
): Promise<T> {
  const url = new URL(request.baseUrl + request.path);
  for (const [name, value] of Object.entries(request.params)) url.searchParams.set(name, value);
  const route = `GET ${new URL(request.baseUrl).host}${request.path}`;
  const started = performance.now();
  let response: HttpResponse;
  let text: string;
  try {
    response = await fetch(url, { method: 'GET', headers: { accept: 'application/json' } });
    text = await response.text();
  } catch (error) {
    debug(`${route} attempt ${attempt}: ${networkCause(error)} after ${elapsed(started)} ms`);
    throw networkError(request, error);
  }
  debug(`${route} attempt ${attempt}: ${response.status} in ${elapsed(started)} ms`);
  const body = parseJson(text);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw nonJsonError(request, response.status, text === '');
  }
  if (response.ok && !hasGraphError(body)) return body as T;
  throw graphError(request, response.status, body);
}

/** A 4xx answered with a page, not the API's JSON: asking again within the run will not help. */
function isClientErrorPage(error: GraphError): boolean {
  const status = error.httpStatus ?? 0;
  return error.reason === 'unexpected-response' && status >= 400 && status < 500 && status !== 429;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

interface GraphErrorBody {
  message?: string;
  code?: number;
  error_subcode?: number;
  fbtrace_id?: string;
  error_user_msg?: string;
}

function hasGraphError(body: unknown): body is { error: GraphErrorBody } {
  return typeof body === 'object' && body !== null && 'error' in body && !!body.error;
}

function nonJsonError(request: GraphRequest, status: number, empty: boolean): GraphError {
  const what = empty ? 'an empty body' : 'a body that is not JSON';
  return new GraphError(
    `The ${request.service} Graph API answered ${request.what} with ${what} (HTTP ${status}).`,
    { ...classifyNonJson(status), httpStatus: status },
  );
}

function networkError(request: GraphRequest, error: unknown): GraphError {
  const timedOut = error instanceof RequestTimeoutError || isRunTimeout(error);
  return new GraphError(
    `Could not reach the ${request.service} Graph API for ${request.what}: ${networkCause(error)}.`,
    {
      kind: 'transient',
      reason: timedOut ? 'timeout' : 'network',
      advice: 'Nothing to do if it passes: the next scheduled run tries again.',
    },
  );
}

function graphError(request: GraphRequest, status: number, body: unknown): GraphError {
  const detail = hasGraphError(body) ? body.error : undefined;
  const code = typeof detail?.code === 'number' ? detail.code : undefined;
  const subcode = typeof detail?.error_subcode === 'number' ? detail.error_subcode : undefined;
  const graphMessage =
    typeof detail?.message === 'string' ? detail.message : `HTTP ${status} without an error body`;
  const fbtraceId = typeof detail?.fbtrace_id === 'string' ? detail.fbtrace_id : undefined;
  const verdict = classifyGraphError(status, code, subcode, graphMessage);
  const facts = [
    code !== undefined ? `code ${code}` : undefined,
    subcode !== undefined ? `subcode ${subcode}` : undefined,
    `HTTP ${status}`,
    fbtraceId ? `fbtrace_id ${fbtraceId}` : undefined,
  ].filter(Boolean);
  return new GraphError(
    `${request.service} refused ${request.what}: ${graphMessage} (${facts.join(', ')}).`,
    {
      ...verdict,
      httpStatus: status,
      code,
      subcode,
      fbtraceId,
      graphMessage,
      errorObject: detail !== undefined,
    },
  );
}
