/** The job summary: a short table a person reads at a glance. Never holds a token. */
import { describeExpiry } from '../expiry.js';
import type { Outcome } from '../outcome.js';

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

/** Pure: the summary as Markdown. */
export function renderSummary(outcome: Outcome): string {
  const rows: [string, string][] = [];
  if (outcome.account) rows.push(['Account', `${outcome.account.name} (${outcome.login})`]);
  else rows.push(['Login', outcome.login]);
  rows.push(['Destination', outcome.destination]);
  switch (outcome.status) {
    case 'refreshed':
      rows.push([
        'New expiry',
        outcome.expiry ? describeExpiry(outcome.expiry) : 'not reported by Meta',
      ]);
      if (outcome.expiry) rows.push(['Days left', String(outcome.expiry.daysLeft)]);
      rows.push([
        'What happened',
        `✅ Refreshed, verified and ${outcome.written === 'created' ? 'created' : 'updated'} the secret` +
          (outcome.sameToken ? ' (Meta returned the same token string with a new expiry)' : ''),
      ]);
      break;
    case 'dry-run':
      if (outcome.currentExpiry) {
        rows.push(['Current expiry', describeExpiry(outcome.currentExpiry)]);
        rows.push(['Days left', String(outcome.currentExpiry.daysLeft)]);
      }
      rows.push([
        'What happened',
        `🧪 Dry run: nothing refreshed, nothing written. ${outcome.wouldDo}`,
      ]);
      break;
    case 'failed':
      rows.push(['What happened', `❌ Failed at ${stepWords(outcome.step)}: ${outcome.message}`]);
      rows.push(['What to do', outcome.advice]);
      break;
  }
  return (
    ['### Instagram token refresh', '', '| | |', '|---|---|', ...rows.map(row)].join('\n') + '\n'
  );
}

function row([name, value]: [string, string]): string {
  return `| ${cell(name)} | ${cell(value)} |`;
}

// Table cells: no line breaks, no pipes, no raw HTML.
function cell(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
