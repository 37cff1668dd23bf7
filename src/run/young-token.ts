/**
 * A refused refresh taken for Instagram's 24-hour rule, only when that is provably safe
 * (docs/behaviour.md rule 7); anything else is rethrown as the refusal it is.
 */
import type { BackgroundReads } from './background.js';
import type { RunContext } from './context.js';
import { GraphError, inStep, RuleError, StepFailureError } from '../rules/errors.js';
import {
  conservativeExpiry,
  describeExpiry,
  REFRESHED_WITHIN_A_DAY_S,
  type Expiry,
} from '../rules/expiry.js';
import { recordedExpiry, recordExpiry } from './expiry-store.js';
import { mayBeTokenAgeRefusal } from '../graph/refusal.js';
import type { Account } from '../graph/token-api.js';
import { INPUT } from '../inputs/input-names.js';
import { skip, type SkipResult } from './skip.js';

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
  outlivesNextRunOrFail(context, cause, recorded ?? conservativeExpiry(Date.now()));
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
/**
 * A skip leaves the token as it is: it must outlive the next scheduled run, as a refreshed one
 * must (a schedule more than 59 days apart would let it lapse before anyone looks again).
 */
function outlivesNextRunOrFail(context: RunContext, refusal: GraphError, expiry: Expiry): void {
  const next = context.schedule.nextRunAt;
  if (!next || Date.parse(expiry.expiresAt) > next.getTime()) return;
  throw new StepFailureError(
    'refresh',
    new RuleError(
      `${refusal.message} The token may be less than 24 hours old, but it expires ` +
        `${describeExpiry(expiry)}, before the next scheduled run ` +
        `(${next.toISOString().replace('.000Z', 'Z')}), so skipping would let it lapse.`,
      'Run the workflow more often (a weekly schedule is plenty for 60-day tokens).',
      'other',
      refusal,
    ),
  );
}

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
