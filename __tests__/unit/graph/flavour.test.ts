import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/rules/errors.js';
import { resolveFlavour, type ApiChoice } from '../../../src/graph/flavour.js';

function fakeToken(prefix: string): string {
  return prefix + randomBytes(24).toString('hex');
}

function rejection(api: ApiChoice, token: string): InputError {
  try {
    resolveFlavour(api, token);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('resolveFlavour accepted the token');
}

describe('resolveFlavour', () => {
  it.each([
    ['auto', 'IGAA', 'instagram'],
    ['auto', 'EAA', 'facebook'],
    ['auto', 'EAAG', 'facebook'],
    ['instagram', 'IGAA', 'instagram'],
    ['instagram', 'EAA', 'instagram'],
    ['facebook', 'IGAA', 'facebook'],
    ['instagram', 'XYZ', 'instagram'],
    ['facebook', 'XYZ', 'facebook'],
  ] as const)('api %s with a %s… token is %s', (api, prefix, flavour) => {
    expect(resolveFlavour(api, fakeToken(prefix))).toBe(flavour);
  });

  it.each(['auto', 'instagram', 'facebook'] as const)(
    'api %s refuses a Basic Display (IGQV) token',
    (api) => {
      const token = fakeToken('IGQV');
      const error = rejection(api, token);
      expect(error.input).toBe('instagram-token');
      expect(error.message).toContain('Basic Display');
      expect(error.message).toContain('2024-12-04');
      expect(error.message).not.toContain(token);
    },
  );

  it.each(['XYZ', 'igaa', 'EA', ''])(
    'api auto takes a token starting %j as Instagram Login',
    (prefix) => {
      expect(resolveFlavour('auto', fakeToken(prefix))).toBe('instagram');
    },
  );
});
