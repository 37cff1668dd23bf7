/**
 * Pure: GitHub's secondary rate limits on content-creating requests, 80 a minute and 500 an
 * hour (docs/platform-facts.md, "Rate limits"). A run of many accounts paces its writes inside
 * them instead of tripping them and waiting out `retry-after`. The pace keeps a tenth in
 * reserve: other clients of the same token (another workflow, a person) share the budget.
 */

export interface WriteLimits {
  perMinute: number;
  perHour: number;
}

export const PACED_LIMITS: WriteLimits = { perMinute: 72, perHour: 450 };

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** How long to wait before one more write fits both windows (0: now). `sent` is ascending. */
export function waitBeforeWrite(sent: number[], now: number, limits: WriteLimits): number {
  const lastMinute = sent.filter((at) => at > now - MINUTE_MS);
  const lastHour = sent.filter((at) => at > now - HOUR_MS);
  let wait = 0;
  if (lastMinute.length >= limits.perMinute) {
    wait = Math.max(wait, lastMinute[lastMinute.length - limits.perMinute] + MINUTE_MS - now);
  }
  if (lastHour.length >= limits.perHour) {
    wait = Math.max(wait, lastHour[lastHour.length - limits.perHour] + HOUR_MS - now);
  }
  return Math.max(0, wait);
}

export type Admission =
  { admitted: true } | { admitted: false; reason: 'hour' | 'deadline'; retryAt: number };

/**
 * Whether an account's `needed` writes fit: the hour's budget must hold them beside what was
 * sent and what running accounts reserved, and the minute's pace must reach them before
 * `deadlineMs`. Deciding before the refresh means a token Meta issued is never left unwritten
 * for want of budget.
 */
export function admit(
  sent: number[],
  reserved: number,
  needed: number,
  now: number,
  deadlineMs: number,
  limits: WriteLimits,
): Admission {
  const lastHour = sent.filter((at) => at > now - HOUR_MS);
  if (lastHour.length + reserved + needed > limits.perHour) {
    // The budget frees up an hour after the writes that filled it.
    const oldest = lastHour[0] ?? now;
    return { admitted: false, reason: 'hour', retryAt: oldest + HOUR_MS };
  }
  const queued = sent.filter((at) => at > now - MINUTE_MS).length + reserved + needed;
  const minutesOfWaiting = Math.max(0, Math.ceil(queued / limits.perMinute) - 1);
  if (now + minutesOfWaiting * MINUTE_MS > deadlineMs) {
    return { admitted: false, reason: 'deadline', retryAt: now + MINUTE_MS };
  }
  return { admitted: true };
}
