import { describe, expect, it } from '@jest/globals';
import { accountsErrorLine, renderAccountsSummary } from '../../../src/report/accounts-summary.js';
import { expiryFromSeconds } from '../../../src/rules/expiry.js';
import type { Outcome } from '../../../src/rules/outcome.js';

const facts = { destination: 'd', login: 'Instagram Login' };
const refreshed: Outcome = {
  ...facts,
  account: { id: '1', name: 'shop.photos' },
  status: 'refreshed',
  expiry: expiryFromSeconds(60 * 86_400, Date.parse('2026-01-01T00:00:00Z')),
  written: 'updated',
  sameToken: false,
};
const failed: Outcome = {
  ...facts,
  status: 'failed',
  failure: {
    step: 'refresh',
    message: 'Instagram refused the token refresh.',
    advice: 'Log in again.',
    transient: false,
    fix: 'reauthorize',
  },
};

describe('renderAccountsSummary', () => {
  it('one table, a row per account, the failures first', () => {
    const md = renderAccountsSummary([
      { secret: 'SHOP', outcome: refreshed },
      {
        secret: 'BLOG',
        outcome: failed,
        issue: { number: 7, url: 'https://x/7', action: 'opened' },
      },
    ]);
    const rows = md.split('\n').filter((line) => line.startsWith('| '));
    expect(rows[0]).toBe('| Secret | Account | What happened | New expiry | Days left | Issue |');
    expect(rows[1]).toMatch(
      /^\| BLOG \| {2}\| ❌ Failed at the refresh\. .* \| opened \[#7\]\(https:\/\/x\/7\) \|$/,
    );
    expect(rows[2]).toMatch(
      /^\| SHOP \| shop\.photos \| ✅ Refreshed and updated the secret \| 2026-03-02 \(in \d+ days?\) \| \d+ \| {2}\|$/,
    );
    expect(md).toContain('2 accounts: 1 failed.');
  });
});

describe('accountsErrorLine', () => {
  it('names each failed secret and where it failed', () => {
    const line = accountsErrorLine([
      { secret: 'SHOP', outcome: refreshed },
      { secret: 'BLOG', outcome: failed },
    ]);
    expect(line).toMatch(
      /^1 of 2 accounts failed: BLOG \(failed at the refresh: Instagram refused/,
    );
    expect(line).not.toContain('SHOP');
  });
});
