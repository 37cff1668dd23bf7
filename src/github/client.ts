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
import { GitHubCallError } from '../rules/errors.js';
import { createFetch } from '../http/fetch.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  timeoutMs: number;
  baseUrl?: string;
  debug?: (message: string) => void;
  warn?: (message: string) => void;
  /** No retry or rate-limit wait starts that would end past it. */
  deadline?: Deadline;
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
    secondaryLimitSignals,
    retryWithinDeadline(deadline),
    retry,
    throttling,
    jsonAnswers,
    ownRequestOptions,
  );
}

type Hook = GitHubClient['hook'];
type Plugin = (octokit: { hook: Hook }) => void;

/**
 * GitHub answers some rate limits with a plain 403 or 429 and `retry-after`
 * (docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api). The throttling plugin
 * recognises them by their message only, so name them here; it then waits `retry-after` and
 * retries. A 429 without any hint gets a short wait (about a second per try) rather than the
 * plugin's 60 s fallback, which stays for errors GitHub itself calls secondary rate limits.
 * Registered before the plugins, so they see the renamed error.
 */
const secondaryLimitSignals: Plugin = (octokit) => {
  octokit.hook.error('request', (error: unknown, options) => {
    const failure = error as {
      status?: number;
      message: string;
      response?: { headers?: Record<string, string | undefined> };
    };
    const headers = failure.response?.headers;
    if (!headers) throw error;
    const named = /\bsecondary rate\b/i.test(failure.message);
    const primary = headers['x-ratelimit-remaining'] === '0';
    const limited =
      failure.status === 429 || (failure.status === 403 && headers['retry-after'] !== undefined);
    if (limited && !named && !primary) {
      if (headers['retry-after'] === undefined) {
        const retryCount = (options.request as { retryCount?: number })?.retryCount ?? 0;
        headers['retry-after'] = String(2 ** retryCount);
      }
      failure.message = `secondary rate limit: ${failure.message}`;
    }
    throw error;
  });
};

/**
 * The retry plugin waits (n + 1)² s before retry n + 1 (its error hook reads
 * `request.retries`); when that wait would overrun the run's deadline, no retry is left.
 * Registered just before the plugin, so its error hook runs just before the plugin's.
 */
function retryWithinDeadline(deadline: Deadline): Plugin {
  return (octokit) => {
    octokit.hook.error('request', (error: unknown, options) => {
      const request = options.request as { retryCount?: number; retries?: number } | undefined;
      if (request) {
        const done = request.retryCount ?? 0;
        if (!deadline.allowsWait((done + 1) ** 2 * 1000)) request.retries = done;
      }
      throw error;
    });
  };
}

/**
 * A read answered 200 with an empty or non-JSON body (a proxy's error page, a cut
 * connection) is not data: it fails as transient, never parsed as an answer.
 */
const jsonAnswers: Plugin = (octokit) => {
  octokit.hook.wrap('request', async (request, options) => {
    const response = await request(options);
    const data: unknown = response.data;
    if (options.method === 'GET' && (typeof data !== 'object' || data === null)) {
      const path = String(options.url).split('?')[0];
      throw new GitHubCallError(
        `GitHub answered GET ${path} with an empty or non-JSON body (HTTP ${response.status}).`,
        {
          kind: 'transient',
          status: response.status,
          advice:
            'Something between the runner and GitHub (a proxy, an outage page) answered instead ' +
            'of the API. Nothing was written; the next run tries again.',
        },
      );
    }
    return response;
  });
};

/**
 * Octokit merges the client's `request` options into each call by reference, so the retry
 * plugin's per-call counter (`request.retryCount`) leaks from one call to the next: after any
 * failed call, the next call's first retry waits 4 s instead of 1 s. Registered last, so it
 * runs first, this gives every call its own copy.
 */
const ownRequestOptions: Plugin = (octokit) => {
  // Hooks share one options object per call (arguments to inner hooks are bound), so the
  // copy replaces the field in place.
  octokit.hook.wrap('request', (request, options) => {
    options.request = { ...options.request };
    return request(options);
  });
};

/** One debug line per attempt: route template, attempt, status and duration; never a query. */
function requestLog(debug: (message: string) => void): Plugin {
  // Both plugins retry with the same options object, so counting calls per object counts tries.
  const attempts = new WeakMap<object, number>();
  return (octokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      // Paginated calls carry absolute URLs: keep the path only, never the query.
      const path = String(options.url)
        .replace(/^https?:\/\/[^/]+/, '')
        .split('?')[0];
      const route = `${options.method} ${path}`;
      const attempt = (attempts.get(options) ?? 0) + 1;
      attempts.set(options, attempt);
      const started = performance.now();
      const took = () => Math.round(performance.now() - started);
      try {
        const response = await request(options);
        debug(`GitHub ${route} attempt ${attempt}: ${response.status} in ${took()} ms`);
        return response;
      } catch (error) {
        const status = (error as { status?: number }).status ?? 'error';
        debug(`GitHub ${route} attempt ${attempt}: ${status} in ${took()} ms`);
        throw error;
      }
    });
  };
}
