/**
 * What the step tells the world when the run is over: outputs, the job summary and, when
 * anything failed, the error that fails the step. A single token sets the single-token
 * outputs; a run of many accounts sets only `results` and shows one table.
 */
import { OUTPUT } from '../inputs/input-names.js';
import { accountsErrorLine, renderAccountsSummary } from '../report/accounts-summary.js';
import { outputEntries, resultOf } from '../report/outputs.js';
import { renderSummary, stepWords, tokenTruth } from '../report/summary.js';
import { expiryAfter } from '../rules/outcome.js';
import { siteTargets } from '../sites/targets.js';
import type { Redactor } from '../rules/redact.js';
import type { AccountReport } from './account-run.js';
import { loadCore } from './runner.js';
import { errorMessage } from '../rules/errors.js';

export async function publishSingle(
  report: AccountReport,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
  warning: string | undefined,
): Promise<void> {
  const { outcome, token, issue, config } = report;
  const core = await loadCore();
  // Without GITHUB_OUTPUT, @actions/core would print outputs to the log: never the token.
  const tokenOutput = env.GITHUB_OUTPUT ? token : undefined;
  for (const [name, value] of outputEntries({
    // Refreshed and written back, even when a later step (a site copy) failed.
    refreshed:
      outcome.status === 'refreshed' ||
      (outcome.status === 'failed' && outcome.failure.secretWritten === true),
    expiry: expiryAfter(outcome),
    token: tokenOutput,
    account: outcome.account?.name,
  })) {
    core.setOutput(name, value);
  }
  if (issue && issue.action !== 'closed') core.setOutput(OUTPUT.issueNumber, String(issue.number));
  core.setOutput(
    OUTPUT.results,
    JSON.stringify([
      resultOf(config.destination.secretName, outcome, issue, siteTargets(config.sites)),
    ]),
  );
  await writeSummary(renderSummary(outcome, { issue, warning }), redactor, env);
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

export async function publishMany(
  reports: AccountReport[],
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
  warning: string | undefined,
): Promise<void> {
  const lines = reports.map(({ config, outcome, issue }) => ({
    secret: config.destination.secretName,
    outcome,
    issue,
  }));
  const results = lines.map(({ secret, outcome, issue }) => resultOf(secret, outcome, issue));
  const core = await loadCore();
  core.setOutput(OUTPUT.results, JSON.stringify(results));
  await writeSummary(renderAccountsSummary(lines, warning), redactor, env);
  if (lines.some(({ outcome }) => outcome.status === 'failed')) {
    core.setFailed(redactor.scrub(accountsErrorLine(lines)));
  }
}

/**
 * The job summary, scrubbed. Off a runner (no GITHUB_STEP_SUMMARY, e.g. a dry run from a
 * laptop) it goes to the log instead, where a person running the action can read it.
 */
export async function writeSummary(
  markdown: string,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const text = redactor.scrub(markdown);
  const core = await loadCore();
  if (!env.GITHUB_STEP_SUMMARY) {
    core.info(`Job summary (GITHUB_STEP_SUMMARY is not set, so it is printed here):\n${text}`);
    return;
  }
  try {
    await core.summary.addRaw(text).write();
  } catch (error) {
    const message = errorMessage(error);
    core.warning(`Could not write the job summary: ${redactor.scrub(message)}`);
  }
}
