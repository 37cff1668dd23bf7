/**
 * The `results` output (README, "Outputs"): always set, a JSON array with one object for a
 * single-token run, `{secret, status, "expires-at", "days-left", account, issue, sites}`, on
 * a success, a skip, a failure and a bad input alike, and never a token.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario } from '../../simulator/index.js';
import { DAY_MS, iso, uniqueAccount } from './support.js';
import { VARIABLE, openFailureIssues } from './probes.js';
import {
  SECRET,
  canary,
  expectRefusedBeforeAnyRequest,
  runWith,
  sim,
  theNewToken,
  useFreshSimulator,
  type Run,
} from './world.js';

jest.setTimeout(60_000);

interface Result {
  secret: string;
  status: 'refreshed' | 'skipped' | 'failed';
  'expires-at': string | null;
  'days-left': number | null;
  account: string | null;
  issue: number | null;
  sites: unknown[];
}

useFreshSimulator();

/** The one result of a single-token run, with every field the contract names present. */
function onlyResult(run: Run): Result {
  expect(run.outputs.results).toBeDefined();
  const results = JSON.parse(run.outputs.results) as Result[];
  expect(Array.isArray(results)).toBe(true);
  expect(results).toHaveLength(1);
  const [result] = results;
  for (const key of ['secret', 'status', 'expires-at', 'days-left', 'account', 'issue', 'sites']) {
    expect(result).toHaveProperty([key]);
  }
  expect(result.sites).toEqual([]);
  return result;
}

describe('results', () => {
  it('a refresh: status refreshed, with the new expiry and the account', async () => {
    const account = uniqueAccount();
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo', token: account });
    const run = await runWith(seed);

    expect(run.code).toBe(0);
    expect(onlyResult(run)).toEqual({
      secret: SECRET,
      status: 'refreshed',
      'expires-at': run.outputs['expires-at'],
      'days-left': Number(run.outputs['days-left']),
      account: account.username,
      issue: null,
      sites: [],
    });
    canary(run, seed, theNewToken(seed));
  });

  it('a skip (threshold not reached): status skipped, with the recorded expiry', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const recorded = iso(Date.now() + 50 * DAY_MS);
    sim.github.setVariable(seed.scope, VARIABLE, recorded);
    const run = await runWith(seed, { 'refresh-threshold-days': '20' });

    expect(run.code).toBe(0);
    const result = onlyResult(run);
    expect(result).toMatchObject({ secret: SECRET, status: 'skipped', 'expires-at': recorded });
    expect([49, 50]).toContain(result['days-left']);
    expect(result.issue).toBeNull();
    canary(run, seed);
  });

  it('a failure: status failed, with the failure issue', async () => {
    const seed = seedScenario(sim, {
      flavour: 'instagram',
      scope: 'repo',
      token: { expiresInMs: -DAY_MS },
    });
    const run = await runWith(seed);

    expect(run.code).toBe(1);
    const result = onlyResult(run);
    expect(result).toMatchObject({ secret: SECRET, status: 'failed' });
    expect(openFailureIssues()).toHaveLength(1);
    expect(result.issue).toBe(openFailureIssues()[0].number);
    canary(run, seed);
  });

  it('a bad input: status failed, nothing sent anywhere', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const run = await runWith(seed, { api: 'graph' });

    expectRefusedBeforeAnyRequest(run, /'api'/);
    expect(onlyResult(run)).toMatchObject({
      secret: SECRET,
      status: 'failed',
      issue: null,
      sites: [],
    });
    canary(run, seed);
  });
});
