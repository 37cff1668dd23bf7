/**
 * `run-timeout` (docs/behaviour.md, "Input rules"): the whole run, every retry and rate-limit
 * wait included, fits in it. A wait that would overrun is not started; the run fails as
 * transient, and the failure issue and the job summary are still written within the limit. Here
 * GitHub rate-limits the secret write for ever, so only the limit can end the run.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario, type Simulator } from '../../simulator/index.js';
import { errorLines } from './support.js';
import { openFailureIssues, refreshCalls, reportText } from './probes.js';
import { SECRET, canary, count, runWith, sim, theNewToken, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

type FaultRule = Parameters<Simulator['github']['faults']['add']>[0];

const PUT_SECRET = `/repos/acme/site/actions/secrets/${SECRET}`;
const LIMIT_S = 15;
/** Process start and exit, which no run-timeout can cover. */
const ALLOWANCE_MS = 3_000;

useFreshSimulator();

const LIMITS: { name: string; answer: Omit<FaultRule, 'path'> }[] = [
  {
    name: 'a secondary rate limit (403, retry-after: 60)',
    answer: {
      status: 403,
      headers: { 'retry-after': '60' },
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url:
          'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: '403',
      },
    },
  },
  {
    name: 'HTTP 429 with retry-after: 2, every time',
    answer: { status: 429, headers: { 'retry-after': '2' } },
  },
];

describe("run-timeout: '15' against a secret write that is rate-limited for ever", () => {
  it.each(LIMITS)(
    '$name: ends within the limit, transient, issue and summary written',
    async ({ answer }) => {
      const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
      sim.github.faults.add({ method: 'PUT', path: PUT_SECRET, times: Infinity, ...answer });
      const run = await runWith(seed, { 'run-timeout': String(LIMIT_S) }, 45_000);

      expect(run.code).toBe(1);
      expect(run.durationMs).toBeLessThanOrEqual(LIMIT_S * 1000 + ALLOWANCE_MS);
      expect(refreshCalls()).toHaveLength(1);
      expect(count(sim.github.requests, 'PUT', PUT_SECRET)).toBeGreaterThanOrEqual(1);
      expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
      expect(errorLines(run)).toHaveLength(1);
      expect(reportText(run)).toMatch(/transient|temporar|try again|again later|next run/i);
      expect(run.summary.trim()).not.toBe('');
      expect(openFailureIssues()).toHaveLength(1);
      expect(run.outputs['issue-number']).toBe(String(openFailureIssues()[0].number));
      canary(run, seed, theNewToken(seed));
    },
  );
});
