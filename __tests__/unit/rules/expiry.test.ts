import { describe, expect, it } from '@jest/globals';
import {
  conservativeExpiry,
  describeExpiry,
  expiryAt,
  expiryFromEpochSeconds,
  expiryFromIso,
  expiryFromSeconds,
  isRefreshDue,
} from '../../../src/rules/expiry.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400;
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('expiry arithmetic', () => {
  it('expiryFromSeconds: 60 days from now', () => {
    expect(expiryFromSeconds(60 * DAY, NOW)).toEqual({
      expiresAt: '2026-03-02T00:00:00Z',
      expiresIn: 60 * DAY,
      daysLeft: 60,
    });
  });

  it('rounds days down', () => {
    expect(expiryFromSeconds(2 * DAY - 1, NOW).daysLeft).toBe(1);
    expect(expiryFromSeconds(DAY - 1, NOW).daysLeft).toBe(0);
  });

  it('is never negative for a past expiry', () => {
    const past = expiryFromSeconds(-10 * DAY, NOW);
    expect(past).toMatchObject({ expiresIn: 0, daysLeft: 0, expiresAt: '2025-12-22T00:00:00Z' });
  });

  it('writes ISO 8601 UTC without milliseconds', () => {
    const expiry = expiryAt(NOW + 1234.567, NOW);
    expect(expiry.expiresAt).toMatch(ISO_SECONDS);
    expect(expiry.expiresAt).toBe('2026-01-01T00:00:01Z');
  });

  it('expiryFromEpochSeconds: 0 means never expires', () => {
    expect(expiryFromEpochSeconds(0, NOW)).toBeUndefined();
    expect(expiryFromEpochSeconds(-1, NOW)).toBeUndefined();
    expect(expiryFromEpochSeconds(Number.NaN, NOW)).toBeUndefined();
  });

  it('expiryFromEpochSeconds: a real expiry', () => {
    const at = NOW / 1000 + 30 * DAY;
    expect(expiryFromEpochSeconds(at, NOW)).toEqual({
      expiresAt: '2026-01-31T00:00:00Z',
      expiresIn: 30 * DAY,
      daysLeft: 30,
    });
  });

  it('expiryFromIso reads the recorded variable, and refuses what is not a date', () => {
    expect(expiryFromIso('2026-01-11T12:00:00.789Z', NOW)).toEqual({
      expiresAt: '2026-01-11T12:00:00Z',
      expiresIn: 10 * DAY + 12 * 3600,
      daysLeft: 10,
    });
    expect(expiryFromIso('soon', NOW)).toBeUndefined();
    expect(expiryFromIso('', NOW)).toBeUndefined();
  });
});

describe('isRefreshDue', () => {
  const in10Days = expiryFromSeconds(10 * DAY, NOW);
  it.each([
    ['no threshold', in10Days, undefined, true],
    ['unknown expiry', undefined, 5, true],
    ['neither known', undefined, undefined, true],
    ['expiry beyond the threshold', in10Days, 5, false],
    ['expiry within the threshold', in10Days, 11, true],
    // The buffer must be MORE than kept: exactly at it refreshes.
    ['expiry exactly at the threshold', in10Days, 10, true],
    ['a fractional threshold', in10Days, 10.5, true],
  ] as const)('%s → %s', (_case, known, threshold, due) => {
    expect(isRefreshDue(known, threshold, NOW)).toBe(due);
  });

  it('a weekly schedule: 5 days left with a 3-day buffer refreshes (2 days at the next run)', () => {
    const in5Days = expiryFromSeconds(5 * DAY, NOW);
    expect(isRefreshDue(in5Days, 3, NOW)).toBe(false); // now alone would skip
    expect(isRefreshDue(in5Days, 3, NOW, NOW + 7 * DAY * 1000)).toBe(true);
  });

  it('skips only when the buffer holds at the next run as well', () => {
    const in20Days = expiryFromSeconds(20 * DAY, NOW);
    expect(isRefreshDue(in20Days, 3, NOW, NOW + 7 * DAY * 1000)).toBe(false);
    expect(isRefreshDue(in20Days, 14, NOW, NOW + 7 * DAY * 1000)).toBe(true);
  });
});

describe('conservativeExpiry', () => {
  it('is 59 days from now: the least a token refreshed within a day can have', () => {
    expect(conservativeExpiry(NOW)).toMatchObject({ daysLeft: 59, expiresIn: 59 * DAY });
  });
});

describe('describeExpiry', () => {
  it.each([
    [60 * DAY, '2026-03-02 (in 60 days)'],
    [DAY + 5, '2026-01-02 (in 1 day)'],
    [3600, '2026-01-01 (in 0 days)'],
    [-DAY, '2025-12-31 (expired)'],
  ])('%i seconds → %s', (seconds, text) => {
    expect(describeExpiry(expiryFromSeconds(seconds, NOW))).toBe(text);
  });
});

describe('expires_in kept exact', () => {
  it('60 days of expires_in is 60 days left, whatever the milliseconds of now', () => {
    const now = Date.parse('2026-01-01T00:00:00.750Z');
    expect(expiryFromSeconds(5_184_000, now)).toMatchObject({ expiresIn: 5_184_000, daysLeft: 60 });
  });
});
