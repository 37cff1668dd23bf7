/**
 * Readings of the simulated world that the end-to-end files about order, refusals and honest
 * reports share: what reached Meta's refresh endpoints, what GitHub was asked to change, the
 * failure issue a person would see, and the run's whole report. world.ts holds the set-up.
 */
import { runAction } from '../../simulator/index.js';
import { errorLines, expectNoLeak, issueTexts } from './support.js';
import { SECRET, realIssues, secretsOf, sim, type Run, type Seed } from './world.js';

type Issue = ReturnType<typeof realIssues>[number];

/** The expiry variable beside the default secret. */
export const VARIABLE = `${SECRET}_EXPIRES_AT`;

/** The hidden marker of the repository secret's failure issue (as the existing tests seed it). */
export const FAILURE_MARKER = `<!-- instagram-token-refresh:failure repo:acme/site:${SECRET} -->`;

// Instagram's refresh and Facebook's exchange: the calls that spend the token at Meta.
const REFRESH_PATH = /\/(?:refresh_access_token|oauth\/access_token)$/;

/** Requests to Meta's refresh endpoints, whichever flavour. */
export function refreshCalls(): (typeof sim.graph.requests)[number][] {
  return sim.graph.requests.filter((r) => REFRESH_PATH.test(r.path));
}

/** `METHOD path` of every GitHub request that may change something, issues and labels aside. */
export function githubWritesBesidesIssues(): string[] {
  return sim.github.requests
    .filter((r) => r.method !== 'GET' && !/\/(?:issues|labels)(?:\/|$)/.test(r.path))
    .map((r) => `${r.method} ${r.path}`);
}

/** An open failure issue from an earlier run, as the action itself would have left it. */
export function seedOpenFailureIssue(): Issue {
  return sim.github.addIssue({
    repo: 'acme/site',
    title: `Instagram token refresh failed: ${SECRET} (acme/site)`,
    body: `${FAILURE_MARKER}\nAn earlier run failed.`,
    labels: ['instagram-token'],
  });
}

/** Open issues that carry the repository secret's failure marker. */
export function openFailureIssues(): Issue[] {
  return realIssues().filter((i) => i.state === 'open' && i.body.includes(FAILURE_MARKER));
}

/** The error annotation(s) and the job summary: where a person reads what happened. */
export function reportText(run: Run): string {
  return `${errorLines(run).join('\n')}\n${run.summary}`;
}

/** Days from now until an ISO time (fractional). */
export function daysUntil(iso: string | undefined): number {
  return (Date.parse(iso ?? '') - Date.now()) / (24 * 60 * 60 * 1000);
}

/** Runs on a seeded world with input and environment overrides (world's runWith takes no env). */
export function runIn(
  seed: Seed,
  inputs: Record<string, string>,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<Run> {
  return runAction({
    inputs: { ...seed.inputs, ...inputs },
    env: { ...seed.env, ...env },
    timeoutMs,
  });
}

/** The canary with more values that must not leak (another token, a refused input value). */
export function canaryWith(run: Run, seed: Seed, extra: string[]): void {
  expectNoLeak(run, secretsOf(seed, extra), issueTexts(sim.github));
}
