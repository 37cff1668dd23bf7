/**
 * `accounts` (README "Inputs"; docs/behaviour.md rule 11): several tokens in one step, one
 * `SECRET_NAME=token` a line. Each is refreshed, verified, sealed and written to its OWN secret
 * in the step's scope, its expiry recorded in `<SECRET_NAME>_EXPIRES_AT`; Instagram and Facebook
 * Login tokens mix under `api: auto`. The reads the accounts share (public key, open issues,
 * repository) are made once; `results` holds one object per account in input order, and the
 * single-token outputs stay unset; the summary is one table; every token is masked first.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { errorLines } from './support.js';
import { daysUntil } from './probes.js';
import {
  ROUTES,
  SINGLE_TOKEN_OUTPUTS,
  canaryAll,
  expectMaskedFirst,
  expectRefreshedInto,
  refreshesOf,
  resultsOf,
  rowOf,
  runAccounts,
  seedAccounts,
  shownAs,
  summaryTable,
  type AccountSpec,
  type Scope,
} from './accounts-world.js';
import { SECRET, count, secretPuts, sim, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

useFreshSimulator();

const MIXED: AccountSpec[] = [
  { secret: 'IG_ALPHA_TOKEN' },
  { secret: 'FB_BRAVO_TOKEN', flavour: 'facebook' },
  { secret: 'IG_CHARLIE_TOKEN' },
];

const SCOPES: Scope[] = ['repo', 'env', 'org'];

/** Same-day ISO date, for the summary's expiry column. */
const dateOf = (iso: string | null) => (iso ?? '').slice(0, 10);

describe('accounts: every token into its own secret', () => {
  it.each(SCOPES)(
    '%s scope: Instagram and Facebook mixed, each refreshed and written',
    async (scope) => {
      const world = seedAccounts(MIXED, scope);
      const [alpha, bravo, charlie] = world.accounts;
      const routes = ROUTES[scope];
      // Comments, blank lines and whitespace around a line are not accounts.
      world.inputs.accounts = [
        '# Instagram and Facebook accounts of the shop',
        `${alpha.secret}=${alpha.token}`,
        '',
        `   ${bravo.secret}=${bravo.token}\t `,
        '   # an indented comment=with an equals sign',
        '  ',
        `${charlie.secret}=${charlie.token}`,
        '',
      ].join('\n');

      const run = await runAccounts(world);

      expect(errorLines(run)).toEqual([]);
      expect(run.code).toBe(0);

      // Meta: each token refreshed once, at its own login's endpoint, verified with the new one.
      for (const account of world.accounts) {
        const calls = refreshesOf(account.token);
        expect(calls).toHaveLength(1);
        expect(calls[0].path).toMatch(
          account.flavour === 'instagram' ? /^\/refresh_access_token$/ : /\/oauth\/access_token$/,
        );
      }
      const newTokens = world.accounts.map((account) => expectRefreshedInto(world, account));
      for (const token of newTokens) {
        const me = sim.graph.requests.filter((r) => /\/me$/.test(r.path));
        expect(
          me.some((r) => (r.query.access_token ?? r.headers.authorization ?? '').includes(token)),
        ).toBe(true);
      }

      // GitHub: one PUT per account, to its own secret, sealed with the scope's key; never the
      // single-token default secret-name the runner still passes.
      const puts = secretPuts();
      expect(puts.map((r) => r.path).sort()).toEqual(
        world.accounts.map((a) => `${routes.secrets}/${a.secret}`).sort(),
      );
      const keyId = sim.github.publicKey(world.seed.scope).keyId;
      for (const put of puts) expect((put.body as { key_id: string }).key_id).toBe(keyId);
      expect(sim.github.getSecret(world.seed.scope, SECRET)).toBeUndefined();
      expect(sim.github.getVariable(world.seed.scope, `${SECRET}_EXPIRES_AT`)).toBeUndefined();
      if (scope === 'org') {
        for (const account of world.accounts) {
          expect(sim.github.getSecret(world.seed.scope, account.secret)?.visibility).toBe(
            'selected',
          );
        }
      }

      // Each expiry recorded beside its secret, about 60 days out.
      const recorded = world.accounts.map(
        (a) => sim.github.getVariable(world.seed.scope, `${a.secret}_EXPIRES_AT`)?.value,
      );
      for (const value of recorded) {
        expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(daysUntil(value)).toBeGreaterThan(59);
        expect(daysUntil(value)).toBeLessThanOrEqual(60.01);
      }

      // Shared reads once; per-account reads once per account.
      const github = sim.github.requests;
      expect(count(github, 'GET', `${routes.secrets}/public-key`)).toBe(1);
      expect(count(github, 'GET', '/repos/acme/site/issues')).toBe(1);
      // The single-token run reads the repository once, and twice for an organization secret (its
      // activity, and its id for a new secret's access): never once per account.
      expect(count(github, 'GET', '/repos/acme/site')).toBeLessThanOrEqual(scope === 'org' ? 2 : 1);
      for (const account of world.accounts) {
        expect(count(github, 'GET', `${routes.secrets}/${account.secret}`)).toBe(1);
        expect(count(github, 'GET', `${routes.variables}/${account.secret}_EXPIRES_AT`)).toBe(1);
        // Refreshed only once the key and this secret's existence were read.
        const refreshAt = refreshesOf(account.token)[0].at;
        const keyRead = github.find((r) => r.path === `${routes.secrets}/public-key`);
        const found = github.find((r) => r.path === `${routes.secrets}/${account.secret}`);
        // Answered (not only asked) before the refresh went out.
        expect(keyRead?.doneAt ?? Infinity).toBeLessThanOrEqual(refreshAt);
        expect(found?.doneAt ?? Infinity).toBeLessThanOrEqual(refreshAt);
      }

      // Outputs: results in input order; no single-token output.
      const results = resultsOf(run);
      expect(results.map((r) => r.secret)).toEqual(world.accounts.map((a) => a.secret));
      results.forEach((result, i) => {
        const account = world.accounts[i];
        expect(result).toMatchObject({ status: 'refreshed', issue: null, sites: [] });
        expect(result['expires-at']).toBe(recorded[i]);
        expect([59, 60]).toContain(result['days-left']);
        expect(shownAs(account)).toContain(result.account);
      });
      for (const name of SINGLE_TOKEN_OUTPUTS) expect(run.outputs[name]).toBeUndefined();

      // The summary: one table, a row per account with its secret, account, expiry, days left.
      const { tables, rows } = summaryTable(run);
      expect(tables).toBe(1);
      for (const [i, account] of world.accounts.entries()) {
        const row = rowOf(rows, account.secret);
        expect(shownAs(account).some((shown) => row.includes(shown))).toBe(true);
        expect(row).toContain(dateOf(results[i]['expires-at']));
        expect(row).toMatch(/\b(?:59|60)\b/);
      }

      // Every parsed token masked before anything else is printed; every new one masked too.
      expectMaskedFirst(
        run,
        world.accounts.map((a) => a.token),
      );
      for (const token of newTokens) expect(run.stdout).toContain(`::add-mask::${token}`);
      canaryAll(run, world);
    },
  );
});

describe('accounts: parsing', () => {
  it('a single account works like any other', async () => {
    const world = seedAccounts([{ secret: 'IG_SOLO_TOKEN' }]);
    const run = await runAccounts(world);

    expect(run.code).toBe(0);
    expectRefreshedInto(world, world.accounts[0]);
    const results = resultsOf(run);
    expect(results.map((r) => [r.secret, r.status])).toEqual([['IG_SOLO_TOKEN', 'refreshed']]);
    for (const name of SINGLE_TOKEN_OUTPUTS) expect(run.outputs[name]).toBeUndefined();
    canaryAll(run, world);
  });

  it('white space around the = is trimmed from the name and the token', async () => {
    const world = seedAccounts([{ secret: 'IG_DELTA_TOKEN' }, { secret: 'IG_ECHO_TOKEN' }]);
    const [delta, echo] = world.accounts;
    world.inputs.accounts = `${delta.secret} = ${delta.token}\n${echo.secret}\t=\t${echo.token}`;
    const run = await runAccounts(world);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    for (const account of world.accounts) {
      expect(refreshesOf(account.token)).toHaveLength(1);
      expectRefreshedInto(world, account);
    }
    canaryAll(run, world);
  });

  it('a Facebook account needs no api input: auto decides per token', async () => {
    const world = seedAccounts([
      { secret: 'FB_FOXTROT_TOKEN', flavour: 'facebook' },
      { secret: 'IG_GOLF_TOKEN' },
    ]);
    delete world.inputs.api; // the default, auto
    const run = await runAccounts(world);

    expect(run.code).toBe(0);
    for (const account of world.accounts) expectRefreshedInto(world, account);
    const exchange = refreshesOf(world.accounts[0].token)[0];
    expect(exchange.query).toMatchObject({
      grant_type: 'fb_exchange_token',
      client_id: sim.graph.appId,
    });
    expect(refreshesOf(world.accounts[1].token)[0].query.grant_type).toBe('ig_refresh_token');
    canaryAll(run, world);
  });
});
