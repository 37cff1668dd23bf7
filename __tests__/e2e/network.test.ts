/**
 * Where the action's requests go: through the runner's proxy, to a GitHub Enterprise Server
 * base URL, and what step debug logging shows of them.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startForwardProxy, type ForwardProxy } from '../../simulator/forward-proxy.js';
import { runAction, seedScenario, startSimulator, type Simulator } from '../../simulator/index.js';
import { expectNoLeak } from './support.js';

jest.setTimeout(60_000);

describe('behind a proxy (HTTPS_PROXY / HTTP_PROXY)', () => {
  let sim: Simulator;
  let proxy: ForwardProxy;
  beforeAll(async () => {
    sim = await startSimulator();
    proxy = await startForwardProxy();
  });
  afterAll(async () => {
    await proxy.close();
    await sim.close();
  });

  it('sends every Graph and GitHub request through the proxy', async () => {
    const seeded = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    // Loopback addresses bypass proxies, so the fakes are named; only the proxy resolves them.
    const graphUrl = `http://graph.sim.localhost:${new URL(sim.graph.url).port}`;
    const githubUrl = `http://api.github.sim.localhost:${new URL(sim.github.url).port}`;
    const run = await runAction({
      inputs: { ...seeded.inputs, 'instagram-api-url': graphUrl, 'facebook-api-url': graphUrl },
      env: {
        ...seeded.env,
        GITHUB_API_URL: githubUrl,
        HTTPS_PROXY: proxy.url,
        HTTP_PROXY: proxy.url,
      },
    });

    expect(run.code).toBe(0);
    expect(sim.github.decryptSecret(seeded.scope, 'INSTAGRAM_ACCESS_TOKEN')).toBe(
      run.outputs.token,
    );
    const viaProxy = (host: string) =>
      proxy.records.filter((record) => record.host === host).length;
    // Each request reached its fake only through the proxy (one tunnel or forward per request).
    expect(sim.graph.requests.length).toBeGreaterThanOrEqual(2);
    expect(viaProxy('graph.sim.localhost')).toBe(sim.graph.requests.length);
    expect(sim.github.requests.length).toBeGreaterThanOrEqual(2);
    expect(viaProxy('api.github.sim.localhost')).toBe(sim.github.requests.length);
    expectNoLeak(run, [seeded.instagramToken, seeded.githubToken, run.outputs.token]);
  });
});

describe('GitHub Enterprise Server', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ github: { basePath: '/api/v3' } });
  });
  afterAll(() => sim.close());

  it('uses GITHUB_API_URL with its /api/v3 prefix for every call', async () => {
    const seeded = seedScenario(sim, { flavour: 'instagram', scope: 'env' });
    expect(seeded.env.GITHUB_API_URL).toMatch(/\/api\/v3$/);
    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    expect(run.code).toBe(0);
    expect(sim.github.decryptSecret(seeded.scope, 'INSTAGRAM_ACCESS_TOKEN')).toBe(
      run.outputs.token,
    );
    // The fake answers 404 outside its base path: every request it saw was inside it.
    expect(sim.github.requests.length).toBeGreaterThanOrEqual(3);
    expect(
      sim.github.requests.filter(
        (request) => request.status === 404 && !/variables|issues/.test(request.path),
      ),
    ).toEqual([]);
    expectNoLeak(run, [seeded.instagramToken, seeded.githubToken, run.outputs.token]);
  });
});

describe('step debug logging (RUNNER_DEBUG=1)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it('shows route, attempt, status and duration of each request, never a token or a query', async () => {
    const seeded = seedScenario(sim, { flavour: 'facebook', scope: 'repo' });
    sim.github.faults.add({ method: 'PUT', path: /\/actions\/secrets\//, status: 502, times: 1 });
    const run = await runAction({
      inputs: seeded.inputs,
      env: { ...seeded.env, RUNNER_DEBUG: '1' },
    });

    expect(run.code).toBe(0);
    const debug = run.stdout.split('\n').filter((line) => line.startsWith('::debug::'));
    const put = debug.filter((line) =>
      line.includes('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}'),
    );
    expect(put).toEqual([
      expect.stringMatching(/attempt 1: 502 in \d+ ms$/),
      expect.stringMatching(/attempt 2: 204 in \d+ ms$/),
    ]);
    expect(
      debug.some((line) =>
        /GET \S+\/v\d+\.0\/oauth\/access_token attempt 1: 200 in \d+ ms$/.test(line),
      ),
    ).toBe(true);
    for (const line of debug) {
      expect(line).not.toContain('?');
      expect(line).not.toMatch(/access_token=|client_secret=|fb_exchange_token=/);
    }
    const appSecret = seeded.inputs['app-secret'];
    expectNoLeak(run, [seeded.instagramToken, seeded.githubToken, run.outputs.token, appSecret]);
  });
});
