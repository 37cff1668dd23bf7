/**
 * A new token that fails verification is never written (docs/behaviour.md rule 3): Meta refreshes,
 * then /me refuses the NEW token, and the secret must still hold the old one. A verification
 * that fails only for a moment is retried like any transient failure (rule 4).
 */
import { describe, expect, it } from '@jest/globals';
import { seedScenario, type Simulator } from '../../simulator/index.js';
import { errorLines } from './support.js';
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

type TokenRecord = ReturnType<Simulator['graph']['addToken']>;
type GraphErrorSpec = NonNullable<TokenRecord['error']>;

const ME = '/v26.0/me';
const TEST_TIMEOUT_MS = 30_000;
/** A run gives up 5 s before its test does, so a hang fails with the run's own output. */
const RUN_TIMEOUT_MS = TEST_TIMEOUT_MS - 5_000;

useFreshSimulator();

/** Every /me the action sent, by the token it carried. */
function meTokens(): string[] {
  return sim.graph.requests.filter((r) => r.path === ME).map((r) => r.query.access_token);
}

/**
 * Makes the Graph fake itself refuse every token refreshed from `oldToken`, as Meta would refuse
 * a revoked one; the old token keeps working. The fake mints refreshed tokens into its `tokens`
 * map, so the error is attached on the way in.
 */
function refuseTokensRefreshedFrom(oldToken: string, error: GraphErrorSpec): void {
  const tokens = sim.graph.tokens;
  const store = tokens.set.bind(tokens);
  tokens.set = (token, record) =>
    store(token, record.refreshedFrom === oldToken ? { ...record, error } : record);
}

/** Failed at verification: exit 1, no secret PUT at all, the old token still in the secret. */
function expectNotWritten(seed: Seed, run: Run): string {
  expect(run.code).toBe(1);
  const errors = errorLines(run);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/verif/i);
  expect(errors[0]).toMatch(/new token/i);
  expect(secretPuts()).toEqual([]);
  expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
  expect(run.outputs.refreshed).toBe('false');
  // Meta issued it: the report says it was not stored, and the output still carries it.
  expect(mintedFrom(seed)).toContain(run.outputs.token);
  expect(errors[0]).toMatch(/failed verification, but it was not stored/);
  return errors[0];
}

describe('a new token that fails verification is never written', () => {
  it(
    '/me answers 400 code 190 for the refreshed token (Instagram Login)',
    async () => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
      sim.graph.faults.add({
        method: 'GET',
        path: ME,
        times: 1,
        status: 400,
        body: {
          error: {
            message: 'Error validating access token: The session has been invalidated.',
            type: 'OAuthException',
            code: 190,
            error_subcode: 467,
            fbtrace_id: 'AvErIfYfAiL',
          },
        },
      });
      const run = await runWith(seed, {}, RUN_TIMEOUT_MS);

      const newToken = theNewToken(seed);
      // The refusal hit the check of the NEW token, and a permanent refusal is not retried.
      expect(meTokens()).toEqual([newToken]);
      const message = expectNotWritten(seed, run);
      expect(message).toMatch(/code 190/);
      canary(run, seed, newToken);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the Graph API refuses the refreshed token itself (Facebook Login)',
    async () => {
      const seed = seedScenario(sim, { flavour: 'facebook', scope: 'repo' });
      refuseTokensRefreshedFrom(seed.instagramToken, {
        code: 190,
        subcode: 460,
        message: 'Error validating access token: The session has been invalidated.',
      });
      const run = await runWith(seed, {}, RUN_TIMEOUT_MS);

      const newToken = theNewToken(seed);
      expect(meTokens()).toEqual([newToken]);
      expect(sim.graph.requests.find((r) => r.path === ME)?.status).toBe(400);
      expectNotWritten(seed, run);
      canary(run, seed, newToken);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '/me answers 200 without the account id',
    async () => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
      sim.graph.faults.add({ method: 'GET', path: ME, times: 1, status: 200, body: {} });
      const run = await runWith(seed, {}, RUN_TIMEOUT_MS);

      const newToken = theNewToken(seed);
      expect(meTokens()).toEqual([newToken]);
      expectNotWritten(seed, run);
      canary(run, seed, newToken);
    },
    TEST_TIMEOUT_MS,
  );

  // Four retries with 1-2 s, 2-4 s, 4-8 s and 8-15 s waits (DEFAULT_GRAPH_RETRY): slow on purpose,
  // because giving up on a transient failure must not turn into writing an unverified token.
  it('/me keeps failing with HTTP 503 until the retries run out', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    sim.graph.faults.add({ method: 'GET', path: ME, times: Infinity, status: 503 });
    const run = await runWith(seed, {}, 55_000);

    const newToken = theNewToken(seed);
    const checks = meTokens();
    expect(checks.length).toBeGreaterThan(1);
    expect(new Set(checks)).toEqual(new Set([newToken]));
    expectNotWritten(seed, run);
    canary(run, seed, newToken);
  }, 60_000);
});

describe('a verification that fails for a moment is retried', () => {
  it(
    '/me answers HTTP 500 once, then the new token is written',
    async () => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
      sim.graph.faults.add({ method: 'GET', path: ME, times: 1, status: 500 });
      const run = await runWith(seed, {}, RUN_TIMEOUT_MS);

      expect(errorLines(run)).toEqual([]);
      expect(run.code).toBe(0);
      const newToken = theNewToken(seed);
      const checks = sim.graph.requests.filter((r) => r.path === ME);
      expect(checks.map((r) => [r.query.access_token, r.status])).toEqual([
        [newToken, 500],
        [newToken, 200],
      ]);
      expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(newToken);
      expect(run.outputs.refreshed).toBe('true');
      canary(run, seed, newToken);
    },
    TEST_TIMEOUT_MS,
  );
});
