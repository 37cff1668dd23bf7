/**
 * `dry-run: true`: validate, verify the CURRENT token, read the public key, then stop. Nothing is
 * refreshed at Meta and nothing is written at GitHub: no request but GET reaches it.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { runAction, seedScenario } from '../../simulator/index.js';
import { expectNoLeak, issueTexts, uniqueAccount } from './support.js';
import { SECRET, sim, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

const SCOPES = [
  { scope: 'repo', keyPath: '/repos/acme/site/actions/secrets/public-key' },
  { scope: 'env', keyPath: '/repos/acme/site/environments/production/secrets/public-key' },
  { scope: 'org', keyPath: '/orgs/acme/actions/secrets/public-key' },
] as const;

const TABLE = (['instagram', 'facebook'] as const).flatMap((flavour) =>
  SCOPES.map((scope) => ({ flavour, ...scope })),
);

useFreshSimulator();

describe('dry-run: true', () => {
  it.each(TABLE)('$flavour token, $scope secret: checks and writes nothing', async (c) => {
    const account = uniqueAccount();
    const seeded = seedScenario(sim, { flavour: c.flavour, scope: c.scope, token: account });
    seeded.inputs['dry-run'] = 'true';
    const before = sim.github.getSecret(seeded.scope, SECRET);
    const tokensBefore = sim.graph.tokens.size;

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    expect(run.code).toBe(0);

    // Graph: the current token checked at /me; no refresh or exchange, no token minted.
    const graphPaths = sim.graph.requests.map((r) => r.path);
    expect(graphPaths.some((p) => /refresh_access_token|oauth\/access_token/.test(p))).toBe(false);
    const me = sim.graph.requests.filter((r) => /^(?:\/v\d+\.\d+)?\/me$/.test(r.path));
    expect(me.length).toBeGreaterThanOrEqual(1);
    for (const call of me) {
      expect(call.query.access_token ?? call.headers.authorization).toContain(
        seeded.instagramToken,
      );
    }
    expect(sim.graph.tokens.size).toBe(tokensBefore);

    // GitHub: the public key read, and nothing but reads.
    expect(sim.github.requests.some((r) => r.method === 'GET' && r.path === c.keyPath)).toBe(true);
    expect(sim.github.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(sim.github.getSecret(seeded.scope, SECRET)).toEqual(before);
    expect(sim.github.decryptSecret(seeded.scope, SECRET)).toBe(seeded.instagramToken);
    expect(sim.github.variables(seeded.scope)).toEqual([]);
    expect(sim.github.issues).toEqual([]);

    // Outputs and report.
    expect(run.outputs.refreshed).toBe('false');
    expect(run.outputs.token ?? '').toBe('');
    expect(run.summary).toMatch(/dry run/i);
    expect(run.summary).toMatch(/would refresh/i);
    expect(run.summary).toContain(SECRET);
    expect(run.summary).toContain(c.flavour === 'instagram' ? account.username : account.name);
    expect(run.stdout).toMatch(/dry run/i);
    expect(run.stdout).toMatch(/would refresh/i);

    expectNoLeak(
      run,
      [seeded.instagramToken, seeded.githubToken, sim.graph.appSecret],
      issueTexts(sim.github),
    );
  });
});
