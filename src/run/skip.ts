/**
 * The two ways a run may leave the token as it is, each allowed only when it is provably safe
 * (never green while the token dies): the token keeps more than `refresh-threshold-days` now
 * and at the next scheduled run, or Instagram refused a token refreshed less than a day ago.
 * A skip proves nothing about an earlier failure, so it never closes a failure issue.
 */
import type { BackgroundReads, OpenIssues } from './background.js';
import type { RunContext } from './context.js';
import { GraphError, inStep, RuleError, StepFailureError } from '../rules/errors.js';
import {
  conservativeExpiry,
  describeExpiry,
  isRefreshDue,
  REFRESHED_WITHIN_A_DAY_S,
  type Expiry,
} from '../rules/expiry.js';
import { currentExpiry, recordedExpiry, recordExpiry } from './expiry-store.js';
import { mayBeTokenAgeRefusal } from '../graph/refusal.js';
import type { Account } from '../graph/token-api.js';
import { INPUT } from '../inputs/input-names.js';
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

/**
 * Instagram will not refresh a token younger than 24 hours, and does not document how it says
 * so. A refusal is taken for that rule only when all three hold: Meta's answer is an OAuth
 * refusal of the token (mayBeTokenAgeRefusal), the current token still passes /me, and no
 * expiry is recorded or the recorded one is at least 59 days away. A skip with nothing recorded
 * records 59 days from now, so the same refusal a day later fails. Anything else is rethrown.
 */
export async function skipIfTooYoung(
  context: RunContext,
  reads: BackgroundReads,
  refusal: StepFailureError,
): Promise<SkipResult> {
  const cause = refusal.error;
  if (context.api.flavour !== 'instagram' || !(cause instanceof GraphError)) throw refusal;
  if (!mayBeTokenAgeRefusal(cause)) throw refusal;
  let account: Account;
  try {
    account = await context.api.verify(context.config.instagramToken);
  } catch {
    throw refusal; // the token does not work either: report the refusal as it is
  }
  // An unreadable variable proves nothing, and the cautious record would overwrite it.
  if (!(await reads.recordedRead)) throw refusal;
  const recorded = await recordedExpiry(reads);
  if (recorded && recorded.expiresIn < REFRESHED_WITHIN_A_DAY_S) {
    throw new StepFailureError('refresh', refusedOlderToken(cause, recorded));
  }
  const written = recorded ? undefined : await recordConservativeExpiry(context, reads, cause);
  const why = cause.reason === 'too-recent' ? 'saying' : 'most likely because';
  return skip(
    context,
    'too-recent',
    `Instagram refused to refresh a token that still works, ${why} it is less than 24 hours ` +
      'old (it refreshes only tokens a day old or older). Nothing was written; the next run ' +
      'after a day refreshes it' +
      (written
        ? `. Recorded a cautious expiry of ${written.expiresAt.slice(0, 10)}, 59 days away, so ` +
          'a refusal tomorrow cannot pass for the same rule'
        : ''),
    recorded ?? written,
    account,
    written,
  );
}

function refusedOlderToken(refusal: GraphError, recorded: Expiry): RuleError {
  return new RuleError(
    `${refusal.message} The token still works, but its recorded expiry ` +
      `(${describeExpiry(recorded)}) shows it was not refreshed in the last 24 hours, so this ` +
      "is not Instagram's 24-hour rule.",
    `Meta refuses to renew the token; it keeps working until ${recorded.expiresAt} at the ` +
      "latest. Read Meta's message and fbtrace_id above. If the refusal lasts, get a new " +
      'long-lived token before then: log in again (Instagram Login in the Meta app dashboard), ' +
      'paste the token into the secret, and re-run the workflow.',
    'reauthorize',
    refusal,
  );
}

/** Records 59 days from now; a skip that cannot record it is not provably safe, so it fails. */
async function recordConservativeExpiry(
  context: RunContext,
  reads: BackgroundReads,
  refusal: GraphError,
): Promise<Expiry> {
  const expiry = conservativeExpiry(Date.now());
  const cannot = (why: string, advice: string) =>
    new StepFailureError(
      'record-expiry',
      new RuleError(
        `${refusal.message} The token still works and may be less than 24 hours old ` +
          `(Instagram refreshes only older tokens), but ${why}, so a refusal tomorrow would ` +
          'look the same as this one.',
        advice,
        'other',
        refusal,
      ),
    );
  if (!context.config.recordExpiry) {
    throw cannot(
      `'${INPUT.recordExpiry}' is false and this run cannot record that it saw a new token`,
      `Set '${INPUT.recordExpiry}: true' (the default) so a skip can be told from a refusal, ` +
        'or run again once the token is a day old.',
    );
  }
  try {
    await inStep('record-expiry', () => recordExpiry(context, reads, expiry.expiresAt));
  } catch (error) {
    const advice = (error as { error?: { advice?: string } }).error?.advice ?? '';
    throw cannot(
      `the expiry variable ${context.config.expiryVariable} could not be written ` +
        `(${(error as Error).message.replace(/\.$/, '')})`,
      advice || `Give the '${INPUT.githubToken}' token the Variables permission, then run again.`,
    );
  }
  return expiry;
}

async function skip(
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
