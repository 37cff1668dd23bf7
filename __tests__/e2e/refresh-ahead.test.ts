/**
 * Refreshing ahead of expiry (`refresh-threshold-days`, docs/behaviour.md): a token whose recorded
 * expiry is further away than the threshold is only checked with /me, never refreshed or
 * written; a near, unknown or past expiry refreshes. A token too new for Instagram to refresh
 * (younger than 24 hours; docs/platform-facts.md, "Instagram Login: refresh") is skipped with a
 * notice instead of failing.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario } from '../../simulator/index.js';
import {
  DAY_MS,
  REAUTHORIZE,
  errorLines,
  expectNoLeak,
  expectSucceeded,
  issueTexts,
  iso,
  type ActionRun,
} from './support.js';
import {
  SECRET,
  mintedFrom,
  realIssues,
  restartSimulator,
  runWith,
  secretPuts,
  secretsOf,
  sim,
  theNewToken,
  useFreshSimulator,
  type Seed,
} from './world.js';

jest.setTimeout(60_000);

type SeedToken = NonNullable<Parameters<typeof seedScenario>[1]['token']>;

const VARIABLE = `${SECRET}_EXPIRES_AT`;
const REFRESH = '/refresh_access_token';

useFreshSimulator();

/** An Instagram world with the expiry recorded `days` from now (none when undefined). */
function seedRecorded(days: number | undefined, token: SeedToken = {}): Seed {
  const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo', token });
  if (days !== undefined)
    sim.github.setVariable(seed.scope, VARIABLE, iso(Date.now() + days * DAY_MS));
  return seed;
}

function refreshCalls(): number {
  return sim.graph.requests.filter((r) => r.path === REFRESH).length;
}

/** /me calls made with the given token. */
function meCallsWith(token: string): number {
  return sim.graph.requests.filter(
    (r) =>
      /^(?:\/v\d+\.\d+)?\/me$/.test(r.path) &&
      (r.query.access_token === token || String(r.headers.authorization ?? '').includes(token)),
  ).length;
}

function githubWrites(): string[] {
  return sim.github.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}

/**
 * The run skipped cleanly: nothing minted at Meta, no write at GitHub but `writes` (a skip
 * under the 24-hour rule records a cautious expiry), the old token kept.
 */
function expectSkipped(
  seed: Seed,
  run: ActionRun,
  refreshesAsked = 0,
  writes: string[] = [],
): void {
  expect(errorLines(run)).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.refreshed).toBe('false');
  expect(run.outputs.token ?? '').toBe('');
  expect(refreshCalls()).toBe(refreshesAsked);
  expect(mintedFrom(seed)).toEqual([]);
  expect(githubWrites()).toEqual(writes);
  expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
  expect(sim.github.issues).toEqual([]);
}

function expectRefreshed(seed: Seed, run: ActionRun): void {
  expectSucceeded(run);
  expect(refreshCalls()).toBe(1);
  expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(theNewToken(seed));
  expect(sim.github.getVariable(seed.scope, VARIABLE)?.value).toBe(run.outputs['expires-at']);
}

describe('refresh-threshold-days', () => {
  it('an expiry 50 days away with a 20-day threshold: checked, not refreshed', async () => {
    const seed = seedRecorded(50);
    const run = await runWith(seed, { 'refresh-threshold-days': '20' });

    expectSkipped(seed, run);
    expect(['49', '50']).toContain(run.outputs['days-left']);
    expect(run.outputs['expires-at']).toBe(sim.github.getVariable(seed.scope, VARIABLE)?.value);
    expect(meCallsWith(seed.instagramToken)).toBeGreaterThanOrEqual(1);
    expect(run.summary).toMatch(/skipped/i);
    expect(run.summary).toMatch(/refresh-threshold-days|20 days/);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });

  it.each([
    ['an expiry 10 days away', 10],
    ['no recorded expiry', undefined],
  ])('%s with a 20-day threshold: refreshed', async (_name, days) => {
    const seed = seedRecorded(days);
    const run = await runWith(seed, { 'refresh-threshold-days': '20' });

    expectRefreshed(seed, run);
    expect(Number(run.outputs['days-left'])).toBeGreaterThanOrEqual(59);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });

  it('a recorded expiry in the past still tries the refresh once; the issue leads with re-authorizing', async () => {
    const seed = seedRecorded(-3, { expiresInMs: -3 * DAY_MS });
    const run = await runWith(seed, { 'refresh-threshold-days': '20' });

    expect(run.code).toBe(1);
    expect(refreshCalls()).toBe(1);
    expect(mintedFrom(seed)).toEqual([]);
    expect(secretPuts()).toEqual([]);
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).toMatch(/subcode 463/);
    const issues = realIssues();
    expect(issues).toHaveLength(1);
    const steps = issues[0].body.split('### What to do')[1] ?? '';
    const firstStep = /^1\. (.*)$/m.exec(steps)?.[1] ?? '';
    expect(firstStep).toMatch(REAUTHORIZE);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });
});

describe('refresh-threshold-days with an open failure issue', () => {
  it('refreshes although the token is not due, and closes the issue', async () => {
    const seed = seedRecorded(50);
    sim.github.addIssue({
      repo: 'acme/site',
      title: 'Instagram token refresh failed: INSTAGRAM_ACCESS_TOKEN (acme/site)',
      body: '<!-- instagram-token-refresh:failure repo:acme/site:INSTAGRAM_ACCESS_TOKEN -->\nEarlier.',
      labels: ['instagram-token'],
    });
    const run = await runWith(seed, { 'refresh-threshold-days': '20' });

    expectRefreshed(seed, run);
    expect(run.stdout).toMatch(/failure issue #1 is open: refreshing now/);
    expect(sim.github.issues[0].state).toBe('closed');
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });
});

describe('refresh-threshold-days with a Facebook Login token', () => {
  /** A Facebook Login token that debug_token says expires in 50 days; no recorded expiry. */
  function seedFacebook(): Seed {
    return seedScenario(sim, {
      flavour: 'facebook',
      scope: 'repo',
      token: { expiresInMs: 50 * DAY_MS },
    });
  }

  function exchangeCalls(): number {
    return sim.graph.requests.filter((r) => /\/oauth\/access_token$/.test(r.path)).length;
  }

  // docs/behaviour.md, "Input rules": the expiry is known from the expiry variable, and for
  // Facebook Login tokens from debug_token.
  it('the expiry from debug_token, 50 days away, skips the exchange', async () => {
    const seed = seedFacebook();
    const run = await runWith(seed, { 'refresh-threshold-days': '20' });

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(sim.graph.requests.some((r) => /\/debug_token$/.test(r.path))).toBe(true);
    expect(exchangeCalls()).toBe(0);
    expect(run.outputs.refreshed).toBe('false');
    expect(['49', '50']).toContain(run.outputs['days-left']);
    expect(githubWrites()).toEqual([]);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });

  it('the dry run already reads debug_token and says a real run would skip', async () => {
    const seed = seedFacebook();
    const run = await runWith(seed, { 'refresh-threshold-days': '20', 'dry-run': 'true' });

    expect(run.code).toBe(0);
    expect(exchangeCalls()).toBe(0);
    expect(run.summary).toMatch(/would skip/i);
    expect(githubWrites()).toEqual([]);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });
});

describe('a skipped run still checks the token', () => {
  it('a revoked token far from its recorded expiry fails the step and opens the issue', async () => {
    const seed = seedRecorded(50, { valid: false });
    const run = await runWith(seed, { 'refresh-threshold-days': '20' });

    expect(run.code).toBe(1);
    expect(refreshCalls()).toBe(0);
    expect(meCallsWith(seed.instagramToken)).toBeGreaterThanOrEqual(1);
    expect(mintedFrom(seed)).toEqual([]);
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).toMatch(/subcode 460/);
    expect(
      sim.github.requests.filter((r) => r.method !== 'GET' && !/\/(issues|labels)/.test(r.path)),
    ).toEqual([]);
    const issues = realIssues();
    expect(issues).toHaveLength(1);
    expect(issues[0].body).toMatch(REAUTHORIZE);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });
});

describe('a token too new to refresh', () => {
  it.each([
    ['Meta says why', undefined],
    [
      'Meta does not say why (the secret was just written)',
      { code: 190, message: 'Invalid OAuth access token.' },
    ],
  ] as const)('%s: skipped with a notice, nothing written, no issue', async (_name, error) => {
    if (error) {
      await restartSimulator({ graph: { tooYoungError: { ...error } } });
    }
    // The seed writes the secret now: it holds a token refreshed an hour ago.
    const seed = seedRecorded(undefined, { ageMs: 60 * 60 * 1000 });
    const run = await runWith(seed);

    // The refresh was asked once and refused; only the cautious expiry (59 days) was written.
    expectSkipped(seed, run, 1, ['POST /repos/acme/site/actions/variables']);
    const recorded = Date.parse(sim.github.getVariable(seed.scope, VARIABLE)?.value ?? '');
    expect(Math.abs(recorded - (Date.now() + 59 * DAY_MS))).toBeLessThan(60_000);
    const asked = sim.graph.requests.filter((r) => r.path === REFRESH);
    expect(asked).toHaveLength(1);
    expect(asked[0].status).toBe(400);
    const notices = run.stdout.split('\n').filter((line) => line.startsWith('::notice'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/24 hours/);
    expect(meCallsWith(seed.instagramToken)).toBeGreaterThanOrEqual(1);
    expect(run.outputs['issue-number']).toBeUndefined();
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });
});

describe('a token too new to refresh, while the expiry variable cannot be read', () => {
  it('fails with the refusal: nothing proves the token young, nothing overwrites the variable', async () => {
    const seed = seedRecorded(3, { ageMs: 60 * 60 * 1000 });
    sim.github.faults.add({
      method: 'GET',
      path: `/repos/acme/site/actions/variables/${VARIABLE}`,
      times: Infinity,
      status: 500,
    });
    const run = await runWith(seed, { 'run-timeout': '40' }, 60_000);

    expect(run.code).toBe(1);
    expect(githubWrites().filter((w) => w.includes('/variables'))).toEqual([]);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::notice'))).toEqual([]);
    expect(errorLines(run)).toHaveLength(1);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });
});

describe('dry run with a threshold', () => {
  it.each([
    ['50 days away', 50, /would skip/i],
    ['10 days away', 10, /would refresh/i],
  ])('an expiry %s: reports what a real run would do', async (_name, days, would) => {
    const seed = seedRecorded(days);
    const run = await runWith(seed, { 'refresh-threshold-days': '20', 'dry-run': 'true' });

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.refreshed).toBe('false');
    expect(refreshCalls()).toBe(0);
    expect(githubWrites()).toEqual([]);
    expect(meCallsWith(seed.instagramToken)).toBeGreaterThanOrEqual(1);
    expect(run.summary).toMatch(/dry run/i);
    expect(run.summary).toMatch(would);
    expect(run.stdout).toMatch(would);
    expect(run.outputs['days-left']).toBe(String(days - 1));
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });
});
