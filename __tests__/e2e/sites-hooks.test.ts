/**
 * Deploy hooks and the order of delivery (README "Inputs" `deploy-hooks`; docs/behaviour.md rule 12): the
 * GitHub secret first, then every site copy side by side, then every hook POSTed once, with no
 * token and no credential, named by position and never by URL. A failing copy or hook fails the
 * run after the rest were tried; a run that refreshed nothing, or a dry run, POSTs nothing.
 */
import { describe, expect, it, jest } from '@jest/globals';
import {
  createBarrier,
  seedCloudflare,
  seedHooks,
  seedNetlify,
  seedScenario,
  seedVercel,
} from '../../simulator/index.js';
import { DAY_MS, errorLines, iso } from './support.js';
import { VARIABLE } from './probes.js';
import {
  expectHooksNeverSawToken,
  expectMasked,
  expectOnlyInBodies,
  expectStaleCopy,
  runSites,
  secretWriteAt,
  siteCanary,
  siteRequests,
  siteStatus,
  siteWrites,
  sitesOf,
  slowSecretWrite,
  type SiteFaultRule,
} from './sites-world.js';
import {
  SECRET,
  expectRetriedOnce,
  mintedFrom,
  sim,
  theNewToken,
  useFreshSimulator,
} from './world.js';

jest.setTimeout(60_000);

useFreshSimulator();

const seedMeta = (token = {}) => seedScenario(sim, { flavour: 'instagram', scope: 'repo', token });
const hookPosts = () => sim.hooks.requests.filter((r) => r.method === 'POST');

describe('deploy hooks are POSTed once, after every copy', () => {
  it('three hooks after a Vercel copy: once each, no token, no credential, named by position', async () => {
    const seed = seedMeta();
    const vercel = seedVercel(sim);
    const hooks = seedHooks(sim, ['vercel', 'netlify', 'cloudflare-pages']);
    // The copy's write answers late, so a hook sent beside it, not after, would show.
    sim.vercel.faults.add({ method: 'POST', path: /\/env$/, delayMs: 300 });
    const run = await runSites(seed, { ...vercel.inputs, ...hooks.inputs });

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    const newToken = theNewToken(seed);
    expect(sim.vercel.valueOf('my-project', SECRET, 'production')).toBe(newToken);
    for (const hook of hooks.hooks) {
      expect(hook.calls().map((r) => r.method)).toEqual(['POST']);
      expect(hook.calls()[0].headers.authorization).toBeUndefined();
      expect(hook.builds).toBe(1);
      expectMasked(run, hook.url);
    }
    const copiesDone = Math.max(...siteWrites('vercel').map((w) => w.doneAt ?? Infinity));
    for (const post of hookPosts()) expect(post.at).toBeGreaterThanOrEqual(copiesDone);
    expectHooksNeverSawToken(newToken);
    expectHooksNeverSawToken(vercel.token);
    expectOnlyInBodies(newToken);
    expect(sitesOf(run)).toEqual([
      { target: 'vercel:my-project', status: 'updated' },
      ...hooks.targets.map((target) => ({ target, status: 'updated' })),
    ]);
    siteCanary(run, seed, [vercel.token]);
  });

  it('hooks alone: POSTed only once the GitHub secret is written', async () => {
    const seed = seedMeta();
    const hooks = seedHooks(sim, ['netlify', 'cloudflare-workers']);
    slowSecretWrite(300);
    const run = await runSites(seed, hooks.inputs);

    expect(run.code).toBe(0);
    expect(hookPosts()).toHaveLength(2);
    for (const post of hookPosts()) expect(post.at).toBeGreaterThanOrEqual(secretWriteAt() + 300);
    expect(sitesOf(run)).toEqual(hooks.targets.map((target) => ({ target, status: 'updated' })));
    siteCanary(run, seed);
  });

  it.each([
    ['an empty 200', { status: 200, rawBody: '' }],
    [
      'an HTML 200',
      { status: 200, rawBody: '<html>ok</html>', headers: { 'content-type': 'text/html' } },
    ],
    ['a 204', { status: 204 }],
  ])(
    "a hook that answers %s has worked (the body is not the platforms' promise)",
    async (_n, answer) => {
      const seed = seedMeta();
      const hook = sim.hooks.addHook('netlify', { answer });
      const run = await runSites(seed, { 'deploy-hooks': hook.url });

      expect(run.code).toBe(0);
      expect(hook.calls()).toHaveLength(1);
      expect(sitesOf(run)).toEqual([{ target: 'deploy-hook:1', status: 'updated' }]);
    },
  );

  it('a hook that is gone (404) fails the run after the others were POSTed', async () => {
    const seed = seedMeta();
    const hooks = seedHooks(sim, ['vercel', 'netlify', 'cloudflare-pages']);
    hooks.hooks[1].answer = { status: 404, body: { error: 'not found' } };
    const run = await runSites(seed, hooks.inputs);

    expectStaleCopy(run, seed, theNewToken(seed), 'deploy-hook:2', [/deploy-hooks/]);
    for (const hook of hooks.hooks) expect(hook.calls()).toHaveLength(1);
    expect(siteStatus(run, 'deploy-hook:1')).toBe('updated');
    expect(siteStatus(run, 'deploy-hook:3')).toBe('updated');
    siteCanary(run, seed);
  });

  const FAULTS: [string, Omit<SiteFaultRule, 'path'>][] = [
    ['503', { status: 503 }],
    ['429 with Retry-After: 1', { status: 429, headers: { 'retry-after': '1' } }],
    ['a connection reset', { reset: true }],
  ];
  it.each(FAULTS)('a hook answering %s once is POSTed again', async (_n, fault) => {
    const seed = seedMeta();
    const hooks = seedHooks(sim, ['vercel']);
    sim.hooks.faults.add({ method: 'POST', path: hooks.hooks[0].path, ...fault });
    const run = await runSites(seed, hooks.inputs);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    const [hook] = hooks.hooks;
    const minWaitMs = fault.status === 429 ? 950 : undefined;
    const posts = expectRetriedOnce(sim.hooks.requests, 'POST', hook.path, minWaitMs);
    expect(hook.calls()).toEqual(posts); // nothing but those two POSTs reached the hook
    expect(hook.builds).toBe(1);
    siteCanary(run, seed);
  });
});

describe('the copies run side by side, and one failure stops nothing else', () => {
  it('Vercel, Netlify and a Worker are written at the same time', async () => {
    const seed = seedMeta();
    const vercel = seedVercel(sim, { envs: [{ key: SECRET, value: 'old', type: 'sensitive' }] });
    const netlify = seedNetlify(sim, {
      envs: [{ key: SECRET, values: [{ context: 'production', value: 'old' }] }],
    });
    const cloudflare = seedCloudflare(sim, { pages: null });
    // Each write waits here until all three have arrived: copies made one after another never meet.
    const barrier = createBarrier(3, { timeoutMs: 8_000 });
    sim.vercel.faults.add({ method: 'PATCH', path: /\/env\/[^/]+$/, barrier });
    sim.netlify.faults.add({ method: 'PUT', path: new RegExp(`/env/${SECRET}$`), barrier });
    sim.cloudflare.faults.add({ method: 'PUT', path: /\/secrets$/, barrier });
    const run = await runSites(seed, { ...vercel.inputs, ...netlify.inputs, ...cloudflare.inputs });

    expect(run.code).toBe(0);
    expect(barrier.arrived).toBe(3);
    expect(barrier.timedOut).toBe(false);
    expect(sitesOf(run).map((s) => s.status)).toEqual(['updated', 'updated', 'updated']);
  });

  it('a Vercel copy that fails leaves Netlify, the Worker and the hook delivered', async () => {
    const seed = seedMeta();
    const vercel = seedVercel(sim);
    const netlify = seedNetlify(sim);
    const cloudflare = seedCloudflare(sim, { pages: null });
    const hooks = seedHooks(sim, ['netlify']);
    sim.vercel.revokeToken(vercel.token);
    const inputs = { ...vercel.inputs, ...netlify.inputs, ...cloudflare.inputs, ...hooks.inputs };
    const run = await runSites(seed, inputs);

    const newToken = theNewToken(seed);
    expectStaleCopy(run, seed, newToken, vercel.target, [/vercel-token/]);
    expect(sim.netlify.valueOf(netlify.site, SECRET, 'production')).toBe(newToken);
    expect(sim.cloudflare.workerSecret(cloudflare.account, 'my-worker', SECRET)).toBe(newToken);
    expect(hookPosts()).toHaveLength(1);
    expect(siteStatus(run, netlify.target)).toBe('updated');
    expect(siteStatus(run, cloudflare.workerTarget ?? '')).toBe('updated');
    expect(siteStatus(run, 'deploy-hook:1')).toBe('updated');
    siteCanary(run, seed, [vercel.token, netlify.token, cloudflare.token]);
  });
});

describe('no delivery without a new token in the secret', () => {
  it.each([
    ['the refresh fails (expired token)', 'expired'],
    ['GitHub refuses the secret write', 'refused'],
  ])('%s: no copy written, no hook POSTed', async (_n, how) => {
    const seed = seedMeta(how === 'expired' ? { expiresInMs: -DAY_MS } : {});
    if (how === 'refused') {
      const path = `/repos/acme/site/actions/secrets/${SECRET}`;
      sim.github.faults.add({ method: 'PUT', path, status: 403, times: Infinity });
    }
    const vercel = seedVercel(sim);
    const hooks = seedHooks(sim, ['vercel']);
    const run = await runSites(seed, { ...vercel.inputs, ...hooks.inputs });

    expect(run.code).toBe(1);
    expect(siteWrites()).toEqual([]);
    expect(sim.hooks.requests).toEqual([]);
    expect(sitesOf(run).filter((s) => s.status === 'updated')).toEqual([]);
    siteCanary(run, seed, [vercel.token, ...mintedFrom(seed)]);
  });

  it.each([
    ['a dry run', { 'dry-run': 'true' }],
    ['a skipped run (threshold)', { 'refresh-threshold-days': '20' }],
  ])('%s: the hook is neither POSTed nor even asked', async (_n, extra) => {
    const seed = seedMeta();
    sim.github.setVariable(seed.scope, VARIABLE, iso(Date.now() + 50 * DAY_MS));
    const hooks = seedHooks(sim, ['vercel', 'netlify']);
    const run = await runSites(seed, { ...hooks.inputs, ...extra });

    expect(run.code).toBe(0);
    // Not even a GET: Vercel's older docs said a GET triggers a deploy too.
    expect(siteRequests()).toEqual([]);
    expect(sitesOf(run)).toEqual(hooks.targets.map((target) => ({ target, status: 'skipped' })));
    siteCanary(run, seed);
  });
});
