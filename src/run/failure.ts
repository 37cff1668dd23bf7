/**
 * Turns whatever ended a run into a Failure: what failed, Meta's or GitHub's own words, what
 * the person must do, which kind of fix the failure issue should lead with, and the truth
 * about a new token Meta issued that the secret does not (surely) hold.
 */
import type { BackgroundReads } from './background.js';
import type { RunContext } from './context.js';
import {
  GitHubCallError,
  GraphError,
  InputError,
  RuleError,
  StepFailureError,
  type Step,
  errorMessage,
} from '../rules/errors.js';
import type { Expiry } from '../rules/expiry.js';
import { recordedExpiry } from './expiry-store.js';
import { notes } from './site-copies.js';
import { SiteCopyError } from '../sites/targets.js';
import type { Failure, FixKind } from '../rules/outcome.js';

// Meta's reasons that mean the token is dead and a person must log in again.
const DEAD_TOKEN_REASONS = new Set([
  'expired',
  'password-changed',
  'app-removed',
  'checkpoint',
  'unconfirmed-user',
  'invalid-token',
  'session-invalid',
]);

/** A token Meta issued in this run that the write did not (surely) store. */
export interface UnstoredToken {
  verified: boolean;
  expiry?: Expiry;
}

export async function describeFailure(
  context: RunContext,
  reads: BackgroundReads,
  error: unknown,
  unstored?: UnstoredToken,
): Promise<Failure> {
  const { redactor } = context;
  const step: Step = error instanceof StepFailureError ? error.step : 'unexpected';
  const cause = error instanceof StepFailureError ? error.error : error;
  // Only the recorded expiry: asking Meta again (debug_token) would wait on the API that may
  // just have failed.
  context.facts.previousExpiry ??= await recordedExpiry(reads);
  const refusal = cause instanceof RuleError ? cause.refusal : cause;
  const failure: Failure = {
    step,
    message: redactor.scrub(errorMessage(cause)),
    fix: fixKindOf(cause, context),
    advice: redactor.scrub(adviceOf(cause)),
    transient: (cause as { kind?: string }).kind === 'transient',
  };
  if (refusal instanceof GraphError) {
    failure.graph = {
      code: refusal.code,
      subcode: refusal.subcode,
      fbtraceId: refusal.fbtraceId,
      httpStatus: refusal.httpStatus,
      message: refusal.graphMessage && redactor.scrub(refusal.graphMessage),
    };
  }
  if (cause instanceof GitHubCallError) {
    failure.github = {
      status: cause.status,
      message: cause.githubMessage && redactor.scrub(cause.githubMessage),
      acceptedPermissions: cause.acceptedPermissions,
    };
  }
  if (cause instanceof SiteCopyError) failure.sites = notes(cause.results);
  if (unstored) {
    const possibly = step === 'write' && cause instanceof GitHubCallError && cause.unanswered;
    // The token itself stays out of the outcome: only what a report may say about it.
    const { verified, expiry } = unstored;
    failure.newToken = { verified, expiry, stored: possibly ? 'possibly' : 'no' };
  }
  return failure;
}

function adviceOf(cause: unknown): string {
  if (
    cause instanceof GraphError ||
    cause instanceof GitHubCallError ||
    cause instanceof RuleError ||
    cause instanceof SiteCopyError
  ) {
    return cause.advice;
  }
  if (cause instanceof InputError) return '';
  return 'This looks like a bug in the action: please report it with the log of this run.';
}

function fixKindOf(cause: unknown, context: RunContext): FixKind {
  if (cause instanceof RuleError) return cause.fix;
  if (cause instanceof SiteCopyError) return 'site-copy';
  if (cause instanceof GraphError) {
    if (cause.kind === 'transient') return 'retry';
    if (cause.reason === 'malformed-token') return 'paste-again';
    const expired = context.facts.previousExpiry?.expiresIn === 0;
    return DEAD_TOKEN_REASONS.has(cause.reason) || expired ? 'reauthorize' : 'meta-app';
  }
  if (cause instanceof GitHubCallError) {
    if (cause.kind === 'transient') return 'retry';
    if (cause.status === 401) return 'github-auth';
    if (cause.status === 403) return 'github-permission';
    if (cause.status === 404) return 'github-not-found';
    return 'other';
  }
  return cause instanceof InputError ? 'other' : 'bug';
}
