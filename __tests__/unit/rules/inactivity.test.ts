import { describe, expect, it } from '@jest/globals';
import {
  GITHUB_INACTIVITY_DAYS,
  inactivityVerdict,
  workflowFileName,
} from '../../../src/rules/inactivity.js';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-03-01T12:00:00Z');

/** A public repository last pushed `days` days before NOW. */
function pushedDaysAgo(days: number, isPublic = true) {
  return { pushedAt: new Date(NOW - days * DAY_MS).toISOString(), isPublic };
}

describe('inactivityVerdict', () => {
  it("GitHub's rule is 60 days", () => {
    expect(GITHUB_INACTIVITY_DAYS).toBe(60);
  });

  it('a quiet public repository at or above the threshold is inactive, with the dates', () => {
    const verdict = inactivityVerdict(
      { pushedAt: '2026-01-01T08:15:00Z', isPublic: true },
      45,
      NOW,
    );
    expect(verdict).toEqual({
      status: 'inactive',
      idleDays: 59,
      lastPush: '2026-01-01',
      // pushedAt + 60 days.
      disableAround: '2026-03-02',
    });
  });

  it('below the threshold is active', () => {
    expect(inactivityVerdict(pushedDaysAgo(44), 45, NOW)).toEqual({ status: 'active' });
    expect(inactivityVerdict(pushedDaysAgo(45 - 1 / 86_400), 45, NOW)).toEqual({
      status: 'active',
    });
    expect(inactivityVerdict(pushedDaysAgo(0), 45, NOW)).toEqual({ status: 'active' });
  });

  it('exactly at the threshold is inactive; idle days are whole days, rounded down', () => {
    expect(inactivityVerdict(pushedDaysAgo(45), 45, NOW)).toMatchObject({
      status: 'inactive',
      idleDays: 45,
    });
    expect(inactivityVerdict(pushedDaysAgo(50.9), 45, NOW)).toMatchObject({
      status: 'inactive',
      idleDays: 50,
    });
  });

  it('disableAround is the last push plus 60 days, also once that day has passed', () => {
    const verdict = inactivityVerdict(
      { pushedAt: '2025-11-20T23:59:59Z', isPublic: true },
      45,
      NOW,
    );
    expect(verdict).toMatchObject({
      status: 'inactive',
      lastPush: '2025-11-20',
      disableAround: '2026-01-19',
    });
    const custom = inactivityVerdict(pushedDaysAgo(10), 7, NOW);
    expect(custom).toMatchObject({
      status: 'inactive',
      idleDays: 10,
      disableAround: new Date(NOW - 10 * DAY_MS + 60 * DAY_MS).toISOString().slice(0, 10),
    });
  });

  it('a private repository keeps its schedule: not applicable, however quiet', () => {
    expect(inactivityVerdict(pushedDaysAgo(300, false), 45, NOW)).toEqual({
      status: 'not-applicable',
    });
  });

  it('warningDays 0 (or less) turns the check off', () => {
    expect(inactivityVerdict(pushedDaysAgo(300), 0, NOW)).toEqual({ status: 'not-applicable' });
    expect(inactivityVerdict(pushedDaysAgo(300), -1, NOW)).toEqual({ status: 'not-applicable' });
  });

  it.each(['', 'yesterday', 'not a date'])(
    'an unparsable pushedAt (%p) is not applicable, not a crash',
    (pushedAt) => {
      expect(inactivityVerdict({ pushedAt, isPublic: true }, 45, NOW)).toEqual({
        status: 'not-applicable',
      });
    },
  );
});

describe('workflowFileName', () => {
  it.each([
    ['acme/site/.github/workflows/refresh.yml@refs/heads/main', 'refresh.yml'],
    ['acme/site/.github/workflows/refresh-token.yaml@refs/tags/v1', 'refresh-token.yaml'],
    ['acme/site/.github/workflows/refresh.yml', 'refresh.yml'],
  ])('%p → %p', (ref, file) => {
    expect(workflowFileName(ref)).toBe(file);
  });

  it.each([
    ['undefined', undefined],
    ['empty', ''],
    ['no workflow file before the ref', 'acme/site@refs/heads/main'],
    ['a ref that merely ends in .yml', 'acme/site/.github/workflows/dir@refs/heads/x.yml'],
    ['another extension', 'acme/site/.github/workflows/refresh.json@refs/heads/main'],
  ])('%s → undefined', (_label, ref) => {
    expect(workflowFileName(ref)).toBeUndefined();
  });
});
