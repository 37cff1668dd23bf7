import { describe, expect, it } from '@jest/globals';
import {
  describeDestination,
  destinationFor,
  destinationKey,
  type Destination,
} from '../../../src/github/destination.js';

const site = { owner: 'acme', repo: 'site' };
const repository: Destination = { scope: 'repository', secretName: 'IG_TOKEN', repository: site };
const environment: Destination = {
  scope: 'environment',
  secretName: 'IG_TOKEN',
  repository: site,
  environment: 'production',
};
const organization: Destination = { scope: 'organization', secretName: 'IG_TOKEN', org: 'acme' };

describe('destinations', () => {
  it.each([
    [repository, 'repository secret IG_TOKEN in acme/site', 'repo:acme/site:IG_TOKEN'],
    [
      environment,
      'environment secret IG_TOKEN in acme/site (environment "production")',
      'env:acme/site:production:IG_TOKEN',
    ],
    [organization, 'organization secret IG_TOKEN in acme', 'org:acme:IG_TOKEN'],
  ])('%o is described and keyed', (destination, description, key) => {
    expect(describeDestination(destination)).toBe(description);
    expect(destinationKey(destination)).toBe(key);
  });

  it('keys are distinct across scopes and environments', () => {
    const staging = { ...environment, environment: 'staging' };
    const keys = [repository, environment, staging, organization].map(destinationKey);
    expect(new Set(keys).size).toBe(4);
  });

  it('a key ignores the case of the secret name, as GitHub does', () => {
    expect(destinationKey({ ...repository, secretName: 'ig_token' })).toBe(
      destinationKey(repository),
    );
  });

  it('destinationFor picks the scope from the inputs', () => {
    expect(destinationFor({ secretName: 'IG_TOKEN', repository: site })).toEqual(repository);
    expect(
      destinationFor({ secretName: 'IG_TOKEN', repository: site, environment: 'production' }),
    ).toEqual(environment);
    expect(destinationFor({ secretName: 'IG_TOKEN', organization: 'acme' })).toMatchObject(
      organization,
    );
    expect(() => destinationFor({ secretName: 'IG_TOKEN' })).toThrow(/repository/);
  });
});
