/** What a run did, as plain data: the summary, the outputs and the failure issue read it. */
import type { Step } from './errors.js';
import type { Expiry } from './expiry.js';
import type { Account } from './graph/token-api.js';

export interface RunFacts {
  /** "repository secret INSTAGRAM_ACCESS_TOKEN in acme/site". */
  destination: string;
  /** "Instagram Login" or "Facebook Login". */
  login: string;
  account?: Account;
  /** The current token's expiry as known before this run (expiry variable or debug_token). */
  previousExpiry?: Expiry;
}

/** What the person must do about a failure; the failure issue's steps follow from it. */
export type FixKind =
  | 'reauthorize'
  | 'meta-app'
  | 'github-auth'
  | 'github-permission'
  | 'github-not-found'
  | 'retry'
  | 'bug'
  | 'other';

export interface Failure {
  step: Step;
  /** Scrubbed: what failed. */
  message: string;
  /** Scrubbed: what the person must do, in one or two sentences. */
  advice: string;
  transient: boolean;
  fix: FixKind;
  graph?: {
    code?: number;
    subcode?: number;
    fbtraceId?: string;
    message?: string;
    httpStatus?: number;
  };
  github?: { status?: number; message?: string; acceptedPermissions?: string };
}

export type SkipReason = 'threshold' | 'too-recent';

export type Outcome =
  | (RunFacts & {
      status: 'refreshed';
      expiry?: Expiry;
      written: 'created' | 'updated';
      /** Meta answered with the same string; still written and reported as refreshed. */
      sameToken: boolean;
    })
  | (RunFacts & { status: 'skipped'; reason: SkipReason; detail: string })
  | (RunFacts & { status: 'dry-run'; wouldDo: string })
  | (RunFacts & { status: 'failed'; failure: Failure });

/** What the run did about the failure issue, for the summary and the `issue-number` output. */
export interface IssueNote {
  number: number;
  url: string;
  action: 'opened' | 'commented' | 'closed';
}
