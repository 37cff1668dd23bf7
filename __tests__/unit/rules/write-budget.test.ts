import { describe, expect, it } from '@jest/globals';
import { admit, waitBeforeWrite } from '../../../src/rules/write-budget.js';

const LIMITS = { perMinute: 3, perHour: 5 };
const MIN = 60_000;

describe('waitBeforeWrite (GitHub: 80 content-creating requests a minute, 500 an hour)', () => {
  it('no wait while the minute has room', () => {
    expect(waitBeforeWrite([0, 1000], 2000, LIMITS)).toBe(0);
  });

  it('a full minute waits until its oldest write is a minute old', () => {
    expect(waitBeforeWrite([0, 1000, 2000], 3000, LIMITS)).toBe(MIN - 3000);
  });

  it('a full hour waits until its oldest write is an hour old', () => {
    const sent = [0, 2 * MIN, 4 * MIN, 6 * MIN, 8 * MIN];
    expect(waitBeforeWrite(sent, 10 * MIN, LIMITS)).toBe(3_600_000 - 10 * MIN);
  });

  it('writes older than the windows do not count', () => {
    expect(waitBeforeWrite([0, 1, 2, 3, 4], 3_600_010, LIMITS)).toBe(0);
  });
});

describe('admit: an account starts only when its writes fit', () => {
  it('admits when the hour holds what was sent, what is reserved and what it needs', () => {
    expect(admit([0], 1, 3, 1000, 300_000, LIMITS)).toEqual({ admitted: true });
  });

  it('refuses past the hour budget, and says when it frees up', () => {
    expect(admit([1000, 2000], 1, 3, 5000, 300_000, LIMITS)).toEqual({
      admitted: false,
      reason: 'hour',
      retryAt: 1000 + 3_600_000,
    });
  });

  it('refuses when waiting for the minute would overrun the deadline', () => {
    const limits = { perMinute: 2, perHour: 100 };
    // 2 sent this minute + 2 reserved + 2 needed = 3 minutes' worth: 2 minutes of waiting.
    expect(admit([0, 1], 2, 2, 10, 60_000, limits)).toMatchObject({
      admitted: false,
      reason: 'deadline',
    });
    expect(admit([0, 1], 2, 2, 10, 3 * MIN, limits)).toEqual({ admitted: true });
  });
});
