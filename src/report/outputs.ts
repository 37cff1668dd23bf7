/** The step's outputs. `token` is set only after the token is masked (the caller's duty). */
import { OUTPUT } from '../inputs/input-names.js';
import type { Expiry } from '../rules/expiry.js';
import {
  expiryAfter,
  sitesOf,
  type IssueNote,
  type Outcome,
  type SiteNote,
} from '../rules/outcome.js';

export interface OutputValues {
  refreshed: boolean;
  expiry?: Expiry;
  /** The new token, already masked with core.setSecret. */
  token?: string;
  account?: string;
}

export function outputEntries(values: OutputValues): [string, string][] {
  const entries: [string, string][] = [[OUTPUT.refreshed, String(values.refreshed)]];
  if (values.expiry) {
    entries.push([OUTPUT.expiresAt, values.expiry.expiresAt]);
    entries.push([OUTPUT.expiresIn, String(values.expiry.expiresIn)]);
    entries.push([OUTPUT.daysLeft, String(values.expiry.daysLeft)]);
  }
  if (values.account) entries.push([OUTPUT.account, values.account]);
  if (values.token) entries.push([OUTPUT.token, values.token]);
  return entries;
}

/** One account's line of the `results` output (never a token). */
export interface AccountResult {
  secret: string;
  status: 'refreshed' | 'skipped' | 'failed';
  'expires-at': string | null;
  'days-left': number | null;
  account: string | null;
  issue: number | null;
  sites: SiteNote[];
}

/** Pure: what `results` says of one run's outcome. A dry run changed nothing: "skipped". */
export function resultOf(
  secret: string,
  outcome: Outcome,
  issue?: IssueNote,
  // Every site target of the step, reported skipped when the run did not get to them.
  siteTargets: string[] = [],
): AccountResult {
  const expiry = expiryAfter(outcome);
  return {
    secret,
    status:
      outcome.status === 'refreshed' || outcome.status === 'failed' ? outcome.status : 'skipped',
    'expires-at': expiry?.expiresAt ?? null,
    'days-left': expiry?.daysLeft ?? null,
    account: outcome.account?.name ?? null,
    issue: issue && issue.action !== 'closed' ? issue.number : null,
    sites: sitesOf(outcome) ?? siteTargets.map((target) => ({ target, status: 'skipped' })),
  };
}

/** The result of a run that failed before it knew anything (a bad input). */
export function failedResult(secret: string): AccountResult {
  return {
    secret,
    status: 'failed',
    'expires-at': null,
    'days-left': null,
    account: null,
    issue: null,
    sites: [],
  };
}
