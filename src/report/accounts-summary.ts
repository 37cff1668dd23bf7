/**
 * Pure: the job summary and the error line of a run of many accounts. One table, a row per
 * account, the failures first, so the accounts that need a person are read first.
 */
import { describeExpiry } from '../rules/expiry.js';
import { expiryAfter, type IssueNote, type Outcome } from '../rules/outcome.js';
import { stepWords, tableCell } from './summary.js';

export interface AccountLine {
  secret: string;
  outcome: Outcome;
  issue?: IssueNote;
}

const ORDER: Record<Outcome['status'], number> = {
  failed: 0,
  skipped: 1,
  'dry-run': 2,
  refreshed: 3,
};

export function renderAccountsSummary(lines: AccountLine[], warning?: string): string {
  const failed = lines.filter((line) => line.outcome.status === 'failed').length;
  const sorted = [...lines].sort((a, b) => ORDER[a.outcome.status] - ORDER[b.outcome.status]);
  const header = '| Secret | Account | What happened | New expiry | Days left | Issue |';
  const rows = sorted.map(({ secret, outcome, issue }) => {
    const expiry = expiryAfter(outcome);
    const cells = [
      secret,
      outcome.account?.name ?? '',
      whatHappened(outcome),
      outcome.status === 'refreshed' && expiry ? describeExpiry(expiry) : '',
      expiry ? String(expiry.daysLeft) : '',
      issue ? `${issue.action} [#${issue.number}](${issue.url})` : '',
    ];
    return `| ${cells.map(tableCell).join(' | ')} |`;
  });
  return (
    [
      '### Instagram token refresh',
      '',
      `${lines.length} account${lines.length === 1 ? '' : 's'}: ${failed} failed.`,
      '',
      header,
      '|---|---|---|---|---|---|',
      ...rows,
      ...(warning ? ['', `⚠️ ${warning}`] : []),
    ].join('\n') + '\n'
  );
}

function whatHappened(outcome: Outcome): string {
  switch (outcome.status) {
    case 'refreshed':
      return `✅ Refreshed and ${outcome.written} the secret`;
    case 'skipped':
      return `⏭️ Skipped: ${outcome.detail}.`;
    case 'dry-run':
      return `🧪 Dry run: ${outcome.wouldDo}`;
    case 'failed':
      return (
        `❌ Failed at ${stepWords(outcome.failure.step)}. ${outcome.failure.message} ` +
        outcome.failure.advice
      );
  }
}

/** The step's error line: every failed secret by name, each with where it failed. */
export function accountsErrorLine(lines: AccountLine[]): string {
  const failed = lines.filter((line) => line.outcome.status === 'failed');
  const named = failed.map(({ secret, outcome }) =>
    outcome.status === 'failed'
      ? `${secret} (failed at ${stepWords(outcome.failure.step)}: ${outcome.failure.message})`
      : secret,
  );
  return (
    `${failed.length} of ${lines.length} accounts failed: ${named.join('; ')}. The others ran ` +
    "to the end; the job summary and each failed secret's issue say what to do."
  );
}
