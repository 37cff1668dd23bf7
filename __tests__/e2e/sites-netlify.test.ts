/**
 * The Netlify copy (README "Inputs" `netlify-*`; docs/behaviour.md rule 12; docs/platform-facts.md, "Netlify"): the site
 * is read to find its team, addressed by `account_slug` as Netlify's CLI does; the variable is
 * then replaced (PUT) when it exists, else created (POST), as a secret with a value for every
 * deploy context but local dev. The fake refuses a secret for context `all`, as the CLI avoids.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedNetlify, seedScenario } from '../../simulator/index.js';
import { errorLines } from './support.js';
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
  type SiteFaultRule,
  runSkippedByThreshold,
} from './sites-world.js';
import { SECRET, expectRetriedOnce, sim, theNewToken, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

const DEPLOY_CONTEXTS = ['production', 'deploy-preview', 'branch-deploy'];

useFreshSimulator();

function seedBoth(spec: Parameters<typeof seedNetlify>[1] = {}) {
  const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
  const netlify = seedNetlify(sim, spec);
  const envPath = `/accounts/${netlify.account.slug}/env`;
  return {
    seed,
    netlify,
    envPath,
    keyPath: `${envPath}/${SECRET}`,
    sitePath: `/sites/${netlify.site.id}`,
  };
}

const calls = (method: string, path: string) =>
  sim.netlify.requests.filter((r) => r.method === method && r.path === path);

/** Every deploy context reads `token`, the variable is secret, and no value is for `all`. */
function expectSecretEverywhere(site: string, token: string, key = SECRET): void {
  const stored = sim.netlify.envVar(site, key);
  expect(stored?.is_secret).toBe(true);
  for (const context of DEPLOY_CONTEXTS)
    expect(sim.netlify.valueOf(site, key, context)).toBe(token);
  expect(stored?.values.filter((v) => v.context === 'all')).toEqual([]);
  expect(stored?.values.filter((v) => v.context.startsWith('dev') && v.value === token)).toEqual(
    [],
  );
}

describe('Netlify: the copy is a secret for every deploy context', () => {
  it('a new variable: the site read first, then one POST to its team (by slug) and site', async () => {
    const { seed, netlify, envPath, sitePath } = seedBoth();
    slowSecretWrite(300);
    const run = await runSites(seed, netlify.inputs);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    const newToken = theNewToken(seed);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(newToken);
    expectSecretEverywhere(netlify.site.id, newToken);
    expect(calls('GET', sitePath)).toHaveLength(1);
    const [post] = calls('POST', envPath);
    expect(post.query).toEqual({ site_id: netlify.site.id });
    // Sent after the site's answer went out (same-millisecond clocks allowed).
    expect(post.at).toBeGreaterThanOrEqual(calls('GET', sitePath)[0].doneAt ?? Infinity);
    expect(siteWrites('netlify')).toHaveLength(1);
    for (const w of siteWrites('netlify'))
      expect(w.at).toBeGreaterThanOrEqual(secretWriteAt() + 300);
    for (const r of sim.netlify.requests)
      expect(r.headers.authorization).toBe(`Bearer ${netlify.token}`);
    expectOnlyInBodies(newToken);
    expect(sitesOf(run)).toEqual([{ target: netlify.target, status: 'updated' }]);
    expectMasked(run, netlify.token);
    siteCanary(run, seed, [netlify.token]);
  });

  it.each([
    ['a plain variable for context all', [{ context: 'all', value: 'old' }], false],
    [
      'a secret with its own contexts and an empty dev value',
      [
        ...DEPLOY_CONTEXTS.map((context) => ({ context, value: 'old' })),
        { context: 'dev', value: '' },
      ],
      true,
    ],
  ])('an existing variable (%s) is replaced with one PUT', async (_n, values, isSecret) => {
    const { seed, netlify, envPath, keyPath } = seedBoth({
      envs: [{ key: SECRET, values, is_secret: isSecret }],
    });
    const run = await runSites(seed, netlify.inputs);

    expect(run.code).toBe(0);
    expect(calls('PUT', keyPath)).toHaveLength(1);
    expect(calls('POST', envPath)).toEqual([]);
    expectSecretEverywhere(netlify.site.id, theNewToken(seed));
    expect(sitesOf(run)).toEqual([{ target: netlify.target, status: 'updated' }]);
  });

  it('site-variable names the key on Netlify; other variables stay as they were', async () => {
    const other = { key: 'OTHER', values: [{ context: 'all', value: 'keep' }] };
    const { seed, netlify } = seedBoth({ envs: [other] });
    const run = await runSites(seed, { ...netlify.inputs, 'site-variable': 'IG_TOKEN' });

    expect(run.code).toBe(0);
    expectSecretEverywhere(netlify.site.id, theNewToken(seed), 'IG_TOKEN');
    expect(sim.netlify.envVar(netlify.site.id, SECRET)).toBeUndefined();
    expect(sim.netlify.valueOf(netlify.site.id, 'OTHER', 'production')).toBe('keep');
  });
});

describe('Netlify: a copy that fails is reported stale', () => {
  it('a site id Netlify does not know (404): the fix names netlify-site', async () => {
    const { seed, netlify } = seedBoth();
    const run = await runSites(seed, {
      ...netlify.inputs,
      'netlify-site': '00000000-0000-4000-8000-000000000000',
    });
    expectStaleCopy(run, seed, theNewToken(seed), 'netlify:00000000-0000-4000-8000-000000000000', [
      /netlify-site/,
    ]);
  });

  it.each([
    ['a revoked token', 'revoked'],
    ["a token of someone outside the site's team", 'outsider'],
  ])('%s (401): not retried, the fix names netlify-token', async (_n, how) => {
    const { seed, netlify, sitePath } = seedBoth();
    let token = netlify.token;
    if (how === 'revoked') sim.netlify.revokeToken(token);
    else
      token = sim.netlify.addToken({
        accounts: [sim.netlify.addAccount({ slug: 'elsewhere' }).id],
      });
    const run = await runSites(seed, { ...netlify.inputs, 'netlify-token': token });

    expectStaleCopy(run, seed, theNewToken(seed), netlify.target, [/netlify-token/]);
    expect(calls('GET', sitePath)).toHaveLength(1);
    siteCanary(run, seed, [token]);
  });
});

describe('Netlify: transient failures are retried', () => {
  const FAULTS: [string, (paths: { sitePath: string; envPath: string }) => SiteFaultRule][] = [
    ['500 on the site read', ({ sitePath }) => ({ method: 'GET', path: sitePath, status: 500 })],
    [
      '429 with Retry-After: 1 on the create',
      ({ envPath }) => ({
        method: 'POST',
        path: envPath,
        status: 429,
        headers: { 'retry-after': '1' },
      }),
    ],
    [
      'a connection reset on the create',
      ({ envPath }) => ({ method: 'POST', path: envPath, reset: true }),
    ],
  ];
  it.each(FAULTS)('%s', async (_n, ruleFor) => {
    const { seed, netlify, sitePath, envPath } = seedBoth();
    const rule = sim.netlify.faults.add(ruleFor({ sitePath, envPath }));
    const run = await runSites(seed, netlify.inputs);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    const minWaitMs = rule.status === 429 ? 950 : undefined;
    expectRetriedOnce(sim.netlify.requests, rule.method ?? 'GET', rule.path, minWaitMs);
    expectSecretEverywhere(netlify.site.id, theNewToken(seed));
  });
});

describe('Netlify: runs that must not write', () => {
  it('a dry run reads the site, writes nothing, and says skipped', async () => {
    const { seed, netlify, sitePath } = seedBoth();
    const run = await runSites(seed, { ...netlify.inputs, 'dry-run': 'true' });

    expect(run.code).toBe(0);
    expect(calls('GET', sitePath).length).toBeGreaterThanOrEqual(1);
    expect(siteWrites()).toEqual([]);
    expect(sim.netlify.envVar(netlify.site.id, SECRET)).toBeUndefined();
    expect(sitesOf(run)).toEqual([{ target: netlify.target, status: 'skipped' }]);
    siteCanary(run, seed, [netlify.token]);
  });

  it('a dry run with a token Netlify refuses fails, and writes nothing', async () => {
    const { seed, netlify } = seedBoth();
    sim.netlify.revokeToken(netlify.token);
    const run = await runSites(seed, { ...netlify.inputs, 'dry-run': 'true' });

    expect(run.code).toBe(1);
    expect(errorLines(run).join('\n')).toMatch(/netlify-token/);
    expect(siteWrites()).toEqual([]);
    expect(sim.github.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a skipped run (threshold) updates nothing', async () => {
    const { seed, netlify } = seedBoth();
    const run = await runSkippedByThreshold(seed, netlify.inputs);

    expect(sitesOf(run)).toEqual([{ target: netlify.target, status: 'skipped' }]);
  });
});
