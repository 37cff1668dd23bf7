/**
 * The expiry variable (`record-expiry`, `expiry-variable`; docs/behaviour.md): after a refresh
 * the new expiry (ISO 8601 UTC) is recorded in an Actions variable beside the secret, in the
 * secret's scope. There is no upsert (docs/platform-facts.md, "Variables"), so the action must
 * POST when the variable is absent and PATCH when it is present, without a 409 round trip.
 * Variables are plain text: a token never goes there. A missing permission is a warning, not a
 * failure.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario } from '../../simulator/index.js';
import { expectNoLeak, expectSucceeded, issueTexts } from './support.js';
import { SECRET, allSecrets, mintedFrom, runWith, sim, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

type RequestRecord = { method: string; path: string; body?: unknown; status?: number };

const VARIABLE = `${SECRET}_EXPIRES_AT`;
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const SCOPES = [
  { scope: 'repo', variables: '/repos/acme/site/actions/variables' },
  { scope: 'env', variables: '/repos/acme/site/environments/production/variables' },
  { scope: 'org', variables: '/orgs/acme/actions/variables' },
] as const;

useFreshSimulator();

/** Requests made after index `from`, under the variables collection `base`. */
function variableCalls(base: string, from = 0): RequestRecord[] {
  return sim.github.requests
    .slice(from)
    .filter((r) => r.path === base || r.path.startsWith(`${base}/`));
}

function writesTo(base: string, from = 0): string[] {
  return variableCalls(base, from)
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}`);
}

/** The variables' values: plain text anyone with read access sees, so the canary reads them. */
function variableValues(scope: string): string[] {
  return sim.github.variables(scope).map((v) => `${v.name}=${v.value}`);
}

describe('the expiry variable in each scope', () => {
  it.each(SCOPES)('$scope: created on the first run, updated on the second', async (c) => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: c.scope });
    expect(sim.github.getVariable(seed.scope, VARIABLE)).toBeUndefined();

    const first = await runWith(seed);
    expectSucceeded(first);
    expect(first.outputs['expires-at']).toMatch(ISO_SECONDS);
    const created = sim.github.getVariable(seed.scope, VARIABLE);
    expect(created?.value).toBe(first.outputs['expires-at']);
    expect(writesTo(c.variables)).toEqual([`POST ${c.variables}`]);
    expect(variableCalls(c.variables).filter((r) => r.status === 409)).toEqual([]);

    // An older value stands in for last month's run, so the update is visible.
    sim.github.setVariable(seed.scope, VARIABLE, '2020-01-01T00:00:00Z');
    const mark = sim.github.requests.length;
    // The secret now holds a token minted a moment ago; a person's later run uses a day-old one.
    const next = sim.graph.addToken({ flavour: 'instagram' });
    const second = await runWith(seed, { 'instagram-token': next.token });
    expectSucceeded(second);
    expect(sim.github.getVariable(seed.scope, VARIABLE)?.value).toBe(second.outputs['expires-at']);
    expect(writesTo(c.variables, mark)).toEqual([`PATCH ${c.variables}/${VARIABLE}`]);
    expect(variableCalls(c.variables, mark).filter((r) => r.status === 409)).toEqual([]);
    expect(sim.github.variables(seed.scope).map((v) => v.name)).toEqual([VARIABLE]);

    const secrets = allSecrets(seed);
    for (const value of variableValues(seed.scope)) {
      for (const secret of secrets) expect(value.includes(secret)).toBe(false);
    }
    expectNoLeak(first, secrets, [...issueTexts(sim.github), ...variableValues(seed.scope)]);
    expectNoLeak(second, secrets, [...issueTexts(sim.github), ...variableValues(seed.scope)]);
  });
});

describe('expiry-variable and record-expiry', () => {
  it('a custom expiry-variable name is used instead of <secret>_EXPIRES_AT', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const run = await runWith(seed, { 'expiry-variable': 'IG_TOKEN_EXPIRY' });

    expectSucceeded(run);
    expect(sim.github.getVariable(seed.scope, 'IG_TOKEN_EXPIRY')?.value).toBe(
      run.outputs['expires-at'],
    );
    expect(sim.github.getVariable(seed.scope, VARIABLE)).toBeUndefined();
    expect(writesTo(SCOPES[0].variables)).toEqual([`POST ${SCOPES[0].variables}`]);
    expectNoLeak(run, allSecrets(seed), [...issueTexts(sim.github), ...variableValues(seed.scope)]);
  });

  it("record-expiry: 'false' writes no variable", async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const run = await runWith(seed, { 'record-expiry': 'false' });

    expectSucceeded(run);
    expect(run.outputs['expires-at']).toMatch(ISO_SECONDS);
    expect(sim.github.variables(seed.scope)).toEqual([]);
    expect(writesTo(SCOPES[0].variables)).toEqual([]);
    expectNoLeak(run, allSecrets(seed), issueTexts(sim.github));
  });

  it.each([
    { scope: 'repo', permissions: ['secrets', 'issues', 'actions'], needs: /Variables/ },
    {
      scope: 'org',
      permissions: ['org_secrets', 'issues', 'actions'],
      needs: /Organization › Variables/,
    },
  ] as const)(
    '$scope: a github-token without the variables permission warns and the run succeeds',
    async (c) => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: c.scope });
      const limited = `github_pat_${'NoVars0000'.repeat(6)}`;
      sim.github.addToken(limited, { permissions: [...c.permissions] });
      const run = await runWith(seed, { 'github-token': limited });

      expectSucceeded(run);
      const [minted] = mintedFrom(seed);
      expect(minted).toBeDefined();
      expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(minted);
      expect(sim.github.variables(seed.scope)).toEqual([]);
      const warnings = run.stdout
        .split('\n')
        .filter((line) => line.startsWith('::warning') && line.includes(VARIABLE));
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect(warnings.join('\n')).toMatch(c.needs);
      expectNoLeak(run, allSecrets(seed, [limited]), issueTexts(sim.github));
    },
  );

  it('a new organization variable is shared with the workflow repository only', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'org' });
    const siteId = sim.github.state.findRepo('acme/site')?.id;
    expect(siteId).toBeDefined();
    const run = await runWith(seed);

    expectSucceeded(run);
    const posts = variableCalls(SCOPES[2].variables).filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toMatchObject({
      name: VARIABLE,
      visibility: 'selected',
      selected_repository_ids: [siteId],
    });
    const stored = sim.github.getVariable(seed.scope, VARIABLE);
    expect(stored?.visibility).toBe('selected');
    expect(stored?.selectedRepositoryIds).toEqual([siteId]);
    expect(stored?.value).toBe(run.outputs['expires-at']);
    expectNoLeak(run, allSecrets(seed), [...issueTexts(sim.github), ...variableValues(seed.scope)]);
  });

  it('an existing organization variable keeps its visibility', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'org' });
    sim.github.setVariable(seed.scope, VARIABLE, '2020-01-01T00:00:00Z', { visibility: 'all' });
    const run = await runWith(seed);

    expectSucceeded(run);
    expect(writesTo(SCOPES[2].variables)).toEqual([`PATCH ${SCOPES[2].variables}/${VARIABLE}`]);
    const stored = sim.github.getVariable(seed.scope, VARIABLE);
    expect(stored?.value).toBe(run.outputs['expires-at']);
    expect(stored?.visibility).toBe('all');
    expectNoLeak(run, allSecrets(seed), [...issueTexts(sim.github), ...variableValues(seed.scope)]);
  });
});
