/**
 * The happy path, end to end: the bundled action refreshes the token at the fake Graph API and
 * writes it, sealed, to the fake GitHub, for both logins and all three secret scopes.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { runAction, seedScenario } from '../../simulator/index.js';
import { DEAD_URL, uniqueAccount, type ActionRun } from './support.js';
import { SECRET, canary, sim, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

const DAY_S = 86_400;

type Flavour = 'instagram' | 'facebook';
type Scope = 'repo' | 'env' | 'org';

interface ScopeCase {
  scope: Scope;
  /** The routes this scope's secret lives under, for the default acme/site scenario. */
  base: string;
  /** Words the summary must hold to name the destination. */
  destination: string[];
}

const SCOPES: ScopeCase[] = [
  { scope: 'repo', base: '/repos/acme/site/actions/secrets', destination: [SECRET, 'acme/site'] },
  {
    scope: 'env',
    base: '/repos/acme/site/environments/production/secrets',
    destination: [SECRET, 'acme/site', 'production'],
  },
  { scope: 'org', base: '/orgs/acme/actions/secrets', destination: [SECRET, 'organization'] },
];

const FLAVOURS: Flavour[] = ['instagram', 'facebook'];

const TABLE = FLAVOURS.flatMap((flavour) => SCOPES.map((scope) => ({ flavour, ...scope })));

useFreshSimulator();

/** Seeds a scenario with a per-test account; the unused Graph base points nowhere. */
function seed(
  flavour: Flavour,
  scope: Scope,
  extra: Partial<Parameters<typeof seedScenario>[1]> = {},
) {
  const account = uniqueAccount();
  const seeded = seedScenario(sim, {
    flavour,
    scope,
    ...extra,
    token: { ...account, ...extra.token },
  });
  // A call to the wrong Graph host fails instead of passing by luck.
  const unused = flavour === 'instagram' ? 'facebook-api-url' : 'instagram-api-url';
  seeded.inputs[unused] = DEAD_URL;
  return { seeded, account };
}

const isMe = (path: string) => /^(?:\/v\d+\.\d+)?\/me$/.test(path);

/** The Graph calls a refresh makes, checked for path, grant and credentials. */
function expectGraphRefresh(flavour: Flavour, oldToken: string, newToken: string) {
  const requests = sim.graph.requests;
  const refreshAt =
    flavour === 'instagram'
      ? requests.findIndex((r) => r.path === '/refresh_access_token')
      : requests.findIndex((r) => /^\/v\d+\.0\/oauth\/access_token$/.test(r.path));
  expect(refreshAt).toBeGreaterThanOrEqual(0);
  const refresh = requests[refreshAt];
  expect(refresh.method).toBe('GET');
  if (flavour === 'instagram') {
    expect(refresh.query.grant_type).toBe('ig_refresh_token');
    expect(refresh.query.access_token ?? refresh.headers.authorization).toContain(oldToken);
    // ig_refresh_token takes no app secret (docs/platform-facts.md, "Instagram Login: refresh").
    expect(refresh.query.client_secret).toBeUndefined();
  } else {
    expect(refresh.query.grant_type).toBe('fb_exchange_token');
    expect(refresh.query.client_id).toBe(sim.graph.appId);
    expect(refresh.query.client_secret).toBe(sim.graph.appSecret);
    expect(refresh.query.fb_exchange_token).toBe(oldToken);
  }
  const meAt = requests.findIndex((r, i) => i > refreshAt && isMe(r.path));
  expect(meAt).toBeGreaterThan(refreshAt);
  const me = requests[meAt];
  expect(me.query.access_token ?? me.headers.authorization).toContain(newToken);
  return { me };
}

/** The GitHub side: key read before the one PUT, the PUT after /me, sealed with that key. */
function expectSecretPut(base: string, name: string, meAt: number, githubToken: string) {
  const requests = sim.github.requests;
  const keyAt = requests.findIndex((r) => r.method === 'GET' && r.path === `${base}/public-key`);
  const puts = requests.filter((r) => r.method === 'PUT');
  expect(puts.map((r) => r.path)).toEqual([`${base}/${name}`]);
  const putAt = requests.indexOf(puts[0]);
  expect(keyAt).toBeGreaterThanOrEqual(0);
  expect(keyAt).toBeLessThan(putAt);
  expect(puts[0].at).toBeGreaterThanOrEqual(meAt);
  expect(puts[0].headers.authorization).toMatch(
    new RegExp(`^(?:token|bearer) ${githubToken}$`, 'i'),
  );
  return puts[0];
}

function expectExpiryOutputs(run: ActionRun, startedMs: number): void {
  const { outputs } = run;
  expect(outputs['expires-at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/);
  const expiresAtMs = Date.parse(outputs['expires-at']);
  const aheadS = (expiresAtMs - startedMs) / 1000;
  expect(aheadS).toBeGreaterThan(59 * DAY_S);
  expect(aheadS).toBeLessThanOrEqual(60 * DAY_S + 60);
  const expiresIn = Number(outputs['expires-in']);
  expect(Number.isInteger(expiresIn)).toBe(true);
  expect(Math.abs(expiresIn - aheadS)).toBeLessThan(60);
  expect(['59', '60']).toContain(outputs['days-left']);
  expect(run.summary).toContain(outputs['expires-at'].slice(0, 10));
}

describe('refresh and write back', () => {
  it.each(TABLE)(
    '$flavour token into the $scope secret',
    async ({ flavour, scope, base, destination }) => {
      const { seeded, account } = seed(flavour, scope);
      const started = Date.now();

      const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

      expect(run.code).toBe(0);
      const stored = sim.github.decryptSecret(seeded.scope, SECRET);
      expect(stored).toBeDefined();
      expect(stored).not.toBe(seeded.instagramToken);
      expect(sim.graph.tokens.get(stored as string)?.refreshedFrom).toBe(seeded.instagramToken);
      expect(run.outputs.refreshed).toBe('true');
      expect(run.outputs.token).toBe(stored);
      expectExpiryOutputs(run, started);

      const { me } = expectGraphRefresh(flavour, seeded.instagramToken, stored as string);
      const put = expectSecretPut(base, SECRET, me.at, seeded.githubToken);
      expect((put.body as { key_id: string }).key_id).toBe(
        sim.github.publicKey(seeded.scope).keyId,
      );

      const accountName = flavour === 'instagram' ? account.username : account.name;
      expect(run.summary).toContain(accountName);
      for (const word of destination) expect(run.summary).toContain(word);
      canary(run, seeded, stored);
    },
  );
});

describe('refresh and write back: variations', () => {
  it('writes and reports refreshed=true when Meta returns the same token string', async () => {
    const { seeded } = seed('instagram', 'repo', { token: { sameStringOnRefresh: true } });
    // The secret holds something else first, so only a real write makes it hold the token.
    sim.github.setSecret(seeded.scope, SECRET, 'stale-value-before-the-run');

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    expect(run.code).toBe(0);
    expect(sim.github.decryptSecret(seeded.scope, SECRET)).toBe(seeded.instagramToken);
    expect(run.outputs.refreshed).toBe('true');
    expect(run.outputs.token).toBe(seeded.instagramToken);
    expect(sim.github.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    canary(run, seeded);
  });

  it('trims a trailing newline and spaces from instagram-token', async () => {
    const { seeded } = seed('instagram', 'repo');
    seeded.inputs['instagram-token'] = `${seeded.instagramToken}\n  `;

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    expect(run.code).toBe(0);
    const refresh = sim.graph.requests.find((r) => r.path === '/refresh_access_token');
    expect(refresh?.query.access_token).toBe(seeded.instagramToken);
    const stored = sim.github.decryptSecret(seeded.scope, SECRET);
    expect(stored).toBe(run.outputs.token);
    expect(stored).not.toBe(seeded.instagramToken);
    expect(stored).not.toMatch(/\s/);
    canary(run, seeded, stored);
  });

  it('works with api: instagram set explicitly', async () => {
    const { seeded } = seed('instagram', 'repo');
    seeded.inputs.api = 'instagram';

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    expect(run.code).toBe(0);
    const stored = sim.github.decryptSecret(seeded.scope, SECRET) as string;
    expect(stored).not.toBe(seeded.instagramToken);
    expectGraphRefresh('instagram', seeded.instagramToken, stored);
    expect(run.outputs.refreshed).toBe('true');
    canary(run, seeded, stored);
  });

  it('URL-encodes an environment name holding a slash (prod/eu)', async () => {
    const { seeded } = seed('instagram', 'env', { environment: 'prod/eu' });

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    expect(run.code).toBe(0);
    const stored = sim.github.decryptSecret('env:acme/site:prod/eu', SECRET);
    expect(stored).toBe(run.outputs.token);
    expect(stored).not.toBe(seeded.instagramToken);
    const base = '/repos/acme/site/environments/prod%2Feu/secrets';
    expectSecretPut(base, SECRET, 0, seeded.githubToken);
    expect(run.summary).toContain('prod/eu');
    canary(run, seeded, stored);
  });

  it('writes a custom secret-name', async () => {
    const { seeded } = seed('facebook', 'repo', { secretName: 'IG_LONG_LIVED_TOKEN' });

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    expect(run.code).toBe(0);
    const stored = sim.github.decryptSecret(seeded.scope, 'IG_LONG_LIVED_TOKEN');
    expect(stored).toBe(run.outputs.token);
    expect(stored).not.toBe(seeded.instagramToken);
    expect(sim.github.getSecret(seeded.scope, SECRET)).toBeUndefined();
    expectSecretPut(
      '/repos/acme/site/actions/secrets',
      'IG_LONG_LIVED_TOKEN',
      0,
      seeded.githubToken,
    );
    expect(run.summary).toContain('IG_LONG_LIVED_TOKEN');
    canary(run, seeded, stored);
  });

  it('creates the secret when secret-name does not exist yet and create-secret is true', async () => {
    const { seeded } = seed('instagram', 'repo');
    seeded.inputs['secret-name'] = 'IG_BRAND_NEW';
    seeded.inputs['create-secret'] = 'true';
    expect(sim.github.getSecret(seeded.scope, 'IG_BRAND_NEW')).toBeUndefined();

    const run = await runAction({ inputs: seeded.inputs, env: seeded.env });

    expect(run.code).toBe(0);
    const stored = sim.github.decryptSecret(seeded.scope, 'IG_BRAND_NEW');
    expect(stored).toBe(run.outputs.token);
    const put = expectSecretPut(
      '/repos/acme/site/actions/secrets',
      'IG_BRAND_NEW',
      0,
      seeded.githubToken,
    );
    expect(put.status).toBe(201);
    // The secret the input token came from is not touched.
    expect(sim.github.decryptSecret(seeded.scope, SECRET)).toBe(seeded.instagramToken);
    canary(run, seeded, stored);
  });

  it('writes to a repository input other than GITHUB_REPOSITORY', async () => {
    sim.github.addRepo({ owner: 'acme', name: 'site' }); // the workflow's own repository
    const { seeded } = seed('instagram', 'repo', { repository: 'acme/other' });

    const run = await runAction({
      inputs: seeded.inputs,
      env: { ...seeded.env, GITHUB_REPOSITORY: 'acme/site' },
    });

    expect(run.code).toBe(0);
    expect(seeded.scope).toBe('repo:acme/other');
    const stored = sim.github.decryptSecret('repo:acme/other', SECRET);
    expect(stored).toBe(run.outputs.token);
    expect(stored).not.toBe(seeded.instagramToken);
    expectSecretPut('/repos/acme/other/actions/secrets', SECRET, 0, seeded.githubToken);
    expect(sim.github.secrets('repo:acme/site')).toEqual([]);
    expect(run.summary).toContain('acme/other');
    canary(run, seeded, stored);
  });
});
