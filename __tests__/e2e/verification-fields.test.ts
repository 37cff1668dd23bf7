/**
 * Verification asks only for fields every token of its flavour supports (docs/behaviour.md
 * rule 7): some accounts' /me refuses `user_id` with code 100 while `id,username` works
 * (docs/platform-facts.md, "Instagram Login: verification"). A refused field is not a dead
 * token: the run goes on.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { seedScenario } from '../../simulator/index.js';
import { DAY_MS, errorLines, expectSucceeded, iso } from './support.js';
import { VARIABLE, refreshCalls } from './probes.js';
import { SECRET, canary, runWith, sim, theNewToken, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

useFreshSimulator();

/** /me calls that came back 200 with `token`. */
function meAccepted(token: string): number {
  return sim.graph.requests.filter(
    (r) => /\/me$/.test(r.path) && r.status === 200 && r.query.access_token === token,
  ).length;
}

describe('an account whose /me refuses the field user_id (code 100)', () => {
  it('still refreshes, verifies and writes the new token', async () => {
    const seed = seedScenario(sim, {
      flavour: 'instagram',
      scope: 'repo',
      token: { refusesFields: ['user_id'] },
    });
    const run = await runWith(seed);

    expectSucceeded(run);
    expect(refreshCalls()).toHaveLength(1);
    const newToken = theNewToken(seed);
    expect(meAccepted(newToken)).toBeGreaterThanOrEqual(1);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(newToken);
    canary(run, seed, newToken);
  });

  it('a run that only checks the current token (threshold not reached) succeeds too', async () => {
    const seed = seedScenario(sim, {
      flavour: 'instagram',
      scope: 'repo',
      token: { refusesFields: ['user_id'] },
    });
    sim.github.setVariable(seed.scope, VARIABLE, iso(Date.now() + 50 * DAY_MS));
    const run = await runWith(seed, { 'refresh-threshold-days': '20' });

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.refreshed).toBe('false');
    expect(refreshCalls()).toEqual([]);
    expect(meAccepted(seed.instagramToken)).toBeGreaterThanOrEqual(1);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
    canary(run, seed);
  });
});
