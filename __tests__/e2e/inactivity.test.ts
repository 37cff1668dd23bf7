/**
 * GitHub's 60-day inactivity rule (docs/platform-facts.md, "Workflows and keepalive" and
 * "Actions: schedules and the 60-day rule"; docs/behaviour.md, `inactivity-warning-days`,
 * `keepalive`): a public repository without a push for the warning period gets a warning, a
 * summary line and one reminder issue naming the day the schedule will be disabled; a later run
 * on an active repository closes it. Keepalive (opt-in) re-enables this workflow through the API,
 * never one a person disabled, and a missing permission for it is only a warning.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario } from '../../simulator/index.js';
import {
  DAY_MS,
  errorLines,
  expectNoLeak,
  expectSucceeded,
  issueTexts,
  iso,
  warnings,
} from './support.js';
import { SECRET, allSecrets, count, mintedFrom, runWith, sim, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

const WORKFLOW = 'refresh-instagram-token.yml';
const ENABLE = `/repos/acme/site/actions/workflows/${WORKFLOW}/enable`;
const REMINDER_MARKER = /<!-- instagram-token-refresh:inactivity [^>]*-->/;
const FAILURE_MARKER = /instagram-token-refresh:failure/;

useFreshSimulator();

/** acme/site, last pushed `idleDays` ago, then the usual working scenario on it. */
function seedIdle(idleDays: number, options: { private?: boolean } = {}) {
  const pushedAt = iso(Date.now() - idleDays * DAY_MS);
  sim.github.addRepo({ owner: 'acme', name: 'site', pushedAt, private: options.private });
  const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
  const disableOn = new Date(Date.parse(pushedAt) + 60 * DAY_MS).toISOString().slice(0, 10);
  return { seed, pushedAt, disableOn };
}

/** A day-old token for a later run: the one the last run wrote is too new to refresh. */
function laterToken(): string {
  return sim.graph.addToken({ flavour: 'instagram' }).token;
}

function reminders() {
  return sim.github.issues.filter((issue) => REMINDER_MARKER.test(issue.body));
}

function workflow() {
  const found = sim.github.getWorkflow('acme/site', WORKFLOW);
  if (!found) throw new Error('seedScenario did not add the workflow');
  return found;
}

describe('inactivity warning and reminder', () => {
  it('a public repository idle for 50 days: warning, summary line, one reminder, closed once active', async () => {
    const { seed, disableOn } = seedIdle(50);
    const first = await runWith(seed);

    expectSucceeded(first);
    const warned = warnings(first).filter((line) => line.includes(disableOn));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/50 days/);
    expect(warned[0]).toMatch(/schedul/i);
    expect(first.summary).toMatch(/schedule/i);
    expect(first.summary).toContain(disableOn);

    expect(sim.github.issues).toHaveLength(1);
    const [reminder] = reminders();
    expect(reminder).toBeDefined();
    expect(reminder.state).toBe('open');
    expect(reminder.body).not.toMatch(FAILURE_MARKER);
    expect(reminder.labels).toEqual(['instagram-token']);
    expect(`${reminder.title}\n${reminder.body}`).toContain(disableOn);
    expect(reminder.body).toMatch(/60 days/);

    // A second quiet run finds the reminder and opens no other.
    const second = await runWith(seed, { 'instagram-token': laterToken() });
    expectSucceeded(second);
    expect(warnings(second).some((line) => line.includes(disableOn))).toBe(true);
    expect(sim.github.issues).toHaveLength(1);
    expect(count(sim.github.requests, 'POST', '/repos/acme/site/issues')).toBe(1);
    expect(reminder.state).toBe('open');

    // Someone pushed: the next run closes the reminder and warns no more.
    const repo = sim.github.state.findRepo('acme/site');
    if (!repo) throw new Error('no acme/site');
    repo.pushedAt = iso(Date.now());
    const third = await runWith(seed, { 'instagram-token': laterToken() });
    expectSucceeded(third);
    expect(warnings(third).filter((line) => /no push|inactiv|disable/i.test(line))).toEqual([]);
    expect(reminder.state).toBe('closed');
    expect(reminder.comments.length).toBeGreaterThanOrEqual(1);
    expect(sim.github.issues).toHaveLength(1);

    for (const run of [first, second, third]) {
      expectNoLeak(run, allSecrets(seed), issueTexts(sim.github));
    }
  });

  it('a private repository gets no warning and no reminder', async () => {
    const { seed, disableOn } = seedIdle(50, { private: true });
    const run = await runWith(seed);

    expectSucceeded(run);
    expect(warnings(run)).toEqual([]);
    expect(run.summary).not.toContain(disableOn);
    expect(sim.github.issues).toEqual([]);
    expectNoLeak(run, allSecrets(seed), issueTexts(sim.github));
  });

  it("inactivity-warning-days: '0' turns the check off", async () => {
    const { seed, disableOn } = seedIdle(50);
    const run = await runWith(seed, { 'inactivity-warning-days': '0' });

    expectSucceeded(run);
    expect(warnings(run)).toEqual([]);
    expect(run.summary).not.toContain(disableOn);
    expect(sim.github.issues).toEqual([]);
    expectNoLeak(run, allSecrets(seed), issueTexts(sim.github));
  });

  it('a repository idle for fewer days than the threshold gets no warning', async () => {
    const { seed, disableOn } = seedIdle(30);
    const run = await runWith(seed);

    expectSucceeded(run);
    expect(warnings(run)).toEqual([]);
    expect(run.summary).not.toContain(disableOn);
    expect(sim.github.issues).toEqual([]);
    expectNoLeak(run, allSecrets(seed), issueTexts(sim.github));
  });
});

describe('two runs at once on a quiet repository', () => {
  it('two secrets of a matrix leave one open reminder', async () => {
    const { seed } = seedIdle(50);
    const shop = seedScenario(sim, {
      flavour: 'instagram',
      scope: 'repo',
      secretName: 'SHOP_TOKEN',
    });
    // Hold each creation a moment, so both runs looked (and found none) before either exists.
    sim.github.faults.add({
      method: 'POST',
      path: '/repos/acme/site/issues',
      times: 2,
      delayMs: 400,
    });
    const [a, b] = await Promise.all([runWith(seed), runWith(shop)]);

    expectSucceeded(a);
    expectSucceeded(b);
    const open = reminders().filter((issue) => issue.state === 'open');
    expect(open).toHaveLength(1);
    for (const closed of reminders().filter((issue) => issue.state === 'closed')) {
      expect(closed.number).toBeGreaterThan(open[0].number);
    }
    expectNoLeak(a, allSecrets(seed), issueTexts(sim.github));
    expectNoLeak(b, allSecrets(shop), issueTexts(sim.github));
  });
});

describe("keepalive: 'true'", () => {
  it('re-enables this workflow through the API', async () => {
    const { seed } = seedIdle(0);
    const run = await runWith(seed, { keepalive: 'true' });

    expectSucceeded(run);
    expect(count(sim.github.requests, 'PUT', ENABLE)).toBe(1);
    expect(workflow().enableCalls).toBe(1);
    expect(workflow().state).toBe('active');
    expectNoLeak(run, allSecrets(seed), issueTexts(sim.github));
  });

  it('re-enables a workflow GitHub disabled for inactivity', async () => {
    const { seed } = seedIdle(0);
    workflow().state = 'disabled_inactivity';
    const run = await runWith(seed, { keepalive: 'true' });

    expectSucceeded(run);
    expect(count(sim.github.requests, 'PUT', ENABLE)).toBe(1);
    expect(workflow().state).toBe('active');
    expectNoLeak(run, allSecrets(seed), issueTexts(sim.github));
  });

  it('never re-enables a workflow a person disabled', async () => {
    const { seed } = seedIdle(0);
    workflow().state = 'disabled_manually';
    const run = await runWith(seed, { keepalive: 'true' });

    expectSucceeded(run);
    expect(count(sim.github.requests, 'PUT', ENABLE)).toBe(0);
    expect(workflow().enableCalls).toBe(0);
    expect(workflow().state).toBe('disabled_manually');
    expectNoLeak(run, allSecrets(seed), issueTexts(sim.github));
  });

  it('without the actions permission: a warning, and the run still succeeds', async () => {
    const { seed } = seedIdle(0);
    const issuesOnly = `ghs_${'IssuesOnly'.repeat(4)}`;
    sim.github.addToken(issuesOnly, { type: 'github_token', permissions: ['issues'] });
    const run = await runWith(seed, { keepalive: 'true', 'issue-token': issuesOnly });

    expectSucceeded(run);
    const [minted] = mintedFrom(seed);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(minted);
    expect(workflow().enableCalls).toBe(0);
    const keepaliveWarnings = warnings(run).filter((line) => /keepalive|re-enable/i.test(line));
    expect(keepaliveWarnings).toHaveLength(1);
    expect(keepaliveWarnings[0]).toMatch(/actions: write/);
    expectNoLeak(run, allSecrets(seed, [issuesOnly]), issueTexts(sim.github));
  });

  it('a dry run makes no enable call and opens no reminder', async () => {
    const { seed } = seedIdle(50);
    workflow().state = 'disabled_inactivity';
    const run = await runWith(seed, { keepalive: 'true', 'dry-run': 'true' });

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.refreshed).toBe('false');
    expect(count(sim.github.requests, 'PUT', ENABLE)).toBe(0);
    expect(workflow().enableCalls).toBe(0);
    expect(workflow().state).toBe('disabled_inactivity');
    expect(sim.github.issues).toEqual([]);
    expect(sim.github.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expectNoLeak(run, allSecrets(seed), issueTexts(sim.github));
  });
});
