/**
 * GitHub answers the action must cope with (docs/behaviour.md rules 7 and 9): a key that rotated
 * between the read and the write (422) is read again once and the write repeated; assignees
 * GitHub refuses (422) are dropped from a new issue with a warning; and a public-key read that
 * answers 200 with an empty or HTML body is an error, never a key, so nothing reaches Meta.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario } from '../../simulator/index.js';
import { DAY_MS, errorLines, expectSucceeded, warnings } from './support.js';
import { openFailureIssues, refreshCalls, reportText } from './probes.js';
import {
  SECRET,
  canary,
  count,
  hits,
  mintedFrom,
  realIssues,
  runWith,
  secretPuts,
  sim,
  theNewToken,
  useFreshSimulator,
} from './world.js';

jest.setTimeout(60_000);

const ISSUES = '/repos/acme/site/issues';
const SCOPES = [
  { scope: 'repo', secrets: '/repos/acme/site/actions/secrets' },
  { scope: 'env', secrets: '/repos/acme/site/environments/production/secrets' },
  { scope: 'org', secrets: '/orgs/acme/actions/secrets' },
] as const;

useFreshSimulator();

describe('a key rotated between the read and the write', () => {
  it.each(SCOPES)('$scope: the key is read again once and the write repeated', async (c) => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: c.scope });
    sim.github.rotateKeyAfterNextRead(seed.scope);
    const run = await runWith(seed);

    expectSucceeded(run);
    const newToken = theNewToken(seed);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(newToken);
    expect(count(sim.github.requests, 'GET', `${c.secrets}/public-key`)).toBe(2);
    const puts = hits(sim.github.requests, 'PUT', `${c.secrets}/${SECRET}`);
    expect(puts.map((put) => put.status)).toEqual([422, 204]);
    expect(refreshCalls()).toHaveLength(1); // the token is refreshed once, only the seal repeats
    canary(run, seed, newToken);
  });
});

describe('assignees GitHub refuses', () => {
  it.each([
    ['the only assignee is refused', 'ghost-maintainer'],
    ['one of two assignees is refused', 'octocat,ghost-maintainer'],
  ])('%s: the issue is still opened, without it, with a warning', async (_name, assignees) => {
    const seed = seedScenario(sim, {
      flavour: 'instagram',
      scope: 'repo',
      token: { expiresInMs: -DAY_MS },
    });
    sim.github.refuseAssignee('ghost-maintainer');
    const run = await runWith(seed, { 'issue-assignees': assignees });

    expect(run.code).toBe(1);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/subcode 463/); // the original failure, not the issue's trouble
    const posts = hits(sim.github.requests, 'POST', ISSUES);
    expect(posts[0].status).toBe(422);
    expect(posts.at(-1)?.status).toBe(201);
    expect(realIssues()).toHaveLength(1);
    const [issue] = openFailureIssues();
    expect(issue.assignees).not.toContain('ghost-maintainer');
    expect(run.outputs['issue-number']).toBe(String(issue.number));
    expect(warnings(run).join('\n')).toMatch(/assign/i);
    canary(run, seed);
  });
});

describe('a public-key read answered 200 without a key', () => {
  it.each([
    ['an empty body', { rawBody: '', contentType: 'application/json; charset=utf-8' }],
    [
      'an HTML page (a proxy or captive portal)',
      {
        rawBody:
          '<!DOCTYPE html><html><head><title>Sign in to the network</title></head><body>Please sign in</body></html>',
        contentType: 'text/html; charset=utf-8',
      },
    ],
  ])('%s: the run fails as transient, and nothing reaches Meta', async (_name, answer) => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    sim.github.faults.add({
      method: 'GET',
      path: '/repos/acme/site/actions/secrets/public-key',
      times: Infinity,
      status: 200,
      ...answer,
    });
    const run = await runWith(seed, { 'run-timeout': '25' }, 45_000);

    expect(run.code).toBe(1);
    expect(refreshCalls()).toEqual([]);
    expect(mintedFrom(seed)).toEqual([]);
    expect(secretPuts()).toEqual([]);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/public.?key/i);
    expect(reportText(run)).toMatch(/transient|temporar|try again|again later|next run/i);
    expect(reportText(run)).not.toMatch(/<!DOCTYPE|<html/i);
    canary(run, seed);
  });
});

describe('a secret write answered 200 with a page, not by GitHub', () => {
  it('fails as transient and says the secret possibly holds the new token, never "updated"', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    sim.github.faults.add({
      method: 'PUT',
      path: `/repos/acme/site/actions/secrets/${SECRET}`,
      times: Infinity,
      status: 200,
      rawBody: '<!DOCTYPE html><html><body>Please sign in</body></html>',
      contentType: 'text/html; charset=utf-8',
    });
    const run = await runWith(seed, { 'run-timeout': '25' }, 45_000);

    expect(run.code).toBe(1);
    expect(run.outputs.refreshed).not.toBe('true');
    expect(secretPuts().length).toBeGreaterThan(0);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
    expect(run.stdout).not.toMatch(/Updated the repository secret/);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/write/i);
    expect(reportText(run)).toMatch(/possibly/i);
    expect(reportText(run)).not.toMatch(/<!DOCTYPE|<html/i);
    canary(run, seed);
  });
});

describe('a secret write whose first attempt got no answer', () => {
  it('says the secret possibly holds the new token, though the last attempt was refused', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const path = `/repos/acme/site/actions/secrets/${SECRET}`;
    sim.github.faults.add({ method: 'PUT', path, hang: true });
    sim.github.faults.add({ method: 'PUT', path, times: Infinity, status: 403 });
    const run = await runWith(seed, { 'request-timeout': '2', 'run-timeout': '40' }, 60_000);

    expect(run.code).toBe(1);
    expect(secretPuts().length).toBeGreaterThanOrEqual(2);
    expect(errorLines(run)).toHaveLength(1);
    expect(reportText(run)).toMatch(/possibly/i);
    canary(run, seed, theNewToken(seed));
  });
});
