/**
 * The run, in the order the README's "How it works" tells it: read and check the inputs; start
 * the reads every account shares; run each account (gate, refresh, verify, seal, write, record
 * the expiry, its failure issue), a few at once; guard the schedule; report.
 */
import { accountTokens } from '../inputs/accounts.js';
import { hookUrlsToMask } from '../inputs/deploy-hooks.js';
import { SITE_SECRET_INPUTS } from '../inputs/sites.js';
import { DEFAULTS, readRunConfig, type RunConfig } from '../inputs/config.js';
import { INPUT, OUTPUT, type InputName } from '../inputs/input-names.js';
import { failedResult } from '../report/outputs.js';
import { createRedactor } from '../rules/redact.js';
import { runAccount } from './account-run.js';
import { startSharedReads } from './background.js';
import { createSharedContext } from './context.js';
import { loadAlongside } from './later.js';
import { hasSites } from '../sites/targets.js';
import { loadCore, readInput, withCore } from './runner.js';
import { errorMessage } from '../rules/errors.js';

// Inputs that hold credentials: masked before anything else happens.
const SECRET_INPUTS = [INPUT.instagramToken, INPUT.githubToken, INPUT.appSecret, INPUT.issueToken];

/**
 * How many accounts run at once. Each account is about five round trips in a row; four at a
 * time keep GitHub's concurrent requests far below its limit of 100 and Meta's app-level
 * throttling gentle, while twenty accounts still finish in five rounds. The pace of writes
 * (github/pacer.ts), not this bound, keeps the run inside GitHub's secondary limits.
 */
const ACCOUNTS_AT_ONCE = 4;

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = createRedactor((value) => withCore((core) => core.setSecret(value)));
  const input = (name: InputName) => readInput(name, true, env);
  for (const name of SECRET_INPUTS) redactor.add(input(name));
  for (const name of SITE_SECRET_INPUTS) redactor.add(input(name));
  for (const token of accountTokens(input(INPUT.accounts))) redactor.add(token);
  for (const url of hookUrlsToMask(input(INPUT.deployHooks))) redactor.add(url);

  let runConfig: RunConfig;
  try {
    // `accounts` is read as written: its line numbers must match what the person sees.
    const read = (name: InputName) => readInput(name, name !== INPUT.accounts, env);
    runConfig = readRunConfig(read, env);
  } catch (error) {
    // Nothing was sent anywhere: a bad input fails before any request and opens no issue.
    const core = await loadCore();
    const secret = input(INPUT.secretName) || DEFAULTS.secretName;
    core.setOutput(OUTPUT.results, JSON.stringify([failedResult(redactor.scrub(secret))]));
    const message = redactor.scrub(errorMessage(error));
    const [{ writeSummary }, { renderInputErrorSummary }] = await Promise.all([
      import('./publish.js'),
      import('../report/summary.js'),
    ]);
    await writeSummary(renderInputErrorSummary(message), redactor, env);
    core.setFailed(message);
    return;
  }
  const { accounts, multiAccount } = runConfig;
  const first = accounts[0];
  if (first.appId && first.appSecret) redactor.add(`${first.appId}|${first.appSecret}`);

  try {
    const shared = createSharedContext(first, redactor, env);
    const sharedReads = startSharedReads(shared);
    const running = eachBounded(accounts, ACCOUNTS_AT_ONCE, (config) =>
      runAccount(
        shared,
        sharedReads,
        config,
        multiAccount ? `${config.destination.secretName}: ` : '',
      ),
    );
    const later = loadAlongside(
      running,
      accounts.some((config) => hasSites(config.sites)),
    );
    later.publish.catch(noop); // awaited below, after the accounts
    const guard = later.guard.then((guardSchedule) =>
      guardSchedule(shared, sharedReads.activity, sharedReads.reminder),
    );
    guard.catch(noop); // awaited below, after the accounts
    const reports = await running;
    const warning = await guard;
    const { publishMany, publishSingle } = await later.publish;
    if (multiAccount) await publishMany(reports, redactor, env, warning);
    else await publishSingle(reports[0], redactor, env, warning);
  } catch (error) {
    // Only a bug gets here (every expected failure is an outcome): fail, still scrubbed.
    const core = await loadCore();
    const results = accounts.map((config) => failedResult(config.destination.secretName));
    core.setOutput(OUTPUT.results, JSON.stringify(results));
    core.setFailed(redactor.scrub(`Unexpected error, please report it: ${errorMessage(error)}`));
  }
}

/** Runs `work` on every item, at most `limit` at once; the results keep the items' order. */
async function eachBounded<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function noop(): void {}
