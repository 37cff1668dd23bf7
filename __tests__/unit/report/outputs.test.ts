import { describe, expect, it } from '@jest/globals';
import { expiryFromSeconds } from '../../../src/rules/expiry.js';
import type { Outcome } from '../../../src/rules/outcome.js';
import { failedResult, outputEntries, resultOf } from '../../../src/report/outputs.js';

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

describe('resultOf (the results output)', () => {
  const facts = { destination: 'repository secret X in acme/site', login: 'Instagram Login' };
  const expiry = expiryFromSeconds(60 * 86_400, Date.parse('2026-01-01T00:00:00Z'));

  it('a refresh: status, new expiry, days left, account; no issue when it was closed', () => {
    const outcome: Outcome = {
      ...facts,
      account: { id: '1', name: 'acme.photos' },
      status: 'refreshed',
      expiry,
      written: 'updated',
      sameToken: false,
    };
    expect(resultOf('X', outcome, { number: 7, url: 'u', action: 'closed' })).toEqual({
      secret: 'X',
      status: 'refreshed',
      'expires-at': '2026-03-02T00:00:00Z',
      'days-left': 60,
      account: 'acme.photos',
      issue: null,
      sites: [],
    });
  });

  it('a dry run changed nothing: skipped; a failure carries its issue', () => {
    const dry: Outcome = { ...facts, status: 'dry-run', wouldDo: '', previousExpiry: expiry };
    expect(resultOf('X', dry)).toMatchObject({ status: 'skipped', 'days-left': 60 });
    const failed: Outcome = {
      ...facts,
      status: 'failed',
      failure: { step: 'refresh', message: 'm', advice: 'a', transient: false, fix: 'other' },
    };
    const note = { number: 12, url: 'u', action: 'opened' } as const;
    expect(resultOf('X', failed, note)).toMatchObject({
      status: 'failed',
      issue: 12,
      account: null,
    });
  });

  it('a skip that recorded a cautious expiry reports it', () => {
    const skipped: Outcome = {
      ...facts,
      status: 'skipped',
      reason: 'too-recent',
      detail: '',
      recorded: expiry,
    };
    expect(resultOf('X', skipped)['expires-at']).toBe('2026-03-02T00:00:00Z');
  });

  it('a bad input: failed, nothing known', () => {
    expect(failedResult('X')).toEqual({
      secret: 'X',
      status: 'failed',
      'expires-at': null,
      'days-left': null,
      account: null,
      issue: null,
      sites: [],
    });
  });
});
