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

/** From an `expires_in` (seconds from the moment of the response). */
export function expiryFromSeconds(expiresInSeconds: number, nowMs: number): Expiry {
  return expiryAt(nowMs + expiresInSeconds * 1000, nowMs);
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
    expiresAt: new Date(at).toISOString().replace('.000Z', 'Z'),
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
