import { describe, expect, it } from '@jest/globals';
import {
  describeWhere,
  destinationKey,
  type Destination,
} from '../../../src/github/destination.js';

function repo(owner: string, name: string, secretName = 'IG_TOKEN'): Destination {
  return { scope: 'repository', secretName, repository: { owner, repo: name } };
}

function env(
  owner: string,
  name: string,
  environment: string,
  secretName = 'IG_TOKEN',
): Destination {
  return { scope: 'environment', secretName, repository: { owner, repo: name }, environment };
}

function org(login: string, secretName = 'IG_TOKEN'): Destination {
  return { scope: 'organization', secretName, org: login };
}

describe('destinationKey', () => {
  it.each([
    ['repository owner and name', repo('Acme', 'Site'), repo('acme', 'site')],
    ['repository, all capitals', repo('ACME', 'SITE'), repo('acme', 'site')],
    [
      'environment owner, name and environment',
      env('Acme', 'Site', 'Production'),
      env('acme', 'site', 'production'),
    ],
    ['organization login', org('Acme'), org('acme')],
    ['secret name', repo('acme', 'site', 'ig_token'), repo('acme', 'site', 'IG_TOKEN')],
    ['secret name in an organization', org('acme', 'Ig_Token'), org('acme', 'IG_TOKEN')],
  ])('ignores the case of the %s, as GitHub does', (_label, a, b) => {
    expect(destinationKey(a)).toBe(destinationKey(b));
  });

  it('is distinct across scopes, places and secret names', () => {
    const destinations = [
      repo('acme', 'site'),
      repo('acme', 'site', 'OTHER_TOKEN'),
      repo('acme', 'blog'),
      repo('other', 'site'),
      env('acme', 'site', 'production'),
      env('acme', 'site', 'staging'),
      env('acme', 'site', 'production', 'OTHER_TOKEN'),
      env('acme', 'blog', 'production'),
      org('acme'),
      org('acme', 'OTHER_TOKEN'),
      org('other'),
    ];
    const keys = destinations.map(destinationKey);
    expect(new Set(keys).size).toBe(destinations.length);
  });

  it('an organization secret is one secret whichever repository runs the workflow', () => {
    const fromSite: Destination = { ...org('acme'), repository: { owner: 'acme', repo: 'site' } };
    const fromBlog: Destination = { ...org('acme'), repository: { owner: 'acme', repo: 'blog' } };
    expect(destinationKey(fromSite)).toBe(destinationKey(org('acme')));
    expect(destinationKey(fromBlog)).toBe(destinationKey(fromSite));
  });

  it('is one line, fit for a hidden HTML-comment marker', () => {
    for (const destination of [repo('acme', 'site'), env('acme', 'site', 'prod'), org('acme')]) {
      expect(destinationKey(destination)).not.toMatch(/[\r\n]/);
      expect(destinationKey(destination)).not.toMatch(/-->/);
    }
  });
});

describe('describeWhere', () => {
  it.each([
    [repo('acme', 'site'), 'acme/site'],
    [env('acme', 'site', 'production'), 'acme/site, environment production'],
    [org('acme'), 'organization acme'],
  ])('%o → %p', (destination, where) => {
    expect(describeWhere(destination)).toBe(where);
  });

  it('keeps the case people wrote', () => {
    expect(describeWhere(repo('Acme', 'Site'))).toBe('Acme/Site');
  });
});
