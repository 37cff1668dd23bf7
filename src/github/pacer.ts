/**
 * The run's one pace for content-creating requests (every method but GET and HEAD), shared by
 * both GitHub clients and every account: admission before an account starts, and a wait before
 * each write until it fits GitHub's windows (rules/write-budget.ts).
 */
import type { Deadline } from '../rules/deadline.js';
import { GitHubCallError } from '../rules/errors.js';
import { admit, PACED_LIMITS, waitBeforeWrite, type WriteLimits } from '../rules/write-budget.js';

export interface Pacer {
  /** Reserves `writes` for an account, or says when the budget will hold them. */
  reserve(
    writes: number,
    deadline: Deadline,
  ): { ok: true; release(): void } | { ok: false; error: GitHubCallError };
  /** Waits until one more write fits; throws (transient) when that would overrun `deadline`. */
  beforeWrite(deadline: Deadline): Promise<void>;
  /**
   * GitHub answered a rate limit anyway (another writer shares the token's budget): no account
   * is admitted until `retryAfterSeconds` have passed, so no new token is issued that could
   * not be stored. Writes already under way go on: the throttling plugin waits out the
   * refused one, and the failure issue must still be tried.
   */
  limitMet(retryAfterSeconds: number): void;
}

export function createPacer(
  limits: WriteLimits = PACED_LIMITS,
  now: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((done) => setTimeout(done, ms)),
): Pacer {
  const sent: number[] = [];
  let reserved = 0;
  let blockedUntil = 0;
  return {
    reserve(writes, deadline) {
      const at = now();
      if (writes > 0 && blockedUntil > at) {
        return { ok: false, error: budgetError('limit', blockedUntil, limits) };
      }
      const verdict = admit(sent, reserved, writes, at, at + deadline.remainingMs(), limits);
      if (!verdict.admitted)
        return { ok: false, error: budgetError(verdict.reason, verdict.retryAt, limits) };
      reserved += writes;
      let held = true;
      return {
        ok: true,
        release: () => {
          if (held) reserved -= writes;
          held = false;
        },
      };
    },
    async beforeWrite(deadline) {
      for (;;) {
        const wait = waitBeforeWrite(sent, now(), limits);
        if (wait === 0) break;
        if (!deadline.allowsWait(wait)) {
          throw budgetError('deadline', now() + wait, limits);
        }
        await sleep(wait);
      }
      sent.push(now());
    },
    limitMet(retryAfterSeconds) {
      blockedUntil = Math.max(blockedUntil, now() + retryAfterSeconds * 1000);
    },
  };
}

function budgetError(
  reason: 'hour' | 'deadline' | 'limit',
  retryAt: number,
  limits: WriteLimits,
): GitHubCallError {
  const when = new Date(retryAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const why =
    reason === 'limit'
      ? 'GitHub answered a secondary rate limit during this run (another writer shares the ' +
        "token's budget), so no further account was started"
      : reason === 'hour'
        ? `GitHub allows about 500 content-creating requests an hour (this run keeps to ` +
          `${limits.perHour}), and the accounts before this one used that budget`
        : `GitHub allows about 80 content-creating requests a minute (this run keeps to ` +
          `${limits.perMinute}), and waiting for room would overrun 'run-timeout'`;
  return new GitHubCallError(`Not processed in this run: rate budget. ${why}.`, {
    kind: 'transient',
    advice:
      `Nothing was sent to Meta for this account. Run again after ${when} (or split the ` +
      'accounts over several steps or schedules).',
  });
}
