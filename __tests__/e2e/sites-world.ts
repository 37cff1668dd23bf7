/**
 * Readings of the hosting-platform fakes that the site-copy tests share (docs/behaviour.md rule
 * 12): every request any of them saw, `results[0].sites`, the rule that the token travels
 * only in request bodies, the canary with platform credentials and hook URLs, and the report a
 * person reads when a copy is left stale.
 */
import { expect } from '@jest/globals';
import { runAction, type Simulator } from '../../simulator/index.js';
import { DAY_MS, errorLines, expectNoLeak, iso, issueTexts } from './support.js';
import { VARIABLE } from './probes.js';
import {
  SECRET,
  expectRefusedBeforeAnyRequest,
  realIssues,
  secretsOf,
  sim,
  type Run,
  type Seed,
} from './world.js';

export type SiteRequest = Simulator['vercel']['requests'][number];
export type SiteFaultRule = Parameters<Simulator['vercel']['faults']['add']>[0];
export type SiteName = 'vercel' | 'netlify' | 'cloudflare' | 'hooks';
export interface SiteStatus {
  target: string;
  status: 'updated' | 'failed' | 'skipped';
}

export const SITE_SERVERS: SiteName[] = ['vercel', 'netlify', 'cloudflare', 'hooks'];

/** Every request the hosting fakes saw, each tagged with its fake, in arrival order. */
export function siteRequests(): (SiteRequest & { server: SiteName })[] {
  return SITE_SERVERS.flatMap((server) => sim[server].requests.map((r) => ({ ...r, server }))).sort(
    (a, b) => a.at - b.at,
  );
}

/** Requests that may change something: anything but GET (a hook POST included). */
export function siteWrites(server?: SiteName): (SiteRequest & { server: SiteName })[] {
  return siteRequests().filter((r) => r.method !== 'GET' && (!server || r.server === server));
}

/** `results[0].sites` of a single-token run. */
export function sitesOf(run: Run): SiteStatus[] {
  expect(run.outputs.results).toBeDefined();
  const results = JSON.parse(run.outputs.results) as { sites: SiteStatus[] }[];
  expect(results).toHaveLength(1);
  return results[0].sites;
}

/** The status of one target in `results[0].sites` (undefined when it is not listed). */
export function siteStatus(run: Run, target: string): SiteStatus['status'] | undefined {
  return sitesOf(run).find((s) => s.target === target)?.status;
}

/** `inputs` without the named ones (a run where the user left them out). */
export function without(
  inputs: Record<string, string>,
  ...names: string[]
): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).filter(([name]) => !names.includes(name)));
}

/** Runs on a seeded world with site inputs over the seeded ones (45 s: retries take time). */
export function runSites(
  seed: Seed,
  inputs: Record<string, string>,
  timeoutMs = 45_000,
): Promise<Run> {
  return runAction({ inputs: { ...seed.inputs, ...inputs }, env: seed.env, timeoutMs });
}

/** No path, query or header of any request to a hosting fake carries `value` (bodies may). */
export function expectOnlyInBodies(value: string): void {
  for (const r of siteRequests()) {
    const where = `${r.server} ${r.method} ${r.path}`;
    // Thrown by hand, so a failing test does not print the value it found.
    if (`${r.path}?${new URLSearchParams(r.query)}`.includes(value)) {
      throw new Error(`the token was in the URL of ${where}`);
    }
    if (JSON.stringify(r.headers).includes(value)) {
      throw new Error(`the token was in a header of ${where}`);
    }
  }
}

/** No hook was sent the token, in any part of the request. */
export function expectHooksNeverSawToken(token: string): void {
  for (const r of sim.hooks.requests) {
    expect(
      `${r.path}${JSON.stringify(r.query)}${JSON.stringify(r.headers)}${r.rawBody}`,
    ).not.toContain(token);
  }
}

/** The canary: no Meta or GitHub secret, platform credential, hook URL or hook id leaked. */
export function siteCanary(run: Run, seed: Seed, extra: string[] = []): void {
  const hookSecrets = sim.hooks.hooks.flatMap((h) => [h.url, h.id]);
  expectNoLeak(run, secretsOf(seed, [...extra, ...hookSecrets]), issueTexts(sim.github));
  // `results` names hooks by position only.
  for (const secret of hookSecrets) expect(run.outputs.results ?? '').not.toContain(secret);
}

/** `value` was handed to the runner's masking before the run ended. */
export function expectMasked(run: Run, value: string): void {
  expect(run.stdout.split('\n')).toContain(`::add-mask::${value}`);
}

/** The open failure issues of this repository (title, body and comments as one text each). */
export function openIssueTexts(): string[] {
  return realIssues()
    .filter((i) => i.state === 'open')
    .map((i) => [i.title, i.body, ...i.comments.map((c) => c.body)].join('\n'));
}

/** Where a person reads about the run: error annotations, the summary, the open issues. */
export function everythingSaid(run: Run): string {
  return [...errorLines(run), run.summary, ...openIssueTexts()].join('\n');
}

const STALE = /stale|not updated|still (?:holds|has)|old (?:token|value)|out of date/i;

/**
 * A run whose GitHub write worked but whose site copy `target` failed: exit 1 after the rest
 * were tried, the secret opens to the new token, and both the one failure issue and the summary
 * name the secret, the stale copy and (when given) the platform's fix.
 */
export function expectStaleCopy(
  run: Run,
  seed: Seed,
  newToken: string,
  target: string,
  fix: RegExp[] = [],
): void {
  expect(run.code).toBe(1);
  expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(newToken);
  expect(siteStatus(run, target)).toBe('failed');
  const issues = openIssueTexts();
  expect(issues).toHaveLength(1);
  for (const text of [issues[0], run.summary]) {
    expect(text).toContain(SECRET);
    expect(text).toContain(target);
    expect(text).toMatch(STALE);
    expect(text).toMatch(/new token/i);
    for (const pattern of fix) expect(text).toMatch(pattern);
  }
  expect(run.outputs['issue-number']).toBeTruthy();
}

/** A bad input: exit 1, the error names `input`, and no fake at all was asked anything. */
export function expectRefusedBeforeAnySiteRequest(run: Run, input: RegExp): void {
  expectRefusedBeforeAnyRequest(run, input);
  expect(siteRequests()).toEqual([]);
}

/** Holds the GitHub secret write `ms` longer, so "after the write" can be told from "during". */
export function slowSecretWrite(ms: number): void {
  sim.github.faults.add({
    method: 'PUT',
    path: `/repos/acme/site/actions/secrets/${SECRET}`,
    delayMs: ms,
  });
}

/** When the GitHub secret write arrived (the first one). */
export function secretWriteAt(): number {
  const put = sim.github.requests.find(
    (r) => r.method === 'PUT' && r.path === `/repos/acme/site/actions/secrets/${SECRET}`,
  );
  expect(put).toBeDefined();
  return put?.at ?? Number.NaN;
}

/**
 * A run the threshold skips (50 days recorded, 20 kept): it exits 0 and writes to no site, for
 * the site-copy `inputs` of each platform's tests.
 */
export async function runSkippedByThreshold(
  seed: Seed,
  inputs: Record<string, string>,
): Promise<Run> {
  sim.github.setVariable(seed.scope, VARIABLE, iso(Date.now() + 50 * DAY_MS));
  const run = await runSites(seed, { ...inputs, 'refresh-threshold-days': '20' });
  expect(run.code).toBe(0);
  expect(siteWrites()).toEqual([]);
  return run;
}
