/** The job summary: a short table a person reads at a glance. Never holds a token. */
import { describeExpiry, type Expiry } from '../expiry.js';
import type { IssueNote, Outcome } from '../outcome.js';

const STEP_WORDS: Record<string, string> = {
  input: 'reading the inputs',
  'verify-current': 'checking the current token',
  refresh: 'the refresh',
  verify: 'verifying the new token',
  'read-key': "reading the destination's public key",
  encrypt: 'encrypting the new token',
  write: 'writing the secret',
  unexpected: 'an unexpected error',
};

export function stepWords(step: string): string {
  return STEP_WORDS[step] ?? step;
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
      pushDaysLeft(rows, outcome.previousExpiry);
      rows.push(['What happened', `⏭️ Skipped: ${outcome.detail}`]);
      break;
    case 'dry-run':
      pushDaysLeft(rows, outcome.previousExpiry);
      rows.push([
        'What happened',
        `🧪 Dry run: nothing refreshed, nothing written. ${outcome.wouldDo}`,
      ]);
      break;
    case 'failed':
      rows.push([
        'What happened',
        `❌ Failed at ${stepWords(outcome.failure.step)}: ${outcome.failure.message}`,
      ]);
      rows.push(['What to do', outcome.failure.advice]);
      break;
  }
  if (extras.issue) {
    const verb = { opened: 'Opened', commented: 'Commented on', closed: 'Closed' }[
      extras.issue.action
    ];
    rows.push(['Failure issue', `${verb} [#${extras.issue.number}](${extras.issue.url})`]);
  }
  if (extras.warning) rows.push(['⚠️ Schedule', extras.warning]);
  return (
    ['### Instagram token refresh', '', '| | |', '|---|---|', ...rows.map(row)].join('\n') + '\n'
  );
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
