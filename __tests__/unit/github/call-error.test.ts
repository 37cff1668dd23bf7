import { describe, expect, it } from '@jest/globals';
import { GitHubCallError } from '../../../src/rules/errors.js';
import {
  isRateLimited,
  permissionWords,
  toGitHubCallError,
} from '../../../src/github/call-error.js';

const call = {
  what: 'write repository secret INSTAGRAM_ACCESS_TOKEN in acme/site',
  permission: 'Secrets: Read and write',
  target: 'the repository acme/site',
  tokenInput: 'github-token',
};

/** Shaped like Octokit's RequestError, as the plugins rethrow it. */
function failure(status: number, message: string, headers: Record<string, string> = {}) {
  return { status, message, response: { headers, data: { message } } };
}

describe('toGitHubCallError', () => {
  it('401: the token is not accepted, permanent', () => {
    const error = toGitHubCallError(failure(401, 'Bad credentials'), call);
    expect(error).toBeInstanceOf(GitHubCallError);
    expect(error).toMatchObject({
      kind: 'permanent',
      status: 401,
      githubMessage: 'Bad credentials',
    });
    expect(error.message).toContain(call.what);
    expect(error.advice).toContain("'github-token'");
  });

  it('403 with x-accepted-github-permissions keeps the header and says the permission in words', () => {
    const error = toGitHubCallError(
      failure(403, 'Resource not accessible by personal access token', {
        'x-accepted-github-permissions': 'secrets=write',
      }),
      call,
    );
    expect(error).toMatchObject({ kind: 'permanent', acceptedPermissions: 'secrets=write' });
    expect(error.advice).not.toContain('secrets=write');
    expect(error.advice).toContain('Secrets: Read and write');
  });

  it('403 without rate-limit signs is a permission problem', () => {
    const error = toGitHubCallError(failure(403, 'Resource not accessible by integration'), call);
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/lacks a permission/);
    expect(error.advice).toMatch(/Give the 'github-token' token "Secrets: Read and write"/);
  });

  it.each([
    ['secrets=read', 'Secrets (read)'],
    ['organization_secrets=write', 'Organization › Secrets (write)'],
    ['actions_variables=write; environments=read', 'Variables (write), Environments (read)'],
    ['new_thing=read', 'new thing (read)'],
  ])('permissionWords(%p) is %p', (header, words) => {
    expect(permissionWords(header)).toBe(words);
  });

  it.each([
    ['403 with retry-after', failure(403, 'Forbidden', { 'retry-after': '60' })],
    [
      '403 with x-ratelimit-remaining: 0',
      failure(403, 'Forbidden', { 'x-ratelimit-remaining': '0' }),
    ],
    [
      '403 with a secondary rate limit message',
      failure(403, 'You have exceeded a secondary rate limit.'),
    ],
    ['HTTP 429', failure(429, 'Too Many Requests')],
  ])('%s is a transient rate limit, not a permission problem', (_sign, thrown) => {
    const error = toGitHubCallError(thrown, call);
    expect(error.kind).toBe('transient');
    expect(error.advice).not.toMatch(/lacks a permission/);
    expect(error.advice).toMatch(/rate-limited/);
  });

  it('404: missing, or not granted to this token', () => {
    const error = toGitHubCallError(failure(404, 'Not Found'), call);
    expect(error.kind).toBe('permanent');
    expect(error.advice.toLowerCase()).toContain(call.target.toLowerCase());
    expect(error.advice).toMatch(/missing, or not granted/);
  });

  it.each([500, 502, 503])('%i from GitHub is transient', (status) => {
    expect(toGitHubCallError(failure(status, 'Server Error'), call).kind).toBe('transient');
  });

  it('a network error (status 500, no response) is transient and names the cause', () => {
    const thrown = Object.assign(new Error('fetch failed'), {
      status: 500,
      cause: { code: 'ECONNRESET' },
    });
    const error = toGitHubCallError(thrown, call);
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/Could not reach GitHub/);
    expect(error.message).toContain('ECONNRESET');
  });

  it('an error without a status is transient', () => {
    expect(toGitHubCallError(new Error('socket hang up'), call).kind).toBe('transient');
  });

  it('422 is permanent and quotes GitHub', () => {
    const error = toGitHubCallError(failure(422, '"visibility" wasn\'t supplied'), call);
    expect(error).toMatchObject({ kind: 'permanent', status: 422 });
    expect(error.message).toContain('"visibility" wasn\'t supplied');
  });

  it('passes a GitHubCallError through unchanged', () => {
    const original = toGitHubCallError(failure(401, 'Bad credentials'), call);
    expect(toGitHubCallError(original, { ...call, what: 'other' })).toBe(original);
  });
});

describe('isRateLimited', () => {
  it.each([
    [403, {}, 'Forbidden', false],
    [403, { 'x-ratelimit-remaining': '12' }, 'Forbidden', false],
    [403, { 'x-ratelimit-remaining': '0' }, 'Forbidden', true],
    [403, { 'retry-after': '1' }, 'Forbidden', true],
    [403, {}, 'API rate limit exceeded for user', true],
    [429, {}, '', true],
    [404, { 'retry-after': '1' }, 'rate limit', false],
  ])('%i %j %j → %s', (status, headers, message, limited) => {
    expect(isRateLimited(status, headers, message)).toBe(limited);
  });
});
