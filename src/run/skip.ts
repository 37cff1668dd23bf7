/**
 * The two ways a run may leave the token as it is, each allowed only when it is provably safe
 * (never green while the token dies): the token keeps more than `refresh-threshold-days` now
 * and at the next scheduled run, or Instagram refused a token refreshed less than a day ago
 * (young-token.ts). A skip proves nothing about an earlier failure, so it never closes a
 * failure issue.
 */
import type { BackgroundReads, OpenIssues } from './background.js';
import type { RunContext } from './context.js';
import { inStep } from '../rules/errors.js';
import { describeExpiry, isRefreshDue, type Expiry } from '../rules/expiry.js';
import { currentExpiry } from './expiry-store.js';
import type { Account } from '../graph/token-api.js';
import type { Outcome, SkipReason } from '../rules/outcome.js';
import { skippedSites } from './site-copies.js';
import { hasSites } from '../sites/targets.js';

export interface SkipResult {
  outcome: Outcome;
}

/**
 * With `refresh-threshold-days`, a token far from expiry is only checked, not refreshed, unless
 * refreshAnyway() finds a reason.
 */
export async function skipWhenNotDue(
  context: RunContext,
  reads: BackgroundReads,
): Promise<SkipResult | undefined> {
  const threshold = context.config.refreshThresholdDays;
  if (threshold === undefined) return undefined;
  const [known, openIssues] = await Promise.all([currentExpiry(context, reads), reads.openIssues]);
  const nextRunMs = context.schedule.nextRunAt?.getTime();
  if (!known || isRefreshDue(known, threshold, Date.now(), nextRunMs)) return undefined;
  const reason = refreshAnyway(context, openIssues);
  if (reason) {
    context.log.info(`The token is not due (expires ${describeExpiry(known)}), but ${reason}.`);
    return undefined;
  }
  const atNextRun = nextRunMs === undefined ? '' : ' now and at the next scheduled run';
  return skip(
    context,
    'threshold',
    `the token expires ${describeExpiry(known)}, more than ${threshold} days away${atNextRun} ` +
      '(refresh-threshold-days); nothing refreshed, nothing written',
    known,
  );
}

/**
 * Why a token that is not due is refreshed all the same: an open failure issue means the last
 * run did not get through. A site copy cannot be read back, so with site copies only a failure
 * issue can say the last delivery failed: when issues are off or could not be read, nothing
 * proves the copies current, and the run delivers again.
 */
export function refreshAnyway(context: RunContext, openIssues: OpenIssues): string | undefined {
  if (openIssues.failure) {
    return `failure issue #${openIssues.failure.number} is open: refreshing now to clear it`;
  }
  const issuesTell = context.config.openIssueOnFailure && openIssues.listed === true;
  if (hasSites(context.config.sites) && !issuesTell) {
    return (
      'site copies are set and no failure issue can tell whether the last run delivered ' +
      'them: refreshing to deliver it again'
    );
  }
  return undefined;
}

export async function skip(
  context: RunContext,
  reason: SkipReason,
  detail: string,
  known: Expiry | undefined,
  verified?: Account,
  recorded?: Expiry,
): Promise<SkipResult> {
  const { api, config, facts } = context;
  // A skipped run still proves the token works, so a revoked one is caught early.
  facts.account =
    verified ?? (await inStep('verify-current', () => api.verify(config.instagramToken)));
  facts.previousExpiry = known;
  const sentence = `Skipped the refresh: ${detail}.`;
  if (reason === 'too-recent') context.log.notice(sentence);
  else context.log.info(sentence);
  // A skip changes no site copy either: the copies hold the same token as the secret.
  const sites = skippedSites(context);
  return { outcome: { ...facts, status: 'skipped', reason, detail, recorded, sites } };
}
