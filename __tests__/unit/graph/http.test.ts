import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { GraphError } from '../../../src/rules/errors.js';
import { createGraphClient, type GraphRequest } from '../../../src/graph/http.js';
import type { Fetch } from '../../../src/http/fetch.js';

const FAST = { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 2, maxRetryTimeMs: 1000 };
const BASE = 'http://127.0.0.1:9';

type Answer = { status: number; body: unknown } | Error;

/** A Graph stand-in that answers from a script and records the URLs it was asked for. */
function fakeGraph(...script: Answer[]) {
  const urls: URL[] = [];
  const bases: string[] = [];
  const fetch: Fetch = async (input) => {
    urls.push(new URL(String(input)));
    const answer = script[Math.min(urls.length, script.length) - 1];
    if (answer instanceof Error) throw answer;
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status });
  };
  const client = createGraphClient({
    fetchFor: (baseUrl) => {
      bases.push(baseUrl);
      return fetch;
    },
    retry: FAST,
  });
  return { client, urls, bases };
}

function refreshRequest(): GraphRequest {
  return {
    service: 'Instagram',
    baseUrl: BASE,
    path: '/refresh_access_token',
    params: {
      grant_type: 'ig_refresh_token',
      access_token: `IGAA${randomBytes(24).toString('hex')}`,
    },
    what: 'the refresh',
  };
}

function graphErrorBody(code: number, subcode?: number) {
  return {
    error: {
      message: 'Error validating access token: Session has expired on Monday.',
      type: 'OAuthException',
      code,
      error_subcode: subcode,
      fbtrace_id: 'AbCdEf123',
    },
  };
}

async function failureOf(promise: Promise<unknown>): Promise<GraphError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

const OK = {
  status: 200,
  body: { access_token: 'IGAAnew', token_type: 'bearer', expires_in: 5183944 },
};

describe('createGraphClient', () => {
  it('returns the body of a success and sends the params in the query', async () => {
    const graph = fakeGraph(OK);
    const request = refreshRequest();
    await expect(graph.client.get(request)).resolves.toEqual(OK.body);
    expect(graph.bases).toEqual([BASE]);
    expect(graph.urls).toHaveLength(1);
    const [url] = graph.urls;
    expect(url.origin + url.pathname).toBe(`${BASE}/refresh_access_token`);
    expect(url.searchParams.get('grant_type')).toBe('ig_refresh_token');
    expect(url.searchParams.get('access_token')).toBe(request.params.access_token);
  });

  it('retries a transient Graph code, then succeeds', async () => {
    const graph = fakeGraph({ status: 400, body: graphErrorBody(4) }, OK);
    await expect(graph.client.get(refreshRequest())).resolves.toEqual(OK.body);
    expect(graph.urls).toHaveLength(2);
  });

  it('retries HTTP 503 without a JSON body, then succeeds', async () => {
    const graph = fakeGraph({ status: 503, body: 'Service Unavailable' }, OK);
    await expect(graph.client.get(refreshRequest())).resolves.toEqual(OK.body);
    expect(graph.urls).toHaveLength(2);
  });

  it('retries a network failure, then succeeds', async () => {
    const reset = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    const graph = fakeGraph(reset, OK);
    await expect(graph.client.get(refreshRequest())).resolves.toEqual(OK.body);
    expect(graph.urls).toHaveLength(2);
  });

  it('gives up after the configured retries with a transient error', async () => {
    const graph = fakeGraph({ status: 400, body: graphErrorBody(17) });
    const error = await failureOf(graph.client.get(refreshRequest()));
    expect(graph.urls).toHaveLength(FAST.retries + 1);
    expect(error).toMatchObject({ kind: 'transient', reason: 'throttled', code: 17 });
  });

  it('does not retry an expired token (190/463) and keeps Meta’s details', async () => {
    const graph = fakeGraph({ status: 400, body: graphErrorBody(190, 463) });
    const request = refreshRequest();
    const error = await failureOf(graph.client.get(request));
    expect(graph.urls).toHaveLength(1);
    expect(error).toMatchObject({
      kind: 'permanent',
      reason: 'expired',
      httpStatus: 400,
      code: 190,
      subcode: 463,
      fbtraceId: 'AbCdEf123',
    });
    expect(error.message).toMatch(/code 190, subcode 463/);
    expect(error.message).not.toContain(request.params.access_token);
    expect(error.message).not.toContain('access_token=');
  });

  it('treats a 200 whose body holds an error as a failure', async () => {
    const graph = fakeGraph({ status: 200, body: graphErrorBody(190) });
    const error = await failureOf(graph.client.get(refreshRequest()));
    expect(graph.urls).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'permanent', code: 190, httpStatus: 200 });
  });
});
