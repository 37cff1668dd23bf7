/**
 * The errors that end a run. Each one carries what a person needs to act on it:
 * the failure class (transient failures are retried, permanent ones are not) and advice.
 * Messages never hold a token or a URL with a query string.
 */
export type FailureKind = 'transient' | 'permanent';

/** The step of the run a failure happened in; the failure report names it. */
export type Step =
  | 'input'
  | 'pace'
  | 'verify-current'
  | 'find-secret'
  | 'refresh'
  | 'verify'
  | 'read-key'
  | 'encrypt'
  | 'write'
  | 'site-copy'
  | 'record-expiry'
  | 'unexpected';

/** A bad input value, found before any network call. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly kind: FailureKind = 'permanent';
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

/** Why Meta refused, in words the failure report can turn into steps to fix. */
export type GraphReason =
  | 'expired'
  | 'password-changed'
  | 'app-removed'
  | 'checkpoint'
  | 'unconfirmed-user'
  | 'invalid-token'
  | 'malformed-token'
  | 'session-invalid'
  | 'permission'
  | 'app-config'
  | 'app-credentials'
  | 'too-recent'
  | 'throttled'
  | 'policy-block'
  | 'downtime'
  | 'network'
  | 'timeout'
  | 'unexpected-response'
  | 'unknown';

export interface GraphErrorDetails {
  kind: FailureKind;
  reason: GraphReason;
  advice: string;
  httpStatus?: number;
  code?: number;
  subcode?: number;
  fbtraceId?: string;
  /** Meta's own message, scrubbed. */
  graphMessage?: string;
  /** Meta answered with its JSON error object (not a page, not an empty body). */
  errorObject?: boolean;
}

/** A failed Graph API call, with Meta's code, subcode and fbtrace_id when it sent them. */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  readonly kind: FailureKind;
  readonly reason: GraphReason;
  readonly advice: string;
  readonly httpStatus?: number;
  readonly code?: number;
  readonly subcode?: number;
  readonly fbtraceId?: string;
  readonly graphMessage?: string;
  readonly errorObject: boolean;
  constructor(message: string, details: GraphErrorDetails) {
    super(message);
    this.kind = details.kind;
    this.reason = details.reason;
    this.advice = details.advice;
    this.httpStatus = details.httpStatus;
    this.code = details.code;
    this.subcode = details.subcode;
    this.fbtraceId = details.fbtraceId;
    this.graphMessage = details.graphMessage;
    this.errorObject = details.errorObject ?? false;
  }
}

export interface GitHubCallErrorDetails {
  kind: FailureKind;
  advice: string;
  status?: number;
  /** The route template, e.g. PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}. */
  route?: string;
  /** GitHub's own message, scrubbed. */
  githubMessage?: string;
  /** The permissions GitHub says the call needs (x-accepted-github-permissions). */
  acceptedPermissions?: string;
  /** The request left but no answer came in time: GitHub may have acted on it. */
  unanswered?: boolean;
}

/** A failed GitHub REST call, after Octokit's retry and throttling plugins gave up. */
export class GitHubCallError extends Error {
  override readonly name = 'GitHubCallError';
  readonly kind: FailureKind;
  readonly advice: string;
  readonly status?: number;
  readonly route?: string;
  readonly githubMessage?: string;
  readonly acceptedPermissions?: string;
  readonly unanswered: boolean;
  constructor(message: string, details: GitHubCallErrorDetails) {
    super(message);
    this.kind = details.kind;
    this.advice = details.advice;
    this.status = details.status;
    this.route = details.route;
    this.githubMessage = details.githubMessage;
    this.acceptedPermissions = details.acceptedPermissions;
    this.unanswered = details.unanswered ?? false;
  }
}

/** What the person must do about a failure; the failure issue's steps follow from it. */
export type FixKind =
  | 'reauthorize'
  | 'paste-again'
  | 'meta-app'
  | 'github-auth'
  | 'github-permission'
  | 'github-not-found'
  | 'missing-secret'
  | 'site-copy'
  | 'retry'
  | 'bug'
  | 'other';

/**
 * A run that broke one of the action's own rules rather than an API call: the destination
 * secret is missing (and `create-secret` is off), a refusal of the refresh that is not
 * provably Instagram's 24-hour rule, or a new token that would not outlive the next run.
 */
export class RuleError extends Error {
  override readonly name = 'RuleError';
  readonly kind: FailureKind = 'permanent';
  constructor(
    message: string,
    readonly advice: string,
    readonly fix: FixKind,
    /** Meta's refusal behind it, when there is one: its code and fbtrace_id are reported. */
    readonly refusal?: GraphError,
  ) {
    super(message);
  }
}

/** Runs one step, tagging whatever it throws with the step's name. */
export async function inStep<T>(step: Step, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // An inner step already named where it happened.
    if (error instanceof StepFailureError) throw error;
    throw new StepFailureError(step, error);
  }
}

/** Anything the run threw, tagged with the step it happened in. */
export class StepFailureError extends Error {
  override readonly name = 'StepFailureError';
  constructor(
    readonly step: Step,
    readonly error: unknown,
  ) {
    super(errorMessage(error));
  }
}

/** What an error says, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
