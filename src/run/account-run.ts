/**
 * One account, the whole single-token story: admission to the run's write budget, its own
 * reads, the flow (gate, refresh, verify, write, or a provably safe skip), then the expiry
 * and its own failure issue. A run of many accounts calls this once per account.
 */
import { startAccountReads, type BackgroundReads, type SharedReads } from './background.js';
import type { Config } from '../inputs/config.js';
import { accountContext, type RunContext, type SharedContext } from './context.js';
import { recordExpiry } from './expiry-store.js';
import { describeFailure } from './failure.js';
import { runFlow, type FlowResult } from './refresh-flow.js';
import { softly } from './softly.js';
import { StepFailureError } from '../rules/errors.js';
import type { IssueNote, Outcome } from '../rules/outcome.js';

export interface AccountReport {
  config: Config;
  outcome: Outcome;
  /** The token Meta issued in this run, for the single-token `token` output. */
  token?: string;
  issue?: IssueNote;
}

export async function runAccount(
  shared: SharedContext,
  sharedReads: SharedReads,
  config: Config,
  label = '',
): Promise<AccountReport> {
  const context = accountContext(shared, config, label);
  context.facts.nextRunAt = context.schedule.nextRunAt;
  const reads = startAccountReads(context, sharedReads);
  const ticket = admit(context);
  const { outcome, token } = ticket.ok
    ? await runFlow(context, reads)
    : await refused(context, reads, ticket.error);
  try {
    const issue = await afterEffects(context, reads, outcome);
    return { config, outcome, token, issue };
  } finally {
    if (ticket.ok) ticket.release();
  }
}

/**
 * The writes this account may make, reserved before anything goes to Meta: its secret, its
 * expiry variable, and a failure issue or comment. A dry run writes nothing.
 */
function admit(context: RunContext) {
  const { config } = context;
  const writes = config.dryRun ? 0 : 2 + (config.recordExpiry ? 1 : 0);
  return context.pacer.reserve(writes, context.deadlines.work);
}

async function refused(
  context: RunContext,
  reads: BackgroundReads,
  error: unknown,
): Promise<FlowResult> {
  const failure = await describeFailure(context, reads, new StepFailureError('pace', error));
  return { outcome: { ...context.facts, status: 'failed', failure } };
}

/**
 * After a refresh: record the expiry and close the failure issue. After a failure: report it.
 * A skip or a dry run proves nothing about the last failure, so it closes nothing.
 */
async function afterEffects(
  context: RunContext,
  reads: BackgroundReads,
  outcome: Outcome,
): Promise<IssueNote | undefined> {
  const { config } = context;
  if (config.dryRun) return undefined;
  if (outcome.status === 'failed') {
    // An account the rate budget held back was never started: the summary says so, and an
    // issue each would spend the very budget that ran out.
    if (outcome.failure.step === 'pace') return undefined;
    const { reportFailure } = await import('./failure-issue.js');
    const [issue] = await Promise.all([
      reportFailure(context, outcome.failure, reads.openIssues, context.facts.previousExpiry),
      // The secret holds the new token though a later step failed: record its expiry anyway.
      recordNewExpiry(context, reads, outcome.failure.storedExpiry?.expiresAt),
    ]);
    return issue;
  }
  if (outcome.status !== 'refreshed') return undefined;
  const { closeFailureIssue } = await import('./failure-issue.js');
  const [, closed] = await Promise.all([
    recordNewExpiry(context, reads, outcome.expiry?.expiresAt),
    closeFailureIssue(context, outcome, reads.openIssues),
  ]);
  return closed;
}

/** The expiry of a token the secret now holds; a failure to record it is only a warning. */
async function recordNewExpiry(
  context: RunContext,
  reads: BackgroundReads,
  expiresAt: string | undefined,
): Promise<void> {
  const { config } = context;
  if (!config.recordExpiry || !expiresAt) return;
  await softly(context, `record the expiry in the variable ${config.expiryVariable}`, () =>
    recordExpiry(context, reads, expiresAt),
  );
}
