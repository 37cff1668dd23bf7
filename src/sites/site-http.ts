/**
 * One JSON request to a hosting platform: the runner's proxy, a timeout, the run's deadline,
 * and retries of what is temporary (connection errors, 5xx, 429 after its Retry-After).
 * Platform credentials travel in the Authorization header, the Instagram token only in bodies.
 */
import type { Deadline } from '../rules/deadline.js';
import { createFetch, networkCause, type Fetch, type HttpResponse } from '../http/fetch.js';

export type Platform = 'Vercel' | 'Netlify' | 'Cloudflare' | 'Deploy hook';

/** A platform's refusal, in its own words, with what to do about it. */
export class SiteCallError extends Error {
  override readonly name = 'SiteCallError';
  constructor(
    message: string,
    readonly kind: 'transient' | 'permanent',
    readonly advice: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface SiteRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  token?: string;
  body?: unknown;
  /** For messages: "update VERCEL project env IG_TOKEN". */
  what: string;
  /** What a refusal means on this platform: the advice for its status and error code. */
  advise(status: number, code: string | undefined): string;
  /** A hook answers with whatever it likes: any 2xx will do. */
  anyBody?: boolean;
}

export interface SiteHttp {
  send<T>(request: SiteRequest): Promise<{ status: number; body: T }>;
}

const RETRIES = 3;

export function createSiteHttp(options: {
  timeoutMs: number;
  deadline: Deadline;
  debug?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}): SiteHttp {
  const fetch = createFetch(options.timeoutMs, options.deadline);
  const sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  return {
    async send<T>(request: SiteRequest) {
      for (let attempt = 1; ; attempt++) {
        const outcome = await once(fetch, request);
        options.debug?.(`${request.what}: attempt ${attempt}, ${outcome.note}`);
        if (outcome.ok) return { status: outcome.status, body: outcome.body as T };
        const wait = outcome.retryAfterMs ?? 1000 * 2 ** (attempt - 1);
        const again =
          outcome.error.kind === 'transient' &&
          attempt <= RETRIES &&
          options.deadline.allowsWait(wait);
        if (!again) throw outcome.error;
        await sleep(wait);
      }
    },
  };
}

type Once =
  | { ok: true; status: number; body: unknown; note: string }
  | { ok: false; error: SiteCallError; retryAfterMs?: number; note: string };

async function once(fetch: Fetch, request: SiteRequest): Promise<Once> {
  let response: HttpResponse;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
    });
    text = await response.text();
  } catch (error) {
    const cause = networkCause(error);
    const message = `Could not reach ${hostOf(request.url)} to ${request.what}: ${cause}.`;
    const advice = 'Nothing to do if it passes: the next run delivers the token again.';
    return { ok: false, error: new SiteCallError(message, 'transient', advice), note: cause };
  }
  const body = parse(text);
  const note = `HTTP ${response.status}`;
  if (response.ok) {
    if (request.anyBody || (typeof body === 'object' && body !== null)) {
      return { ok: true, status: response.status, body, note };
    }
    const message = `${hostOf(request.url)} answered ${request.what} without JSON (HTTP ${response.status}).`;
    const advice = 'Something in between answered instead of the API; the next run tries again.';
    return {
      ok: false,
      error: new SiteCallError(message, 'transient', advice, response.status),
      note,
    };
  }
  const { code, said } = errorOf(body);
  const transient = response.status >= 500 || response.status === 429;
  const message =
    `${hostOf(request.url)} refused to ${request.what} (HTTP ${response.status}` +
    `${code ? `, ${code}` : ''}${said ? `: ${said}` : ''}).`;
  const advice = transient
    ? 'The platform is busy or down; the action retried within run-timeout, and the next run ' +
      'delivers the token again.'
    : request.advise(response.status, code);
  return {
    ok: false,
    error: new SiteCallError(
      message,
      transient ? 'transient' : 'permanent',
      advice,
      response.status,
      code,
    ),
    retryAfterMs: retryAfter(response.headers.get('retry-after')),
    note,
  };
}

/** The error's code and message in the three platforms' envelopes. */
function errorOf(body: unknown): { code?: string; said?: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  const vercel = b.error as { code?: unknown; message?: unknown } | undefined;
  if (vercel && typeof vercel === 'object') {
    return { code: str(vercel.code), said: str(vercel.message) };
  }
  const cloudflare = Array.isArray(b.errors) ? (b.errors[0] as Record<string, unknown>) : undefined;
  if (cloudflare) return { code: str(cloudflare.code), said: str(cloudflare.message) };
  return { code: str(b.code), said: str(b.message) };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Retry-After in seconds or as an HTTP date (RFC 9110), in ms; undefined when absent. */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The host, never the path or query: a hook URL is a secret. */
function hostOf(url: string): string {
  return new URL(url).host;
}
