/**
 * A request and its whole answer over node:http(s), as fetch would make it: redirects followed
 * (credentials never to another origin), a network failure as TypeError('fetch failed') with
 * its cause, an abort as the signal's reason. The answer is read whole (a few kilobytes).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { agentFor } from './agents.js';
import { announceRequest } from './in-flight.js';
import type { HttpInit, HttpResponse } from './fetch.js';

// fetch follows at most 20 redirects; an API that needs more is broken.
const MAX_REDIRECTS = 20;

export async function exchange(
  url: URL,
  init: HttpInit & { signal: AbortSignal },
): Promise<HttpResponse> {
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body;
  let headers = withUserAgent({ ...init.headers });
  for (let redirects = 0; ; redirects++) {
    const answer = await once(url, method, headers, body, init.signal);
    const location = answer.headers.get('location');
    if (!isRedirect(answer.status) || !location || init.redirect === 'manual') return answer;
    if (init.redirect === 'error' || redirects >= MAX_REDIRECTS) {
      throw new TypeError('fetch failed', { cause: new Error(`redirected by ${url.host}`) });
    }
    const next = new URL(location, url);
    // As fetch: 303, and 301 or 302 after a POST, become a GET without a body.
    const post = method === 'POST' && (answer.status === 301 || answer.status === 302);
    if ((answer.status === 303 && method !== 'HEAD') || post) {
      method = 'GET';
      body = undefined;
      headers = withoutHeaders(headers, ['content-type', 'content-length']);
    }
    if (next.origin !== url.origin) headers = withoutHeaders(headers, ['authorization']);
    url = next;
  }
}

async function once(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
): Promise<HttpResponse> {
  // On its way from now: finding its agent may load a module (a proxy's, node:https).
  const leave = announceRequest().settle;
  let agent: Awaited<ReturnType<typeof agentFor>>;
  let send: typeof httpRequest;
  try {
    agent = await agentFor(url);
    send = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  } catch (error) {
    leave();
    throw error;
  }
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      leave();
      return reject(abortReason(signal));
    }
    const payload = body === undefined ? undefined : Buffer.from(body);
    let request: ReturnType<typeof httpRequest>;
    try {
      request = send(url, {
        method,
        agent,
        headers: payload ? { ...headers, 'content-length': String(payload.length) } : headers,
      });
    } catch (error) {
      // A header Node refuses (a control character, say): nothing left.
      leave();
      return reject(new TypeError('fetch failed', { cause: error }));
    }
    request.on('finish', leave);
    const onAbort = () => request.destroy(abortReason(signal) as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    const fail = (error: unknown) => {
      leave();
      signal.removeEventListener('abort', onAbort);
      reject(
        signal.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: error }),
      );
    };
    request.on('error', fail);
    request.on('response', (message) => {
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.on('error', fail);
      // A connection cut while the body was still arriving.
      message.on('close', () => {
        if (!message.complete) fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      });
      message.on('end', () => {
        signal.removeEventListener('abort', onAbort);
        decoded(message, Buffer.concat(chunks)).then(
          (whole) => resolve(answerOf(url, message, whole)),
          fail,
        );
      });
    });
    request.end(payload);
  });
}

function answerOf(url: URL, message: IncomingMessage, body: Buffer): HttpResponse {
  const status = message.statusCode ?? 0;
  const entries: [string, string][] = Object.entries(message.headers).map(([name, value]) => [
    name,
    Array.isArray(value) ? value.join(', ') : String(value),
  ]);
  const byName = new Map(entries);
  const text = async () => body.toString('utf8');
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: message.statusMessage ?? '',
    url: url.href,
    headers: {
      get: (name) => byName.get(name.toLowerCase()) ?? null,
      [Symbol.iterator]: () => entries[Symbol.iterator](),
    },
    text,
    json: async () => JSON.parse(await text()) as unknown,
    arrayBuffer: async () =>
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
  };
}

/** The body as the server meant it; servers rarely compress unasked (node:zlib loads if so). */
async function decoded(message: IncomingMessage, body: Buffer): Promise<Buffer> {
  const encoding = String(message.headers['content-encoding'] ?? '').toLowerCase();
  if (!['gzip', 'x-gzip', 'deflate', 'br'].includes(encoding)) return body;
  const zlib = await import('node:zlib');
  if (encoding === 'deflate') return zlib.inflateSync(body);
  return encoding === 'br' ? zlib.brotliDecompressSync(body) : zlib.gunzipSync(body);
}

/** Some APIs refuse a request without one; fetch sent its own, Octokit sends ours. */
function withUserAgent(headers: Record<string, string>): Record<string, string> {
  const named = Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent');
  return named ? headers : { ...headers, 'user-agent': 'instagram-token-refresh' };
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function withoutHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())),
  );
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
