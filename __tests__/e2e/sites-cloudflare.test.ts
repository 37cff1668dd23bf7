/**
 * The Cloudflare copies (README "Inputs" `cloudflare-*`; docs/behaviour.md rule 12; docs/platform-facts.md, "Cloudflare"):
 * a Worker secret (one PUT, which Cloudflare deploys at once) and a Pages project's production
 * and preview variable as `secret_text` (one PATCH that changes only that key). A Worker in a
 * gradual rollout refuses with 10215, and the report says what to do in Cloudflare's words.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedCloudflare, seedScenario } from '../../simulator/index.js';
import { errorLines } from './support.js';
import {
  expectMasked,
  expectOnlyInBodies,
  expectStaleCopy,
  runSites,
  secretWriteAt,
  siteCanary,
  siteStatus,
  siteWrites,
  sitesOf,
  slowSecretWrite,
  type SiteFaultRule,
  runSkippedByThreshold,
} from './sites-world.js';
import { SECRET, expectRetriedOnce, sim, theNewToken, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

const WORKER = 'cloudflare-worker:my-worker';
const PAGES = 'cloudflare-pages:my-pages';
const SECRETS = /\/workers\/scripts\/my-worker\/secrets$/;
const PROJECT = /\/pages\/projects\/my-pages$/;

useFreshSimulator();

function seedBoth(spec: Parameters<typeof seedCloudflare>[1] = {}) {
  const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
  return { seed, cf: seedCloudflare(sim, spec) };
}

const calls = (method: string, path: RegExp) =>
  sim.cloudflare.requests.filter((r) => r.method === method && path.test(r.path));
const pagesVar = (account: string, env: 'production' | 'preview', key = SECRET) =>
  sim.cloudflare.pagesVar(account, 'my-pages', env, key);

describe('Cloudflare: the Worker secret and the Pages variable', () => {
  it('a Worker: one PUT of a secret_text, live at once, after the secret write', async () => {
    const { seed, cf } = seedBoth({ pages: null });
    slowSecretWrite(300);
    const run = await runSites(seed, cf.inputs);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    const newToken = theNewToken(seed);
    expect(sim.cloudflare.workerSecret(cf.account, 'my-worker', SECRET)).toBe(newToken);
    expect(sim.cloudflare.worker(cf.account, 'my-worker').version).toBe(2);
    const puts = calls('PUT', SECRETS);
    expect(puts.map((p) => p.body)).toEqual([
      { name: SECRET, text: newToken, type: 'secret_text' },
    ]);
    expect(puts[0].at).toBeGreaterThanOrEqual(secretWriteAt() + 300);
    for (const r of sim.cloudflare.requests)
      expect(r.headers.authorization).toBe(`Bearer ${cf.token}`);
    expectOnlyInBodies(newToken);
    expect(sitesOf(run)).toEqual([{ target: WORKER, status: 'updated' }]);
    expectMasked(run, cf.token);
    siteCanary(run, seed, [cf.token]);
  });

  it('a Pages project: one PATCH, production and preview as secret_text, nothing else changed', async () => {
    const keep = { OTHER: { type: 'plain_text' as const, value: 'keep' } };
    const { seed, cf } = seedBoth({ worker: null, pagesVars: { production: keep, preview: keep } });
    const run = await runSites(seed, cf.inputs);

    expect(run.code).toBe(0);
    const newToken = theNewToken(seed);
    expect(calls('PATCH', PROJECT)).toHaveLength(1);
    for (const env of ['production', 'preview'] as const) {
      expect(pagesVar(cf.account, env)).toEqual({ type: 'secret_text', value: newToken });
      expect(pagesVar(cf.account, env, 'OTHER')).toEqual(keep.OTHER);
    }
    expectOnlyInBodies(newToken);
    expect(sitesOf(run)).toEqual([{ target: PAGES, status: 'updated' }]);
    siteCanary(run, seed, [cf.token]);
  });

  it('both in one run, under site-variable', async () => {
    const { seed, cf } = seedBoth();
    const run = await runSites(seed, { ...cf.inputs, 'site-variable': 'IG_TOKEN' });

    expect(run.code).toBe(0);
    const newToken = theNewToken(seed);
    expect(sim.cloudflare.workerSecret(cf.account, 'my-worker', 'IG_TOKEN')).toBe(newToken);
    expect(pagesVar(cf.account, 'preview', 'IG_TOKEN')?.value).toBe(newToken);
    expect(sim.cloudflare.workerSecret(cf.account, 'my-worker', SECRET)).toBeUndefined();
    expect(sitesOf(run)).toEqual([
      { target: WORKER, status: 'updated' },
      { target: PAGES, status: 'updated' },
    ]);
  });
});

describe('Cloudflare: a copy that fails is reported stale, the other still written', () => {
  it('a Worker in a gradual rollout (10215): explained, Pages still updated', async () => {
    const { seed, cf } = seedBoth({ gradualRollout: true });
    const run = await runSites(seed, cf.inputs);

    const newToken = theNewToken(seed);
    expectStaleCopy(run, seed, newToken, WORKER, [/wrangler versions secret put/, /rollout/i]);
    expect(sim.cloudflare.workerSecret(cf.account, 'my-worker', SECRET)).toBeUndefined();
    expect(pagesVar(cf.account, 'production')?.value).toBe(newToken);
    expect(siteStatus(run, PAGES)).toBe('updated');
    expect(calls('PUT', SECRETS)).toHaveLength(1);
  });

  it('a Worker that does not exist (10007): not created, the fix names cloudflare-worker', async () => {
    const { seed, cf } = seedBoth({ pages: null });
    const run = await runSites(seed, { ...cf.inputs, 'cloudflare-worker': 'no-such-worker' });

    expectStaleCopy(run, seed, theNewToken(seed), 'cloudflare-worker:no-such-worker', [
      /cloudflare-worker/,
    ]);
    expect([...sim.cloudflare.state.scripts.keys()]).toEqual([`${cf.account}/my-worker`]);
  });

  it('a Pages project that does not exist (8000007): the fix names cloudflare-pages-project', async () => {
    const { seed, cf } = seedBoth({ worker: null });
    const run = await runSites(seed, { ...cf.inputs, 'cloudflare-pages-project': 'nope' });
    expectStaleCopy(run, seed, theNewToken(seed), 'cloudflare-pages:nope', [
      /cloudflare-pages-project/,
    ]);
  });

  it('a token without Pages edit (10000/403): Pages stale, the Worker updated', async () => {
    const permissions = ['workers-scripts:edit', 'pages:read'];
    const { seed, cf } = seedBoth({ permissions });
    const run = await runSites(seed, cf.inputs);

    const newToken = theNewToken(seed);
    expectStaleCopy(run, seed, newToken, PAGES, [/cloudflare-token/]);
    expect(sim.cloudflare.workerSecret(cf.account, 'my-worker', SECRET)).toBe(newToken);
    expect(siteStatus(run, WORKER)).toBe('updated');
    expect(calls('PATCH', PROJECT)).toHaveLength(1);
    siteCanary(run, seed, [cf.token]);
  });
});

describe('Cloudflare: transient failures are retried', () => {
  const FAULTS: [string, SiteFaultRule & { method: string; path: RegExp }][] = [
    ['500 on the Worker secret PUT', { method: 'PUT', path: SECRETS, status: 500 }],
    [
      '429 with Retry-After: 1 on the Pages PATCH',
      { method: 'PATCH', path: PROJECT, status: 429, headers: { 'retry-after': '1' } },
    ],
    ['a connection reset on the Worker secret PUT', { method: 'PUT', path: SECRETS, reset: true }],
  ];
  it.each(FAULTS)('%s', async (_n, rule) => {
    const { seed, cf } = seedBoth();
    sim.cloudflare.faults.add(rule);
    const run = await runSites(seed, cf.inputs);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    const minWaitMs = rule.status === 429 ? 950 : undefined;
    expectRetriedOnce(sim.cloudflare.requests, rule.method, rule.path, minWaitMs);
    const newToken = theNewToken(seed);
    expect(sim.cloudflare.workerSecret(cf.account, 'my-worker', SECRET)).toBe(newToken);
    expect(pagesVar(cf.account, 'preview')?.value).toBe(newToken);
  });
});

describe('Cloudflare: runs that must not write', () => {
  it('a dry run reads the Worker secrets and the Pages project, writes nothing', async () => {
    const { seed, cf } = seedBoth();
    const run = await runSites(seed, { ...cf.inputs, 'dry-run': 'true' });

    expect(run.code).toBe(0);
    expect(calls('GET', SECRETS).length).toBeGreaterThanOrEqual(1);
    expect(calls('GET', PROJECT).length).toBeGreaterThanOrEqual(1);
    expect(siteWrites()).toEqual([]);
    expect(sim.cloudflare.worker(cf.account, 'my-worker').version).toBe(1);
    expect(sitesOf(run)).toEqual([
      { target: WORKER, status: 'skipped' },
      { target: PAGES, status: 'skipped' },
    ]);
    siteCanary(run, seed, [cf.token]);
  });

  it('a skipped run (threshold) updates nothing', async () => {
    const { seed, cf } = seedBoth();
    const run = await runSkippedByThreshold(seed, cf.inputs);

    expect(sitesOf(run).map((s) => s.status)).toEqual(['skipped', 'skipped']);
  });
});
