/**
 * Turns whatever ended a run into a Failure: what failed, Meta's or GitHub's own words, what
 * the person must do, and which kind of fix the failure issue should lead with.
 */
import type { BackgroundReads } from './background.js';
import type { RunContext } from './context.js';
import { GitHubCallError, GraphError, InputError, StepFailureError, type Step } from './errors.js';
import type { Failure, FixKind } from './outcome.js';
import { recordedExpiry } from './refresh-flow.js';

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

export async function describeFailure(
  context: RunContext,
  reads: BackgroundReads,
  error: unknown,
): Promise<Failure> {
  const { redactor } = context;
  const step: Step = error instanceof StepFailureError ? error.step : 'unexpected';
  const cause = error instanceof StepFailureError ? error.error : error;
  // Only the recorded expiry: asking Meta again (debug_token) would wait on the API that may
  // just have failed.
  context.facts.previousExpiry ??= await recordedExpiry(reads);
  const base = {
    step,
    message: redactor.scrub(errorMessage(cause)),
    fix: fixKindOf(cause, context),
  };
  if (cause instanceof GraphError) {
    return {
      ...base,
      advice: redactor.scrub(cause.advice),
      transient: cause.kind === 'transient',
      graph: {
        code: cause.code,
        subcode: cause.subcode,
        fbtraceId: cause.fbtraceId,
        httpStatus: cause.httpStatus,
        message: cause.graphMessage && redactor.scrub(cause.graphMessage),
      },
    };
  }
  if (cause instanceof GitHubCallError || cause instanceof InputError) {
    const github =
      cause instanceof GitHubCallError
        ? {
            status: cause.status,
            message: cause.githubMessage && redactor.scrub(cause.githubMessage),
            acceptedPermissions: cause.acceptedPermissions,
          }
        : undefined;
    const advice = cause instanceof GitHubCallError ? cause.advice : '';
    return {
      ...base,
      advice: redactor.scrub(advice),
      transient: cause.kind === 'transient',
      github,
    };
  }
  return {
    ...base,
    advice: 'This looks like a bug in the action: please report it with the log of this run.',
    transient: false,
  };
}

function fixKindOf(cause: unknown, context: RunContext): FixKind {
  if (cause instanceof GraphError) {
    if (cause.kind === 'transient') return 'retry';
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

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
