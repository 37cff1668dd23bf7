/**
 * What the action must not depend on: endpoints it only calls as a courtesy (labels, the
 * workflow's state), Meta saying *why* it refused a too-new token, and error text that is safe
 * to print. Each case makes the fake less helpful than ours usually is.
 */
import { describe, expect, it } from '@jest/globals';
import { seedScenario } from '../../simulator/index.js';
import { errorLines, warnings } from './support.js';
import {
  SECRET,
  canary,
  count,
  realIssues,
  runWith,
  secretPuts,
  sim,
  theNewToken,
  useFreshSimulator,
} from './world.js';

useFreshSimulator();

describe('endpoints the action can do without', () => {
  it('opens the failure issue when the label endpoints are missing', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    sim.graph.setTokenError(seed.instagramToken, {
      code: 190,
      subcode: 460,
      message: 'Password changed.',
    });
    sim.github.faults.add({
      path: /\/labels(\/|$)/,
      status: 404,
      times: Infinity,
      body: { message: 'Not Found' },
    });
    const run = await runWith(seed);

    expect(run.code).toBe(1);
    expect(realIssues()).toHaveLength(1);
    expect(realIssues()[0].labels).toContain('instagram-token');
    expect(run.outputs['issue-number']).toBe(String(realIssues()[0].number));
    canary(run, seed);
  });

  it('keepalive still enables the workflow when its state cannot be read (404)', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const workflow = '/repos/acme/site/actions/workflows/refresh-instagram-token.yml';
    sim.github.faults.add({ method: 'GET', path: workflow, status: 404, times: Infinity });
    const run = await runWith(seed, { keepalive: 'true' });

    expect(run.code).toBe(0);
    expect(count(sim.github.requests, 'PUT', `${workflow}/enable`)).toBe(1);
    canary(run, seed, theNewToken(seed));
  });
});

describe('a too-new token refused without a reason', () => {
  it('is skipped with a notice when the current token still works', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    sim.graph.faults.add({
      path: '/refresh_access_token',
      status: 400,
      times: 1,
      body: {
        error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
      },
    });
    const run = await runWith(seed);

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::notice::.*24 hours/m);
    expect(run.outputs.refreshed).toBe('false');
    expect(secretPuts()).toEqual([]);
    expect(realIssues()).toEqual([]);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
    canary(run, seed);
  });
});

describe('error text that carries a token', () => {
  it('is scrubbed from the retry log line', async () => {
    const seed = seedScenario(sim, { flavour: 'instagram', scope: 'repo' });
    const echoed = `GET /refresh_access_token?grant_type=ig_refresh_token&access_token=${seed.instagramToken} failed`;
    sim.graph.faults.add({
      path: '/refresh_access_token',
      status: 500,
      times: 1,
      body: { error: { message: echoed, type: 'OAuthException', code: 2, fbtrace_id: 'Atrace' } },
    });
    const run = await runWith(seed);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/retrying/);
    expect(warnings(run).join('\n')).not.toContain(seed.instagramToken);
    canary(run, seed, theNewToken(seed));
  });
});
