/**
 * A destination secret that does not exist (`create-secret`; docs/behaviour.md rule 1). The
 * secret a workflow passes in is normally the one it writes, so a missing one is almost always a
 * typo or the wrong scope: the run fails before any refresh and says where the secret is, unless
 * `create-secret: 'true'` asks for a new one.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario } from '../../simulator/index.js';
import { errorLines, expectSucceeded } from './support.js';
import { refreshCalls } from './probes.js';
import {
  SECRET,
  canary,
  mintedFrom,
  runWith,
  secretPuts,
  sim,
  theNewToken,
  useFreshSimulator,
  type Run,
  type Seed,
} from './world.js';

jest.setTimeout(60_000);

/** Each scope, and how an error names it: the scope's word and its owner. */
const SCOPES = [
  { scope: 'repo', word: /repositor/i, where: 'acme/site' },
  { scope: 'env', word: /environment/i, where: 'production' },
  { scope: 'org', word: /organi[sz]ation/i, where: 'acme' },
] as const;

useFreshSimulator();

/** A seeded world whose destination secret was deleted (the workflow still passes the token). */
function seedWithoutSecret(scope: 'repo' | 'env' | 'org'): Seed {
  const seed = seedScenario(sim, { flavour: 'instagram', scope });
  expect(sim.github.deleteSecret(seed.scope, SECRET)).toBe(true);
  return seed;
}

/** Failed before any refresh: nothing spent at Meta, nothing written; returns the one error. */
function expectStoppedBeforeRefresh(run: Run, seed: Seed): string {
  expect(run.code).toBe(1);
  expect(refreshCalls()).toEqual([]);
  expect(mintedFrom(seed)).toEqual([]);
  expect(secretPuts()).toEqual([]);
  expect(run.outputs.refreshed ?? 'false').toBe('false');
  const errors = errorLines(run);
  expect(errors).toHaveLength(1);
  return errors[0];
}

describe('a missing destination secret', () => {
  it.each(SCOPES)(
    '$scope: fails before any refresh, naming the secret and its scope',
    async (c) => {
      const seed = seedWithoutSecret(c.scope);
      const run = await runWith(seed);

      const error = expectStoppedBeforeRefresh(run, seed);
      expect(sim.github.getSecret(seed.scope, SECRET)).toBeUndefined();
      expect(error).toContain(SECRET);
      expect(error).toMatch(c.word);
      expect(error).toContain(c.where);
      expect(error).toMatch(/not exist|missing|not found|no secret/i);
      canary(run, seed);
    },
  );

  it.each(SCOPES)("$scope: create-secret: 'true' creates it with the new token", async (c) => {
    const seed = seedWithoutSecret(c.scope);
    const run = await runWith(seed, { 'create-secret': 'true' });

    expectSucceeded(run);
    expect(refreshCalls()).toHaveLength(1);
    const newToken = theNewToken(seed);
    expect(secretPuts().map((put) => put.status)).toEqual([201]);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(newToken);
    if (c.scope === 'org') {
      // A new organization secret: `selected`, with the workflow's own repository only.
      const site = sim.github.state.findRepo('acme/site');
      const created = sim.github.getSecret(seed.scope, SECRET);
      expect(created?.visibility).toBe('selected');
      expect(created?.selectedRepositoryIds).toEqual([site?.id]);
    }
    canary(run, seed, newToken);
  });

  it("create-secret: 'false' written out is the default: fails before any refresh", async () => {
    const seed = seedWithoutSecret('repo');
    const run = await runWith(seed, { 'create-secret': 'false' });

    expect(expectStoppedBeforeRefresh(run, seed)).toContain(SECRET);
    canary(run, seed);
  });
});

describe('where the missing secret really is', () => {
  it('a similar name in the same scope (a typo in secret-name) is named', async () => {
    // The workflow passes secrets.INSTAGRAM_ACCESS_TOKEN but writes a misspelt name.
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const run = await runWith(seed, { 'secret-name': 'INSTAGRAM_ACCES_TOKEN' });

    const error = expectStoppedBeforeRefresh(run, seed);
    expect(error).toContain('INSTAGRAM_ACCES_TOKEN');
    expect(error).toMatch(/INSTAGRAM_ACCESS_TOKEN/);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
    canary(run, seed);
  });

  it('the same name as an organization secret shared with the repository is pointed out', async () => {
    const seed = seedWithoutSecret('repo');
    const first = await runWith(seed);
    const without = expectStoppedBeforeRefresh(first, seed);

    // Now the organization holds the secret, shared with this repository: the likely mix-up.
    const site = sim.github.state.findRepo('acme/site');
    sim.github.addOrg('acme');
    sim.github.setSecret('org:acme', SECRET, seed.instagramToken, {
      visibility: 'selected',
      selectedRepositoryIds: [site?.id ?? 0],
    });
    const second = await runWith(seed);

    const withOrg = expectStoppedBeforeRefresh(second, seed);
    expect(withOrg).toMatch(/organi[sz]ation/i);
    expect(withOrg).toContain(SECRET);
    expect(withOrg).not.toBe(without); // the hint comes from the organization secret
    canary(first, seed);
    canary(second, seed);
  });

  it('the same name as a repository secret, when an environment was named, is pointed out', async () => {
    const seed = seedWithoutSecret('env');
    const first = await runWith(seed);
    const without = expectStoppedBeforeRefresh(first, seed);

    sim.github.setSecret('repo:acme/site', SECRET, seed.instagramToken);
    const second = await runWith(seed);

    const withRepo = expectStoppedBeforeRefresh(second, seed);
    expect(withRepo).toMatch(/repositor/i);
    expect(withRepo).toContain(SECRET);
    expect(withRepo).not.toBe(without); // the hint comes from the repository secret
    expect(sim.github.decryptSecret('repo:acme/site', SECRET)).toBe(seed.instagramToken);
    canary(first, seed);
    canary(second, seed);
  });
});
