/**
 * The three ways a run goes once its inputs are good: refresh and write, skip (the token is
 * far from expiry, or too new for Instagram to refresh), or a dry run that writes nothing.
 * Only refresh, verify and write wait on each other; everything else was started in the
 * background and is awaited where it is needed.
 */
import * as core from '@actions/core';
import type { BackgroundReads } from './background.js';
import type { RunContext } from './context.js';
import { GraphError, inStep, StepFailureError } from './errors.js';
import {
  describeExpiry,
  expiryFromEpochSeconds,
  expiryFromIso,
  expiryFromSeconds,
  isRefreshDue,
  type Expiry,
} from './expiry.js';
import { writeSecret } from './github/secrets.js';
import type { Account } from './graph/token-api.js';
import type { Outcome } from './outcome.js';
import { sealForSecret } from './seal.js';

export interface FlowResult {
  outcome: Outcome;
  /** The new token, apart from the outcome so no report can print it by accident. */
  token?: string;
}

/** The expiry recorded by an earlier run, when there is one. */
export async function recordedExpiry(reads: BackgroundReads): Promise<Expiry | undefined> {
  const recorded = await reads.recorded;
  return recorded ? expiryFromIso(recorded.value, Date.now()) : undefined;
}

/**
 * With `refresh-threshold-days`, a token far from expiry is only checked, not refreshed. The
 * expiry comes from the recorded variable, or from debug_token for a Facebook token. An open
 * failure issue means the last run did not get through: then this run refreshes anyway.
 */
export async function skipWhenNotDue(
  context: RunContext,
  reads: BackgroundReads,
): Promise<FlowResult | undefined> {
  const threshold = context.config.refreshThresholdDays;
  if (threshold === undefined) return undefined;
  const [known, openIssues] = await Promise.all([currentExpiry(context, reads), reads.openIssues]);
  if (isRefreshDue(known, threshold) || !known) return undefined;
  if (openIssues.failure) {
    core.info(
      `The token is not due (expires ${describeExpiry(known)}), but failure issue ` +
        `#${openIssues.failure.number} is open: refreshing now to clear it.`,
    );
    return undefined;
  }
  return skip(
    context,
    'threshold',
    `the token expires ${describeExpiry(known)}, more than ${threshold} days away ` +
      '(refresh-threshold-days); nothing refreshed, nothing written',
    known,
  );
}

export async function refreshAndWrite(
  context: RunContext,
  reads: BackgroundReads,
): Promise<FlowResult> {
  const { config, api, facts, redactor } = context;
  core.info(`Refreshing the token with ${api.label}…`);
  let refreshed;
  try {
    refreshed = await inStep('refresh', () => api.refresh(config.instagramToken));
  } catch (error) {
    const young = await tooYoungToRefresh(context, reads, error);
    if (young) return young;
    throw error;
  }
  redactor.add(refreshed.token);
  const refreshedAt = Date.now();

  const [account, expiry] = await Promise.all([
    inStep('verify', () => api.verify(refreshed.token)),
    expiryOf(context, refreshed.expiresInSeconds, refreshed.token, refreshedAt),
  ]);
  facts.account = account;
  core.info(
    `Refreshed and verified the token of ${account.name}` +
      (expiry ? `; it expires ${describeExpiry(expiry)}.` : '; Meta did not report its expiry.'),
  );

  const { publicKey, orgAccess } = await reads.plan;
  const sealed = await inStep('encrypt', () => sealForSecret(refreshed.token, publicKey.key));
  const written = await inStep('write', () =>
    writeSecret(context.github, config.destination, { publicKey, orgAccess }, sealed),
  );
  core.info(`${written === 'created' ? 'Created' : 'Updated'} the ${facts.destination}.`);
  const sameToken = refreshed.token === config.instagramToken;
  facts.previousExpiry = await recordedExpiry(reads); // read long ago, in the background
  return {
    outcome: { ...facts, status: 'refreshed', expiry, written, sameToken },
    token: refreshed.token,
  };
}

export async function dryRun(context: RunContext, reads: BackgroundReads): Promise<FlowResult> {
  const { config, api, facts } = context;
  core.info('Dry run: checking the current token and the destination; nothing will be written.');
  const [account, plan, known] = await Promise.all([
    inStep('verify-current', () => api.verify(config.instagramToken)),
    reads.plan,
    currentExpiry(context, reads),
  ]);
  facts.account = account;
  facts.previousExpiry = known;
  const access = plan.orgAccess ? ` with ${plan.orgAccess.visibility} visibility` : '';
  const due = isRefreshDue(known, config.refreshThresholdDays);
  const wouldDo = due
    ? `A real run would refresh the token with ${api.label}, verify it, seal it with key ` +
      `${plan.publicKey.keyId} and write the ${facts.destination}${access}` +
      (config.recordExpiry ? `, then record the expiry in ${config.expiryVariable}.` : '.')
    : `A real run would skip the refresh: the token is more than ${config.refreshThresholdDays} ` +
      'days from expiry.';
  core.info(`The current token works (account ${account.name}). ${wouldDo}`);
  return { outcome: { ...facts, status: 'dry-run', wouldDo } };
}

/** The current token's expiry: the recorded one, else debug_token where the login has it. */
export async function currentExpiry(
  context: RunContext,
  reads: BackgroundReads,
): Promise<Expiry | undefined> {
  return (
    (await recordedExpiry(reads)) ??
    (await expiryOf(context, undefined, context.config.instagramToken, Date.now()))
  );
}

/**
 * Instagram will not refresh a token younger than 24 hours, and does not document how it says
 * so. When it refuses without one of its specific verdicts (expired, password changed, …) but
 * the current token still works, the likeliest cause is that rule: the run skips with a notice
 * instead of failing, and the next run refreshes. A token that does not work either is a real
 * failure and is reported as one.
 */
async function tooYoungToRefresh(
  context: RunContext,
  reads: BackgroundReads,
  error: unknown,
): Promise<FlowResult | undefined> {
  const cause = error instanceof StepFailureError ? error.error : error;
  if (context.api.flavour !== 'instagram' || !(cause instanceof GraphError)) return undefined;
  if (!['invalid-token', 'unknown', 'too-recent'].includes(cause.reason)) return undefined;
  let account: Account;
  try {
    account = await context.api.verify(context.config.instagramToken);
  } catch {
    return undefined; // the token does not work either: report the refusal as it is
  }
  const said = cause.reason === 'too-recent' ? 'Instagram says' : 'most likely';
  return skip(
    context,
    'too-recent',
    `Instagram refused to refresh a token that still works: ${said} it is less than 24 hours ` +
      'old, and Instagram refreshes only tokens at least a day old. Nothing was written; the ' +
      'next run refreshes it. If this repeats a day later, the token may be a short-lived one: ' +
      'generate a long-lived token',
    await recordedExpiry(reads),
    account,
  );
}

async function skip(
  context: RunContext,
  reason: 'threshold' | 'too-recent',
  detail: string,
  known: Expiry | undefined,
  verified?: Account,
): Promise<FlowResult> {
  const { api, config, facts } = context;
  // A skipped run still proves the token works, so a revoked one is caught early.
  facts.account =
    verified ?? (await inStep('verify-current', () => api.verify(config.instagramToken)));
  facts.previousExpiry = known;
  const sentence = `Skipped the refresh: ${detail}.`;
  if (reason === 'too-recent') core.notice(sentence);
  else core.info(sentence);
  return { outcome: { ...facts, status: 'skipped', reason, detail } };
}

/** The expiry from `expires_in`, else from debug_token where the login has it; never fails the run. */
async function expiryOf(
  context: RunContext,
  expiresInSeconds: number | undefined,
  token: string,
  now: number,
): Promise<Expiry | undefined> {
  if (expiresInSeconds !== undefined) return expiryFromSeconds(expiresInSeconds, now);
  if (!context.api.readExpiry) return undefined;
  try {
    const expiresAt = await context.api.readExpiry(token);
    return expiresAt === undefined ? undefined : expiryFromEpochSeconds(expiresAt, Date.now());
  } catch (error) {
    const message = `Could not read the token's expiry: ${(error as Error).message}`;
    core.warning(context.redactor.scrub(message));
    return undefined;
  }
}
