/**
 * Permanent failures are not retried (docs/behaviour.md rule 4): the failing route is asked once,
 * the step fails with one error that says what to do, and the secret keeps the old token.
 */
import { describe, expect, it } from '@jest/globals';
import { seedScenario, type Simulator } from '../../simulator/index.js';
import { DAY_MS, REAUTHORIZE, errorLines, expectNoLeak, issueTexts } from './support.js';
import {
  SECRET,
  count,
  mintedFrom,
  runWith,
  secretPuts,
  secretsOf,
  sim,
  theNewToken,
  useFreshSimulator,
  type Run,
  type Seed,
} from './world.js';

type AddTokenSpec = Parameters<Simulator['graph']['addToken']>[0];
type GraphErrorSpec = NonNullable<AddTokenSpec['error']>;

const TEST_TIMEOUT_MS = 30_000;
/** A run gives up 5 s before its test does, so a hang fails with the run's own output. */
const RUN_TIMEOUT_MS = TEST_TIMEOUT_MS - 5_000;

useFreshSimulator();

/**
 * Exit 1, one ::error:: line, nothing refreshed, the old token still stored. A token Meta
 * issued but that was not stored (`issued`) is handed on in the `token` output, masked.
 */
function expectFailedCleanly(seed: Seed, run: Run, issued?: string): string {
  expect(run.code).toBe(1);
  const errors = errorLines(run);
  expect(errors).toHaveLength(1);
  expect(run.outputs.refreshed).toBe('false');
  expect(run.outputs.token).toBe(issued);
  expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
  return errors[0];
}

describe('Graph API permanent failures end the run at once', () => {
  interface GraphCase {
    name: string;
    flavour: 'instagram' | 'facebook';
    /** How the seeded token goes bad: a token property, or an error every call answers. */
    token?: Partial<AddTokenSpec>;
    error?: GraphErrorSpec;
    says: RegExp[];
  }
  const cases: GraphCase[] = [
    {
      name: 'an expired token (190/463)',
      flavour: 'instagram',
      token: { expiresInMs: -DAY_MS },
      says: [/expired/i, /subcode 463/, REAUTHORIZE],
    },
    {
      name: 'an expired Facebook Login token (190/463)',
      flavour: 'facebook',
      token: { expiresInMs: -DAY_MS },
      says: [/expired/i, /subcode 463/, REAUTHORIZE],
    },
    {
      name: 'a password change (190/460)',
      flavour: 'instagram',
      token: { valid: false },
      says: [/password/i, /subcode 460/, REAUTHORIZE],
    },
    {
      name: 'the app removed by the account (190/458)',
      flavour: 'instagram',
      error: {
        code: 190,
        subcode: 458,
        message: 'Error validating access token: The user has not authorized application 1234.',
      },
      says: [/removed/i, /subcode 458/, REAUTHORIZE],
    },
    {
      name: 'an invalid token (190, no subcode)',
      flavour: 'instagram',
      error: { code: 190, message: 'Invalid OAuth access token.' },
      says: [/code 190/, REAUTHORIZE],
    },
    {
      name: 'a missing permission (code 10)',
      flavour: 'instagram',
      error: { code: 10, message: '(#10) Application does not have permission for this action' },
      says: [/permission/i, /instagram_business_basic/, /grant/i],
    },
  ];

  it.each(cases)(
    '$name',
    async ({ flavour, token, error, says }) => {
      const seed = seedScenario(sim, { flavour, scope: 'repo', token });
      if (error) sim.graph.setTokenError(seed.instagramToken, error);
      const run = await runWith(seed, {}, RUN_TIMEOUT_MS);

      const message = expectFailedCleanly(seed, run);
      for (const pattern of says) expect(message).toMatch(pattern);
      const refreshRoute =
        flavour === 'instagram' ? '/refresh_access_token' : '/v26.0/oauth/access_token';
      expect(count(sim.graph.requests, 'GET', refreshRoute)).toBe(1);
      // Only the current token may be checked (to tell a too-new token from a dead one).
      const meCalls = sim.graph.requests.filter((r) => r.path.endsWith('/me'));
      expect(meCalls.filter((r) => r.query.access_token !== seed.instagramToken)).toEqual([]);
      expect(mintedFrom(seed)).toEqual([]);
      expect(secretPuts()).toEqual([]);
      expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
    },
    TEST_TIMEOUT_MS,
  );
});

describe('GitHub permanent failures end the run at once', () => {
  const PUBLIC_KEY = '/repos/acme/site/actions/secrets/public-key';
  const PUT_SECRET = `/repos/acme/site/actions/secrets/${SECRET}`;

  it(
    'bad credentials (401) name the github-token input',
    async () => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
      const unknownToken = `github_pat_${'0a1b2c3d4e'.repeat(6)}`;
      const run = await runWith(seed, { 'github-token': unknownToken }, RUN_TIMEOUT_MS);

      const message = expectFailedCleanly(seed, run);
      expect(message).toMatch(/401/);
      expect(message).toContain("'github-token'");
      expect(count(sim.github.requests, 'GET', PUBLIC_KEY)).toBe(1);
      expect(secretPuts()).toEqual([]);
      expectNoLeak(run, secretsOf(seed, [unknownToken]), issueTexts(sim.github));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a GITHUB_TOKEN, which has no secrets permission (403), is told apart from a rate limit',
    async () => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
      const workflowToken = `ghs_${'Zq9Xw8Vu7T'.repeat(4)}`;
      sim.github.addToken(workflowToken, {
        type: 'github_token',
        permissions: ['issues', 'actions'],
      });
      const run = await runWith(seed, { 'github-token': workflowToken }, RUN_TIMEOUT_MS);

      const message = expectFailedCleanly(seed, run);
      expect(message).toMatch(/403/);
      expect(message).toMatch(/"Secrets: Read and write"/i);
      expect(message).toMatch(/GITHUB_TOKEN cannot write secrets/);
      expect(count(sim.github.requests, 'GET', PUBLIC_KEY)).toBe(1);
      expect(secretPuts()).toEqual([]);
      expectNoLeak(run, secretsOf(seed, [workflowToken]), issueTexts(sim.github));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a token that may read but not write secrets (403 on the PUT)',
    async () => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
      const readOnly = `github_pat_${'R3adOnly00'.repeat(6)}`;
      sim.github.addToken(readOnly, { permissions: ['secrets:read'] });
      const run = await runWith(seed, { 'github-token': readOnly }, RUN_TIMEOUT_MS);

      const message = expectFailedCleanly(seed, run, theNewToken(seed));
      expect(message).toMatch(/403/);
      expect(message).toMatch(/Secrets: Read and write/);
      expect(message).not.toContain('secrets=write'); // GitHub's header, said in words instead
      expect(message).toMatch(/issued a new, verified token .*but it was not stored/);
      expect(count(sim.github.requests, 'PUT', PUT_SECRET)).toBe(1);
      expectNoLeak(run, secretsOf(seed, [readOnly]), issueTexts(sim.github));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'an unknown repository (404) says it is missing or not granted',
    async () => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
      const run = await runWith(seed, { repository: 'acme/no-such-repo' }, RUN_TIMEOUT_MS);

      const message = expectFailedCleanly(seed, run);
      expect(message).toMatch(/404/);
      expect(message).toContain('acme/no-such-repo');
      expect(message).toMatch(/exist|missing/i);
      expect(message).toMatch(/grant/i);
      expect(message).toContain("'github-token'");
      expect(
        count(sim.github.requests, 'GET', '/repos/acme/no-such-repo/actions/secrets/public-key'),
      ).toBe(1);
      expect(secretPuts()).toEqual([]);
      expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a repository the fine-grained token was not granted (404)',
    async () => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
      const otherRepoOnly = `github_pat_${'0therRep0x'.repeat(6)}`;
      sim.github.addToken(otherRepoOnly, { permissions: ['secrets'], repos: ['acme/blog'] });
      const run = await runWith(seed, { 'github-token': otherRepoOnly }, RUN_TIMEOUT_MS);

      const message = expectFailedCleanly(seed, run);
      expect(message).toMatch(/404/);
      expect(message).toContain('acme/site');
      expect(message).toMatch(/grant/i);
      expect(count(sim.github.requests, 'GET', PUBLIC_KEY)).toBe(1);
      expect(secretPuts()).toEqual([]);
      expectNoLeak(run, secretsOf(seed, [otherRepoOnly]), issueTexts(sim.github));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'an unknown environment (404) names it',
    async () => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: 'env' });
      const run = await runWith(seed, { environment: 'staging' }, RUN_TIMEOUT_MS);

      const message = expectFailedCleanly(seed, run);
      expect(message).toMatch(/404/);
      expect(message).toContain('staging');
      expect(message).toMatch(/exist|missing/i);
      const keyRoute = '/repos/acme/site/environments/staging/secrets/public-key';
      expect(count(sim.github.requests, 'GET', keyRoute)).toBe(1);
      expect(secretPuts()).toEqual([]);
      expectNoLeak(run, secretsOf(seed), issueTexts(sim.github));
    },
    TEST_TIMEOUT_MS,
  );
});
