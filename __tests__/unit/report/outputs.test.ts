import { describe, expect, it } from '@jest/globals';
import { expiryFromSeconds } from '../../../src/expiry.js';
import { outputEntries } from '../../../src/report/outputs.js';

const expiry = expiryFromSeconds(60 * 86_400 + 30, Date.parse('2026-01-01T00:00:00Z'));

describe('outputEntries', () => {
  it('without a refresh: only refreshed=false', () => {
    expect(outputEntries({ refreshed: false })).toEqual([['refreshed', 'false']]);
  });

  it('after a refresh: every output, as strings, the token last', () => {
    expect(
      outputEntries({ refreshed: true, expiry, account: 'acme.photos', token: 'IGAAnew' }),
    ).toEqual([
      ['refreshed', 'true'],
      ['expires-at', '2026-03-02T00:00:30Z'],
      ['expires-in', String(60 * 86_400 + 30)],
      ['days-left', '60'],
      ['account', 'acme.photos'],
      ['token', 'IGAAnew'],
    ]);
  });

  it('an empty token sets no token output', () => {
    const names = outputEntries({ refreshed: false, expiry, token: '' }).map(([name]) => name);
    expect(names).toEqual(['refreshed', 'expires-at', 'expires-in', 'days-left']);
  });
});
