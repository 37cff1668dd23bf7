import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { expiryFromSeconds } from '../../../src/rules/expiry.js';
import type { Outcome } from '../../../src/rules/outcome.js';
import { renderSummary, tokenTruth } from '../../../src/report/summary.js';
import type { Failure } from '../../../src/rules/outcome.js';

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
    expect(md).toMatch(/Dry run: the current token works.*; nothing refreshed, nothing written/);
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
    expect(md).toContain('Failed at writing the secret. GitHub refused to write the secret (403).');
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

describe('tokenTruth: what became of the token after a failure', () => {
  const base: Failure = {
    step: 'refresh',
    message: 'm',
    advice: 'a',
    transient: false,
    fix: 'other',
  };

  it('before anything was issued: nothing was written', () => {
    expect(tokenTruth(base)).toBe('Nothing was written to the secret.');
  });

  it('issued but not stored: says so, and where the new token went', () => {
    const said = tokenTruth({ ...base, step: 'write', newToken: { stored: 'no', verified: true } });
    expect(said).toMatch(/issued a new, verified token, but it was not stored/);
    expect(said).toMatch(/still holds the previous token/);
    expect(said).toMatch(/`token` output/);
  });

  it('a write that got no answer: possibly stored', () => {
    const said = tokenTruth({
      ...base,
      step: 'write',
      newToken: { stored: 'possibly', verified: true },
    });
    expect(said).toMatch(/possibly stores it/);
  });

  it('a new token that failed verification is named as such', () => {
    const said = tokenTruth({
      ...base,
      step: 'verify',
      newToken: { stored: 'no', verified: false },
    });
    expect(said).toMatch(/failed verification, but it was not stored/);
  });
});

describe('renderSummary: the next run', () => {
  it('says when the next scheduled run is and how many days the token will have then', () => {
    const now = Date.now();
    const outcome: Outcome = {
      destination: 'd',
      login: 'Instagram Login',
      status: 'skipped',
      reason: 'threshold',
      detail: 'far from expiry',
      previousExpiry: expiryFromSeconds(30 * 86_400, now),
      nextRunAt: new Date(now + 7 * 86_400_000),
    };
    expect(renderSummary(outcome)).toMatch(
      /\| Next run \| .* UTC; the token will have 2[23] days left then \|/,
    );
  });
});
