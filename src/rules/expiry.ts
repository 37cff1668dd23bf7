/** Pure arithmetic on token lifetimes: Meta reports expiry as seconds-from-now or epoch seconds. */

const DAY_MS = 86_400_000;

export interface Expiry {
  /** ISO 8601 UTC, second precision. */
  expiresAt: string;
  /** Seconds from now; never negative. */
  expiresIn: number;
  /** Whole days from now, rounded down; never negative. */
  daysLeft: number;
}

/**
 * From an `expires_in` (seconds from the moment of the response). The seconds are kept as Meta
 * sent them, so 5,184,000 s reads as 60 days left, not 59 and a fraction rounded down.
 */
export function expiryFromSeconds(expiresInSeconds: number, nowMs: number): Expiry {
  const seconds = Math.max(0, Math.floor(expiresInSeconds));
  return {
    expiresAt: isoSeconds(nowMs + expiresInSeconds * 1000),
    expiresIn: seconds,
    daysLeft: Math.floor(seconds / 86_400),
  };
}

/** From `debug_token`'s `expires_at` (epoch seconds); 0 means the token never expires. */
export function expiryFromEpochSeconds(expiresAt: number, nowMs: number): Expiry | undefined {
  if (!Number.isFinite(expiresAt) || expiresAt <= 0) return undefined;
  return expiryAt(expiresAt * 1000, nowMs);
}

/** From an ISO date (the recorded expiry variable); undefined when it is not a date. */
export function expiryFromIso(iso: string, nowMs: number): Expiry | undefined {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : expiryAt(at, nowMs);
}

export function expiryAt(atMs: number, nowMs: number): Expiry {
  const at = Math.floor(atMs / 1000) * 1000;
  const leftMs = Math.max(0, at - nowMs);
  return {
    expiresAt: isoSeconds(at),
    expiresIn: Math.floor(leftMs / 1000),
    daysLeft: Math.floor(leftMs / DAY_MS),
  };
}

/**
 * Whether a run should refresh. `refresh-threshold-days` is the buffer the token always keeps:
 * the run skips only when the known expiry is more than that many days away now AND will still
 * be at the next scheduled run. Without a threshold, or without a known expiry, it refreshes:
 * refreshing a healthy token costs one call, missing a dying one costs the feed.
 */
export function isRefreshDue(
  known: Expiry | undefined,
  thresholdDays: number | undefined,
  nowMs: number = Date.now(),
  nextRunMs?: number,
): boolean {
  if (thresholdDays === undefined || known === undefined) return true;
  const bufferMs = thresholdDays * DAY_MS;
  // expiresIn was measured from (about) now; the next run comes that much later.
  const leftNowMs = known.expiresIn * 1000;
  if (leftNowMs <= bufferMs) return true;
  return nextRunMs !== undefined && leftNowMs - Math.max(0, nextRunMs - nowMs) <= bufferMs;
}

/** What an expiry will look like at a later moment (the next scheduled run). */
export function expiryAtMoment(expiry: Expiry, momentMs: number): Expiry {
  return expiryAt(Date.parse(expiry.expiresAt), momentMs);
}

/**
 * Instagram refreshes only tokens at least a day old, so a token refreshed less than a day ago
 * has more than this left of its 60 days. A refusal of a token with less left cannot be that rule.
 */
export const REFRESHED_WITHIN_A_DAY_S = 59 * 86_400;

/** The expiry a skip records when none is known: the shortest a day-old token can have. */
export function conservativeExpiry(nowMs: number): Expiry {
  return expiryFromSeconds(REFRESHED_WITHIN_A_DAY_S, nowMs);
}

/** "2026-03-01 (in 59 days)" for people. */
export function describeExpiry(expiry: Expiry): string {
  const date = expiry.expiresAt.slice(0, 10);
  if (expiry.expiresIn === 0) return `${date} (expired)`;
  const days = expiry.daysLeft;
  return `${date} (in ${days} day${days === 1 ? '' : 's'})`;
}

/** ISO 8601 UTC to the second: 2026-03-01T12:00:00Z. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
