import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createRedactor, REDACTED, scrubText } from '../../../src/rules/redact.js';

function fakeToken(prefix: string, bytes = 24): string {
  return prefix + randomBytes(bytes).toString('hex');
}

describe('scrubText', () => {
  it('removes every occurrence of a known value', () => {
    const secret = fakeToken('s3cr3t');
    expect(scrubText(`a ${secret} b ${secret}`, [secret])).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it('replaces the longest known value first, so no tail is left', () => {
    const short = fakeToken('x');
    const long = `${short}${fakeToken('tail')}`;
    const out = scrubText(`token ${long}!`, [short, long]);
    expect(out).not.toContain(long.slice(short.length));
    expect(out).toBe(`token ${REDACTED}!`);
  });

  it.each(['access_token', 'client_secret', 'fb_exchange_token', 'input_token'])(
    'removes the %s value from a URL and keeps the rest',
    (name) => {
      const value = fakeToken('v');
      const url = `https://graph.facebook.com/oauth?grant_type=x&${name}=${value}&fields=id`;
      const out = scrubText(`GET ${url} failed`);
      expect(out).not.toContain(value);
      expect(out).toContain(`${name}=${REDACTED}&fields=id`);
      expect(out).toContain('grant_type=x');
    },
  );

  it('removes a Bearer credential', () => {
    const value = fakeToken('abc');
    const out = scrubText(`Authorization: Bearer ${value}`);
    expect(out).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it.each([
    ['Instagram Login', fakeToken('IGAA')],
    ['Basic Display', fakeToken('IGQV')],
    ['Facebook Login', fakeToken('EAAG')],
    ['classic GitHub PAT', `ghp_${randomBytes(18).toString('hex')}`],
    ['GitHub App token', `ghs_${randomBytes(18).toString('hex')}`],
    ['fine-grained GitHub PAT', `github_pat_11AB_${randomBytes(30).toString('hex')}`],
  ])('removes a %s-shaped string nobody registered', (_kind, token) => {
    const out = scrubText(`the value was "${token}" here`);
    expect(out).not.toContain(token);
    expect(out).toBe(`the value was "${REDACTED}" here`);
  });

  it('leaves ordinary text alone', () => {
    const text =
      'Instagram refused the refresh: Session has expired (code 190, subcode 463, HTTP 400). ' +
      'Expires 2026-03-01T00:00:00Z; route GET /refresh_access_token';
    expect(scrubText(text, ['unrelated-secret'])).toBe(text);
  });
});

describe('createRedactor', () => {
  it('masks each value once, ignores empty ones, and scrubs what it was given', () => {
    const masked: string[] = [];
    const redactor = createRedactor((value) => masked.push(value));
    const first = fakeToken('first');
    const second = fakeToken('second');
    redactor.add(first);
    redactor.add(first);
    redactor.add('');
    redactor.add(undefined);
    redactor.add(second);
    expect(masked).toEqual([first, second]);
    expect(redactor.scrub(`${first} and ${second}`)).toBe(`${REDACTED} and ${REDACTED}`);
  });

  it('scrubs nothing it was not given beyond credential shapes', () => {
    const redactor = createRedactor(() => {});
    expect(redactor.scrub('plain words stay')).toBe('plain words stay');
  });
});
