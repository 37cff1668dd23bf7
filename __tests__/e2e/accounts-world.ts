/**
 * The world of the `accounts` end-to-end tests (README "Inputs", `accounts`; docs/behaviour.md,
 * rule 11): several secrets in one scope, each holding its own Meta token, and the readings
 * those tests share: an account's refresh calls and new token, its failure issue, the `results`
 * output, the summary's table, the masking order, and the canary over every token involved.
 */
import { expect } from '@jest/globals';
import { runAction, seedScenario, type Simulator } from '../../simulator/index.js';
import { expectNoLeak, issueTexts, uniqueAccount } from './support.js';
import { refreshCalls } from './probes.js';
import { SECRET, realIssues, sim, type Run, type Seed } from './world.js';

export type Flavour = 'instagram' | 'facebook';
export type Scope = 'repo' | 'env' | 'org';
type TokenSpec = Partial<Parameters<Simulator['graph']['addToken']>[0]>;

export interface AccountSpec {
  secret: string;
  flavour?: Flavour;
  /** More for graph.addToken: `expiresInMs: -DAY_MS` for an expired token, and the like. */
  token?: TokenSpec;
  /** false: the secret does not exist at GitHub (a typo, or the wrong scope). */
  seedSecret?: boolean;
}

export interface Account {
  secret: string;
  flavour: Flavour;
  token: string;
  username: string;
  name: string;
}

export interface AccountsWorld {
  seed: Seed;
  accounts: Account[];
  /** The seeded inputs for an `accounts` run: no `instagram-token`, `accounts` one a line. */
  inputs: Record<string, string>;
}

/** One object of the `results` output. */
export interface Result {
  secret: string;
  status: 'refreshed' | 'skipped' | 'failed';
  'expires-at': string | null;
  'days-left': number | null;
  account: string | null;
  issue: number | null;
  sites: unknown[];
}

/** Where each scope keeps the secrets and variables of the default acme/site scenario. */
export const ROUTES: Record<Scope, { secrets: string; variables: string }> = {
  repo: {
    secrets: '/repos/acme/site/actions/secrets',
    variables: '/repos/acme/site/actions/variables',
  },
  env: {
    secrets: '/repos/acme/site/environments/production/secrets',
    variables: '/repos/acme/site/environments/production/variables',
  },
  org: { secrets: '/orgs/acme/actions/secrets', variables: '/orgs/acme/actions/variables' },
};

/** The single-token outputs an `accounts` run must leave unset. */
export const SINGLE_TOKEN_OUTPUTS = [
  'refreshed',
  'expires-at',
  'expires-in',
  'days-left',
  'token',
  'issue-number',
];

/** `NAME=token` lines for `accounts`. */
export function accountLines(accounts: { secret: string; token: string }[]): string {
  return accounts.map((a) => `${a.secret}=${a.token}`).join('\n');
}

/**
 * Seeds one scope with a secret per account, each holding its own token (the first through
 * seedScenario, the rest beside it, an organization secret `selected` with the repository like
 * seedScenario's). `secret-name` stays at the default the runner always passes.
 */
export function seedAccounts(specs: AccountSpec[], scope: Scope = 'repo'): AccountsWorld {
  const [first] = specs;
  const seed = seedScenario(sim, {
    flavour: first.flavour ?? 'instagram',
    scope,
    secretName: first.secret,
    token: { ...uniqueAccount(), ...first.token },
  });
  const repo = sim.github.state.findRepo('acme/site');
  const accounts = specs.map((spec, index): Account => {
    const flavour = spec.flavour ?? 'instagram';
    const record =
      index === 0
        ? (sim.graph.tokens.get(seed.instagramToken) as ReturnType<Simulator['graph']['addToken']>)
        : sim.graph.addToken({ flavour, ...uniqueAccount(), ...spec.token });
    if (index > 0 && spec.seedSecret !== false) {
      sim.github.setSecret(seed.scope, spec.secret, record.token, {
        visibility: 'selected',
        selectedRepositoryIds: repo ? [repo.id] : [],
      });
    }
    if (index === 0 && spec.seedSecret === false) sim.github.deleteSecret(seed.scope, spec.secret);
    const { token, username, name } = record;
    return { secret: spec.secret, flavour, token, username, name };
  });
  const inputs: Record<string, string> = { ...seed.inputs, 'secret-name': SECRET };
  delete inputs['instagram-token'];
  if (accounts.some((a) => a.flavour === 'facebook')) {
    inputs['app-id'] = sim.graph.appId;
    inputs['app-secret'] = sim.graph.appSecret;
  }
  inputs.accounts = accountLines(accounts);
  return { seed, accounts, inputs };
}

/** Runs the action on an accounts world, `inputs` and `env` over the seeded ones. */
export function runAccounts(
  world: AccountsWorld,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
  timeoutMs = 45_000,
): Promise<Run> {
  return runAction({
    inputs: { ...world.inputs, ...inputs },
    env: { ...world.seed.env, ...env },
    timeoutMs,
  });
}

/** The `results` output, parsed, with every field the contract names present. */
export function resultsOf(run: Run): Result[] {
  expect(run.outputs.results).toBeDefined();
  const results = JSON.parse(run.outputs.results) as Result[];
  expect(Array.isArray(results)).toBe(true);
  for (const result of results) {
    for (const key of ['secret', 'status', 'expires-at', 'days-left', 'account', 'issue']) {
      expect(result).toHaveProperty([key]);
    }
    expect(result.sites).toEqual([]);
  }
  return results;
}

/** The account name a result or summary row shows: the username, or a Facebook user's name. */
export function shownAs(account: Account): string[] {
  return account.flavour === 'instagram' ? [account.username] : [account.name, account.username];
}

/** Refresh (or exchange) calls at Meta that spent this token. */
export function refreshesOf(token: string): ReturnType<typeof refreshCalls> {
  return refreshCalls().filter(
    (r) =>
      r.query.access_token === token ||
      r.query.fb_exchange_token === token ||
      (r.headers.authorization ?? '').includes(token),
  );
}

/** Tokens the Graph fake minted from this one. */
export function mintedFrom(token: string): string[] {
  return [...sim.graph.tokens.values()]
    .filter((record) => record.refreshedFrom === token)
    .map((record) => record.token);
}

/** The account's secret holds the one token minted from its own, and nothing else was minted. */
export function expectRefreshedInto(world: AccountsWorld, account: Account): string {
  const minted = mintedFrom(account.token);
  expect({ secret: account.secret, minted: minted.length }).toEqual({
    secret: account.secret,
    minted: 1,
  });
  expect(sim.github.decryptSecret(world.seed.scope, account.secret)).toBe(minted[0]);
  return minted[0];
}

/** The account was not refreshed: nothing spent at Meta, its secret as it was seeded. */
export function expectUntouched(world: AccountsWorld, account: Account, seeded = true): void {
  expect({ secret: account.secret, refreshes: refreshesOf(account.token).length }).toEqual({
    secret: account.secret,
    refreshes: 0,
  });
  expect(mintedFrom(account.token)).toEqual([]);
  expect(sim.github.decryptSecret(world.seed.scope, account.secret)).toBe(
    seeded ? account.token : undefined,
  );
}

const MARKER = /<!-- instagram-token-refresh:failure [^>]*-->/;

/** Issues (open or closed) whose hidden marker names this secret (and not one it prefixes). */
export function failureIssuesOf(secret: string, state?: 'open' | 'closed') {
  const tail = `:${secret.toUpperCase()} -->`;
  return realIssues().filter(
    (issue) =>
      (state === undefined || issue.state === state) &&
      (MARKER.exec(issue.body)?.[0] ?? '').endsWith(tail),
  );
}

/** The hidden marker of a repository secret's failure issue (docs/behaviour.md, "Input rules"). */
export function markerOf(secret: string): string {
  return `<!-- instagram-token-refresh:failure repo:acme/site:${secret.toUpperCase()} -->`;
}

/** The rows of the summary's table(s), and how many tables it holds (separator rows). */
export function summaryTable(run: Run): { tables: number; rows: string[] } {
  const lines = run.summary.split('\n').map((line) => line.trim());
  const separator = /^\|(?:\s*:?-{3,}:?\s*\|)+$/;
  const tables = lines.filter((line) => separator.test(line)).length;
  const start = lines.findIndex((line) => separator.test(line));
  const rows = [];
  for (let i = start + 1; start >= 0 && i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(lines[i]);
  }
  return { tables, rows };
}

/** The one row that names this secret (the names in a test never contain one another). */
export function rowOf(rows: string[], secret: string): string {
  const found = rows.filter((row) => new RegExp(`\\b${secret}\\b`).test(row));
  expect({ secret, rows: found.length }).toEqual({ secret, rows: 1 });
  return found[0];
}

/**
 * Every token is masked (`::add-mask::`) before the action prints anything else: the runner
 * hides a value only from the line after its mask on.
 */
export function expectMaskedFirst(run: Run, tokens: string[]): void {
  const lines = run.stdout.split('\n');
  const firstOther = lines.findIndex((line) => line !== '' && !line.startsWith('::add-mask::'));
  for (const token of tokens) {
    const mask = lines.indexOf(`::add-mask::${token}`);
    expect(mask).toBeGreaterThanOrEqual(0);
    if (firstOther >= 0) expect(mask).toBeLessThan(firstOther);
  }
}

/** Every variable's `NAME=value` in a scope: plain text, so the canary reads them too. */
function variableTexts(scope: string): string[] {
  return sim.github.variables(scope).map((v) => `${v.name}=${v.value}`);
}

/**
 * The canary over ALL tokens involved: every token either fake knows (seeded and minted), the
 * app secret, and `extra` (values that never reached a fake); none in the logs, the summary,
 * the outputs, an issue, a comment or a variable.
 */
export function canaryAll(run: Run, world: AccountsWorld, extra: string[] = []): void {
  expectNoLeak(
    run,
    [
      ...sim.graph.tokens.keys(),
      ...sim.github.state.tokens.keys(),
      world.seed.githubToken,
      sim.graph.appSecret,
      ...extra,
    ],
    [...issueTexts(sim.github), ...variableTexts(world.seed.scope)],
  );
}
