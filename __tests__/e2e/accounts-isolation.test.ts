/**
 * `accounts`, one account at a time (docs/behaviour.md rule 11): each account runs the whole
 * single-token path on its own, so one account's failure or skip never stops or changes another.
 * The failed ones get their own failure issue (their own marker), the step fails once every
 * account was handled, the error names each failed secret, and the summary's table lists the
 * failed rows first. A dry run with accounts writes nothing and reports each.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { DAY_MS, errorLines, iso } from './support.js';
import {
  SINGLE_TOKEN_OUTPUTS,
  canaryAll,
  expectRefreshedInto,
  expectUntouched,
  failureIssuesOf,
  markerOf,
  refreshesOf,
  resultsOf,
  rowOf,
  runAccounts,
  seedAccounts,
  shownAs,
  summaryTable,
} from './accounts-world.js';
import { realIssues, sim, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

useFreshSimulator();

const EXPIRED = { expiresInMs: -DAY_MS }; // Meta answers the refresh with 190/463

/** The summary row names the issue by number (#12, or a link ending /issues/12). */
const namesIssue = (n: number) => new RegExp(`#${n}\\b|/issues/${n}\\b`);

/** An open failure issue an earlier run left for this repository secret. */
function seedOpenIssue(secret: string) {
  return sim.github.addIssue({
    repo: 'acme/site',
    title: `Instagram token refresh failed: ${secret} (acme/site)`,
    body: `${markerOf(secret)}\nAn earlier run failed.`,
    labels: ['instagram-token'],
  });
}

describe('one account failing stops nobody', () => {
  it('an expired token and a missing secret fail; the others are refreshed and written', async () => {
    const world = seedAccounts([
      { secret: 'IG_ALPHA_TOKEN' },
      { secret: 'IG_BRAVO_TOKEN', token: EXPIRED },
      { secret: 'IG_CHARLIE_TOKEN', seedSecret: false },
      { secret: 'FB_DELTA_TOKEN', flavour: 'facebook' },
    ]);
    const [alpha, bravo, charlie, delta] = world.accounts;

    const run = await runAccounts(world);

    expect(run.code).toBe(1);
    expectRefreshedInto(world, alpha);
    expectRefreshedInto(world, delta);
    // The expired token was tried once (a dead token is not retried); nothing was minted.
    expect(refreshesOf(bravo.token)).toHaveLength(1);
    expect(sim.github.decryptSecret(world.seed.scope, bravo.secret)).toBe(bravo.token);
    // The missing secret stopped its own refresh: nothing of it reached Meta's refresh.
    expectUntouched(world, charlie, false);

    // One issue per failed account, each with its own marker; none for the others.
    expect(failureIssuesOf(bravo.secret, 'open')).toHaveLength(1);
    expect(failureIssuesOf(charlie.secret, 'open')).toHaveLength(1);
    expect(failureIssuesOf(alpha.secret)).toEqual([]);
    expect(failureIssuesOf(delta.secret)).toEqual([]);
    expect(realIssues()).toHaveLength(2);
    const bravoIssue = failureIssuesOf(bravo.secret)[0];
    const charlieIssue = failureIssuesOf(charlie.secret)[0];
    expect(bravoIssue.body).toMatch(/\b190\b/);
    expect(bravoIssue.body).toMatch(/\b463\b/);
    expect(`${charlieIssue.title}\n${charlieIssue.body}`).toContain(charlie.secret);

    // The error names each failed secret.
    const errors = errorLines(run).join('\n');
    expect(errors).toContain(bravo.secret);
    expect(errors).toContain(charlie.secret);

    // results: input order, each account's own outcome and issue.
    const results = resultsOf(run);
    expect(results.map((r) => [r.secret, r.status, r.issue])).toEqual([
      [alpha.secret, 'refreshed', null],
      [bravo.secret, 'failed', bravoIssue.number],
      [charlie.secret, 'failed', charlieIssue.number],
      [delta.secret, 'refreshed', null],
    ]);
    expect(shownAs(delta)).toContain(results[3].account);
    for (const name of SINGLE_TOKEN_OUTPUTS) expect(run.outputs[name]).toBeUndefined();

    // The summary: one table, the failed rows first, each naming its issue.
    const { tables, rows } = summaryTable(run);
    expect(tables).toBe(1);
    const at = (secret: string) => rows.indexOf(rowOf(rows, secret));
    const failedLast = Math.max(at(bravo.secret), at(charlie.secret));
    expect(failedLast).toBeLessThan(Math.min(at(alpha.secret), at(delta.secret)));
    expect(rowOf(rows, bravo.secret)).toMatch(namesIssue(bravoIssue.number));
    expect(rowOf(rows, charlie.secret)).toMatch(namesIssue(charlieIssue.number));
    canaryAll(run, world);
  });

  it('two failing accounts: each keeps its own issue, commented on by the next run', async () => {
    const world = seedAccounts([
      { secret: 'IG_ECHO_TOKEN', token: EXPIRED },
      { secret: 'IG_FOXTROT_TOKEN' },
      { secret: 'IG_GOLF_TOKEN', token: EXPIRED },
    ]);
    const [echo, foxtrot, golf] = world.accounts;

    const first = await runAccounts(world);
    expect(first.code).toBe(1);
    expect(failureIssuesOf(echo.secret, 'open')).toHaveLength(1);
    expect(failureIssuesOf(golf.secret, 'open')).toHaveLength(1);
    expect(realIssues()).toHaveLength(2);

    expectRefreshedInto(world, foxtrot);

    // The next run (the seeded tokens stay valid at the fake, so the same input serves).
    const second = await runAccounts(world);

    expect(second.code).toBe(1);
    expect(realIssues()).toHaveLength(2);
    for (const secret of [echo.secret, golf.secret]) {
      const [issue] = failureIssuesOf(secret, 'open');
      expect(issue.comments).toHaveLength(1);
    }
    expect(failureIssuesOf(foxtrot.secret)).toEqual([]);
    expect(resultsOf(second).map((r) => r.status)).toEqual(['failed', 'refreshed', 'failed']);
    canaryAll(first, world);
    canaryAll(second, world);
  });
});

describe('a skip stops nobody', () => {
  it('threshold skip for one account, refresh for the others; only its own issue closed', async () => {
    const world = seedAccounts([
      { secret: 'IG_HOTEL_TOKEN' },
      { secret: 'IG_INDIA_TOKEN' },
      { secret: 'IG_JULIET_TOKEN' },
    ]);
    const [hotel, india, juliet] = world.accounts;
    const recorded = iso(Date.now() + 50 * DAY_MS);
    sim.github.setVariable(world.seed.scope, `${india.secret}_EXPIRES_AT`, recorded);
    // (An open failure issue would make india refresh to clear it: only hotel has one.)
    const hotelIssue = seedOpenIssue(hotel.secret);
    const otherIssue = seedOpenIssue('IG_NOT_IN_THIS_STEP');

    const run = await runAccounts(world, { 'refresh-threshold-days': '20' });

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    expectRefreshedInto(world, hotel);
    expectRefreshedInto(world, juliet);
    expectUntouched(world, india);
    expect(sim.github.getVariable(world.seed.scope, `${india.secret}_EXPIRES_AT`)?.value).toBe(
      recorded,
    );
    // A success closes its own account's issue, no other.
    expect(hotelIssue.state).toBe('closed');
    expect(otherIssue.state).toBe('open');

    const results = resultsOf(run);
    expect(results.map((r) => [r.secret, r.status])).toEqual([
      [hotel.secret, 'refreshed'],
      [india.secret, 'skipped'],
      [juliet.secret, 'refreshed'],
    ]);
    expect(results[1]['expires-at']).toBe(recorded);
    expect([49, 50]).toContain(results[1]['days-left']);
    expect(results[0].issue).toBeNull();
    const { tables, rows } = summaryTable(run);
    expect(tables).toBe(1);
    expect(rowOf(rows, india.secret)).toMatch(/skip/i);
    canaryAll(run, world);
  });
});

describe('dry-run with accounts', () => {
  it('checks every account, writes nothing, and reports each', async () => {
    const world = seedAccounts([
      { secret: 'IG_KILO_TOKEN' },
      { secret: 'FB_LIMA_TOKEN', flavour: 'facebook' },
      { secret: 'IG_MIKE_TOKEN' },
    ]);
    const tokensBefore = sim.graph.tokens.size;

    const run = await runAccounts(world, { 'dry-run': 'true' });

    expect(run.code).toBe(0);
    for (const account of world.accounts) {
      expectUntouched(world, account);
      // Its CURRENT token checked at /me.
      const me = sim.graph.requests.filter((r) => /\/me$/.test(r.path));
      expect(
        me.some((r) =>
          (r.query.access_token ?? r.headers.authorization ?? '').includes(account.token),
        ),
      ).toBe(true);
    }
    expect(sim.graph.tokens.size).toBe(tokensBefore);
    expect(sim.github.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(sim.github.variables(world.seed.scope)).toEqual([]);
    expect(sim.github.issues).toEqual([]);

    const results = resultsOf(run);
    expect(results.map((r) => [r.secret, r.status])).toEqual(
      world.accounts.map((a) => [a.secret, 'skipped']),
    );
    results.forEach((result, i) => expect(shownAs(world.accounts[i])).toContain(result.account));
    for (const name of SINGLE_TOKEN_OUTPUTS) expect(run.outputs[name]).toBeUndefined();
    expect(run.summary).toMatch(/dry run/i);
    const { tables, rows } = summaryTable(run);
    expect(tables).toBe(1);
    for (const account of world.accounts) rowOf(rows, account.secret);
    canaryAll(run, world);
  });
});
