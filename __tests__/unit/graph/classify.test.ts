import { describe, expect, it } from '@jest/globals';
import { classifyGraphError } from '../../../src/graph/classify.js';
import { classifyNonJson, mayBeTokenAgeRefusal } from '../../../src/graph/refusal.js';

// docs/platform-facts.md, "Graph API errors": classify on code and subcode; most errors arrive
// as HTTP 400.
describe('classifyGraphError: transient', () => {
  it.each([
    [400, 1, 'downtime'],
    [500, 2, 'downtime'],
    [400, 4, 'throttled'],
    [400, 17, 'throttled'],
    [400, 32, 'throttled'],
    [400, 341, 'throttled'],
    [400, 613, 'throttled'],
    [400, 80002, 'throttled'],
  ])('HTTP %i, code %i is transient (%s)', (status, code, reason) => {
    const verdict = classifyGraphError(status, code, undefined, 'Please retry');
    expect(verdict).toMatchObject({ kind: 'transient', reason });
    expect(verdict.advice).not.toBe('');
  });

  it.each([500, 502, 503, 504, 429])('HTTP %i without an error body is transient', (status) => {
    expect(classifyGraphError(status, undefined, undefined)).toMatchObject({ kind: 'transient' });
  });

  it('no HTTP status at all (a network failure) is transient', () => {
    expect(classifyGraphError(undefined, undefined, undefined).kind).toBe('transient');
  });
});

describe('classifyGraphError: permanent', () => {
  it.each([
    [190, undefined, 'invalid-token'],
    [102, undefined, 'invalid-token'],
    [190, 458, 'app-removed'],
    [190, 459, 'checkpoint'],
    [190, 460, 'password-changed'],
    [190, 463, 'expired'],
    [190, 464, 'unconfirmed-user'],
    [190, 467, 'invalid-token'],
    [190, 492, 'session-invalid'],
    [102, 463, 'expired'],
    [10, undefined, 'permission'],
    [200, undefined, 'permission'],
    [299, undefined, 'permission'],
    [368, undefined, 'policy-block'],
    // Code 3 is "method or capability missing": the app's configuration.
    [3, undefined, 'app-config'],
  ])('code %i, subcode %p is permanent (%s)', (code, subcode, reason) => {
    const verdict = classifyGraphError(400, code, subcode, 'Invalid OAuth access token.');
    expect(verdict).toMatchObject({ kind: 'permanent', reason });
    expect(verdict.advice.length).toBeGreaterThan(20);
  });

  it('code 190 without subcode but "expired" in the message is expired', () => {
    const verdict = classifyGraphError(400, 190, undefined, 'Session has expired on Monday');
    expect(verdict.reason).toBe('expired');
  });

  it.each([
    [190, 463],
    [190, 460],
    [190, undefined],
    [190, 467],
  ])('code %i, subcode %p tells the person to log in again', (code, subcode) => {
    expect(classifyGraphError(400, code, subcode).advice).toMatch(/Re-authorize: log in again/);
  });

  it('an unknown code on HTTP 400 is permanent', () => {
    expect(classifyGraphError(400, 12345, undefined)).toMatchObject({
      kind: 'permanent',
      reason: 'unknown',
    });
  });

  it('HTTP 400 without a body is permanent, not retried', () => {
    expect(classifyGraphError(400, undefined, undefined).kind).toBe('permanent');
  });

  it('code 1 about the app secret is a credentials problem, not downtime', () => {
    const verdict = classifyGraphError(400, 1, undefined, 'Error validating client secret.');
    expect(verdict).toMatchObject({ kind: 'permanent', reason: 'app-credentials' });
  });
});

describe('codes are read before message text', () => {
  it('code 368 saying "try again in 24 hours" is a policy block, not the 24-hour rule', () => {
    const verdict = classifyGraphError(400, 368, undefined, 'Blocked; try again in 24 hours');
    expect(verdict.reason).toBe('policy-block');
  });

  it('code 100 is not taken for a token problem, and does not say log in again', () => {
    const verdict = classifyGraphError(400, 100, undefined, 'Unsupported request');
    expect(verdict).toMatchObject({ kind: 'permanent', reason: 'unknown' });
    expect(verdict.advice).not.toMatch(/log in again|re-?authori/i);
  });

  it('"Cannot parse access token" is a value pasted wrongly: paste it again, check api', () => {
    const verdict = classifyGraphError(
      400,
      190,
      undefined,
      'Invalid OAuth access token - Cannot parse access token',
    );
    expect(verdict.reason).toBe('malformed-token');
    expect(verdict.advice).toMatch(/paste it into the secret/i);
    expect(verdict.advice).toMatch(/'api'/);
    expect(verdict.advice).not.toMatch(/log in again|re-?authori/i);
  });

  it('code 190 without a subcode and a message about age is the 24-hour rule', () => {
    expect(classifyGraphError(400, 190, undefined, 'issued less than 24 hours ago').reason).toBe(
      'too-recent',
    );
  });

  it('without a code, only a 4xx is read for the age; a 429 or 5xx saying so stays transient', () => {
    const age = 'Request too soon, try again in 24 hours';
    expect(classifyGraphError(400, undefined, undefined, age).reason).toBe('too-recent');
    for (const status of [429, 500, 503]) {
      expect(classifyGraphError(status, undefined, undefined, age)).toMatchObject({
        kind: 'transient',
      });
    }
  });
});

describe('classifyNonJson', () => {
  it.each([
    [200, 'transient'],
    [502, 'transient'],
    [429, 'transient'],
    [404, 'transient'],
    [403, 'transient'],
  ] as const)(
    'HTTP %i with a page that is not JSON is %s: an error, never data',
    (status, kind) => {
      expect(classifyNonJson(status)).toMatchObject({ kind, reason: 'unexpected-response' });
    },
  );
});

describe("mayBeTokenAgeRefusal (one of the 24-hour rule's three conditions)", () => {
  const oauth = { errorObject: true, code: 190, reason: 'invalid-token' } as const;
  it.each([
    ['code 190 without a subcode', oauth, true],
    ['a message about age without a code', { errorObject: true, reason: 'too-recent' }, true],
    ['code 190 about age', { ...oauth, reason: 'too-recent' }, true],
    ['code 190 with a subcode (463)', { ...oauth, subcode: 463, reason: 'expired' }, false],
    ['code 190 "expired"', { ...oauth, reason: 'expired' }, false],
    ['code 190 "Cannot parse"', { ...oauth, reason: 'malformed-token' }, false],
    ['code 100', { errorObject: true, code: 100, reason: 'unknown' }, false],
    ['code 368 about 24 hours', { errorObject: true, code: 368, reason: 'policy-block' }, false],
    ['a page that is not JSON', { errorObject: false, reason: 'unexpected-response' }, false],
  ] as const)('%s → %p', (_name, refusal, may) => {
    expect(mayBeTokenAgeRefusal(refusal)).toBe(may);
  });
});
