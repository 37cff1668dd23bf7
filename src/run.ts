/**
 * The run, in the order the README's "How it works" tells it: read and check the inputs;
 * start the reads that overlap the refresh; refresh, verify, seal and write; record the
 * expiry; close (or open) the failure issue; guard the schedule; report.
 */
import * as core from '@actions/core';
import { startBackgroundReads, type BackgroundReads } from './background.js';
import { readConfig, type Config } from './config.js';
import { createRunContext, type RunContext } from './context.js';
import { describeFailure } from './failure.js';
import { closeFailureIssue, reportFailure } from './failure-issue.js';
import { writeVariable } from './github/variables.js';
import { guardSchedule } from './inactivity-guard.js';
import { INPUT, OUTPUT } from './input-names.js';
import type { IssueNote, Outcome } from './outcome.js';
import { createRedactor } from './redact.js';
import { dryRun, refreshAndWrite, skipWhenNotDue, type FlowResult } from './refresh-flow.js';
import { outputEntries } from './report/outputs.js';
import { renderSummary, stepWords } from './report/summary.js';
import { softly } from './softly.js';

// Inputs that hold credentials: masked before anything else happens.
const SECRET_INPUTS = [INPUT.instagramToken, INPUT.githubToken, INPUT.appSecret, INPUT.issueToken];

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = createRedactor((value) => core.setSecret(value));
  for (const name of SECRET_INPUTS) redactor.add(core.getInput(name).trim());

  let config: Config;
  try {
    config = readConfig((name) => core.getInput(name), env);
  } catch (error) {
    // Nothing was sent anywhere: a bad input fails before any request and opens no issue.
    core.setFailed(redactor.scrub(errorMessage(error)));
    return;
  }
  if (config.appId && config.appSecret) redactor.add(`${config.appId}|${config.appSecret}`);

  try {
    const context = createRunContext(config, redactor, env);
    const reads = startBackgroundReads(context);
    const guard = guardSchedule(context, reads.activity, reads.openIssues);
    const { outcome, token } = await runFlow(context, reads);
    const [issue, warning] = await Promise.all([afterEffects(context, reads, outcome), guard]);
    await report(context, outcome, token, issue, warning);
  } catch (error) {
    // Only a bug gets here (every expected failure is an outcome): fail, still scrubbed.
    core.setFailed(redactor.scrub(`Unexpected error, please report it: ${errorMessage(error)}`));
  }
}

async function runFlow(context: RunContext, reads: BackgroundReads): Promise<FlowResult> {
  try {
    if (context.config.dryRun) return await dryRun(context, reads);
    return (await skipWhenNotDue(context, reads)) ?? (await refreshAndWrite(context, reads));
  } catch (error) {
    return {
      outcome: {
        ...context.facts,
        status: 'failed',
        failure: await describeFailure(context, reads, error),
      },
    };
  }
}

/** Records the expiry and closes the failure issue after a success; reports a failure. */
async function afterEffects(
  context: RunContext,
  reads: BackgroundReads,
  outcome: Outcome,
): Promise<IssueNote | undefined> {
  const { config } = context;
  if (config.dryRun) return undefined;
  if (outcome.status === 'failed') {
    return reportFailure(context, outcome.failure, reads.openIssues, context.facts.previousExpiry);
  }
  const [, closed] = await Promise.all([
    outcome.status === 'refreshed' ? recordExpiry(context, reads, outcome) : undefined,
    closeFailureIssue(context, outcome, reads.openIssues),
  ]);
  return closed;
}

async function recordExpiry(
  context: RunContext,
  reads: BackgroundReads,
  outcome: Extract<Outcome, { status: 'refreshed' }>,
): Promise<void> {
  const { config, redactor } = context;
  if (!config.recordExpiry || !outcome.expiry) return;
  const expiresAt = outcome.expiry.expiresAt;
  const exists = (await reads.recorded) !== undefined;
  const result = await softly(
    redactor,
    `record the expiry in the variable ${config.expiryVariable}`,
    () =>
      writeVariable(context.github, config.destination, config.expiryVariable, expiresAt, {
        exists,
        workflowRepository: config.workflowRepository,
      }),
  );
  if (result?.written) core.info(`Recorded the expiry ${expiresAt} in ${config.expiryVariable}.`);
}

async function report(
  context: RunContext,
  outcome: Outcome,
  token: string | undefined,
  issue: IssueNote | undefined,
  warning: string | undefined,
): Promise<void> {
  const { redactor } = context;
  const expiry =
    outcome.status === 'refreshed' ? outcome.expiry : (outcome.previousExpiry ?? undefined);
  // Without GITHUB_OUTPUT, @actions/core would print outputs to the log: never the token.
  const tokenOutput = context.env.GITHUB_OUTPUT ? token : undefined;
  for (const [name, value] of outputEntries({
    refreshed: outcome.status === 'refreshed',
    expiry,
    token: tokenOutput,
    account: outcome.account?.name,
  })) {
    core.setOutput(name, value);
  }
  if (issue && issue.action !== 'closed') core.setOutput(OUTPUT.issueNumber, String(issue.number));
  try {
    await core.summary.addRaw(redactor.scrub(renderSummary(outcome, { issue, warning }))).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${redactor.scrub(errorMessage(error))}`);
  }
  if (outcome.status === 'failed') {
    const { failure } = outcome;
    const nothingWritten = failure.step === 'write' ? '' : ' Nothing was written.';
    const issueLine = issue ? ` See issue #${issue.number}: ${issue.url}` : '';
    core.setFailed(
      redactor.scrub(
        `Failed at ${stepWords(failure.step)}: ${failure.message} ${failure.advice}${nothingWritten}${issueLine}`,
      ),
    );
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
