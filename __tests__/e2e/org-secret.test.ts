/**
 * Organization secrets: a write must keep who may read the secret. GitHub's PUT requires
 * `visibility`, and `selected` without ids clears the list (docs/platform-facts.md,
 * "Organization secrets"), so the action reads the current settings (paging through >100
 * repositories) and sends them back.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { runAction, seedScenario } from '../../simulator/index.js';
import { uniqueAccount, type ActionRun } from './support.js';
import { SECRET, canary, count, sim, useFreshSimulator, type Seed } from './world.js';

jest.setTimeout(60_000);

const SCOPE = 'org:acme';
const BASE = '/orgs/acme/actions/secrets';

interface PutBody {
  encrypted_value?: string;
  key_id?: string;
  visibility?: string;
  selected_repository_ids?: number[];
}

useFreshSimulator();

/** An org scenario (org acme, workflow repository acme/site) with a per-test account. */
function seedOrg(): { seeded: Seed; siteId: number } {
  const seeded = seedScenario(sim, { flavour: 'instagram', scope: 'org', token: uniqueAccount() });
  const site = sim.github.state.findRepo('acme/site');
  if (!site) throw new Error('seedScenario did not add acme/site');
  return { seeded, siteId: site.id };
}

function repoIds(length: number): number[] {
  return Array.from({ length }, (_, i) => 880_000_000 + i * 7);
}

/** The one PUT of the secret; its body always names a visibility. */
function secretPut(name: string) {
  const puts = sim.github.requests.filter((r) => r.method === 'PUT');
  expect(puts.map((r) => r.path)).toEqual([`${BASE}/${name}`]);
  const body = puts[0].body as PutBody;
  expect(['all', 'private', 'selected']).toContain(body.visibility);
  return { put: puts[0], body };
}

/** The secret now holds the new token, which the token output also carries. */
function expectNewTokenStored(run: ActionRun, seeded: Seed, name = SECRET): string {
  expect(run.code).toBe(0);
  expect(run.outputs.refreshed).toBe('true');
  const stored = sim.github.decryptSecret(SCOPE, name);
  expect(stored).toBeDefined();
  expect(stored).not.toBe(seeded.instagramToken);
  expect(stored).toBe(run.outputs.token);
  return stored as string;
}

const sorted = (ids: number[] | undefined) => [...(ids ?? [])].sort((a, b) => a - b);

describe('an existing organization secret keeps its access settings', () => {
  it('keeps selected visibility and exactly its 3 selected repositories', async () => {
    const { seeded, siteId } = seedOrg();
    const blog = sim.github.addRepo({ owner: 'acme', name: 'blog' });
    const shop = sim.github.addRepo({ owner: 'acme', name: 'shop' });
    const ids = [siteId, blog.id, shop.id];
    sim.github.setSecret(SCOPE, SECRET, seeded.instagramToken, {
      visibility: 'selected',
      selectedRepositoryIds: ids,
    });

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    const stored = expectNewTokenStored(run, seeded);
    const after = sim.github.getSecret(SCOPE, SECRET);
    expect(after?.visibility).toBe('selected');
    expect(sorted(after?.selectedRepositoryIds)).toEqual(sorted(ids));
    const { body } = secretPut(SECRET);
    expect(body.visibility).toBe('selected');
    expect(sorted(body.selected_repository_ids)).toEqual(sorted(ids));
    canary(run, seeded, stored);
  });

  it('keeps all 130 selected repositories (more than one page)', async () => {
    const { seeded, siteId } = seedOrg();
    const ids = [siteId, ...repoIds(129)];
    sim.github.setSecret(SCOPE, SECRET, seeded.instagramToken, {
      visibility: 'selected',
      selectedRepositoryIds: ids,
    });

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    const stored = expectNewTokenStored(run, seeded);
    const after = sim.github.getSecret(SCOPE, SECRET);
    expect(after?.visibility).toBe('selected');
    expect(after?.selectedRepositoryIds).toHaveLength(130);
    expect(sorted(after?.selectedRepositoryIds)).toEqual(sorted(ids));
    // At most 100 per page, so the list took more than one request.
    const listed = count(sim.github.requests, 'GET', `${BASE}/${SECRET}/repositories`);
    expect(listed).toBeGreaterThanOrEqual(2);
    expect(secretPut(SECRET).body.selected_repository_ids).toHaveLength(130);
    canary(run, seeded, stored);
  });

  it.each(['all', 'private'] as const)('keeps %s visibility', async (visibility) => {
    const { seeded } = seedOrg();
    sim.github.setSecret(SCOPE, SECRET, seeded.instagramToken, { visibility });

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    const stored = expectNewTokenStored(run, seeded);
    const after = sim.github.getSecret(SCOPE, SECRET);
    expect(after?.visibility).toBe(visibility);
    expect(after?.selectedRepositoryIds).toEqual([]);
    const { body } = secretPut(SECRET);
    expect(body.visibility).toBe(visibility);
    expect(body.selected_repository_ids).toBeUndefined();
    canary(run, seeded, stored);
  });
});

describe('a new organization secret', () => {
  it("is created selected with the workflow's own repository", async () => {
    const { seeded, siteId } = seedOrg();
    sim.github.addRepo({ owner: 'acme', name: 'blog' }); // another org repo, not to be granted
    seeded.inputs['secret-name'] = 'IG_NEW_ORG_TOKEN';
    seeded.inputs['create-secret'] = 'true';
    expect(sim.github.getSecret(SCOPE, 'IG_NEW_ORG_TOKEN')).toBeUndefined();

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    const stored = expectNewTokenStored(run, seeded, 'IG_NEW_ORG_TOKEN');
    const after = sim.github.getSecret(SCOPE, 'IG_NEW_ORG_TOKEN');
    expect(after?.visibility).toBe('selected');
    expect(after?.selectedRepositoryIds).toEqual([siteId]);
    const { put, body } = secretPut('IG_NEW_ORG_TOKEN');
    expect(put.status).toBe(201);
    expect(body.visibility).toBe('selected');
    expect(body.selected_repository_ids).toEqual([siteId]);
    // The seeded secret the input token came from keeps its value.
    expect(sim.github.decryptSecret(SCOPE, SECRET)).toBe(seeded.instagramToken);
    canary(run, seeded, stored);
  });
});
