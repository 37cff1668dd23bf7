/**
 * `accounts` at scale (docs/behaviour.md rule 11): accounts run concurrently with a bound, and
 * writes to GitHub are paced inside its secondary rate limits for content-creating requests (80
 * a minute, 500 an hour) instead of running into them. The GitHub fake enforces those limits
 * here (simulator/secondary-limits.js, opt-in): a run that outpaces them meets the 403 GitHub
 * would send. Accounts that do not fit the run's budget are reported as failed, with when to run
 * again, and nothing of theirs reaches Meta.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { errorLines } from './support.js';
import { refreshCalls, reportText } from './probes.js';
import {
  canaryAll,
  expectRefreshedInto,
  expectUntouched,
  refreshesOf,
  resultsOf,
  rowOf,
  runAccounts,
  seedAccounts,
  summaryTable,
  type AccountSpec,
} from './accounts-world.js';
import { restartSimulator, sim, useFreshSimulator } from './world.js';

jest.setTimeout(120_000);

useFreshSimulator();

const PER_MINUTE = 80;
const MINUTE_MS = 60_000;
/** The concurrency bound the action keeps (its own choice, documented with `accounts`). */
const MAX_IN_FLIGHT = 4;

/** `n` Instagram accounts named IG_ACCOUNT_001… (no name contains another). */
function specs(n: number): AccountSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    secret: `IG_ACCOUNT_${String(i + 1).padStart(3, '0')}`,
  }));
}

/** The GitHub fake with GitHub's secondary limits for content-creating requests switched on. */
async function withSecondaryLimits(): Promise<void> {
  await restartSimulator({ github: { secondaryLimits: { perMinute: PER_MINUTE, perHour: 500 } } });
}

/** The most content-creating requests (POST, PATCH, PUT, DELETE) within any one minute. */
function peakWritesPerMinute(): number {
  const writes = sim.github.requests.filter((r) => r.method !== 'GET');
  return peakInWindow(
    writes.map((r) => r.at),
    MINUTE_MS,
  );
}

/** The most requests that arrived within any `windowMs` (a sliding window). */
function peakInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** No request at GitHub was refused as a rate limit: the pacing kept inside it. */
function expectNoRateLimitAnswers(): void {
  const limited = sim.github.requests.filter(
    (r) => r.secondaryLimited || r.status === 403 || r.status === 429,
  );
  expect(limited.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([]);
}

describe('pacing writes inside GitHub secondary rate limits', () => {
  it('20 accounts: all refreshed and written, no rate-limit answer, well inside run-timeout', async () => {
    await withSecondaryLimits();
    const world = seedAccounts(specs(20));

    const run = await runAccounts(world, {}, {}, 110_000);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    for (const account of world.accounts) expectRefreshedInto(world, account);
    expect(resultsOf(run).map((r) => [r.secret, r.status])).toEqual(
      world.accounts.map((a) => [a.secret, 'refreshed']),
    );
    expectNoRateLimitAnswers();
    expect(peakWritesPerMinute()).toBeLessThanOrEqual(PER_MINUTE);
    // run-timeout defaults to 300 s; 20 accounts need a fraction of it.
    expect(run.durationMs).toBeLessThan(60_000);
    canaryAll(run, world);
  });

  it('more accounts than the budget holds: what fits is done, the rest failed with when to retry', async () => {
    await withSecondaryLimits();
    // 120 accounts need at least 240 writes (secret and expiry variable): three minutes of
    // GitHub's 80 a minute, far more than a 30 s run-timeout holds. At most 80 writes fit.
    const world = seedAccounts(specs(120));

    const run = await runAccounts(
      world,
      { 'run-timeout': '30', 'open-issue-on-failure': 'false' },
      {},
      60_000,
    );

    expect(run.code).toBe(1);
    expect(run.durationMs).toBeLessThan(40_000);
    expectNoRateLimitAnswers();
    expect(peakWritesPerMinute()).toBeLessThanOrEqual(PER_MINUTE);

    const results = resultsOf(run);
    expect(results.map((r) => r.secret)).toEqual(world.accounts.map((a) => a.secret));
    const refreshed = world.accounts.filter((_, i) => results[i].status === 'refreshed');
    const failed = world.accounts.filter((_, i) => results[i].status === 'failed');
    expect(refreshed.length + failed.length).toBe(120);
    expect(refreshed.length).toBeGreaterThanOrEqual(1);
    expect(failed.length).toBeGreaterThanOrEqual(120 - PER_MINUTE / 2);
    for (const account of refreshed) expectRefreshedInto(world, account);
    // Not processed: nothing of theirs reached Meta, their secrets as they were.
    for (const account of failed) expectUntouched(world, account);

    // The report says why, and when a run will fit again.
    const report = reportText(run);
    expect(report).toMatch(/rate budget/i);
    expect(report).toMatch(/\b\d{1,2}:\d{2}\b/);
    const { tables, rows } = summaryTable(run);
    expect(tables).toBe(1);
    for (const account of failed) expect(rowOf(rows, account.secret)).toMatch(/budget/i);
    expect(sim.github.issues).toEqual([]);
    canaryAll(run, world);
  });

  it('a limit met anyway (another writer used the minute): no more tokens spent at Meta', async () => {
    // Derived from rule 1 (a run that cannot reach the secret sends nothing to Meta) and
    // behaviour 11: the run cannot see another step's or run's writes with the same token, so
    // it may meet GitHub's 403. Once GitHub said "not for a minute" and the run-timeout is
    // shorter, an account not yet started cannot be written: it must not be refreshed either.
    await withSecondaryLimits();
    const world = seedAccounts(specs(40));
    await writeElsewhere(world.seed.githubToken, 70);
    const mark = sim.github.requests.length;

    const run = await runAccounts(world, { 'run-timeout': '30', 'open-issue-on-failure': 'false' });

    expect(run.code).toBe(1);
    const refused = sim.github.requests.slice(mark).find((r) => r.status === 403);
    expect(refused).toBeDefined();
    const refreshedAfter = refreshCalls().filter((r) => r.at > (refused?.at ?? 0));
    expect(refreshedAfter.length).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    const results = resultsOf(run);
    for (const [i, account] of world.accounts.entries()) {
      // Each account either holds its new token, or failed; a failed one spent at most the
      // refresh that was already under way.
      if (results[i].status === 'refreshed') expectRefreshedInto(world, account);
      else expect(results[i].status).toBe('failed');
    }
    expect(reportText(run)).toMatch(/rate (?:budget|limit)/i);
    canaryAll(run, world);
  });
});

/** Another step or run with the same token makes `n` content-creating requests just now. */
async function writeElsewhere(githubToken: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${sim.github.url}/repos/acme/site/actions/variables`, {
      method: 'POST',
      headers: { authorization: `Bearer ${githubToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `ELSEWHERE_${i}`, value: 'x' }),
    });
    expect(response.status).toBe(201);
  }
}

describe('bounded concurrency', () => {
  it(`10 accounts: refreshes overlap, at most ${MAX_IN_FLIGHT} at once`, async () => {
    const world = seedAccounts(specs(10));
    // Each refresh takes 600 ms at Meta: accounts run one after another show no overlap, and
    // unbounded ones show all ten at once.
    sim.graph.faults.add({
      method: 'GET',
      path: '/refresh_access_token',
      times: Infinity,
      delayMs: 600,
    });

    const run = await runAccounts(world);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    for (const account of world.accounts) {
      expect(refreshesOf(account.token)).toHaveLength(1);
      expectRefreshedInto(world, account);
    }
    const refreshes = sim.graph.requests.filter((r) => r.path === '/refresh_access_token');
    const peak = Math.max(...refreshes.map((r) => r.inFlight));
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    canaryAll(run, world);
  });
});
