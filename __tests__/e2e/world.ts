/**
 * The simulated world of an end-to-end test: a fresh simulator per test, and the small readings
 * of it that several test files make (what was minted, which secrets the canary looks for).
 */
import { afterEach, beforeEach, expect } from '@jest/globals';
import { runAction, seedScenario, startSimulator, type Simulator } from '../../simulator/index.js';
import { errorLines, expectNoLeak, issueTexts } from './support.js';

export type Seed = ReturnType<typeof seedScenario>;
export type Run = Awaited<ReturnType<typeof runAction>>;
type RequestRecord = { method: string; path: string };
/** A request a fake recorded, with when it arrived and whether a fault rule answered it. */
type TimedRecord = RequestRecord & { at: number; fault?: boolean };
type GitHubRequest = Simulator['github']['requests'][number];
type Issue = Simulator['github']['issues'][number];

/** The secret seedScenario writes unless told another name. */
export const SECRET = 'INSTAGRAM_ACCESS_TOKEN';

/**
 * The running test's simulator. A live binding: each test file gets its own copy of this module,
 * and useFreshSimulator() replaces the value before every test.
 */
export let sim: Simulator;

/** A new simulator for every test of the calling file, so no test sees another's requests. */
export function useFreshSimulator(): void {
  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.close();
  });
}

/** Swaps this test's simulator for one started with `options`; it is closed after the test. */
export async function restartSimulator(
  options: Parameters<typeof startSimulator>[0],
): Promise<void> {
  await sim.close();
  sim = await startSimulator(options);
}

/** Runs the action on a seeded world, `inputs` over the seeded ones. */
export async function runWith(
  seed: Seed,
  inputs: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<Run> {
  return runAction({ inputs: { ...seed.inputs, ...inputs }, env: seed.env, timeoutMs });
}

/** Tokens the Graph fake minted from the seeded one (a refresh that worked at Meta). */
export function mintedFrom(seed: Seed): string[] {
  return [...sim.graph.tokens.values()]
    .filter((record) => record.refreshedFrom === seed.instagramToken)
    .map((record) => record.token);
}

/** The one token the Graph fake minted from the seeded one: the refresh worked at Meta. */
export function theNewToken(seed: Seed): string {
  const minted = mintedFrom(seed);
  expect(minted).toHaveLength(1);
  return minted[0];
}

/** The seeded tokens, the app secret, and whatever was minted from the seeded token. */
export function secretsOf(seed: Seed, extra: string[] = []): string[] {
  return [
    seed.instagramToken,
    seed.githubToken,
    sim.graph.appSecret,
    ...mintedFrom(seed),
    ...extra,
  ];
}

/** Every token the fakes know (seeded and minted), and the app secret. */
export function allSecrets(seed: Seed, extra: string[] = []): string[] {
  return [
    ...sim.graph.tokens.keys(),
    ...sim.github.state.tokens.keys(),
    seed.githubToken,
    sim.graph.appSecret,
    ...extra,
  ];
}

/** The canary for a run that wrote `newToken` (if any): no token and no app secret leaked. */
export function canary(run: Run, seed: Seed, newToken?: string): void {
  expectNoLeak(
    run,
    [seed.instagramToken, newToken ?? '', seed.githubToken, sim.graph.appSecret],
    issueTexts(sim.github),
  );
}

/** The requests a fake saw for one method and path (a RegExp: any path it matches). */
export function hits<R extends RequestRecord>(
  requests: R[],
  method: string,
  path: string | RegExp,
): R[] {
  return requests.filter(
    (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
  );
}

/**
 * The route was asked twice: first the fault, then a clean retry, at least `minWaitMs` later
 * when given (a Retry-After honoured). Returns both records.
 */
export function expectRetriedOnce<R extends TimedRecord>(
  requests: R[],
  method: string,
  path: string | RegExp,
  minWaitMs?: number,
): R[] {
  const asked = hits(requests, method, path);
  expect(asked.map((r) => Boolean(r.fault))).toEqual([true, false]);
  if (minWaitMs !== undefined) {
    expect(asked[1].at - asked[0].at).toBeGreaterThanOrEqual(minWaitMs);
  }
  return asked;
}

/** How often a fake was asked one method and path. */
export function count(requests: RequestRecord[], method: string, path: string): number {
  return hits(requests, method, path).length;
}

/** Secret writes at GitHub (a repository, environment or organization secret PUT). */
export function secretPuts(): GitHubRequest[] {
  return sim.github.requests.filter((r) => r.method === 'PUT' && /\/secrets\//.test(r.path));
}

/** Issues proper: GitHub lists pull requests among the issues, the action must not take them. */
export function realIssues(): Issue[] {
  return sim.github.issues.filter((issue) => !issue.isPullRequest);
}

/**
 * A bad input: exit 1, an error names `input`, and neither Meta nor GitHub was asked anything,
 * so nothing was written and no issue opened. Returns the error lines, for more checks.
 */
export function expectRefusedBeforeAnyRequest(run: Run, input: RegExp): string[] {
  expect(run.code).toBe(1);
  const errors = errorLines(run);
  expect(errors.length).toBeGreaterThanOrEqual(1);
  expect(errors.join('\n')).toMatch(input);
  expect(sim.graph.requests).toEqual([]);
  expect(sim.github.requests).toEqual([]);
  expect(sim.github.issues).toEqual([]);
  return errors;
}
