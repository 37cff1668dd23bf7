/**
 * The one configured Octokit: GITHUB_API_URL (GitHub Enterprise Server too), the runner's
 * proxy, a timeout on every request, and Octokit's retry and throttling plugins for
 * GitHub's transient failures (5xx, connection resets, 429, secondary rate limits).
 * Built from `@octokit/core` with the pagination plugin; calls name their REST route
 * (`octokit.request('GET /repos/{owner}/{repo}', …)`).
 */
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { NO_DEADLINE, type Deadline } from '../rules/deadline.js';
import { createFetch } from '../http/fetch.js';
import {
  announcedRequests,
  jsonAnswers,
  ownRequestOptions,
  pacedWrites,
  requestLog,
  retryWithinDeadline,
  secondaryLimitSignals,
  unansweredWrites,
} from './client-plugins.js';
import type { Pacer } from './pacer.js';

// Ours add hooks only, nothing to the client's type.
type OwnPlugin = (octokit: Octokit) => void;

/**
 * Octokit with pagination, then `before`, retry, throttling, then `after`: the order hooks are
 * registered in, which decides how they nest (a `wrap` registered later runs outside one
 * registered earlier; an `error` hook registered earlier sees the error first). So `before`
 * sees every attempt, and its errors, inside the retries. Built per client: some of our
 * plugins close over its log, pacer and deadline.
 */
function configuredOctokit(before: OwnPlugin[], after: OwnPlugin[]) {
  return Octokit.plugin(paginateRest, ...before, retry, throttling, ...after);
}

export type GitHubClient = InstanceType<ReturnType<typeof configuredOctokit>>;

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

/**
 * The user agent, tagged with the run's orchestration id when the runner sets
 * ACTIONS_ORCHESTRATION_ID (as `@actions/github` tagged it, which this client replaced).
 */
function userAgentFor(base: string): string {
  const id = process.env.ACTIONS_ORCHESTRATION_ID?.trim();
  return id ? `${base} actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : base;
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
  const GitHubOctokit = configuredOctokit(
    [
      requestLog(debug),
      ...(options.pacer ? [pacedWrites(options.pacer, deadline)] : []),
      secondaryLimitSignals,
      unansweredWrites,
      retryWithinDeadline(deadline),
    ],
    [jsonAnswers, ownRequestOptions, announcedRequests],
  );
  return new GitHubOctokit({
    auth: token,
    baseUrl,
    userAgent: userAgentFor('instagram-token-refresh'),
    request: { fetch: createFetch(options.timeoutMs, deadline) as unknown as typeof fetch },
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
  });
}
