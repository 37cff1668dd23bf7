/**
 * Pure Markdown for the failure issue, its comments and the inactivity reminder, written for a
 * person who has never seen the action. Callers scrub the result before it leaves the runner.
 */
import { describeExpiry, type Expiry } from '../rules/expiry.js';
import type { Failure, Outcome } from '../rules/outcome.js';
import { permissionWords } from '../github/call-error.js';
import { fixSteps } from './fix-steps.js';
import { inline, siteWords, stepWords, tableCell, tokenTruth } from './summary.js';

export interface IssueContext {
  /** The hidden marker that finds this issue again. */
  marker: string;
  secretName: string;
  destination: string;
  /** Short: "acme/site", "acme/site, environment production", "organization acme". */
  where: string;
  login: string;
  account?: string;
  /** ISO time of the run. */
  when: string;
  runUrl: string;
  /** Where the secret is edited in the UI. */
  secretSettingsUrl: string;
  /** The token that is still in the secret, when its expiry is known. */
  currentExpiry?: Expiry;
  /** When the schedule runs next, when this run knows its schedule. */
  nextRun?: Date;
  /** Started by the schedule (else by hand or another event): the texts say "run" then. */
  scheduled: boolean;
  /** The input names of the credentials, for the steps. */
  githubTokenInput: string;
}

export function failureIssueTitle(context: IssueContext): string {
  return `Instagram token refresh failed: ${context.secretName} (${context.where})`;
}

export function failureIssueBody(failure: Failure, context: IssueContext): string {
  return [
    context.marker,
    `The ${context.scheduled ? 'scheduled ' : ''}refresh of the Instagram token in the ` +
      `**${context.destination}** failed. ` +
      'Until it is fixed the token is not renewed, and once it expires the feed that uses it ' +
      'stops.',
    '',
    ...factsTable(failure, context),
    '',
    '### What to do',
    '',
    ...fixSteps(failure, context).map((step, index) => `${index + 1}. ${step}`),
    '',
    '_This issue was opened by the instagram-token-refresh action. A later failure adds a ' +
      'comment here; the first successful run closes it._',
  ].join('\n');
}

export function failureComment(failure: Failure, context: IssueContext): string {
  return [
    `### Failed again, ${context.when.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}`,
    '',
    ...factsTable(failure, context),
    '',
    `What to do: ${inline(failure.advice)}`,
  ].join('\n');
}

export function successComment(outcome: Outcome, context: IssueContext): string {
  const expiry = outcome.status === 'refreshed' ? outcome.expiry : undefined;
  const what =
    outcome.status === 'refreshed'
      ? `refreshed the token and updated the ${context.destination}`
      : `checked the token in the ${context.destination}: it works`;
  return [
    `### Fixed: a run succeeded`,
    '',
    `[This run](${context.runUrl}) ${what}.` +
      (expiry ? ` The token now expires ${describeExpiry(expiry)}.` : ''),
    '',
    'Closing this issue.',
  ].join('\n');
}

function factsTable(failure: Failure, context: IssueContext): string[] {
  const rows: [string, string][] = [
    ['Secret', context.destination],
    // The same words as the job summary: "Account" once the account is known, else "Login".
    context.account
      ? ['Account', `${context.account} (${context.login})`]
      : ['Login', context.login],
    ['When', context.when],
    ['What failed', stepWords(failure.step)],
    ['Error', failure.message],
  ];
  const truth = tokenTruth(failure);
  if (truth) rows.push(['Token', truth]);
  if (failure.sites && failure.sites.length > 0)
    rows.push(['Site copies', siteWords(failure.sites)]);
  if (failure.graph) rows.push(['Graph API error', graphFacts(failure.graph)]);
  if (failure.github) rows.push(['GitHub answer', githubFacts(failure.github)]);
  rows.push(['Run', `[${context.runUrl}](${context.runUrl})`]);
  rows.push(['Current token', tokenLife(context.currentExpiry)]);
  return [
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${tableCell(value)} |`),
  ];
}

function graphFacts(graph: NonNullable<Failure['graph']>): string {
  return [
    graph.code !== undefined ? `code ${graph.code}` : 'no code',
    graph.subcode !== undefined ? `subcode ${graph.subcode}` : undefined,
    graph.httpStatus !== undefined ? `HTTP ${graph.httpStatus}` : undefined,
    graph.fbtraceId ? `fbtrace_id \`${graph.fbtraceId}\`` : undefined,
    graph.message ? `“${graph.message}”` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

function githubFacts(github: NonNullable<Failure['github']>): string {
  return [
    github.status !== undefined ? `HTTP ${github.status}` : 'no answer',
    github.message ? `“${github.message}”` : undefined,
    github.acceptedPermissions
      ? `this call needs ${permissionWords(github.acceptedPermissions)}`
      : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

function tokenLife(expiry: Expiry | undefined): string {
  if (!expiry) return 'expiry not known';
  if (expiry.expiresIn === 0) return `expired on ${expiry.expiresAt}`;
  return `still works until ${expiry.expiresAt} (${expiry.daysLeft} days left)`;
}

/** The reminder that GitHub will disable the schedule of an inactive public repository. */
export function inactivityReminderBody(
  marker: string,
  repository: string,
  lastPush: string,
  disableAround: string,
  keepalive: boolean,
): string {
  return [
    marker,
    `**${repository}** has had no push since ${lastPush}. GitHub disables scheduled workflows ` +
      'in public repositories after 60 days without activity, and then the Instagram token is ' +
      `no longer refreshed and expires. The schedule will be disabled around **${disableAround}**.`,
    '',
    '### How to keep it alive',
    '',
    '1. Push a commit to the default branch (any change counts as activity), or',
    '2. after GitHub disables it, re-enable the workflow in the Actions tab' +
      (keepalive
        ? '. `keepalive: true` is set: each run also re-enables this workflow through the API.'
        : ', or set `keepalive: true` (with `actions: write`) so each run re-enables it through the API.'),
    '',
    '_This reminder closes itself when a later run finds the repository active again._',
  ].join('\n');
}
