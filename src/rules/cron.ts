/**
 * Pure: the next time a POSIX cron schedule fires (UTC, as GitHub runs schedules), so a
 * failure issue can say when the next run will retry. Five fields; `*`, lists, ranges, steps,
 * and month and weekday names. A scan minute by minute is plenty for one answer a run.
 */

const FIELDS = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  {
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

const MINUTE_MS = 60_000;
const SCAN_LIMIT_MINUTES = 366 * 24 * 60 + 1;

/** The next firing strictly after `afterMs`, or undefined when the expression is not valid. */
export function nextCronRun(expression: string, afterMs: number): Date | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const sets = parts.map((part, index) => parseField(part, index));
  if (sets.some((set) => set === undefined)) return undefined;
  const [minutes, hours, days, months, weekdays] = sets as Set<number>[];
  // Vixie cron: when both day fields are restricted (neither starts with *), either one matching is enough.
  const dayOr = !parts[2].startsWith('*') && !parts[4].startsWith('*');

  let at = Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  for (let i = 0; i < SCAN_LIMIT_MINUTES; i++, at += MINUTE_MS) {
    const date = new Date(at);
    if (!minutes.has(date.getUTCMinutes()) || !hours.has(date.getUTCHours())) continue;
    if (!months.has(date.getUTCMonth() + 1)) continue;
    const dayMatch = days.has(date.getUTCDate());
    const weekdayMatch = weekdays.has(date.getUTCDay());
    if (dayOr ? dayMatch || weekdayMatch : dayMatch && weekdayMatch) return date;
  }
  return undefined;
}

function parseField(text: string, index: number): Set<number> | undefined {
  const field = FIELDS[index];
  const values = new Set<number>();
  for (const item of text.toUpperCase().split(',')) {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return undefined;
    const bounds = rangeOf(range, field);
    if (!bounds) return undefined;
    const [from, to] =
      stepText !== undefined && !range.includes('-') && range !== '*'
        ? [bounds[0], field.max]
        : bounds;
    for (let value = from; value <= to; value += step) values.add(value);
  }
  // Weekday 7 is Sunday too.
  if (index === 4 && values.has(7)) values.add(0);
  return values;
}

function rangeOf(
  range: string,
  field: { min: number; max: number; names?: readonly string[] },
): [number, number] | undefined {
  if (range === '*') return [field.min, field.max];
  const [fromText, toText] = range.split('-');
  const from = valueOf(fromText, field);
  const to = toText === undefined ? from : valueOf(toText, field);
  if (from === undefined || to === undefined || from > to) return undefined;
  return [from, to];
}

function valueOf(
  text: string,
  field: { min: number; max: number; names?: readonly string[] },
): number | undefined {
  const named = field.names?.indexOf(text) ?? -1;
  const value = named >= 0 ? named + (field.min === 1 ? 1 : 0) : Number(text);
  if (!/^\d+$/.test(text) && named < 0) return undefined;
  return Number.isInteger(value) && value >= field.min && value <= field.max ? value : undefined;
}
