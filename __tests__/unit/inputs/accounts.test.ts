import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { accountTokens, parseAccounts } from '../../../src/inputs/accounts.js';
import { InputError } from '../../../src/rules/errors.js';

const token = (prefix = 'IGAA') => prefix + randomBytes(20).toString('hex');

function rejected(text: string, api: 'auto' | 'instagram' | 'facebook' = 'auto'): InputError {
  try {
    parseAccounts(text, api);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('parseAccounts accepted it');
}

describe('parseAccounts', () => {
  it('reads one SECRET_NAME=token a line, skipping blank and # lines, keeping lines numbered', () => {
    const [a, b] = [token(), token('EAA')];
    const parsed = parseAccounts(`# shop\n\n  SHOP_TOKEN = ${a}  \nBLOG_TOKEN=${b}\n`, 'auto');
    expect(parsed).toEqual([
      { line: 3, secretName: 'SHOP_TOKEN', token: a, flavour: 'instagram' },
      { line: 4, secretName: 'BLOG_TOKEN', token: b, flavour: 'facebook' },
    ]);
  });

  it.each([
    [
      'a line without =',
      () => `SHOP_TOKEN=${token()}\njust-a-token`,
      /line 2 is not SECRET_NAME=token/,
    ],
    ['a bad secret name', () => `1SHOP=${token()}`, /line 1: the secret name must contain only/],
    [
      'a reserved name',
      () => `GITHUB_SHOP=${token()}`,
      /line 1: the secret name must not start with GITHUB_/,
    ],
    [
      'a repeated name, in another case',
      () => `SHOP=${token()}\nshop=${token()}`,
      /line 2 repeats the secret shop of line 1/,
    ],
    ['an empty token', () => 'SHOP=', /line 1 has no token/],
    ['a GitHub token', () => `SHOP=${token('ghp_')}`, /line 1 holds a GitHub token/],
    ['a quoted token', () => `SHOP="${token()}"`, /line 1 contains quote characters/],
    ['a space inside', () => `SHOP=${token()} x`, /line 1 contains white space/],
    [
      'a Basic Display token',
      () => `SHOP=${token('IGQV')}`,
      /line 1 holds an Instagram Basic Display token/,
    ],
    ['nothing but comments', () => '# none yet\n\n', /holds no account/],
    [
      'a line written TOKEN=NAME',
      () => `${token()}=SHOP_TOKEN`,
      /line 1 starts with what looks like a token, not a secret name/,
    ],
  ])('refuses %s, naming the line and never the token', (_name, text, said) => {
    const input = text();
    const error = rejected(input);
    expect(error.input).toBe('accounts');
    expect(error.message).toMatch(said);
    for (const word of input.split(/[\s="]+/)) {
      if (word.length > 20) expect(error.message).not.toContain(word);
    }
  });

  it('checks each token against a fixed api', () => {
    expect(rejected(`SHOP=${token('EAA')}`, 'instagram').message).toMatch(
      /'api' is 'instagram', but Input 'accounts' line 1 holds a Facebook Login token/,
    );
  });
});

describe('accountTokens', () => {
  it('finds every token to mask, even on lines that fail the checks', () => {
    const [a, b] = [token(), token('ghp_')];
    expect(accountTokens(`# x\nSHOP=${a}\n1BAD=${b}\nno-equals`)).toEqual([a, b, 'no-equals']);
  });
});
