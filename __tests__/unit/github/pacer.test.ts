import { describe, expect, it } from '@jest/globals';
import { createPacer } from '../../../src/github/pacer.js';
import { createRunDeadlines } from '../../../src/rules/deadline.js';

/** A pacer on a fake clock whose sleeps move the clock instead of waiting. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => (now += ms),
  };
}

describe('the pacer', () => {
  it('spaces writes so no minute holds more than the limit', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ perMinute: 2, perHour: 100 }, clock.now, clock.sleep);
    const { work } = createRunDeadlines(0, 600_000, clock.now);
    for (let i = 0; i < 5; i++) await pacer.beforeWrite(work);
    expect(clock.sleeps).toEqual([60_000, 60_000]);
  });

  it('refuses a wait that would overrun the deadline, as a transient rate-budget error', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ perMinute: 1, perHour: 100 }, clock.now, clock.sleep);
    const { work } = createRunDeadlines(0, 30_000, clock.now);
    await pacer.beforeWrite(work);
    await expect(pacer.beforeWrite(work)).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringMatching(/rate budget/),
    });
    expect(clock.sleeps).toEqual([]);
  });

  it("reserves an account's writes against the hour, and releases them once", () => {
    const clock = fakeClock();
    const pacer = createPacer({ perMinute: 100, perHour: 5 }, clock.now, clock.sleep);
    const { work } = createRunDeadlines(0, 300_000, clock.now);
    const first = pacer.reserve(3, work);
    expect(first.ok).toBe(true);
    const second = pacer.reserve(3, work);
    expect(second.ok).toBe(false);
    if (!second.ok)
      expect(second.error.advice).toMatch(/Run again after \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    if (first.ok) {
      first.release();
      first.release(); // a second release changes nothing
    }
    expect(pacer.reserve(5, work).ok).toBe(true);
  });

  it('admits no account while GitHub says its limit was met, and again once it passed', () => {
    const clock = fakeClock();
    const pacer = createPacer({ perMinute: 100, perHour: 100 }, clock.now, clock.sleep);
    const { work } = createRunDeadlines(0, 300_000, clock.now);
    pacer.limitMet(60);
    const refused = pacer.reserve(2, work);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/secondary rate limit/);
    expect(pacer.reserve(0, work).ok).toBe(true); // a dry run writes nothing
    clock.advance(60_001);
    expect(pacer.reserve(2, work).ok).toBe(true);
  });
});
