/**
 * A refused refresh (docs/behaviour.md rule 7): it is Instagram's 24-hour rule, skipped with a
 * notice, only when Meta refused the token itself (an error object with code 190 and no subcode,
 * or a message about the token's age), the current token still passes /me, and no expiry is
 * recorded or the recorded one is at least 59 days away. Every other refusal fails the run
 * with Meta's code and fbtrace_id. A skip never closes the failure issue.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario, type Simulator } from '../../simulator/index.js';
import { DAY_MS, errorLines, iso } from './support.js';
import {
  VARIABLE,
  daysUntil,
  openFailureIssues,
  refreshCalls,
  reportText,
  seedOpenFailureIssue,
} from './probes.js';
import {
  SECRET,
  canary,
  mintedFrom,
  realIssues,
  runWith,
  secretPuts,
  sim,
  useFreshSimulator,
  type Seed,
} from './world.js';

jest.setTimeout(60_000);

type FaultRule = Parameters<Simulator['graph']['faults']['add']>[0];
type SeedToken = NonNullable<Parameters<typeof seedScenario>[1]['token']>;

const HOUR_MS = 60 * 60 * 1000;
/** Runs may retry a refusal they take for transient; the test waits for the verdict either way. */
const RUN_TIMEOUT_MS = 50_000;

useFreshSimulator();

/** Meta's error body, with an fbtrace_id the test can look for. */
function metaError(code: number | undefined, message: string, fbtrace: string) {
  return {
    error: {
      message,
      type: 'OAuthException',
      ...(code === undefined ? {} : { code }),
      fbtrace_id: fbtrace,
    },
  };
}

/** Every refresh is answered with `answer` (a retry cannot turn it into a success). */
function refuseEveryRefresh(answer: Omit<FaultRule, 'path'>): void {
  sim.graph.faults.add({
    method: 'GET',
    path: '/refresh_access_token',
    times: Infinity,
    ...answer,
  });
}

/** An Instagram world whose token is `token`, with the expiry recorded `days` from now. */
function seedWith(token: SeedToken, days?: number): Seed {
  const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo', token });
  if (days !== undefined)
    sim.github.setVariable(seed.scope, VARIABLE, iso(Date.now() + days * DAY_MS));
  return seed;
}

/** Failed: exit 1, nothing minted or written, the old token kept, one failure issue open. */
function expectFailed(seed: Seed, run: Awaited<ReturnType<typeof runWith>>): string {
  expect(run.code).toBe(1);
  expect(refreshCalls().length).toBeGreaterThanOrEqual(1);
  expect(mintedFrom(seed)).toEqual([]);
  expect(secretPuts()).toEqual([]);
  expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
  expect(run.outputs.refreshed ?? 'false').toBe('false');
  expect(errorLines(run)).toHaveLength(1);
  expect(openFailureIssues()).toHaveLength(1);
  return reportText(run);
}

describe('refusals that are not the 24-hour rule fail the run', () => {
  it('code 100 (a bad request): fails with the code and fbtrace_id, opens the issue', async () => {
    const seed = seedWith({});
    refuseEveryRefresh({
      status: 400,
      body: metaError(100, '(#100) Unsupported request - method type: get', 'AcodeHundredTrace'),
    });
    const run = await runWith(seed, {}, RUN_TIMEOUT_MS);

    const report = expectFailed(seed, run);
    expect(errorLines(run)[0]).toMatch(/\b100\b/);
    expect(report).toContain('AcodeHundredTrace');
    expect(realIssues()).toHaveLength(1);
    canary(run, seed);
  });

  it('code 190 without subcode for a 58-day-old token (expiry recorded 2 days away): fails, the open issue stays open', async () => {
    const seed = seedWith({ ageMs: 58 * DAY_MS, expiresInMs: 2 * DAY_MS }, 2);
    const earlier = seedOpenFailureIssue();
    refuseEveryRefresh({
      status: 400,
      body: metaError(190, 'Invalid OAuth access token.', 'AoldTokenTrace190'),
    });
    const run = await runWith(seed, {}, RUN_TIMEOUT_MS);

    const report = expectFailed(seed, run);
    expect(errorLines(run)[0]).toMatch(/\b190\b/);
    expect(report).toContain('AoldTokenTrace190');
    expect(realIssues()).toHaveLength(1);
    expect(earlier.state).toBe('open');
    expect(run.outputs['issue-number']).toBe(String(earlier.number));
    canary(run, seed);
  });

  it('an HTML 404 page instead of JSON: fails, and no page is printed', async () => {
    const seed = seedWith({});
    refuseEveryRefresh({
      status: 404,
      rawBody:
        '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>nope</body></html>',
      contentType: 'text/html; charset=utf-8',
    });
    const run = await runWith(seed, {}, RUN_TIMEOUT_MS);

    const report = expectFailed(seed, run);
    expect(report).toMatch(/404|not JSON|non-JSON|HTML|unexpected/i);
    expect(report).not.toMatch(/<!DOCTYPE|<html/i);
    expect(realIssues()).toHaveLength(1);
    canary(run, seed);
  });

  it('code 368 saying "try again in 24 hours": the code wins over the words, fails', async () => {
    const seed = seedWith({});
    refuseEveryRefresh({
      status: 400,
      body: metaError(
        368,
        'It looks like you were misusing this feature by going too fast. You have been temporarily blocked from using it. Please try again in 24 hours.',
        'Ablocked368Trace',
      ),
    });
    const run = await runWith(seed, { 'run-timeout': '40' }, RUN_TIMEOUT_MS);

    const report = expectFailed(seed, run);
    expect(errorLines(run)[0]).toMatch(/\b368\b/);
    expect(report).toContain('Ablocked368Trace');
    canary(run, seed);
  });
});

describe("a brand-new token refused by Instagram's 24-hour rule", () => {
  const WAYS: { name: string; answer?: Omit<FaultRule, 'path'> }[] = [
    { name: "the fake's own answer (code 190, about the token's age)" },
    {
      name: 'code 190 with no subcode and no reason',
      answer: { status: 400, body: metaError(190, 'Invalid OAuth access token.', 'Anew190Trace') },
    },
    {
      name: "no code, a message about the token's age",
      answer: {
        status: 400,
        body: metaError(undefined, 'The access token is too new to be refreshed.', 'AnoCodeTrace'),
      },
    },
  ];

  it.each(WAYS)(
    '$name: skipped, a conservative expiry recorded, the issue left open; refused again with 58 days recorded, it fails',
    async ({ answer }) => {
      const seed = seedWith({ ageMs: HOUR_MS });
      const earlier = seedOpenFailureIssue();
      if (answer) refuseEveryRefresh(answer);
      const skipped = await runWith(seed, {}, RUN_TIMEOUT_MS);

      expect(errorLines(skipped)).toEqual([]);
      expect(skipped.code).toBe(0);
      expect(skipped.outputs.refreshed).toBe('false');
      expect(refreshCalls().length).toBeGreaterThanOrEqual(1);
      expect(secretPuts()).toEqual([]);
      expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
      // 59 days from now: the same refusal a day later cannot pass for the same rule.
      const recorded = sim.github.getVariable(seed.scope, VARIABLE)?.value;
      expect(daysUntil(recorded)).toBeGreaterThanOrEqual(58);
      expect(daysUntil(recorded)).toBeLessThanOrEqual(60);
      // A skip proves nothing about the last failure.
      expect(earlier.state).toBe('open');
      expect(openFailureIssues()).toHaveLength(1);

      sim.github.setVariable(seed.scope, VARIABLE, iso(Date.now() + 58 * DAY_MS));
      const failed = await runWith(seed, {}, RUN_TIMEOUT_MS);

      expect(failed.code).toBe(1);
      expect(errorLines(failed)).toHaveLength(1);
      expect(secretPuts()).toEqual([]);
      expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
      expect(earlier.state).toBe('open');
      expect(openFailureIssues()).toHaveLength(1);
      canary(skipped, seed);
      canary(failed, seed);
    },
  );
});
