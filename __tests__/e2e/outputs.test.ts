/** The `token` output never reaches the log, even where GITHUB_OUTPUT is missing. */
import { describe, expect, it } from '@jest/globals';
import { runAction, seedScenario } from '../../simulator/index.js';
import { expectNoLeak } from './support.js';
import { sim, theNewToken, useFreshSimulator } from './world.js';

useFreshSimulator();

describe('outputs', () => {
  it('without GITHUB_OUTPUT the token is not printed as a set-output command', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const env = { ...seed.env, GITHUB_OUTPUT: undefined };
    const run = await runAction({ inputs: seed.inputs, env, timeoutMs: 30_000 });

    expect(run.code).toBe(0);
    const newToken = theNewToken(seed);
    expect(sim.github.decryptSecret(seed.scope, 'INSTAGRAM_ACCESS_TOKEN')).toBe(newToken);
    expect(run.stdout).toMatch(/::set-output name=refreshed::true/);
    expectNoLeak(run, [seed.instagramToken, seed.githubToken, newToken]);
  });
});
