/**
 * Inputs that would send a credential to the wrong place are refused before any request
 * (docs/behaviour.md rule 8, and "Input rules" for the `*-api-url` inputs): a GitHub token given
 * as the Instagram token or the other way round, a token pasted with quotes or whitespace
 * inside, a token of the other flavour than `api` says, and a Graph URL in clear text. Neither
 * fake sees a single request, the error names the input, and the value is never echoed.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { mintTokenString, seedScenario } from '../../simulator/index.js';
import { canaryWith } from './probes.js';
import {
  SECRET,
  expectRefusedBeforeAnyRequest,
  runWith,
  sim,
  useFreshSimulator,
  type Seed,
} from './world.js';

jest.setTimeout(60_000);

interface Refused {
  name: string;
  flavour?: 'instagram' | 'facebook';
  /** The input(s) the error may name; one of them must appear. */
  names: RegExp;
  /** The inputs to set, from the seeded world (its token, app id and secret). */
  set: (seed: Seed) => Record<string, string>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** The seeded token with `insert` put in its middle. */
const broken = (token: string, insert: string) => token.slice(0, 40) + insert + token.slice(40);

const CASES: Refused[] = [
  {
    name: 'a classic GitHub PAT (ghp_) as instagram-token',
    names: /instagram-token/,
    set: () => ({ 'instagram-token': `ghp_${hex(18)}` }),
  },
  {
    name: 'a fine-grained GitHub PAT (github_pat_) as instagram-token',
    names: /instagram-token/,
    set: () => ({ 'instagram-token': `github_pat_${hex(11)}_${hex(29)}` }),
  },
  {
    name: 'a GitHub App token (ghs_) as instagram-token',
    names: /instagram-token/,
    set: () => ({ 'instagram-token': `ghs_${hex(18)}` }),
  },
  {
    name: 'an Instagram token (IGAA) as github-token',
    names: /github-token/,
    set: () => ({ 'github-token': mintTokenString('instagram') }),
  },
  {
    name: 'a Facebook token (EAA) as github-token',
    names: /github-token/,
    set: () => ({ 'github-token': mintTokenString('facebook') }),
  },
  {
    name: 'instagram-token pasted with double quotes around it',
    names: /instagram-token/,
    set: (seed) => ({ 'instagram-token': `"${seed.instagramToken}"` }),
  },
  {
    name: 'instagram-token pasted with single quotes around it',
    names: /instagram-token/,
    set: (seed) => ({ 'instagram-token': `'${seed.instagramToken}'` }),
  },
  {
    name: 'instagram-token with a quote inside',
    names: /instagram-token/,
    set: (seed) => ({ 'instagram-token': broken(seed.instagramToken, '"') }),
  },
  {
    name: 'instagram-token with a space inside',
    names: /instagram-token/,
    set: (seed) => ({ 'instagram-token': broken(seed.instagramToken, ' ') }),
  },
  {
    name: 'instagram-token with a line break inside',
    names: /instagram-token/,
    set: (seed) => ({ 'instagram-token': broken(seed.instagramToken, '\n') }),
  },
  {
    name: 'api: instagram with a Facebook (EAA) token',
    flavour: 'facebook',
    names: /'api'|api:|instagram-token/,
    set: () => ({ api: 'instagram' }),
  },
  {
    name: 'api: facebook with an Instagram (IGAA) token, app id and secret set',
    names: /'api'|api:|instagram-token/,
    set: () => ({ api: 'facebook', 'app-id': sim.graph.appId, 'app-secret': sim.graph.appSecret }),
  },
  {
    name: 'instagram-api-url over http to a remote host',
    names: /instagram-api-url/,
    set: () => ({ 'instagram-api-url': 'http://graph.example.com' }),
  },
  {
    name: 'instagram-api-url over http to a name that only starts like a loopback address',
    names: /instagram-api-url/,
    set: () => ({ 'instagram-api-url': 'http://127.0.0.1.nip.io' }),
  },
  {
    name: 'facebook-api-url over http to a remote host',
    flavour: 'facebook',
    names: /facebook-api-url/,
    set: () => ({ 'facebook-api-url': 'http://graph.facebook.com' }),
  },
];

useFreshSimulator();

describe('inputs that would send a credential to the wrong place', () => {
  it.each(CASES)('$name: refused before any request', async (c) => {
    const seed = seedScenario(sim, { flavour: c.flavour ?? 'instagram', scope: 'repo' });
    const inputs = c.set(seed);
    const run = await runWith(seed, inputs);

    expect(expectRefusedBeforeAnyRequest(run, c.names)).toHaveLength(1);
    expect(sim.github.decryptSecret(seed.scope, SECRET)).toBe(seed.instagramToken);
    expect(run.outputs.refreshed ?? 'false').toBe('false');
    expect(run.outputs.token ?? '').toBe('');
    // Never echoed: neither the refused value nor any part of it long enough to be a token.
    const values = Object.values(inputs).flatMap((value) => value.split(/["'\s]+/));
    canaryWith(
      run,
      seed,
      values.filter((part) => part.length >= 20 && !/^https?:/.test(part)),
    );
  });
});
