/**
 * The failure issue (`open-issue-on-failure`, `issue-labels`; docs/behaviour.md rules 5 and 6):
 * one issue per destination, found again by its first label and hidden marker, that says what
 * failed and what to do; commented on while the failure lasts, closed by the first success.
 * Trouble with the issue itself is a warning: the step's result stays the refresh's result.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createBarrier, runAction, seedScenario, type Simulator } from '../../simulator/index.js';
import {
  DAY_MS,
  REAUTHORIZE,
  errorLines,
  expectNoLeak,
  issueTexts,
  warnings,
  type ActionRun,
} from './support.js';
import { SECRET, realIssues, sim, useFreshSimulator, type Seed } from './world.js';

jest.setTimeout(60_000);

type Issue = Simulator['github']['issues'][number];
type RequestRecord = { method: string; path: string; body?: unknown };

const ISSUES = '/repos/acme/site/issues';
const RUN_ID = '5550001';
const RUN_URL = `https://github.com/acme/site/actions/runs/${RUN_ID}`;
const FBTRACE_ID = 'AqZ3xYtrace7Kp';
const MARKER = /<!-- instagram-token-refresh:failure [^>]*-->/;

useFreshSimulator();

/** A world whose Instagram token expired yesterday: every refresh fails with 190/463. */
function seedExpired(secretName = SECRET): Seed {
  return seedScenario(sim, {
    flavour: 'instagram',
    scope: 'repo',
    secretName,
    token: { expiresInMs: -DAY_MS },
  });
}

/** Meta's answer for an expired token, with an fbtrace_id the test knows. */
function expiredAnswerOnce(): void {
  sim.graph.faults.add({
    method: 'GET',
    path: '/refresh_access_token',
    status: 400,
    body: {
      error: {
        message:
          'Error validating access token: Session has expired on Monday, 01-Jun-26 10:00:00 UTC.',
        type: 'OAuthException',
        code: 190,
        error_subcode: 463,
        fbtrace_id: FBTRACE_ID,
      },
    },
  });
}

/** Unlike world's runWith: a run id the issue must link to, env overrides, and 45 s. */
async function runWith(
  seed: Seed,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction({
    inputs: { ...seed.inputs, ...inputs },
    env: { ...seed.env, GITHUB_RUN_ID: RUN_ID, ...env },
    timeoutMs: 45_000,
  });
}

/** Open issues whose hidden marker names `secretName`. */
function openFailureIssues(secretName = SECRET): Issue[] {
  return realIssues().filter(
    (issue) => issue.state === 'open' && (MARKER.exec(issue.body)?.[0] ?? '').includes(secretName),
  );
}

function requestsTo(method: string, route: string | RegExp, from = 0): RequestRecord[] {
  return sim.github.requests
    .slice(from)
    .filter(
      (r) =>
        r.method === method && (typeof route === 'string' ? r.path === route : route.test(r.path)),
    );
}

/** Unlike world's secretsOf: every minted token, also those minted from a token put in later. */
function secretsOf(seed: Seed, extra: string[] = []): string[] {
  const minted = [...sim.graph.tokens.values()]
    .filter((record) => record.refreshedFrom)
    .map((record) => record.token);
  return [seed.instagramToken, seed.githubToken, sim.graph.appSecret, ...minted, ...extra];
}

/** The issue body's text, no token and no query string with a credential in it. */
function expectCleanText(text: string, secrets: string[]): void {
  for (const secret of secrets.filter(Boolean)) expect(text.includes(secret)).toBe(false);
  expect(text).not.toContain('access_token=');
}

describe('a failure opens one issue that says what to do', () => {
  it('opens exactly one labelled, marked issue with the facts and the fix, and links it', async () => {
    const seed = seedExpired();
    expiredAnswerOnce();
    const run = await runWith(seed);

    expect(run.code).toBe(1);
    expect(realIssues()).toHaveLength(1);
    expect(requestsTo('POST', ISSUES)).toHaveLength(1);
    const [issue] = realIssues();
    expect(issue.state).toBe('open');
    expect(issue.labels[0]).toBe('instagram-token');
    expect(issue.body).toMatch(MARKER);
    expect(MARKER.exec(issue.body)?.[0]).toContain(SECRET);
    expect(issue.body).toContain(RUN_URL);
    expect(issue.body).toMatch(/code 190/);
    expect(issue.body).toMatch(/subcode 463/);
    expect(issue.body).toContain(FBTRACE_ID);
    expect(issue.body).toMatch(REAUTHORIZE);
    expect(`${issue.title}\n${issue.body}`).toContain(SECRET);
    expectCleanText(`${issue.title}\n${issue.body}`, secretsOf(seed));

    expect(run.outputs['issue-number']).toBe(String(issue.number));
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`https://github.com/acme/site/issues/${issue.number}`);
    expect(errors[0]).toMatch(/190|expired/i);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });

  it('a second failure comments on the same issue with its run link', async () => {
    const seed = seedExpired();
    const first = await runWith(seed);
    expect(first.code).toBe(1);
    expect(realIssues()).toHaveLength(1);
    const [issue] = realIssues();

    const secondRunId = '5550002';
    const second = await runWith(seed, {}, { GITHUB_RUN_ID: secondRunId });

    expect(second.code).toBe(1);
    expect(realIssues()).toHaveLength(1);
    expect(requestsTo('POST', ISSUES)).toHaveLength(1);
    expect(issue.state).toBe('open');
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0].body).toContain(
      `https://github.com/acme/site/actions/runs/${secondRunId}`,
    );
    expect(issue.comments[0].body).toMatch(/subcode 463/);
    expectCleanText(issue.comments[0].body, secretsOf(seed));
    expect(second.outputs['issue-number']).toBe(String(issue.number));
    expect(errorLines(second)[0]).toContain(`https://github.com/acme/site/issues/${issue.number}`);
    expectNoLeak(first, secretsOf(seed), issueTexts(sim.github));
    expectNoLeak(second, secretsOf(seed), issueTexts(sim.github));
  });

  it('a success closes the issue as completed, with a comment giving the new expiry', async () => {
    const seed = seedExpired();
    const failed = await runWith(seed);
    expect(failed.code).toBe(1);
    const [issue] = realIssues();

    // A person logged in again and put a working token into the secret.
    const fresh = sim.graph.addToken({ flavour: 'instagram' });
    sim.github.setSecret(seed.scope, SECRET, fresh.token);
    const fixed = await runWith(
      seed,
      { 'instagram-token': fresh.token },
      { GITHUB_RUN_ID: '5550003' },
    );

    expect(fixed.code).toBe(0);
    expect(fixed.outputs.refreshed).toBe('true');
    expect(issue.state).toBe('closed');
    expect(issue.stateReason).toBe('completed');
    expect(issue.comments).toHaveLength(1);
    const comment = issue.comments[0].body;
    expect(fixed.outputs['expires-at']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(comment).toContain(fixed.outputs['expires-at'].slice(0, 10));
    expect(comment).toContain('https://github.com/acme/site/actions/runs/5550003');
    expect(fixed.outputs['issue-number']).toBeUndefined();
    expect(realIssues()).toHaveLength(1);
    expectCleanText(comment, secretsOf(seed, [fresh.token]));
    expectNoLeak(fixed, secretsOf(seed, [fresh.token]), issueTexts(sim.github));
  });

  it("close-issue-on-success: 'false' leaves the issue open after a success", async () => {
    const seed = seedExpired();
    expect((await runWith(seed)).code).toBe(1);
    const [issue] = realIssues();
    const fresh = sim.graph.addToken({ flavour: 'instagram' });
    const fixed = await runWith(seed, {
      'instagram-token': fresh.token,
      'close-issue-on-success': 'false',
    });

    expect(fixed.code).toBe(0);
    expect(issue.state).toBe('open');
    expect(issue.comments).toEqual([]);
    expect(fixed.outputs['issue-number']).toBeUndefined();
    expectNoLeak(fixed, secretsOf(seed, [fresh.token]), issueTexts(sim.github));
  });

  it('a pull request with the label and the marker is never taken for the issue', async () => {
    const seed = seedExpired();
    const marker = `<!-- instagram-token-refresh:failure repo:acme/site:${SECRET} -->`;
    const pr = sim.github.addIssue({
      repo: 'acme/site',
      title: 'Bump the token workflow',
      body: `${marker}\nA pull request that quotes the marker.`,
      labels: ['instagram-token'],
      isPullRequest: true,
    });
    const run = await runWith(seed);

    expect(run.code).toBe(1);
    expect(pr.comments).toEqual([]);
    expect(pr.state).toBe('open');
    expect(requestsTo('POST', `${ISSUES}/${pr.number}/comments`)).toEqual([]);
    const opened = realIssues();
    expect(opened).toHaveLength(1);
    // The real issue carries the very marker the pull request quoted: a true look-alike.
    expect(opened[0].body).toContain(marker);
    expect(opened[0].number).not.toBe(pr.number);
    expect(run.outputs['issue-number']).toBe(String(opened[0].number));
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });

  it('two secrets failing at once get one issue each', async () => {
    const shop = seedExpired('SHOP_TOKEN');
    const main = seedExpired(SECRET);
    const [runMain, runShop] = await Promise.all([runWith(main), runWith(shop)]);

    expect(runMain.code).toBe(1);
    expect(runShop.code).toBe(1);
    expect(realIssues()).toHaveLength(2);
    const mainIssues = openFailureIssues(SECRET);
    const shopIssues = openFailureIssues('SHOP_TOKEN');
    expect(mainIssues).toHaveLength(1);
    expect(shopIssues).toHaveLength(1);
    expect(mainIssues[0].number).not.toBe(shopIssues[0].number);
    expect(runMain.outputs['issue-number']).toBe(String(mainIssues[0].number));
    expect(runShop.outputs['issue-number']).toBe(String(shopIssues[0].number));
    const secrets = [...secretsOf(main), ...secretsOf(shop)];
    expectNoLeak(runMain, secrets, issueTexts(sim.github));
    expectNoLeak(runShop, secrets, issueTexts(sim.github));
  });

  it("open-issue-on-failure: 'false' opens nothing", async () => {
    const seed = seedExpired();
    const run = await runWith(seed, { 'open-issue-on-failure': 'false' });

    expect(run.code).toBe(1);
    expect(sim.github.issues).toEqual([]);
    expect(requestsTo('POST', /\/issues|\/labels/)).toEqual([]);
    expect(run.outputs['issue-number']).toBeUndefined();
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).not.toMatch(/issues\/\d+/);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });
});

describe('trouble with the issue leaves the original error', () => {
  it.each([
    ['a workflow token without issues: write', { type: 'github_token', permissions: ['actions'] }],
    ['a token lacking issues', { permissions: ['actions', 'variables', 'secrets'] }],
  ] as const)('%s: the Graph error fails the step, the issue is a warning', async (_name, spec) => {
    const seed = seedExpired();
    const issueToken = `ghs_${Math.random().toString(36).slice(2)}NoIssues0000000000`;
    sim.github.addToken(issueToken, { ...spec, permissions: [...spec.permissions] });
    const run = await runWith(seed, { 'issue-token': issueToken });

    expect(run.code).toBe(1);
    expect(sim.github.issues).toEqual([]);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/subcode 463/);
    expect(errors[0]).toMatch(REAUTHORIZE);
    expect(errors[0]).not.toMatch(/issues: write|\bissue #/);
    const issueWarnings = warnings(run).filter((line) => /issue/i.test(line));
    expect(issueWarnings.length).toBeGreaterThanOrEqual(1);
    expect(issueWarnings.join('\n')).toMatch(/issues: write/);
    expect(run.outputs['issue-number']).toBeUndefined();
    expectNoLeak(run, secretsOf(seed, [issueToken]), issueTexts(sim.github));
  });
});

describe('no issue where none may be written', () => {
  it('issues disabled in the repository (410): the original error and a warning', async () => {
    sim.github.addRepo({ owner: 'acme', name: 'site', hasIssues: false });
    const seed = seedExpired();
    const run = await runWith(seed);

    expect(run.code).toBe(1);
    expect(sim.github.issues).toEqual([]);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/subcode 463/);
    expect(warnings(run).join('\n')).toMatch(/Issues are disabled/);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });

  it('a dry run that fails opens no issue and comments on none', async () => {
    const seed = seedExpired();
    const open = sim.github.addIssue({
      repo: 'acme/site',
      title: 'Instagram token refresh failed',
      body: `<!-- instagram-token-refresh:failure repo:acme/site:${SECRET} -->`,
      labels: ['instagram-token'],
    });
    const run = await runWith(seed, { 'dry-run': 'true' });

    expect(run.code).toBe(1);
    expect(sim.github.issues).toHaveLength(1);
    expect(open.comments).toEqual([]);
    expect(open.state).toBe('open');
    expect(sim.github.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });
});

describe('the issue names the fix for each kind of failure', () => {
  let eventDir: string;

  beforeEach(async () => {
    eventDir = await mkdtemp(path.join(tmpdir(), 'itr-event-'));
  });

  afterEach(async () => {
    await rm(eventDir, { recursive: true, force: true });
  });

  /** The next firing of `37 4 * * 1` (Mondays 04:37 UTC) after `now`. */
  function nextMonday0437(now: number): Date {
    const at = new Date(now);
    at.setUTCHours(4, 37, 0, 0);
    while (at.getTime() <= now || at.getUTCDay() !== 1) at.setUTCDate(at.getUTCDate() + 1);
    return at;
  }

  it('a transient failure: nothing to do, and when the next scheduled run is', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const eventPath = path.join(eventDir, 'event.json');
    await writeFile(eventPath, JSON.stringify({ schedule: '37 4 * * 1' }));
    // A secondary rate limit on the public key that outlasts the retries: transient.
    sim.github.faults.add({
      method: 'GET',
      path: '/repos/acme/site/actions/secrets/public-key',
      times: Infinity,
      status: 403,
      headers: { 'retry-after': '1' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes.',
        documentation_url: 'https://docs.github.com/rest',
      },
    });
    const started = Date.now();
    const run = await runWith(
      seed,
      {},
      { GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: eventPath },
    );

    expect(run.code).toBe(1);
    expect(realIssues()).toHaveLength(1);
    const { body } = realIssues()[0];
    expect(body).toMatch(/nothing to do/i);
    const next = nextMonday0437(started);
    expect(body).toContain(next.toISOString().slice(0, 10));
    expect(body).toMatch(/04:37/);
    expect(body).not.toMatch(REAUTHORIZE);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });

  it('a GitHub 403 names the missing permission', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const noSecrets = `github_pat_${'N0Secrets0'.repeat(6)}`;
    sim.github.addToken(noSecrets, { permissions: ['issues', 'actions', 'variables'] });
    const run = await runWith(seed, { 'github-token': noSecrets });

    expect(run.code).toBe(1);
    expect(realIssues()).toHaveLength(1);
    const { body } = realIssues()[0];
    expect(body).toMatch(/403/);
    expect(body).toMatch(/Secrets: Read and write/);
    expect(body).toContain('github-token');
    expect(body).not.toMatch(REAUTHORIZE);
    expectCleanText(body, secretsOf(seed, [noSecrets]));
    expectNoLeak(run, secretsOf(seed, [noSecrets]), issueTexts(sim.github));
  });
});

describe('labels and assignees', () => {
  it('a label missing in the repository is created before the issue', async () => {
    const seed = seedExpired();
    expect(sim.github.labels).toEqual([]);
    const run = await runWith(seed);

    expect(run.code).toBe(1);
    const lookups = requestsTo('GET', '/repos/acme/site/labels/instagram-token');
    expect(lookups.length).toBeGreaterThanOrEqual(1);
    const creates = requestsTo('POST', '/repos/acme/site/labels');
    expect(creates).toHaveLength(1);
    expect((creates[0].body as { name?: string }).name).toBe('instagram-token');
    const order = sim.github.requests.map((r) => `${r.method} ${r.path}`);
    expect(order.indexOf('POST /repos/acme/site/labels')).toBeLessThan(
      order.indexOf(`POST ${ISSUES}`),
    );
    expect(realIssues()[0].labels).toEqual(['instagram-token']);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });

  it('an existing label is not created again', async () => {
    const seed = seedExpired();
    sim.github.addLabel('acme/site', 'instagram-token');
    const run = await runWith(seed);

    expect(run.code).toBe(1);
    expect(requestsTo('POST', '/repos/acme/site/labels')).toEqual([]);
    expect(realIssues()).toHaveLength(1);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
  });

  it('custom issue-labels and issue-assignees reach the issue', async () => {
    const seed = seedExpired();
    const run = await runWith(seed, {
      'issue-labels': 'token-bot,urgent',
      'issue-assignees': 'octocat',
    });

    expect(run.code).toBe(1);
    expect(realIssues()).toHaveLength(1);
    const [issue] = realIssues();
    expect(issue.labels).toEqual(['token-bot', 'urgent']);
    expect(issue.assignees).toEqual(['octocat']);
    const created = requestsTo('POST', '/repos/acme/site/labels').map(
      (r) => (r.body as { name?: string }).name,
    );
    expect(created.sort()).toEqual(['token-bot', 'urgent']);
    // Found again by the FIRST label: a second failure comments instead of opening another.
    const again = await runWith(seed, {
      'issue-labels': 'token-bot,urgent',
      'issue-assignees': 'octocat',
    });
    expect(again.code).toBe(1);
    expect(realIssues()).toHaveLength(1);
    expect(issue.comments).toHaveLength(1);
    expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
    expectNoLeak(again, secretsOf(seed), issueTexts(sim.github));
  });
});

describe('two runs at once (docs/behaviour.md rule 6)', () => {
  it('leave at most one open failure issue for the destination', async () => {
    const seed = seedExpired();
    // Both issue creations are held until both have arrived: each run has then looked for the
    // issue (and found none) before either issue exists, the race the rule is about. Staged,
    // not timed, so a busy machine cannot let one run finish before the other looks.
    const both = createBarrier(2, { timeoutMs: 30_000 });
    sim.github.faults.add({ method: 'POST', path: ISSUES, times: 2, barrier: both });
    const [a, b] = await Promise.all([runWith(seed), runWith(seed)]);

    expect(both.timedOut).toBe(false); // the race was staged, not left to chance
    expect(both.arrived).toBe(2);
    expect(a.code).toBe(1);
    expect(b.code).toBe(1);
    expect(requestsTo('POST', ISSUES)).toHaveLength(2);
    const open = openFailureIssues();
    expect(open).toHaveLength(1);
    const closed = realIssues().filter((issue) => issue.state === 'closed');
    expect(closed).toHaveLength(1);
    expect(closed[0].number).toBeGreaterThan(open[0].number); // the newer one goes
    expect(closed[0].stateReason).toBe('not_planned');
    expect(a.outputs['issue-number']).toBe(String(open[0].number));
    expect(b.outputs['issue-number']).toBe(String(open[0].number));
    expectNoLeak(a, secretsOf(seed), issueTexts(sim.github));
    expectNoLeak(b, secretsOf(seed), issueTexts(sim.github));
  });
});
