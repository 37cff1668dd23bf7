/**
 * The one configured Octokit: GITHUB_API_URL (GitHub Enterprise Server too), the runner's
 * proxy, a timeout on every request, and Octokit's retry and throttling plugins for
 * GitHub's transient failures (5xx, connection resets, 429, secondary rate limits).
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { NO_DEADLINE, type Deadline } from '../rules/deadline.js';
import { createFetch } from '../http/fetch.js';
import {
  jsonAnswers,
  ownRequestOptions,
  pacedWrites,
  requestLog,
  retryWithinDeadline,
  secondaryLimitSignals,
} from './client-plugins.js';
import type { Pacer } from './pacer.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  timeoutMs: number;
  baseUrl?: string;
  debug?: (message: string) => void;
  warn?: (message: string) => void;
  /** No retry or rate-limit wait starts that would end past it. */
  deadline?: Deadline;
  /** Paces content-creating requests inside GitHub's secondary limits (shared by clients). */
  pacer?: Pacer;
}

// Longest wait we accept from GitHub before giving up and reporting the rate limit.
const MAX_RATE_LIMIT_WAIT_S = 300;
const MAX_RATE_LIMIT_RETRIES = 3;

export function apiBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
}

export function createGitHubClient(token: string, options: GitHubClientOptions): GitHubClient {
  const baseUrl = options.baseUrl ?? apiBaseUrl();
  const debug = options.debug ?? (() => {});
  const warn = options.warn ?? (() => {});
  const deadline = options.deadline ?? NO_DEADLINE;
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      // GitHub said stop: no new account starts before it said to come back.
      options.pacer?.limitMet(retryAfter);
      const inTime = deadline.allowsWait(retryAfter * 1000);
      const again =
        retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S && inTime;
      warn(
        `GitHub ${kind} on ${request.method} ${String(request.url).split('?')[0]}: ` +
          (again
            ? `waiting ${retryAfter} s, then retrying.`
            : inTime
              ? 'giving up.'
              : `giving up: waiting ${retryAfter} s would overrun the run-timeout.`),
      );
      return again;
    };
  return getOctokit(
    token,
    {
      baseUrl,
      userAgent: 'instagram-token-refresh',
      request: { fetch: createFetch(baseUrl, options.timeoutMs, deadline) },
      // Octokit prints every 4xx with console.error; we report failures ourselves.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      retry: {
        // 429 is left to the throttling plugin, which honours retry-after.
        doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 429, 451, 501],
      },
      throttle: {
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('rate limit (secondary, or 429)'),
        // The defaults space writes 1 s (and issue comments 3 s) apart, for clients that make
        // many; a run makes a handful (at most two at once: a comment and a close), no wait.
        write: new Bottleneck.Group({ maxConcurrent: 2, minTime: 0 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 2, minTime: 0 }),
      },
    },
    requestLog(debug),
    ...(options.pacer ? [pacedWrites(options.pacer, deadline)] : []),
    secondaryLimitSignals,
    retryWithinDeadline(deadline),
    retry,
    throttling,
    jsonAnswers,
    ownRequestOptions,
  );
}
