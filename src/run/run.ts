/**
 * The run, in the order the README's "How it works" tells it: read and check the inputs;
 * start the reads that overlap the refresh; refresh, verify, seal and write; record the
 * expiry; close (or open) the failure issue; guard the schedule; report.
 */
import * as core from '@actions/core';
import { startBackgroundReads, type BackgroundReads } from './background.js';
import { DEFAULTS, readConfig, type Config } from '../inputs/config.js';
import { createRunContext, type RunContext } from './context.js';
import { recordExpiry } from './expiry-store.js';
import { closeFailureIssue, reportFailure } from './failure-issue.js';
import { guardSchedule } from './inactivity-guard.js';
import { INPUT, OUTPUT } from '../inputs/input-names.js';
import { expiryAfter, type IssueNote, type Outcome } from '../rules/outcome.js';
import { createRedactor, type Redactor } from '../rules/redact.js';
import { runFlow } from './refresh-flow.js';
import { failedResult, outputEntries, resultOf } from '../report/outputs.js';
import {
  renderInputErrorSummary,
  renderSummary,
  stepWords,
  tokenTruth,
} from '../report/summary.js';
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
    const secret = core.getInput(INPUT.secretName).trim() || DEFAULTS.secretName;
    core.setOutput(OUTPUT.results, JSON.stringify([failedResult(redactor.scrub(secret))]));
    const message = redactor.scrub(errorMessage(error));
    await writeSummary(renderInputErrorSummary(message), redactor, env);
    core.setFailed(message);
    return;
  }
  if (config.appId && config.appSecret) redactor.add(`${config.appId}|${config.appSecret}`);

  try {
    const context = createRunContext(config, redactor, env);
    context.facts.nextRunAt = context.schedule.nextRunAt;
    const reads = startBackgroundReads(context);
    const guard = guardSchedule(context, reads.activity, reads.openIssues);
    const { outcome, token } = await runFlow(context, reads);
    const [issue, warning] = await Promise.all([afterEffects(context, reads, outcome), guard]);
    await report(context, outcome, token, issue, warning);
  } catch (error) {
    // Only a bug gets here (every expected failure is an outcome): fail, still scrubbed.
    core.setOutput(OUTPUT.results, JSON.stringify([failedResult(config.destination.secretName)]));
    core.setFailed(redactor.scrub(`Unexpected error, please report it: ${errorMessage(error)}`));
  }
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
  const { config, redactor } = context;
  if (config.dryRun) return undefined;
  if (outcome.status === 'failed') {
    return reportFailure(context, outcome.failure, reads.openIssues, context.facts.previousExpiry);
  }
  if (outcome.status !== 'refreshed') return undefined;
  const expiresAt = outcome.expiry?.expiresAt;
  const [, closed] = await Promise.all([
    config.recordExpiry && expiresAt
      ? softly(redactor, `record the expiry in the variable ${config.expiryVariable}`, () =>
          recordExpiry(context, reads, expiresAt),
        )
      : undefined,
    closeFailureIssue(context, outcome, reads.openIssues),
  ]);
  return closed;
}

async function report(
  context: RunContext,
  outcome: Outcome,
  token: string | undefined,
  issue: IssueNote | undefined,
  warning: string | undefined,
): Promise<void> {
  const { redactor } = context;
  const expiry = expiryAfter(outcome);
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
  const result = resultOf(context.config.destination.secretName, outcome, issue);
  core.setOutput(OUTPUT.results, JSON.stringify([result]));
  await writeSummary(renderSummary(outcome, { issue, warning }), redactor, context.env);
  if (outcome.status === 'failed') {
    const { failure } = outcome;
    const issueLine = issue ? ` See issue #${issue.number}: ${issue.url}` : '';
    core.setFailed(
      redactor.scrub(
        `Failed at ${stepWords(failure.step)}. ${failure.message} ${failure.advice} ` +
          `${tokenTruth(failure)}${issueLine}`,
      ),
    );
  }
}

/**
 * The job summary, scrubbed. Off a runner (no GITHUB_STEP_SUMMARY, e.g. a dry run from a
 * laptop) it goes to the log instead, where a person running the action can read it.
 */
async function writeSummary(
  markdown: string,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const text = redactor.scrub(markdown);
  if (!env.GITHUB_STEP_SUMMARY) {
    core.info(`Job summary (GITHUB_STEP_SUMMARY is not set, so it is printed here):\n${text}`);
    return;
  }
  try {
    await core.summary.addRaw(text).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${redactor.scrub(errorMessage(error))}`);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
