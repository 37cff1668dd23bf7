import { describe, expect, it } from '@jest/globals';
import { classifyGraphError } from '../../../src/graph/classify.js';

// PLATFORM-FACTS C: classify on code and subcode; most errors arrive as HTTP 400.
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
