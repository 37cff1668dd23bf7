/**
 * The run, in the order the README's "How it works" tells it: read and check the inputs,
 * refresh, verify the new token, seal it with the destination's key, write it, report.
 * The destination's key is read while the refresh is in flight; only refresh, verify and
 * write wait on each other.
 */
import * as core from '@actions/core';
import { readConfig, type Config } from './config.js';
import {
  GitHubCallError,
  GraphError,
  InputError,
  inStep,
  StepFailureError,
  type Step,
} from './errors.js';
import {
  expiryFromEpochSeconds,
  expiryFromSeconds,
  describeExpiry,
  type Expiry,
} from './expiry.js';
import { createFetch, type Fetch } from './http/fetch.js';
import { createGraphClient } from './graph/http.js';
import { facebookTokenApi } from './graph/facebook.js';
import { instagramTokenApi } from './graph/instagram.js';
import type { TokenApi } from './graph/token-api.js';
import { createGitHubClient } from './github/client.js';
import { describeDestination } from './github/destination.js';
import { planSecretWrite, writeSecret } from './github/secrets.js';
import { INPUT } from './input-names.js';
import type { Outcome, RunFacts } from './outcome.js';
import { createRedactor, type Redactor } from './redact.js';
import { outputEntries } from './report/outputs.js';
import { renderSummary, stepWords } from './report/summary.js';
import { sealForSecret } from './seal.js';

// Inputs that hold credentials: masked before anything else happens.
const SECRET_INPUTS = [INPUT.instagramToken, INPUT.githubToken, INPUT.appSecret, INPUT.issueToken];

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = createRedactor((value) => core.setSecret(value));
  for (const name of SECRET_INPUTS) redactor.add(core.getInput(name).trim());

  let config: Config;
  try {
    config = readConfig((name) => core.getInput(name), env);
  } catch (error) {
    // Nothing was sent anywhere: a bad input fails before any request.
    core.setFailed(redactor.scrub(errorMessage(error)));
    return;
  }
  redactor.add(
    config.appId && config.appSecret ? `${config.appId}|${config.appSecret}` : undefined,
  );

  const { outcome, token } = await refreshOrDryRun(config, redactor);
  await report(outcome, token, redactor);
}

/** The outcome, and the new token apart from it so no report can print it by accident. */
interface RunResult {
  outcome: Outcome;
  token?: string;
}

async function refreshOrDryRun(config: Config, redactor: Redactor): Promise<RunResult> {
  const api = tokenApiFor(config);
  const facts: RunFacts = {
    destination: describeDestination(config.destination),
    login: api.label,
  };
  try {
    return config.dryRun
      ? { outcome: await dryRun(config, api, facts) }
      : await refreshAndWrite(config, api, facts, redactor);
  } catch (error) {
    return { outcome: failedOutcome(error, facts, redactor) };
  }
}

async function refreshAndWrite(
  config: Config,
  api: TokenApi,
  facts: RunFacts,
  redactor: Redactor,
): Promise<RunResult> {
  const github = githubClient(config);
  const plan = inStep('read-key', () =>
    planSecretWrite(github, config.destination, config.workflowRepository, core.warning),
  );
  plan.catch(() => {}); // awaited below; a refresh failure must not leave it unhandled

  core.info(`Refreshing the token with ${api.label}…`);
  const refreshed = await inStep('refresh', () => api.refresh(config.instagramToken));
  redactor.add(refreshed.token);
  const refreshedAt = Date.now();

  const [account, expiry] = await Promise.all([
    inStep('verify', () => api.verify(refreshed.token)),
    expiryOf(api, refreshed.expiresInSeconds, refreshed.token, refreshedAt),
  ]);
  facts.account = account;
  core.info(
    `Refreshed and verified the token of ${account.name}` +
      (expiry ? `; it expires ${describeExpiry(expiry)}.` : '; Meta did not report its expiry.'),
  );

  const { publicKey, orgAccess } = await plan;
  const sealed = await inStep('encrypt', () => sealForSecret(refreshed.token, publicKey.key));
  const written = await inStep('write', () =>
    writeSecret(github, config.destination, { publicKey, orgAccess }, sealed),
  );
  core.info(`${written === 'created' ? 'Created' : 'Updated'} the ${facts.destination}.`);

  const sameToken = refreshed.token === config.instagramToken;
  return {
    outcome: { ...facts, status: 'refreshed', expiry, written, sameToken },
    token: refreshed.token,
  };
}

async function dryRun(config: Config, api: TokenApi, facts: RunFacts): Promise<Outcome> {
  const github = githubClient(config);
  core.info('Dry run: checking the current token and the destination; nothing will be written.');
  const [account, plan, currentExpiry] = await Promise.all([
    inStep('verify-current', () => api.verify(config.instagramToken)),
    inStep('read-key', () =>
      planSecretWrite(github, config.destination, config.workflowRepository, core.warning),
    ),
    expiryOf(api, undefined, config.instagramToken, Date.now()),
  ]);
  facts.account = account;
  const access = plan.orgAccess ? ` with ${plan.orgAccess.visibility} visibility` : '';
  const wouldDo =
    `A real run would refresh the token with ${api.label}, verify it, seal it with key ` +
    `${plan.publicKey.keyId} and write the ${facts.destination}${access}.`;
  core.info(`The current token works (account ${account.name}). ${wouldDo}`);
  return { ...facts, status: 'dry-run', currentExpiry, wouldDo };
}

/** The expiry from `expires_in`, else from debug_token where the login has it; never fails the run. */
async function expiryOf(
  api: TokenApi,
  expiresInSeconds: number | undefined,
  token: string,
  now: number,
): Promise<Expiry | undefined> {
  if (expiresInSeconds !== undefined) return expiryFromSeconds(expiresInSeconds, now);
  if (!api.readExpiry) return undefined;
  try {
    const expiresAt = await api.readExpiry(token);
    return expiresAt === undefined ? undefined : expiryFromEpochSeconds(expiresAt, Date.now());
  } catch (error) {
    core.warning(`Could not read the token's expiry: ${errorMessage(error)}`);
    return undefined;
  }
}

function failedOutcome(error: unknown, facts: RunFacts, redactor: Redactor): Outcome {
  const step: Step = error instanceof StepFailureError ? error.step : 'unexpected';
  const cause = error instanceof StepFailureError ? error.error : error;
  const known =
    cause instanceof GraphError || cause instanceof GitHubCallError || cause instanceof InputError;
  const advice = known
    ? 'advice' in cause
      ? cause.advice
      : ''
    : 'This looks like a bug in the action: please report it with the log of this run.';
  return {
    ...facts,
    status: 'failed',
    step,
    message: redactor.scrub(errorMessage(cause)),
    advice: redactor.scrub(advice),
    transient: known && cause.kind === 'transient',
  };
}

async function report(
  outcome: Outcome,
  token: string | undefined,
  redactor: Redactor,
): Promise<void> {
  const expiry =
    outcome.status === 'refreshed'
      ? outcome.expiry
      : outcome.status === 'dry-run'
        ? outcome.currentExpiry
        : undefined;
  for (const [name, value] of outputEntries({
    refreshed: outcome.status === 'refreshed',
    expiry,
    token,
    account: outcome.account?.name,
  })) {
    core.setOutput(name, value);
  }
  try {
    await core.summary.addRaw(redactor.scrub(renderSummary(outcome))).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${redactor.scrub(errorMessage(error))}`);
  }
  if (outcome.status === 'failed') {
    const nothingWritten = outcome.step === 'write' ? '' : ' Nothing was written.';
    core.setFailed(
      redactor.scrub(
        `Failed at ${stepWords(outcome.step)}: ${outcome.message} ${outcome.advice}${nothingWritten}`,
      ),
    );
  }
}

function tokenApiFor(config: Config): TokenApi {
  const fetchers = new Map<string, Fetch>();
  const graph = createGraphClient({
    fetchFor: (baseUrl) => {
      if (!fetchers.has(baseUrl))
        fetchers.set(baseUrl, createFetch(baseUrl, config.requestTimeoutMs));
      return fetchers.get(baseUrl) as Fetch;
    },
    debug: core.debug,
    info: core.info,
  });
  if (config.flavour === 'facebook') {
    return facebookTokenApi(graph, {
      baseUrl: config.facebookApiUrl,
      version: config.graphApiVersion,
      appId: config.appId ?? '',
      appSecret: config.appSecret ?? '',
    });
  }
  return instagramTokenApi(graph, {
    baseUrl: config.instagramApiUrl,
    version: config.graphApiVersion,
  });
}

function githubClient(config: Config) {
  return createGitHubClient(config.githubToken, {
    timeoutMs: config.requestTimeoutMs,
    debug: core.debug,
    warn: core.warning,
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
