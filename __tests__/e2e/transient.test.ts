/**
 * Transient failures are retried (docs/behaviour.md rule 4): each fault fires once, then the run
 * must succeed with the refreshed token sealed in the secret, and the faulted route must have been
 * asked exactly twice (the fault, then the retry that worked).
 */
import { describe, expect, it } from '@jest/globals';
import { seedScenario, type Simulator } from '../../simulator/index.js';
import { errorLines } from './support.js';
import {
  SECRET,
  canary,
  expectRetriedOnce,
  runWith,
  sim,
  theNewToken,
  useFreshSimulator,
  type Run,
  type Seed,
} from './world.js';

type FaultRule = Parameters<Simulator['graph']['faults']['add']>[0];

const REFRESH = '/refresh_access_token';
const ME = '/v26.0/me';
const PUBLIC_KEY = '/repos/acme/site/actions/secrets/public-key';
const PUT_SECRET = `/repos/acme/site/actions/secrets/${SECRET}`;
const TEST_TIMEOUT_MS = 30_000;

useFreshSimulator();

/** Seeds the standard world (Instagram Login token, repository secret), runs the action once. */
async function runSeeded(
  extraInputs: Record<string, string> = {},
  flavour: 'instagram' | 'facebook' = 'instagram',
) {
  const seed = seedScenario(sim, { flavour, scope: 'repo' });
  const run = await runWith(seed, extraInputs, TEST_TIMEOUT_MS - 5_000);
  return { seed, run };
}

/** The run succeeded and the secret now opens to the one token the Graph fake minted. */
function expectRefreshed(seed: Seed, run: Run): string {
  expect(errorLines(run)).toEqual([]);
  expect(run.code).toBe(0);
  const newToken = theNewToken(seed);
  expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(newToken);
  expect(run.outputs.refreshed).toBe('true');
  expect(run.outputs.token).toBe(newToken);
  return newToken;
}

/** Graph's throttling error, sent with HTTP 400 (docs/platform-facts.md, "Graph API errors"). */
function graphThrottle(code: number, message: string) {
  return { error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEfGhIjK' } };
}

describe('Graph API transient failures are retried', () => {
  it.each([
    ['HTTP 500', { status: 500 }],
    ['HTTP 503', { status: 503 }],
    [
      'code 4 (app throttling) in a 400',
      { status: 400, body: graphThrottle(4, '(#4) Application request limit reached') },
    ],
    [
      'code 17 (user throttling) in a 400',
      { status: 400, body: graphThrottle(17, '(#17) User request limit reached') },
    ],
    [
      'code 613 (endpoint rate limit) in a 400',
      {
        status: 400,
        body: graphThrottle(613, '(#613) Calls to this api have exceeded the rate limit.'),
      },
    ],
    [
      'code 80002 (Instagram BUC throttling) in a 400',
      {
        status: 400,
        body: graphThrottle(
          80002,
          'There have been too many calls to this Instagram account. Wait a bit and try again.',
        ),
      },
    ],
    ['a connection reset', { reset: true }],
  ] as [string, Omit<FaultRule, 'path'>][])(
    '%s on the refresh',
    async (_name, fault) => {
      sim.graph.faults.add({ method: 'GET', path: REFRESH, times: 1, ...fault });
      const { seed, run } = await runSeeded();

      const newToken = expectRefreshed(seed, run);
      expectRetriedOnce(sim.graph.requests, 'GET', REFRESH);
      expect(sim.graph.faults.pending()).toEqual([]);
      canary(run, seed, newToken);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a refresh that hangs past request-timeout',
    async () => {
      sim.graph.faults.add({ method: 'GET', path: REFRESH, times: 1, hang: true });
      const { seed, run } = await runSeeded({ 'request-timeout': '1' });

      const newToken = expectRefreshed(seed, run);
      const [hung] = expectRetriedOnce(sim.graph.requests, 'GET', REFRESH);
      expect(hung.status).toBeUndefined(); // never answered: the action gave up on it
      expect(run.durationMs).toBeGreaterThan(1000);
      canary(run, seed, newToken);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'HTTP 500 on the verification (/me)',
    async () => {
      sim.graph.faults.add({ method: 'GET', path: ME, times: 1, status: 500 });
      const { seed, run } = await runSeeded();

      const newToken = expectRefreshed(seed, run);
      expectRetriedOnce(sim.graph.requests, 'GET', ME);
      expect(sim.graph.requests.filter((r) => r.path === REFRESH)).toHaveLength(1);
      canary(run, seed, newToken);
    },
    TEST_TIMEOUT_MS,
  );
});

// The exchange's URL carries the app secret and the token: the retry must not print it.
describe('Facebook Login: transient failures of the exchange are retried', () => {
  const EXCHANGE = '/v26.0/oauth/access_token';

  it.each([
    ['HTTP 502', { status: 502 }, {}],
    ['a connection reset', { reset: true }, {}],
    ['a hang past request-timeout', { hang: true }, { 'request-timeout': '1' }],
  ] as [string, Omit<FaultRule, 'path'>, Record<string, string>][])(
    '%s on the exchange',
    async (_name, fault, inputs) => {
      sim.graph.faults.add({ method: 'GET', path: EXCHANGE, times: 1, ...fault });
      const { seed, run } = await runSeeded(inputs, 'facebook');

      const newToken = expectRefreshed(seed, run);
      expectRetriedOnce(sim.graph.requests, 'GET', EXCHANGE);
      canary(run, seed, newToken);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('GitHub transient failures are retried', () => {
  it.each([
    ['HTTP 500', 'GET', PUBLIC_KEY, { status: 500 }],
    ['HTTP 502', 'GET', PUBLIC_KEY, { status: 502 }],
    ['HTTP 500', 'PUT', PUT_SECRET, { status: 500 }],
    ['a connection reset', 'PUT', PUT_SECRET, { reset: true }],
  ] as [string, string, string, Omit<FaultRule, 'path'>][])(
    '%s on %s %s',
    async (_name, method, path, fault) => {
      sim.github.faults.add({ method, path, times: 1, ...fault });
      const { seed, run } = await runSeeded();

      const newToken = expectRefreshed(seed, run);
      expectRetriedOnce(sim.github.requests, method, path);
      expect(sim.github.faults.pending()).toEqual([]);
      canary(run, seed, newToken);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a public-key read that hangs past request-timeout',
    async () => {
      sim.github.faults.add({ method: 'GET', path: PUBLIC_KEY, times: 1, hang: true });
      const { seed, run } = await runSeeded({ 'request-timeout': '1' });

      const newToken = expectRefreshed(seed, run);
      const [hung] = expectRetriedOnce(sim.github.requests, 'GET', PUBLIC_KEY);
      expect(hung.status).toBeUndefined();
      expect(run.durationMs).toBeGreaterThan(1000);
      canary(run, seed, newToken);
    },
    TEST_TIMEOUT_MS,
  );

  // A 403 is a rate limit, not a permission problem, when it carries retry-after,
  // x-ratelimit-remaining: 0 or a secondary-rate-limit message (docs/behaviour.md rule 4).
  const rateLimits: [string, Omit<FaultRule, 'path'>, number][] = [
    ['429 with retry-after: 1', { status: 429, headers: { 'retry-after': '1' } }, 900],
    // Without any hint the wait is short, not the 60 s meant for secondary rate limits.
    ['429 without retry-after', { status: 429, body: { message: 'Too Many Requests' } }, 900],
    [
      '403 with retry-after: 1 and a secondary-rate-limit message',
      {
        status: 403,
        headers: { 'retry-after': '1' },
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
      },
      900,
    ],
    [
      '403 with retry-after: 1 and a plain Forbidden message',
      { status: 403, headers: { 'retry-after': '1' }, body: { message: 'Forbidden' } },
      900,
    ],
  ];

  describe.each([
    ['GET', PUBLIC_KEY],
    ['PUT', PUT_SECRET],
  ])('on %s %s', (method, path) => {
    it.each(rateLimits)(
      '%s',
      async (_name, fault, minWaitMs) => {
        sim.github.faults.add({ method, path, times: 1, ...fault });
        const { seed, run } = await runSeeded();

        const newToken = expectRefreshed(seed, run);
        expectRetriedOnce(sim.github.requests, method, path, minWaitMs);
        canary(run, seed, newToken);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      '403 with x-ratelimit-remaining: 0 and x-ratelimit-reset one second ahead',
      async () => {
        const resetAt = Math.ceil(Date.now() / 1000) + 1;
        sim.github.faults.add({
          method,
          path,
          times: 1,
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) },
          body: { message: 'API rate limit exceeded for user ID 1.' },
        });
        const { seed, run } = await runSeeded();

        const newToken = expectRefreshed(seed, run);
        const [, retried] = expectRetriedOnce(sim.github.requests, method, path);
        // The retry waited for the reset instead of failing or hammering the API.
        expect(retried.at).toBeGreaterThanOrEqual(resetAt * 1000 - 50);
        canary(run, seed, newToken);
      },
      TEST_TIMEOUT_MS,
    );
  });
});
