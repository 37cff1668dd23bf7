import { describe, expect, it } from '@jest/globals';
import { createRunDeadlines, NO_DEADLINE, reserveFor } from '../../../src/rules/deadline.js';

describe('the run deadline (run-timeout)', () => {
  it('keeps a fifth of the run, 3 to 30 s, for the failure issue and summary', () => {
    expect(reserveFor(10_000)).toBe(3000);
    expect(reserveFor(60_000)).toBe(12_000);
    expect(reserveFor(300_000)).toBe(30_000);
    expect(reserveFor(3_600_000)).toBe(30_000);
  });

  it('work ends before the report does', () => {
    let now = 1_000_000;
    const { work, report } = createRunDeadlines(now, 60_000, () => now);
    expect(work.remainingMs()).toBe(48_000);
    expect(report.remainingMs()).toBe(60_000);
    now += 50_000;
    expect(work.remainingMs()).toBe(0);
    expect(report.remainingMs()).toBe(10_000);
  });

  it('does not start a wait that would overrun, and leaves a request time after it', () => {
    const now = 0;
    const { work } = createRunDeadlines(now, 100_000, () => now);
    expect(work.allowsWait(60_000)).toBe(true);
    expect(work.allowsWait(79_000)).toBe(true); // 80 s of work: the wait, then 1 s to ask
    expect(work.allowsWait(79_500)).toBe(false);
    expect(work.requestTimeoutMs(10_000)).toBe(10_000);
  });

  it('clips a request timeout to what is left', () => {
    let now = 0;
    const { work } = createRunDeadlines(now, 20_000, () => now);
    now = 14_000; // 16 s of work, 2 s left
    expect(work.requestTimeoutMs(10_000)).toBe(2000);
    expect(work.totalSeconds).toBe(20);
  });

  it('NO_DEADLINE allows everything', () => {
    expect(NO_DEADLINE.allowsWait(1e12)).toBe(true);
    expect(NO_DEADLINE.requestTimeoutMs(5000)).toBe(5000);
  });
});
