/**
 * The Vercel copy (README "Inputs" `vercel-*`; docs/behaviour.md rule 12; docs/platform-facts.md, "Vercel"): after the
 * GitHub secret is written, the project's records of `site-variable` are PATCHed by id keeping
 * their targets, and only targets no record covers get a new record: `sensitive` for production
 * and preview, a separate `encrypted` one for development, never `secret`. The fake refuses
 * everything Vercel refuses, so a run that breaks a rule fails here.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario, seedVercel } from '../../simulator/index.js';
import { DAY_MS, errorLines, iso } from './support.js';
import { refreshCalls, VARIABLE } from './probes.js';
import {
  expectMasked,
  expectOnlyInBodies,
  expectStaleCopy,
  runSites,
  secretWriteAt,
  siteCanary,
  siteWrites,
  sitesOf,
  slowSecretWrite,
  without,
  type SiteFaultRule,
  runSkippedByThreshold,
} from './sites-world.js';
import { SECRET, expectRetriedOnce, sim, theNewToken, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

const TARGET = 'vercel:my-project';
const ENV_LIST = /^\/v\d+\/projects\/my-project\/env$/;
const ENV_ONE = /^\/v\d+\/projects\/my-project\/env\/[^/]+$/;

useFreshSimulator();

/** The standard world plus a Vercel project; `spec` goes to seedVercel. */
function seedBoth(spec: Parameters<typeof seedVercel>[1] = {}) {
  const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
  return { seed, vercel: seedVercel(sim, spec) };
}

const calls = (method: string, path: RegExp) =>
  sim.vercel.requests.filter((r) => r.method === method && path.test(r.path));
const recordsOf = (key = SECRET) => sim.vercel.envs('my-project').filter((e) => e.key === key);
/** What a deployment of `target` reads for `key`. */
const valueOf = (target: string, key = SECRET) => sim.vercel.valueOf('my-project', key, target);

describe('Vercel: the copy is written where deployments read it', () => {
  it('no record yet: a sensitive record for production and preview, after the secret write', async () => {
    const { seed, vercel } = seedBoth({
      envs: [{ key: 'OTHER', value: 'keep', target: ['production'] }],
    });
    slowSecretWrite(300);
    const run = await runSites(seed, vercel.inputs);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    const newToken = theNewToken(seed);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(newToken);
    expect([valueOf('production'), valueOf('preview'), valueOf('development')]).toEqual([
      newToken,
      newToken,
      undefined,
    ]);
    expect(recordsOf().map((e) => e.type)).toEqual(recordsOf().map(() => 'sensitive'));
    expect(valueOf('production', 'OTHER')).toBe('keep');
    // Only after GitHub has the token; with the key, not in a URL or header.
    const writes = siteWrites('vercel');
    expect(writes.length).toBeGreaterThanOrEqual(1);
    for (const w of writes) expect(w.at).toBeGreaterThanOrEqual(secretWriteAt() + 300);
    expect(writes.some((w) => w.rawBody.includes(newToken))).toBe(true);
    expectOnlyInBodies(newToken);
    for (const r of sim.vercel.requests)
      expect(r.headers.authorization).toBe(`Bearer ${vercel.token}`);
    expect(sitesOf(run)).toEqual([{ target: TARGET, status: 'updated' }]);
    expectMasked(run, vercel.token);
    siteCanary(run, seed, [vercel.token]);
  });

  it('existing records are PATCHed by id, keeping targets and types; nothing is created', async () => {
    const { seed, vercel } = seedBoth({
      envs: [
        { key: SECRET, value: 'old', type: 'sensitive', target: ['production', 'preview'] },
        { key: SECRET, value: 'old', type: 'encrypted', target: ['development'] },
      ],
    });
    const before = recordsOf().map((e) => ({ id: e.id, type: e.type, target: [...e.target] }));
    const run = await runSites(seed, {
      ...vercel.inputs,
      'vercel-targets': 'production,preview,development',
    });

    expect(run.code).toBe(0);
    const newToken = theNewToken(seed);
    expect(calls('POST', ENV_LIST)).toEqual([]);
    const patched = calls('PATCH', ENV_ONE).map((p) => p.path.split('/').pop());
    expect(patched.sort()).toEqual(before.map((b) => b.id).sort());
    // Targets and types as they were (the fake applies whatever a PATCH sends, and refuses `secret`).
    expect(recordsOf().map((e) => ({ id: e.id, type: e.type, target: e.target }))).toEqual(before);
    for (const target of ['production', 'preview', 'development']) {
      expect(valueOf(target)).toBe(newToken);
    }
    expect(sitesOf(run)).toEqual([{ target: TARGET, status: 'updated' }]);
  });

  it('a target no record covers gets its own sensitive record; the covered one is PATCHed', async () => {
    const { seed, vercel } = seedBoth({
      envs: [{ key: SECRET, value: 'old', type: 'encrypted', target: ['production'] }],
    });
    const run = await runSites(seed, vercel.inputs);

    expect(run.code).toBe(0);
    const newToken = theNewToken(seed);
    expect(calls('PATCH', ENV_ONE)).toHaveLength(1);
    const created = recordsOf().filter((e) => !e.target.includes('production'));
    expect(created.map((e) => [e.type, e.target])).toEqual([['sensitive', ['preview']]]);
    expect([valueOf('production'), valueOf('preview')]).toEqual([newToken, newToken]);
    expect(recordsOf()).toHaveLength(2);
  });

  it.each([['production,preview,development'], ['development']])(
    'vercel-targets %s: development is its own encrypted record, never sensitive',
    async (targets) => {
      const { seed, vercel } = seedBoth();
      const run = await runSites(seed, { ...vercel.inputs, 'vercel-targets': targets });

      expect(run.code).toBe(0);
      const newToken = theNewToken(seed);
      for (const target of ['production', 'preview', 'development']) {
        const record = recordsOf().find((e) => e.target.includes(target));
        if (!targets.includes(target)) {
          expect(record).toBeUndefined();
          continue;
        }
        expect(record?.value).toBe(newToken);
        expect(record?.type).toBe(target === 'development' ? 'encrypted' : 'sensitive');
      }
      expect(recordsOf().some((e) => e.type === 'secret')).toBe(false);
    },
  );

  it('site-variable names the key on Vercel', async () => {
    const { seed, vercel } = seedBoth();
    const run = await runSites(seed, { ...vercel.inputs, 'site-variable': 'IG_TOKEN' });

    expect(run.code).toBe(0);
    expect(valueOf('production', 'IG_TOKEN')).toBe(theNewToken(seed));
    expect(recordsOf()).toEqual([]);
  });

  it.each(['id', 'slug'] as const)(
    'a team project, vercel-team by %s: every call names the team',
    async (by) => {
      const { seed, vercel } = seedBoth({ team: 'acme-team', teamInput: by, tokenScope: 'team' });
      const run = await runSites(seed, vercel.inputs);

      expect(run.code).toBe(0);
      expect(valueOf('preview')).toBe(theNewToken(seed));
      for (const r of sim.vercel.requests) {
        expect(r.query).toMatchObject(
          by === 'id' ? { teamId: vercel.team?.id } : { slug: 'acme-team' },
        );
      }
    },
  );

  it('records past the first list page are found through pagination.next (until)', async () => {
    sim.vercel.settings.maxPageSize = 2;
    // Seeded first, so the list (newest first) shows it last, on the third page.
    const others = [0, 1, 2, 3, 4].map((i) => ({ key: `OTHER_${i}`, value: 'x' }));
    const { seed, vercel } = seedBoth({ envs: [{ key: SECRET, value: 'old' }, ...others] });
    const run = await runSites(seed, vercel.inputs);

    expect(run.code).toBe(0);
    expect(calls('GET', ENV_LIST).some((r) => r.query.until !== undefined)).toBe(true);
    expect(calls('POST', ENV_LIST)).toEqual([]);
    expect(recordsOf()).toHaveLength(1);
    expect(valueOf('production')).toBe(theNewToken(seed));
  });
});

describe('Vercel: a copy that fails is reported stale, after the GitHub write', () => {
  it('a team project without vercel-team (not found)', async () => {
    const { seed, vercel } = seedBoth({ team: 'acme-team' });
    const run = await runSites(seed, without(vercel.inputs, 'vercel-team'));
    expectStaleCopy(run, seed, theNewToken(seed), TARGET, [/vercel-(?:team|project)/]);
    siteCanary(run, seed, [vercel.token]);
  });

  it('an invalid token (403 invalidToken): not retried, the fix names vercel-token', async () => {
    const { seed, vercel } = seedBoth();
    sim.vercel.revokeToken(vercel.token);
    const run = await runSites(seed, vercel.inputs);
    const newToken = theNewToken(seed);
    expectStaleCopy(run, seed, newToken, TARGET, [/vercel-token/]);
    expect(calls('GET', ENV_LIST)).toHaveLength(1);
    // The secret was refreshed and written back: `refreshed` says so, `token` hands it on.
    expect(run.outputs.refreshed).toBe('true');
    expect(run.outputs.token).toBe(newToken);
    siteCanary(run, seed, [vercel.token]);
  });

  it('a failed[] entry in a 201 answer is a failure', async () => {
    const { seed, vercel } = seedBoth();
    const error = { code: 'ENV_CONFLICT', message: `\`${SECRET}\` already exists` };
    const body = { created: [], failed: [{ error }] };
    sim.vercel.faults.add({ method: 'POST', path: ENV_LIST, status: 201, body });
    const run = await runSites(seed, vercel.inputs);
    expectStaleCopy(run, seed, theNewToken(seed), TARGET);
  });

  it('a 429 whose Retry-After would overrun run-timeout is not waited for', async () => {
    const { seed, vercel } = seedBoth();
    const headers = { 'retry-after': '600' };
    sim.vercel.faults.add({ path: ENV_LIST, status: 429, headers, times: Infinity });
    const run = await runSites(seed, { ...vercel.inputs, 'run-timeout': '15' });
    expect(run.durationMs).toBeLessThanOrEqual(18_000);
    expectStaleCopy(run, seed, theNewToken(seed), TARGET);
  });
});

describe('Vercel: transient failures are retried', () => {
  const FAULTS: [string, SiteFaultRule & { method: string; path: RegExp }][] = [
    [
      '429, Retry-After: 1, on the list',
      { method: 'GET', path: ENV_LIST, status: 429, headers: { 'retry-after': '1' } },
    ],
    ['500 on the PATCH', { method: 'PATCH', path: ENV_ONE, status: 500 }],
    ['a connection reset on the PATCH', { method: 'PATCH', path: ENV_ONE, reset: true }],
  ];
  it.each(FAULTS)('%s', async (_name, rule) => {
    const { seed, vercel } = seedBoth({ envs: [{ key: SECRET, value: 'old', type: 'sensitive' }] });
    sim.vercel.faults.add(rule);
    const run = await runSites(seed, vercel.inputs);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    const minWaitMs = rule.status === 429 ? 950 : undefined;
    expectRetriedOnce(sim.vercel.requests, rule.method, rule.path, minWaitMs);
    expect(valueOf('preview')).toBe(theNewToken(seed));
    expect(sitesOf(run)).toEqual([{ target: TARGET, status: 'updated' }]);
  });
});

describe('Vercel: runs that must not write', () => {
  it('a dry run reads the env list, writes nothing, and says skipped', async () => {
    const { seed, vercel } = seedBoth();
    const run = await runSites(seed, { ...vercel.inputs, 'dry-run': 'true' });

    expect(run.code).toBe(0);
    expect(calls('GET', ENV_LIST).length).toBeGreaterThanOrEqual(1);
    expect(siteWrites()).toEqual([]);
    expect(sim.vercel.envs('my-project')).toEqual([]);
    expect(sitesOf(run)).toEqual([{ target: TARGET, status: 'skipped' }]);
    siteCanary(run, seed, [vercel.token]);
  });

  it('a skipped run (threshold) updates nothing', async () => {
    const { seed, vercel } = seedBoth();
    const run = await runSkippedByThreshold(seed, vercel.inputs);

    expect(sitesOf(run)).toEqual([{ target: TARGET, status: 'skipped' }]);
  });

  it.each([
    ['failure issues are off', { 'open-issue-on-failure': 'false' }, () => undefined],
    [
      'the open issues cannot be read',
      {},
      () => sim.github.faults.add({ method: 'GET', path: '/repos/acme/site/issues', status: 403 }),
    ],
  ])(
    'a token not due is refreshed and delivered again when %s: only an issue could say a copy is stale',
    async (_name, extra, fault) => {
      const { seed, vercel } = seedBoth();
      fault();
      sim.github.setVariable(seed.scope, VARIABLE, iso(Date.now() + 50 * DAY_MS));
      const run = await runSites(seed, {
        ...vercel.inputs,
        ...extra,
        'refresh-threshold-days': '20',
      });

      expect(run.code).toBe(0);
      expect(refreshCalls()).toHaveLength(1);
      expect(sitesOf(run)).toEqual([{ target: TARGET, status: 'updated' }]);
      expect(siteWrites('vercel').length).toBeGreaterThan(0);
      expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(theNewToken(seed));
      siteCanary(run, seed);
    },
  );
});
