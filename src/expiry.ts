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
 * Whether a run should refresh. Without a threshold, or without a known expiry, it always
 * does: refreshing a healthy token costs one call, missing a dying one costs the feed.
 */
export function isRefreshDue(
  known: Expiry | undefined,
  thresholdDays: number | undefined,
): boolean {
  if (thresholdDays === undefined || known === undefined) return true;
  return known.expiresIn < thresholdDays * 86_400;
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
