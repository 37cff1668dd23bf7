import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { expiryFromSeconds } from '../../../src/expiry.js';
import type { Outcome } from '../../../src/outcome.js';
import { renderSummary } from '../../../src/report/summary.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const expiry = expiryFromSeconds(59 * 86_400, NOW);
const facts = {
  destination: 'repository secret INSTAGRAM_ACCESS_TOKEN in acme/site',
  login: 'Instagram Login',
  account: { id: '17841400000000000', name: 'acme.photos' },
};

describe('renderSummary', () => {
  it('a refresh: account, destination, new expiry, days left, what happened', () => {
    const md = renderSummary({
      ...facts,
      status: 'refreshed',
      expiry,
      written: 'updated',
      sameToken: false,
    });
    expect(md).toContain('acme.photos (Instagram Login)');
    expect(md).toContain(facts.destination);
    expect(md).toContain('| New expiry | 2026-03-01 (in 59 days) |');
    expect(md).toContain('| Days left | 59 |');
    expect(md).toMatch(/Refreshed, verified and updated the secret/);
  });

  it('a refresh that created the secret and got the same string back says so', () => {
    const md = renderSummary({
      ...facts,
      status: 'refreshed',
      written: 'created',
      sameToken: true,
    });
    expect(md).toMatch(/created the secret/);
    expect(md).toMatch(/same token string/);
    expect(md).toMatch(/not reported by Meta/);
  });

  it('a dry run: current expiry and what a real run would do', () => {
    const md = renderSummary({
      ...facts,
      account: undefined,
      status: 'dry-run',
      previousExpiry: expiry,
      wouldDo: 'A real run would refresh the token and write it.',
    });
    expect(md).toContain('| Login | Instagram Login |');
    expect(md).toContain('| Current expiry | 2026-03-01 (in 59 days) |');
    expect(md).toContain('| Days left | 59 |');
    expect(md).toMatch(/Dry run: nothing refreshed, nothing written/);
    expect(md).toContain('A real run would refresh the token and write it.');
  });

  it('a failure: the step, the message and what to do', () => {
    const md = renderSummary({
      ...facts,
      status: 'failed',
      failure: {
        step: 'write',
        message: 'GitHub refused to write the secret (403).',
        advice: 'Give the token "Secrets: Read and write".',
        transient: false,
        fix: 'github-permission',
      },
    });
    expect(md).toContain('Failed at writing the secret: GitHub refused to write the secret (403).');
    expect(md).toContain('| What to do | Give the token "Secrets: Read and write". |');
  });

  it('escapes pipes, HTML and line breaks inside cells', () => {
    const md = renderSummary({
      ...facts,
      account: { id: '1', name: 'a|b <img src=x>' },
      status: 'failed',
      failure: {
        step: 'refresh',
        message: 'line one\nline two',
        advice: 'x',
        transient: true,
        fix: 'retry',
      },
    });
    expect(md).toContain('a\\|b &lt;img src=x&gt;');
    expect(md).not.toContain('<img');
    expect(md).toContain('line one line two');
  });

  it('a skipped run: why, and the days left of the current token', () => {
    const md = renderSummary({
      ...facts,
      status: 'skipped',
      reason: 'threshold',
      detail: 'the token expires in 59 days',
      previousExpiry: expiry,
    });
    expect(md).toContain('| Days left | 59 |');
    expect(md).toMatch(/Skipped: the token expires in 59 days/);
  });

  it('links the failure issue and shows the inactivity warning', () => {
    const md = renderSummary(
      { ...facts, status: 'refreshed', expiry, written: 'updated', sameToken: false },
      {
        issue: { number: 7, url: 'https://github.com/acme/site/issues/7', action: 'closed' },
        warning: 'acme/site has had no push for 50 days',
      },
    );
    expect(md).toContain('| Failure issue | Closed [#7](https://github.com/acme/site/issues/7) |');
    expect(md).toContain('no push for 50 days');
  });

  it('does not dump fields it does not know (a stray token stays out)', () => {
    const token = `IGAA${randomBytes(24).toString('hex')}`;
    const outcome = { ...facts, status: 'dry-run', wouldDo: 'x', token } as Outcome;
    expect(renderSummary(outcome)).not.toContain(token);
  });
});
