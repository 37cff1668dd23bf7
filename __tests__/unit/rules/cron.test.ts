import { describe, expect, it } from '@jest/globals';
import { nextCronRun } from '../../../src/rules/cron.js';

/** The next firing after `after` (ISO), as ISO, so a failure shows both instants. */
function next(expression: string, after: string): string | undefined {
  return nextCronRun(expression, Date.parse(after))?.toISOString();
}

// 2026-01-01 is a Thursday; 2026-01-05 a Monday.
describe('nextCronRun', () => {
  it("the README's weekly schedule fires next Monday at 04:37 UTC", () => {
    expect(next('37 4 * * 1', '2026-01-01T00:00:00Z')).toBe('2026-01-05T04:37:00.000Z');
    expect(next('37 4 * * 1', '2026-01-05T04:36:59.999Z')).toBe('2026-01-05T04:37:00.000Z');
  });

  it('is strictly after: an instant exactly on a firing gives the following one', () => {
    expect(next('37 4 * * 1', '2026-01-05T04:37:00Z')).toBe('2026-01-12T04:37:00.000Z');
    expect(next('37 4 * * 1', '2026-01-05T04:37:30Z')).toBe('2026-01-12T04:37:00.000Z');
    expect(next('*/15 * * * *', '2026-01-01T10:45:00Z')).toBe('2026-01-01T11:00:00.000Z');
  });

  it('steps: */15 fires on the quarter hours', () => {
    expect(next('*/15 * * * *', '2026-01-01T10:00:00Z')).toBe('2026-01-01T10:15:00.000Z');
    expect(next('*/15 * * * *', '2026-01-01T10:07:30Z')).toBe('2026-01-01T10:15:00.000Z');
    expect(next('*/15 * * * *', '2026-01-01T23:59:00Z')).toBe('2026-01-02T00:00:00.000Z');
  });

  it('monthly: 0 0 1 * * fires at midnight on the first, across a year end', () => {
    expect(next('0 0 1 * *', '2026-01-15T12:00:00Z')).toBe('2026-02-01T00:00:00.000Z');
    expect(next('0 0 1 * *', '2026-12-31T23:59:00Z')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('ranges: office hours on weekdays', () => {
    const expression = '0 9-17 * * 1-5';
    expect(next(expression, '2026-01-05T08:30:00Z')).toBe('2026-01-05T09:00:00.000Z');
    expect(next(expression, '2026-01-05T16:00:00Z')).toBe('2026-01-05T17:00:00.000Z');
    expect(next(expression, '2026-01-05T17:00:00Z')).toBe('2026-01-06T09:00:00.000Z');
    // Friday evening: the weekend is skipped.
    expect(next(expression, '2026-01-02T17:00:00Z')).toBe('2026-01-05T09:00:00.000Z');
  });

  it('ranges with a step, and a single value with a step (from it to the maximum)', () => {
    expect(next('10-40/15 * * * *', '2026-01-01T10:26:00Z')).toBe('2026-01-01T10:40:00.000Z');
    expect(next('10-40/15 * * * *', '2026-01-01T10:40:00Z')).toBe('2026-01-01T11:10:00.000Z');
    expect(next('50/5 * * * *', '2026-01-01T10:51:00Z')).toBe('2026-01-01T10:55:00.000Z');
    expect(next('50/5 * * * *', '2026-01-01T10:55:00Z')).toBe('2026-01-01T11:50:00.000Z');
  });

  it('lists: 5,35 fires twice an hour', () => {
    expect(next('5,35 * * * *', '2026-01-01T10:00:00Z')).toBe('2026-01-01T10:05:00.000Z');
    expect(next('5,35 * * * *', '2026-01-01T10:05:00Z')).toBe('2026-01-01T10:35:00.000Z');
    expect(next('5,35 * * * *', '2026-01-01T10:35:00Z')).toBe('2026-01-01T11:05:00.000Z');
  });

  it('weekday and month names, in any case', () => {
    expect(next('37 4 * * MON', '2026-01-01T00:00:00Z')).toBe('2026-01-05T04:37:00.000Z');
    expect(next('37 4 * * mon', '2026-01-01T00:00:00Z')).toBe('2026-01-05T04:37:00.000Z');
    expect(next('0 9 * * MON-FRI', '2026-01-03T00:00:00Z')).toBe('2026-01-05T09:00:00.000Z');
    expect(next('0 0 1 JAN *', '2026-02-01T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 0 1 jan,Jul *', '2026-02-01T00:00:00Z')).toBe('2026-07-01T00:00:00.000Z');
  });

  it('weekday 7 is Sunday, like 0 and SUN', () => {
    const sunday = '2026-01-04T00:00:00.000Z';
    expect(next('0 0 * * 7', '2026-01-01T00:00:00Z')).toBe(sunday);
    expect(next('0 0 * * 0', '2026-01-01T00:00:00Z')).toBe(sunday);
    expect(next('0 0 * * SUN', '2026-01-01T00:00:00Z')).toBe(sunday);
    // A range through 7 reaches Sunday too.
    expect(next('0 0 * * 5-7', '2026-01-03T12:00:00Z')).toBe(sunday);
  });

  it('day of month OR day of week when both are restricted', () => {
    const expression = '0 0 13 * 5';
    // Friday 2 January matches the weekday alone.
    expect(next(expression, '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
    // After Friday the 9th: Tuesday the 13th comes before Friday the 16th.
    expect(next(expression, '2026-01-09T00:00:00Z')).toBe('2026-01-13T00:00:00.000Z');
    expect(next(expression, '2026-01-13T00:00:00Z')).toBe('2026-01-16T00:00:00.000Z');
  });

  it('one restricted day field alone is an AND with the unrestricted one', () => {
    expect(next('0 0 13 * *', '2026-01-01T00:00:00Z')).toBe('2026-01-13T00:00:00.000Z');
    expect(next('0 0 * * 5', '2026-01-03T00:00:00Z')).toBe('2026-01-09T00:00:00.000Z');
  });

  it('ignores white space around and between the fields', () => {
    expect(next('  37  4 * *\t1 ', '2026-01-01T00:00:00Z')).toBe('2026-01-05T04:37:00.000Z');
  });

  it.each([
    ['four fields', '37 4 * *'],
    ['six fields', '0 37 4 * * 1'],
    ['empty', ''],
    ['minute 61', '61 * * * *'],
    ['minute 60', '60 * * * *'],
    ['hour 24', '0 24 * * *'],
    ['day 0', '0 0 0 * *'],
    ['month 13', '0 0 1 13 *'],
    ['weekday 8', '0 0 * * 8'],
    ['step 0', '*/0 * * * *'],
    ['negative step', '*/-5 * * * *'],
    ['empty step', '*/ * * * *'],
    ['a word', 'x * * * *'],
    ['an unknown name', '0 0 * * FUN'],
    ['a month name in the weekday field', '0 0 * * JAN'],
    ['a reversed range', '30-10 * * * *'],
    ['an empty list item', '5, * * * *'],
    ['a fraction', '1.5 * * * *'],
  ])('%s (%p) is not a schedule: undefined', (_label, expression) => {
    expect(nextCronRun(expression, Date.parse('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('a valid expression that never fires (30 February) gives undefined, not a hang', () => {
    expect(nextCronRun('0 0 30 2 *', Date.parse('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('29 February is found in the next leap year when within a year', () => {
    expect(next('0 0 29 2 *', '2027-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });
});
