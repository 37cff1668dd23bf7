/**
 * `refresh-threshold-days` against the schedule (docs/behaviour.md, "Input rules"): a run skips
 * only when the known expiry is more than the threshold away now AND will still be at the next
 * scheduled run, read from the event that started the run. A run without a schedule decides on
 * now alone. A value below 1 is a bad input.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { seedScenario } from '../../simulator/index.js';
import { DAY_MS, errorLines, expectSucceeded, iso } from './support.js';
import { VARIABLE, githubWritesBesidesIssues, refreshCalls, runIn } from './probes.js';
import {
  SECRET,
  canary,
  expectRefusedBeforeAnyRequest,
  mintedFrom,
  runWith,
  sim,
  theNewToken,
  useFreshSimulator,
  type Run,
  type Seed,
} from './world.js';

jest.setTimeout(60_000);

useFreshSimulator();

let eventDir: string;

beforeEach(async () => {
  eventDir = await mkdtemp(path.join(tmpdir(), 'itr-threshold-'));
});

afterEach(async () => {
  await rm(eventDir, { recursive: true, force: true });
});

/**
 * A weekly schedule at 04:17 UTC on the weekday four days from now. Its next firing is then
 * between 3.2 and 4.2 days away whatever the day the test runs, so the verdicts below hold on
 * every weekday (a fixed "Mondays" would put the next run anywhere from minutes to 7 days away).
 */
function weeklyCronFourDaysOut(): string {
  const weekday = new Date(Date.now() + 4 * DAY_MS).getUTCDay();
  return `17 4 * * ${weekday}`;
}

/** The event file a runner writes for `event`, and the environment that points at it. */
async function eventEnv(name: string, payload: object): Promise<Record<string, string>> {
  const file = path.join(eventDir, `${name}.json`);
  await writeFile(file, JSON.stringify(payload));
  return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file };
}

/** An Instagram world with the expiry recorded `days` from now. */
function seedRecorded(days: number): Seed {
  const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
  sim.github.setVariable(seed.scope, VARIABLE, iso(Date.now() + days * DAY_MS));
  return seed;
}

function expectSkipped(seed: Seed, run: Run): void {
  expect(errorLines(run)).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.refreshed).toBe('false');
  expect(refreshCalls()).toEqual([]);
  expect(mintedFrom(seed)).toEqual([]);
  expect(githubWritesBesidesIssues()).toEqual([]);
  expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
}

describe('refresh-threshold-days and the next scheduled run', () => {
  it('5 days left, threshold 3, next weekly run 3-4 days away: refreshes now', async () => {
    const seed = seedRecorded(5);
    const env = await eventEnv('schedule', { schedule: weeklyCronFourDaysOut() });
    const run = await runIn(seed, { 'refresh-threshold-days': '3' }, env);

    expectSucceeded(run);
    expect(refreshCalls()).toHaveLength(1);
    const newToken = theNewToken(seed);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(newToken);
    expect(sim.github.getVariable(seed.scope, VARIABLE)?.value).toBe(run.outputs['expires-at']);
    canary(run, seed, newToken);
  });

  it('20 days left, threshold 3, same schedule: skips (still 16 days left at the next run)', async () => {
    const seed = seedRecorded(20);
    const env = await eventEnv('schedule', { schedule: weeklyCronFourDaysOut() });
    const run = await runIn(seed, { 'refresh-threshold-days': '3' }, env);

    expectSkipped(seed, run);
    canary(run, seed);
  });

  it('5 days left, threshold 3, a manual run (no schedule): decides on now alone and skips', async () => {
    const seed = seedRecorded(5);
    const env = await eventEnv('workflow_dispatch', { inputs: {} });
    const run = await runIn(seed, { 'refresh-threshold-days': '3' }, env);

    expectSkipped(seed, run);
    canary(run, seed);
  });
});

describe('a threshold below 1 is a bad input', () => {
  it.each(['0', '0.5'])("refresh-threshold-days: '%s' fails before any request", async (value) => {
    const seed = seedRecorded(5);
    const run = await runWith(seed, { 'refresh-threshold-days': value });

    expect(expectRefusedBeforeAnyRequest(run, /refresh-threshold-days/)).toHaveLength(1);
    canary(run, seed);
  });
});

describe('a token too new to refresh, and a schedule that fires in more than 59 days', () => {
  it('fails instead of skipping: the token it would keep dies before the next run', async () => {
    // The first day of the month three months ahead: at least 89 days away, on any date.
    const month = ((new Date().getUTCMonth() + 3) % 12) + 1;
    const env = await eventEnv('schedule', { schedule: `0 6 1 ${month} *` });
    const seed = seedScenario(sim, {
      flavour: 'instagram',
      scope: 'repo',
      token: { ageMs: 60 * 60 * 1000 },
    });
    const run = await runIn(seed, {}, env);

    expect(run.code).toBe(1);
    expect(mintedFrom(seed)).toEqual([]);
    expect(githubWritesBesidesIssues()).toEqual([]);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/before the next scheduled run/);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
    canary(run, seed);
  });
});
