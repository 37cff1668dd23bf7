/**
 * The order of a run (docs/behaviour.md rule 1): before anything reaches Meta's refresh
 * endpoint, the run has read, side by side, what the write needs: the destination's public key,
 * whether the secret exists, the recorded expiry and the open failure issue. So a run that
 * cannot reach its secret spends nothing at Meta: the old token stays the only one.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario } from '../../simulator/index.js';
import { errorLines, expectSucceeded } from './support.js';
import {
  canaryWith,
  githubWritesBesidesIssues,
  openFailureIssues,
  refreshCalls,
  VARIABLE,
} from './probes.js';
import {
  SECRET,
  canary,
  mintedFrom,
  runWith,
  secretPuts,
  sim,
  theNewToken,
  useFreshSimulator,
} from './world.js';

jest.setTimeout(60_000);

/** How long each read is held at GitHub: long enough that reads made one after another show. */
const HOLD_MS = 800;

const SCOPES = [
  {
    scope: 'repo',
    secrets: '/repos/acme/site/actions/secrets',
    variables: '/repos/acme/site/actions/variables',
  },
  {
    scope: 'env',
    secrets: '/repos/acme/site/environments/production/secrets',
    variables: '/repos/acme/site/environments/production/variables',
  },
  {
    scope: 'org',
    secrets: '/orgs/acme/actions/secrets',
    variables: '/orgs/acme/actions/variables',
  },
] as const;

useFreshSimulator();

/** The first GET whose path is `path` (or starts with it, for `prefix`). */
function firstRead(path: string, prefix = false) {
  return sim.github.requests.find(
    (r) => r.method === 'GET' && (prefix ? r.path.startsWith(`${path}/`) : r.path === path),
  );
}

describe('what the write needs is read before the refresh', () => {
  it.each(SCOPES)(
    '$scope: key, secret, expiry and open issues read side by side, then one refresh',
    async (c) => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: c.scope });
      const held = {
        key: `${c.secrets}/public-key`,
        secret: `${c.secrets}/${SECRET}`,
        expiry: `${c.variables}/${VARIABLE}`,
        issues: '/repos/acme/site/issues',
      };
      for (const path of Object.values(held)) {
        sim.github.faults.add({ method: 'GET', path, delayMs: HOLD_MS });
      }
      const run = await runWith(seed);

      expectSucceeded(run);
      expect(refreshCalls()).toHaveLength(1);
      const refreshAt = refreshCalls()[0].at;
      const key = firstRead(held.key);
      const secret = firstRead(held.secret);
      const expiry = firstRead(c.variables, true);
      const issues = firstRead(held.issues);
      for (const read of [key, secret, expiry, issues]) expect(read).toBeDefined();
      const at = (read: typeof key) => read?.at ?? Number.NaN;
      // The key and the secret's existence gate the refresh: both were ANSWERED before it went
      // out (each answer took HOLD_MS). The expiry and the issue list were at least asked.
      expect(refreshAt).toBeGreaterThanOrEqual(at(key) + HOLD_MS);
      expect(refreshAt).toBeGreaterThanOrEqual(at(secret) + HOLD_MS);
      expect(at(expiry)).toBeLessThanOrEqual(refreshAt);
      expect(at(issues)).toBeLessThanOrEqual(refreshAt);
      // Side by side: every read was asked before the first of them was answered.
      const asked = [key, secret, expiry, issues].map(at);
      const answered = [key, secret, expiry, issues].map((read) => read?.doneAt ?? Number.NaN);
      expect(Math.max(...asked)).toBeLessThanOrEqual(Math.min(...answered));
      expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(theNewToken(seed));
      canary(run, seed, theNewToken(seed));
    },
  );
});

describe('a github-token that cannot reach the secret sends nothing to Meta', () => {
  const TOKENS = [
    {
      name: 'a fine-grained token without the Secrets permission',
      spec: { permissions: ['variables', 'actions'] },
      says: /403/,
    },
    {
      name: 'a fine-grained token not granted this repository',
      spec: { permissions: ['secrets', 'variables'], repos: ['acme/blog'] },
      says: /404/,
    },
    {
      name: 'the workflow GITHUB_TOKEN',
      spec: { type: 'github_token' as const, permissions: ['issues', 'actions'] },
      says: /403/,
    },
  ];

  it.each(
    TOKENS.flatMap((t) =>
      (['instagram', 'facebook'] as const).map((flavour) => ({ ...t, flavour })),
    ),
  )('$name ($flavour): no refresh, nothing written, the failure issue opened', async (c) => {
    const seed = seedScenario(sim, { flavour: c.flavour, scope: 'repo' });
    const githubToken = `github_pat_${randomBytes(30).toString('hex')}`;
    sim.github.addToken(githubToken, { ...c.spec, permissions: [...c.spec.permissions] });
    const issueToken = `ghs_${randomBytes(18).toString('hex')}`;
    sim.github.addToken(issueToken, { type: 'github_token', permissions: ['issues', 'actions'] });
    const run = await runWith(seed, { 'github-token': githubToken, 'issue-token': issueToken });

    expect(run.code).toBe(1);
    expect(refreshCalls()).toEqual([]);
    expect(mintedFrom(seed)).toEqual([]);
    expect(secretPuts()).toEqual([]);
    expect(githubWritesBesidesIssues()).toEqual([]);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
    expect(run.outputs.refreshed ?? 'false').toBe('false');
    expect(run.outputs.token ?? '').toBe('');
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(c.says);
    expect(errors[0]).toMatch(/github-token/);
    expect(openFailureIssues()).toHaveLength(1);
    expect(run.outputs['issue-number']).toBe(String(openFailureIssues()[0].number));
    canaryWith(run, seed, [githubToken, issueToken]);
  });
});
