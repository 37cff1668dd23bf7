/** The job summary: a short table a person reads at a glance. Never holds a token. */
import { describeExpiry, expiryAtMoment, type Expiry } from '../rules/expiry.js';
import {
  expiryAfter,
  sitesOf,
  type Failure,
  type IssueNote,
  type Outcome,
} from '../rules/outcome.js';

const STEP_WORDS: Record<string, string> = {
  input: 'reading the inputs',
  pace: "waiting for room in GitHub's rate limits",
  'verify-current': 'checking the current token',
  'find-secret': 'finding the secret',
  refresh: 'the refresh',
  verify: 'verifying the new token',
  'read-key': "reading the destination's public key",
  encrypt: 'encrypting the new token',
  write: 'writing the secret',
  'site-copy': 'updating the site copies',
  'record-expiry': 'recording the expiry',
  unexpected: 'an unexpected error',
};

export function stepWords(step: string): string {
  return STEP_WORDS[step] ?? step;
}

/**
 * The truth about the token after a failure: whether the secret changed, and what became of a
 * token Meta issued in this run (the `token` output still carries it, masked).
 */
export function tokenTruth(failure: Failure): string {
  const fresh = failure.newToken;
  if (failure.step === 'site-copy') {
    return (
      'The GitHub secret holds the new token; the site copies named above are stale until the ' +
      'next run delivers it again.'
    );
  }
  if (!fresh) {
    return ['write', 'verify'].includes(failure.step) ? '' : 'Nothing was written to the secret.';
  }
  const kind = fresh.verified ? 'a new, verified token' : 'a new token that failed verification';
  const expires = fresh.expiry ? ` (it expires ${describeExpiry(fresh.expiry)})` : '';
  if (fresh.stored === 'possibly') {
    return (
      `Meta issued ${kind}${expires}; the write got no answer in time, so the secret possibly ` +
      'stores it, possibly still the previous token. The next run refreshes and writes again.'
    );
  }
  return (
    `Meta issued ${kind}${expires}, but it was not stored: the secret still holds the previous ` +
    "token. The step's `token` output carries the new one (masked) for a later step."
  );
}

export interface SummaryExtras {
  issue?: IssueNote;
  /** The inactivity warning, when the repository is quiet. */
  warning?: string;
}

/** Pure: the summary as Markdown. */
export function renderSummary(outcome: Outcome, extras: SummaryExtras = {}): string {
  const rows: [string, string][] = [];
  if (outcome.account) rows.push(['Account', `${outcome.account.name} (${outcome.login})`]);
  else rows.push(['Login', outcome.login]);
  rows.push(['Destination', outcome.destination]);
  if (outcome.previousExpiry) {
    // Before a refresh it was the current token's expiry; after one, the old token's.
    const label = outcome.status === 'refreshed' ? 'Old expiry' : 'Current expiry';
    rows.push([label, describeExpiry(outcome.previousExpiry)]);
  }
  switch (outcome.status) {
    case 'refreshed':
      rows.push([
        'New expiry',
        outcome.expiry ? describeExpiry(outcome.expiry) : 'not reported by Meta',
      ]);
      pushDaysLeft(rows, outcome.expiry);
      rows.push([
        'What happened',
        `✅ Refreshed, verified and ${outcome.written} the secret` +
          (outcome.sameToken ? ' (Meta returned the same token string with a new expiry)' : ''),
      ]);
      break;
    case 'skipped':
      pushDaysLeft(rows, outcome.previousExpiry ?? outcome.recorded);
      rows.push(['What happened', `⏭️ Skipped: ${outcome.detail}.`]);
      break;
    case 'dry-run':
      pushDaysLeft(rows, outcome.previousExpiry);
      rows.push([
        'What happened',
        `🧪 Dry run: the current token works, the destination's public key was read and the ` +
          `secret ${outcome.secretExists === false ? 'would be created' : 'exists'}; nothing refreshed, ` +
          `nothing written. ${outcome.wouldDo}`,
      ]);
      break;
    case 'failed':
      rows.push([
        'What happened',
        `❌ Failed at ${stepWords(outcome.failure.step)}. ${outcome.failure.message}`,
      ]);
      rows.push(['What to do', outcome.failure.advice]);
      rows.push(['Token', tokenTruth(outcome.failure) || 'See the error above.']);
      break;
  }
  const sites = sitesOf(outcome);
  if (sites && sites.length > 0) rows.push(['Site copies', siteWords(sites)]);
  if (outcome.nextRunAt) rows.push(['Next run', nextRunWords(outcome)]);
  if (extras.issue) {
    const verb = { opened: 'Opened', commented: 'Commented on', closed: 'Closed' }[
      extras.issue.action
    ];
    rows.push(['Failure issue', `${verb} [#${extras.issue.number}](${extras.issue.url})`]);
  }
  if (extras.warning) rows.push(['⚠️ Schedule', extras.warning]);
  return table(rows);
}

/** Pure: the summary of a run stopped by a bad input, before any request. */
export function renderInputErrorSummary(message: string): string {
  return table([
    ['What happened', `❌ Bad input: ${message}`],
    ['What to do', 'Fix the input named above and run again. Nothing was sent anywhere.'],
  ]);
}

function table(rows: [string, string][]): string {
  return (
    ['### Instagram token refresh', '', '| | |', '|---|---|', ...rows.map(row)].join('\n') + '\n'
  );
}

/** "vercel:shop updated, deploy-hook:1 failed". */
export function siteWords(sites: { target: string; status: string }[]): string {
  return sites.map(({ target, status }) => `${target} ${status}`).join(', ');
}

/** "2026-12-07 04:17 UTC; the token will have 52 days left then". */
function nextRunWords(outcome: Outcome): string {
  const at = outcome.nextRunAt as Date;
  const when = at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const expiry = expiryAfter(outcome);
  if (!expiry) return when;
  const then = expiryAtMoment(expiry, at.getTime());
  return `${when}; the token will have ${then.daysLeft} day${then.daysLeft === 1 ? '' : 's'} left then`;
}

function pushDaysLeft(rows: [string, string][], expiry: Expiry | undefined): void {
  if (expiry) rows.push(['Days left', String(expiry.daysLeft)]);
}

function row([name, value]: [string, string]): string {
  return `| ${tableCell(name)} | ${tableCell(value)} |`;
}

/** A Markdown table cell: no line breaks, no pipes, no raw HTML. */
export function tableCell(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text outside tables: Markdown stays, raw HTML does not. */
export function inline(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
