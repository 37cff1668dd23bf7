/**
 * The fetch every outbound call goes through (src/http/fetch.ts over exchange.ts), against real
 * node:http servers on 127.0.0.1: what its callers (Octokit, Graph, the site platforms) rely on
 * of fetch's semantics, its timeouts, the run's deadline and the runner's proxy.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startForwardProxy, type ForwardProxy } from '../../../simulator/forward-proxy.js';
import { createRunDeadlines } from '../../../src/rules/deadline.js';
import { exchange } from '../../../src/http/exchange.js';
import { announceRequest, requestsLeft } from '../../../src/http/in-flight.js';
import { agentFor } from '../../../src/http/agents.js';
import {
  createFetch,
  isRunTimeout,
  networkCause,
  RequestTimeoutError,
  RunTimeoutError,
  unansweredAfterSending,
  type HttpResponse,
} from '../../../src/http/fetch.js';

/** What a test server saw of one request, its body read whole. */
interface Seen {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (seen: Seen, response: ServerResponse) => void;

interface TestServer {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  port: number;
  seen: Seen[];
  connections: number;
  /** Resolves once the server has seen `count` requests in all. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

async function startServer(handle: Handler): Promise<TestServer> {
  const seen: Seen[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const one = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(one);
      for (const waiter of waiting.filter((w) => w.count <= seen.length)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
      handle(one, response);
    });
  });
  const state = { connections: 0 };
  server.on('connection', () => (state.connections += 1));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    get connections() {
      return state.connections;
    },
    received: (count) =>
      count <= seen.length
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push({ count, resolve })),
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

/** How a promise settled: its rejection, or a failure of the test if it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

/** One turn of the event loop, past anything already queued with setImmediate. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const fetch = createFetch(5000);

describe('an answer, as fetch gives it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((seen, response) => {
      if (seen.path === '/binary') {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end(Buffer.from([0, 1, 2, 250, 255]));
        return;
      }
      response.writeHead(201, 'Made It', {
        'content-type': 'application/json; charset=utf-8',
        'X-RateLimit-Remaining': '4999',
        'x-multi': ['one', 'two'],
      });
      response.end(JSON.stringify({ hello: 'wörld', path: seen.path }));
    });
  });
  afterAll(() => server.close());

  it('has status, ok, statusText, url and headers by any case', async () => {
    const response = await fetch(`${server.url}/user?per_page=1`);
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe('Made It');
    expect(response.url).toBe(`${server.url}/user?per_page=1`);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(response.headers.get('X-RATELIMIT-REMAINING')).toBe('4999');
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-multi')).toBe('one, two');
    expect(response.headers.get('x-absent')).toBeNull();
    // Read whole: the body is there to read again.
    expect(await response.json()).toEqual({ hello: 'wörld', path: '/user?per_page=1' });
    expect(await response.text()).toBe('{"hello":"wörld","path":"/user?per_page=1"}');
  });

  it('iterates its headers as [name, value] pairs, as Octokit reads them', async () => {
    const response = await fetch(`${server.url}/`);
    const iterate = response.headers[Symbol.iterator];
    expect(typeof iterate).toBe('function');
    const pairs: [string, string][] = [];
    for (const [name, value] of response.headers as Iterable<[string, string]>) {
      pairs.push([name, value]);
    }
    expect(pairs).toEqual(
      expect.arrayContaining([
        ['x-ratelimit-remaining', '4999'],
        ['content-type', 'application/json; charset=utf-8'],
        ['x-multi', 'one, two'],
      ]),
    );
    for (const [name] of pairs) expect(name).toBe(name.toLowerCase());
    expect(Object.fromEntries(pairs)).toMatchObject({ 'x-ratelimit-remaining': '4999' });
  });

  it('gives the exact bytes as an ArrayBuffer', async () => {
    const response = await fetch(`${server.url}/binary`);
    const buffer = await response.arrayBuffer();
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect(buffer.byteLength).toBe(5);
    expect([...new Uint8Array(buffer)]).toEqual([0, 1, 2, 250, 255]);
  });

  it('is not ok outside 2xx', async () => {
    const notFound = await startServer((_seen, response) => response.writeHead(404).end('no'));
    try {
      const response = await fetch(`${notFound.url}/missing`);
      expect(response.status).toBe(404);
      expect(response.ok).toBe(false);
      expect(response.statusText).toBe('Not Found');
      expect(await response.text()).toBe('no');
    } finally {
      await notFound.close();
    }
  });
});

describe('a request, as sent', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((seen, response) => response.end(`got ${seen.body.length}`));
  });
  afterAll(() => server.close());

  it.each(['PUT', 'POST', 'PATCH'])(
    '%s carries its body whole, with its length',
    async (method) => {
      const body = JSON.stringify({ encrypted_value: 'é'.repeat(3000), key_id: '42' });
      const before = server.seen.length;
      const response = await fetch(`${server.url}/repos/o/r/actions/secrets/S`, {
        method,
        headers: { 'content-type': 'application/json', 'x-github-api-version': '2022-11-28' },
        body,
      });
      expect(await response.text()).toBe(`got ${body.length}`);
      const seen = server.seen[before];
      expect(seen.method).toBe(method);
      expect(seen.path).toBe('/repos/o/r/actions/secrets/S');
      expect(seen.body).toBe(body);
      // Multi-byte characters: the length is in bytes, not characters.
      expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(body)));
      expect(Buffer.byteLength(body)).not.toBe(body.length);
      expect(seen.headers['content-type']).toBe('application/json');
      expect(seen.headers['x-github-api-version']).toBe('2022-11-28');
    },
  );

  it("names the action as its user agent, unless the caller named one (Octokit's)", async () => {
    const before = server.seen.length;
    await fetch(`${server.url}/plain`);
    await fetch(`${server.url}/named`, { headers: { 'User-Agent': 'octokit-core.js/7' } });
    expect(server.seen[before].headers['user-agent']).toBe('instagram-token-refresh');
    expect(server.seen[before + 1].headers['user-agent']).toBe('octokit-core.js/7');
  });

  it('sends a lower-case method as upper case, and its headers as given', async () => {
    const before = server.seen.length;
    await fetch(`${server.url}/me?fields=id`, {
      method: 'get',
      headers: { Authorization: 'Bearer not-a-real-token', Accept: 'application/json' },
    });
    const seen = server.seen[before];
    expect(seen.method).toBe('GET');
    expect(seen.path).toBe('/me?fields=id');
    expect(seen.headers.authorization).toBe('Bearer not-a-real-token');
    expect(seen.headers.accept).toBe('application/json');
    expect(seen.body).toBe('');
  });
});

describe('redirects', () => {
  let home: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    other = await startServer((seen, response) => response.end(`other ${seen.method}`));
    home = await startServer((seen, response) => {
      const redirect = /^\/redirect\/(\d+)(\/elsewhere)?$/.exec(seen.path);
      if (redirect) {
        const location = redirect[2] ? `${other.url}/landed` : '/landed';
        response.writeHead(Number(redirect[1]), { location }).end();
        return;
      }
      if (seen.path.startsWith('/loop/')) {
        const hop = Number(seen.path.slice('/loop/'.length));
        response.writeHead(302, { location: `/loop/${hop + 1}` }).end();
        return;
      }
      response.end(`landed ${seen.method} ${seen.body}`);
    });
  });
  afterAll(async () => {
    await home.close();
    await other.close();
  });

  it.each([301, 302, 307, 308])(
    '%i is followed on the same origin; the final url shows',
    async (status) => {
      const before = home.seen.length;
      const response = await fetch(`${home.url}/redirect/${status}`);
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${home.url}/landed`);
      expect(await response.text()).toBe('landed GET ');
      expect(home.seen.slice(before).map((seen) => seen.path)).toEqual([
        `/redirect/${status}`,
        '/landed',
      ]);
    },
  );

  it.each([307, 308])('%i keeps the method and the body', async (status) => {
    const before = home.seen.length;
    const response = await fetch(`${home.url}/redirect/${status}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'the same body',
    });
    expect(await response.text()).toBe('landed POST the same body');
    const landed = home.seen[before + 1];
    expect(landed.path).toBe('/landed');
    expect(landed.method).toBe('POST');
    expect(landed.body).toBe('the same body');
    expect(landed.headers['content-length']).toBe(String('the same body'.length));
    expect(landed.headers['content-type']).toBe('text/plain');
  });

  it.each([
    [303, 'PUT'],
    [303, 'POST'],
    [302, 'POST'],
    [301, 'POST'],
  ])('%i after a %s becomes a GET without a body', async (status, method) => {
    const before = home.seen.length;
    const response = await fetch(`${home.url}/redirect/${status}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-kept': 'yes' },
      body: '{"value":"x"}',
    });
    expect(await response.text()).toBe('landed GET ');
    expect(home.seen[before].method).toBe(method);
    const landed = home.seen[before + 1];
    expect(landed.method).toBe('GET');
    expect(landed.body).toBe('');
    expect(landed.headers['content-length']).toBeUndefined();
    expect(landed.headers['content-type']).toBeUndefined();
    expect(landed.headers['x-kept']).toBe('yes');
  });

  it('302 after a PUT keeps the PUT and its body (only POST becomes GET)', async () => {
    const before = home.seen.length;
    const response = await fetch(`${home.url}/redirect/302`, { method: 'PUT', body: 'kept' });
    expect(await response.text()).toBe('landed PUT kept');
    expect(home.seen[before + 1].method).toBe('PUT');
  });

  it("a lower-case 'post' is a POST: a 302 makes it a GET", async () => {
    const before = home.seen.length;
    const response = await fetch(`${home.url}/redirect/302`, { method: 'post', body: 'gone' });
    expect(await response.text()).toBe('landed GET ');
    expect(home.seen[before].method).toBe('POST');
    expect(home.seen[before + 1].method).toBe('GET');
  });

  it('to another origin, leaves the authorization header behind and keeps the others', async () => {
    const before = { home: home.seen.length, other: other.seen.length };
    const response = await fetch(`${home.url}/redirect/302/elsewhere`, {
      headers: { Authorization: 'token not-a-real-token', 'x-trace': 'abc' },
    });
    expect(response.url).toBe(`${other.url}/landed`);
    expect(await response.text()).toBe('other GET');
    expect(home.seen[before.home].headers.authorization).toBe('token not-a-real-token');
    const landed = other.seen[before.other];
    expect(landed.path).toBe('/landed');
    expect(landed.headers.authorization).toBeUndefined();
    expect(landed.headers['x-trace']).toBe('abc');
  });

  it('on the same origin, keeps the authorization header', async () => {
    const before = home.seen.length;
    await fetch(`${home.url}/redirect/301`, {
      headers: { authorization: 'token not-a-real-token' },
    });
    expect(home.seen[before + 1].path).toBe('/landed');
    expect(home.seen[before + 1].headers.authorization).toBe('token not-a-real-token');
  });

  it("with redirect: 'manual', gives the 3xx itself", async () => {
    const before = home.seen.length;
    const response = await fetch(`${home.url}/redirect/302`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.ok).toBe(false);
    expect(response.headers.get('location')).toBe('/landed');
    expect(response.url).toBe(`${home.url}/redirect/302`);
    expect(home.seen.length).toBe(before + 1);
  });

  it("with redirect: 'error', fails as fetch does", async () => {
    const error = await rejectionOf(fetch(`${home.url}/redirect/302`, { redirect: 'error' }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
  });

  it('follows 20 redirects at most, as fetch does', async () => {
    const before = home.seen.length;
    const error = await rejectionOf(fetch(`${home.url}/loop/0`));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    // The first request and 20 redirects followed; the 21st is refused.
    expect(home.seen.length - before).toBe(21);
    expect(home.seen.at(-1)?.path).toBe('/loop/20');
  });
});

describe('a compressed answer', () => {
  const text = JSON.stringify({ data: Array.from({ length: 50 }, (_, i) => ({ id: i })) });
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((seen, response) => {
      const encoding = seen.path.slice(1);
      const encode = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }[encoding];
      if (!encode) throw new Error(`no encoding ${encoding}`);
      const body = encode(Buffer.from(text));
      response.writeHead(200, { 'content-encoding': encoding, 'content-length': body.length });
      response.end(body);
    });
  });
  afterAll(() => server.close());

  it.each(['gzip', 'deflate', 'br'])('in %s is decoded', async (encoding) => {
    const response = await fetch(`${server.url}/${encoding}`);
    expect(response.headers.get('content-encoding')).toBe(encoding);
    expect(Number(response.headers.get('content-length'))).toBeLessThan(text.length);
    expect(await response.text()).toBe(text);
    expect(await response.json()).toEqual(JSON.parse(text));
  });
});

describe('network failures', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it("a refused connection: TypeError('fetch failed') caused by ECONNREFUSED", async () => {
    const closed = await startServer((_seen, response) => response.end());
    await closed.close();
    const error = await rejectionOf(fetch(`${closed.url}/`));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    expect(networkCause(error)).toBe('ECONNREFUSED');
    expect(unansweredAfterSending(error)).toBe(false);
    expect(isRunTimeout(error)).toBe(false);
  });

  it('no answer in time: RequestTimeoutError, after the request had left', async () => {
    const held: ServerResponse[] = [];
    const silent = await startServer((_seen, response) => held.push(response));
    servers.push(silent);
    const pending = rejectionOf(
      createFetch(400)(`${silent.url}/held`, { method: 'POST', body: 'x' }),
    );
    await silent.received(1);
    const error = await pending;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).timeoutMs).toBe(400);
    expect(unansweredAfterSending(error)).toBe(true);
    expect(isRunTimeout(error)).toBe(false);
    expect(networkCause(error)).toBe('no answer within 0.4 s');
    expect(held).toHaveLength(1);
    expect(silent.seen[0].body).toBe('x');
  });

  it('the timeout covers the body too: headers then silence is a RequestTimeoutError', async () => {
    let headersSent!: () => void;
    const sent = new Promise<void>((resolve) => (headersSent = resolve));
    const stalling = await startServer((_seen, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('0123456789', () => headersSent());
    });
    servers.push(stalling);
    const pending = rejectionOf(createFetch(400)(`${stalling.url}/stall`));
    await sent;
    const error = await pending;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(unansweredAfterSending(error)).toBe(true);
  });

  it("a connection cut in the middle of the body: TypeError('fetch failed')", async () => {
    const cutting = await startServer((_seen, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('0123456789', () => response.socket?.destroy());
    });
    servers.push(cutting);
    const error = await rejectionOf(fetch(`${cutting.url}/cut`));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(networkCause(error)).toBe('ECONNRESET');
    expect(unansweredAfterSending(error)).toBe(false);
  });

  it("the caller's own abort ends the request with the signal's reason, not a timeout", async () => {
    const silent = await startServer(() => undefined);
    servers.push(silent);
    const controller = new AbortController();
    const pending = rejectionOf(fetch(`${silent.url}/`, { signal: controller.signal }));
    await silent.received(1);
    const reason = new Error('the caller gave up');
    controller.abort(reason);
    const error = await pending;
    expect(error).toBe(reason);
    expect(unansweredAfterSending(error)).toBe(false);
  });
});

describe("the run's deadline (run-timeout)", () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('ending while the answer is awaited: RunTimeoutError, sent', async () => {
    const silent = await startServer(() => undefined);
    servers.push(silent);
    // 3.4 s in all, 3 s of it the report's reserve: 400 ms of work left, against 10 s allowed.
    const { work } = createRunDeadlines(Date.now(), 3400);
    expect(work.requestTimeoutMs(10_000)).toBeLessThanOrEqual(400);
    const pending = rejectionOf(createFetch(10_000, work)(`${silent.url}/`, { method: 'PUT' }));
    await silent.received(1);
    const error = await pending;
    expect(error).toBeInstanceOf(RunTimeoutError);
    expect((error as RunTimeoutError).sent).toBe(true);
    expect((error as RunTimeoutError).totalSeconds).toBe(3);
    expect(isRunTimeout(error)).toBe(true);
    expect(unansweredAfterSending(error)).toBe(true);
    expect(networkCause(error)).toBe('the run-timeout of 3 s was reached');
  });

  it('already spent: RunTimeoutError, not sent, and the server sees nothing', async () => {
    const server = await startServer((_seen, response) => response.end('ok'));
    servers.push(server);
    const { work } = createRunDeadlines(Date.now() - 60_000, 30_000);
    expect(work.remainingMs()).toBe(0);
    const error = await rejectionOf(createFetch(10_000, work)(`${server.url}/spent`));
    expect(error).toBeInstanceOf(RunTimeoutError);
    expect((error as RunTimeoutError).sent).toBe(false);
    expect(isRunTimeout(error)).toBe(true);
    expect(unansweredAfterSending(error)).toBe(false);
    // A request after it, on the same server, is the first and only one the server sees.
    const response = await fetch(`${server.url}/after`);
    expect(await response.text()).toBe('ok');
    expect(server.seen.map((seen) => seen.path)).toEqual(['/after']);
    expect(server.connections).toBe(1);
  });
});

describe('requestsLeft()', () => {
  let server: TestServer;
  const held: ServerResponse[] = [];
  beforeAll(async () => {
    server = await startServer((_seen, response) => held.push(response));
  });
  afterAll(() => server.close());

  it('waits while no request is made, and resolves once one has left, before its answer', async () => {
    await turn(); // past anything an earlier request queued
    let left = false;
    const waiting = requestsLeft().then(() => (left = true));
    await turn();
    await turn();
    expect(left).toBe(false);

    let answered = false;
    const response = fetch(`${server.url}/slow`).then((answer) => {
      answered = true;
      return answer;
    });
    await waiting;
    expect(left).toBe(true);
    // The request left; its answer has not come (the server holds it until told).
    expect(answered).toBe(false);
    await server.received(1);
    held.splice(0).forEach((one) => one.end('late'));
    expect(await (await response).text()).toBe('late');
  });

  it('waits for an announced request until it was made and has left', async () => {
    await turn();
    let left = false;
    const waiting = requestsLeft().then(() => (left = true));
    const announced = announceRequest();
    // Another request leaves meanwhile: the announced one still counts as on its way.
    const seenBefore = server.seen.length;
    const other = fetch(`${server.url}/other`);
    await server.received(seenBefore + 1);
    await turn();
    await turn();
    expect(left).toBe(false);
    announced.settle();
    await waiting;
    expect(left).toBe(true);
    held.splice(0).forEach((one) => one.end('done'));
    expect(await (await other).text()).toBe('done');
  });

  it('resolves too when the request fails before it could leave', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    await turn();
    const waiting = requestsLeft();
    const failure = rejectionOf(fetch(`${closed.url}/`));
    await waiting;
    expect(networkCause(await failure)).toBe('ECONNREFUSED');
  });
});

describe("exchange(), the layer under createFetch's timeouts", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((seen, response) => response.end(seen.method));
  });
  afterAll(() => server.close());

  it('rejects with the reason of a signal that was already aborted, sending nothing', async () => {
    const reason = new Error('aborted before');
    const error = await rejectionOf(
      exchange(new URL(`${server.url}/`), { signal: AbortSignal.abort(reason) }),
    );
    expect(error).toBe(reason);
    expect(server.seen).toHaveLength(0);
    const response: HttpResponse = await exchange(new URL(`${server.url}/`), {
      method: 'HEAD',
      signal: new AbortController().signal,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(server.seen.map((seen) => seen.method)).toEqual(['HEAD']);
  });
});

describe('behind a proxy (HTTP_PROXY)', () => {
  const NAMES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
  const saved = new Map(NAMES.map((name) => [name, process.env[name]]));
  let proxy: ForwardProxy;
  let target: TestServer;
  beforeAll(async () => {
    proxy = await startForwardProxy();
    target = await startServer((seen, response) =>
      response.end(JSON.stringify({ path: seen.path, host: seen.headers.host })),
    );
    for (const name of NAMES) delete process.env[name];
    process.env.HTTP_PROXY = proxy.url;
  });
  afterAll(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await target.close();
    await proxy.close();
  });

  it('goes through the proxy to a named host, and the answer comes back', async () => {
    // Only the proxy resolves *.sim.localhost; @actions/http-client proxies such names.
    const url = `http://api.sim.localhost:${target.port}/v22.0/me?fields=id`;
    const response = await fetch(url, { method: 'POST', body: 'through' });
    expect(response.status).toBe(200);
    expect(response.url).toBe(url);
    expect(await response.json()).toEqual({
      path: '/v22.0/me?fields=id',
      host: `api.sim.localhost:${target.port}`,
    });
    expect(proxy.records).toContainEqual(
      expect.objectContaining({ kind: 'CONNECT', host: 'api.sim.localhost', port: target.port }),
    );
    expect(target.seen.at(-1)?.body).toBe('through');
  });

  it('leaves a loopback address out of the proxy', async () => {
    const before = proxy.records.length;
    const response = await fetch(`${target.url}/direct`);
    expect(await response.json()).toEqual({
      path: '/direct',
      host: `127.0.0.1:${target.port}`,
    });
    expect(proxy.records.length).toBe(before);
  });

  it('honours NO_PROXY', async () => {
    process.env.NO_PROXY = '.sim.localhost';
    try {
      const before = proxy.records.length;
      // Without the proxy, the name is the system's to resolve: some resolve *.localhost to
      // loopback, some not at all. Either way the proxy sees nothing.
      const outcome = await fetch(`http://api.sim.localhost:${target.port}/no-proxy`).then(
        async (response) => ({ answer: (await response.json()) as unknown }),
        (error: unknown) => ({ error }),
      );
      expect(proxy.records.length).toBe(before);
      if ('answer' in outcome) {
        expect(outcome.answer).toEqual({
          path: '/no-proxy',
          host: `api.sim.localhost:${target.port}`,
        });
      } else {
        expect(outcome.error).toBeInstanceOf(TypeError);
        expect((outcome.error as Error).message).toBe('fetch failed');
      }
    } finally {
      delete process.env.NO_PROXY;
    }
  });

  it('tunnels an https URL apart from an http one, each through its own proxy', async () => {
    // @actions/http-client keeps one proxy agent per client: shared, an https request would
    // have gone through the http tunnel in clear text.
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
    try {
      const plain = await agentFor(new URL('http://a.sim.localhost:1/'));
      const secure = await agentFor(new URL('https://b.sim.localhost:2/'));
      expect(secure).not.toBe(plain);
      expect(await agentFor(new URL('http://c.sim.localhost:3/'))).toBe(plain);
      expect(await agentFor(new URL('https://d.sim.localhost:4/'))).toBe(secure);
      const options = (agent: unknown) =>
        (agent as { options: { proxy: { port: string | number } } }).options.proxy;
      expect(String(options(secure).port)).toBe('9');
      expect(String(options(plain).port)).toBe(String(new URL(proxy.url).port));
    } finally {
      delete process.env.HTTPS_PROXY;
    }
  });
});
