import { describe, expect, it } from '@jest/globals';
import { readSiteTargets } from '../../../src/inputs/sites.js';
import type { InputName } from '../../../src/inputs/input-names.js';
import { InputError } from '../../../src/rules/errors.js';

type Inputs = Partial<Record<InputName, string>>;
const read = (given: Inputs) => (name: InputName) => given[name] ?? '';

function rejected(given: Inputs, multi = false): InputError {
  try {
    readSiteTargets(read(given), 'IG', multi);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('accepted');
}

describe('readSiteTargets', () => {
  it('nothing set: no platform, no hook, the variable named after the secret', () => {
    expect(readSiteTargets(read({}), 'IG', false)).toEqual({
      variable: 'IG',
      vercel: undefined,
      netlify: undefined,
      cloudflare: undefined,
      deployHooks: [],
    });
  });

  it('a platform is on with its credential and its target', () => {
    const sites = readSiteTargets(
      read({
        'vercel-token': 'vt',
        'vercel-project': 'shop',
        'vercel-team': 'team_9',
        'site-variable': 'IG_TOKEN',
      }),
      'IG',
      false,
    );
    expect(sites.variable).toBe('IG_TOKEN');
    expect(sites.vercel).toEqual({
      token: 'vt',
      project: 'shop',
      team: { teamId: 'team_9' },
      targets: ['production', 'preview'],
      apiUrl: 'https://api.vercel.com',
    });
  });

  it.each([
    [{ 'vercel-token': 'vt' }, 'vercel-token'],
    [{ 'vercel-project': 'shop' }, 'vercel-project'],
    [{ 'vercel-team': 'acme' }, 'vercel-team'],
    [{ 'netlify-site': 'x' }, 'netlify-site'],
    [{ 'cloudflare-worker': 'w' }, 'cloudflare-worker'],
    [{ 'cloudflare-token': 't', 'cloudflare-account': 'a' }, 'cloudflare-token'],
    [{ 'deploy-hooks': 'http://hooks.example.com/x' }, 'deploy-hooks'],
    [{ 'vercel-targets': 'staging' }, 'vercel-targets'],
    [{ 'vercel-api-url': 'http://api.vercel.com' }, 'vercel-api-url'],
  ] as [Inputs, InputName][])('%p is a bad input naming %s', (given, input) => {
    expect(rejected(given).input).toBe(input);
  });

  it('any site input with accounts is a bad input', () => {
    expect(rejected({ 'netlify-token': 'n', 'netlify-site': 's' }, true).message).toMatch(
      /accounts/,
    );
  });

  it('never echoes a hook URL', () => {
    const error = rejected({ 'deploy-hooks': 'ftp://secret-hook.example/abc123' });
    expect(error.message).not.toContain('abc123');
  });
});
