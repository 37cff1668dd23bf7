/** What a run did, as plain data: the summary, the outputs and the failure issue read it. */
import type { FixKind, Step } from './errors.js';
import type { Expiry } from './expiry.js';
import type { Account } from '../graph/token-api.js';

export interface RunFacts {
  /** "repository secret INSTAGRAM_ACCESS_TOKEN in acme/site". */
  destination: string;
  /** "Instagram Login" or "Facebook Login". */
  login: string;
  account?: Account;
  /** The current token's expiry as known before this run (expiry variable or debug_token). */
  previousExpiry?: Expiry;
  /** When the schedule runs next, when the run knows its schedule. */
  nextRunAt?: Date;
}

export type { FixKind };

/** One site copy or deploy hook, as the reports show it (never a URL). */
export interface SiteNote {
  /** "vercel:my-project", "deploy-hook:1". */
  target: string;
  status: 'updated' | 'failed' | 'skipped';
}

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
  /**
   * A token Meta issued in this run that the secret does not (surely) hold: the report says
   * so, and the `token` output still carries it.
   */
  newToken?: { stored: 'no' | 'possibly'; verified: boolean; expiry?: Expiry };
  /** The secret holds the token this run refreshed, though a later step failed. */
  secretWritten?: boolean;
  /** That token's expiry: still recorded, still reported. */
  storedExpiry?: Expiry;
  /** The site copies, when the run got to them. */
  sites?: SiteNote[];
}

export type SkipReason = 'threshold' | 'too-recent';

export type Outcome =
  | (RunFacts & {
      status: 'refreshed';
      expiry?: Expiry;
      written: 'created' | 'updated';
      /** GitHub's key changed between the read and the write; the value was sealed again. */
      keyRotated?: boolean;
      sites?: SiteNote[];
      /** Meta answered with the same string; still written and reported as refreshed. */
      sameToken: boolean;
    })
  | (RunFacts & {
      status: 'skipped';
      reason: SkipReason;
      detail: string;
      /** A conservative expiry this skip recorded (59 days), when none was recorded. */
      recorded?: Expiry;
      sites?: SiteNote[];
    })
  | (RunFacts & {
      status: 'dry-run';
      wouldDo: string;
      secretExists?: boolean;
      sites?: SiteNote[];
    })
  | (RunFacts & { status: 'failed'; failure: Failure });

/** What the run did about the failure issue, for the summary and the `issue-number` output. */
export interface IssueNote {
  number: number;
  url: string;
  action: 'opened' | 'commented' | 'closed';
}

/**
 * The expiry of the token the secret holds after the run: the new one after a refresh, the
 * known one otherwise (a skip under the 24-hour rule may have recorded a cautious one).
 */
export function expiryAfter(outcome: Outcome): Expiry | undefined {
  if (outcome.status === 'refreshed') return outcome.expiry;
  if (outcome.status === 'skipped') return outcome.previousExpiry ?? outcome.recorded;
  if (outcome.status === 'failed' && outcome.failure.secretWritten) {
    return outcome.failure.storedExpiry;
  }
  return outcome.previousExpiry;
}

/** The site copies a run reports: a failure's, or the outcome's own. */
export function sitesOf(outcome: Outcome): SiteNote[] | undefined {
  return outcome.status === 'failed' ? outcome.failure.sites : outcome.sites;
}
