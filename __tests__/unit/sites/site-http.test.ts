import { describe, expect, it } from '@jest/globals';
import { secretValues } from '../../../src/sites/netlify.js';
import { retryAfter } from '../../../src/sites/site-http.js';

describe('retryAfter', () => {
  it('reads seconds, an HTTP date, or nothing', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(retryAfter('3', now)).toBe(3000);
    expect(retryAfter('Mon, 30 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(retryAfter(null, now)).toBeUndefined();
    expect(retryAfter('soon', now)).toBeUndefined();
  });
});

describe("Netlify's secret values", () => {
  it('one value for every deploy context, branch overrides updated, no dev value', () => {
    expect(
      secretValues(
        [
          { context: 'all', value: 'OLD' },
          { context: 'branch', context_parameter: 'staging', value: 'OLD' },
          { context: 'dev', value: '' },
        ],
        'NEW',
      ),
    ).toEqual([
      { context: 'production', value: 'NEW' },
      { context: 'deploy-preview', value: 'NEW' },
      { context: 'branch-deploy', value: 'NEW' },
      { context: 'branch', context_parameter: 'staging', value: 'NEW' },
      { context: 'dev', value: '' },
    ]);
  });
});
