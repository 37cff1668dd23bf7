/**
 * Octokit plugins the client is built from: each a hook on every request, for one concern
 * (rate-limit signals, the pace of writes, retries within the run's deadline, answers that are
 * not data, per-call options, the debug log).
 */
import type { Octokit } from '@octokit/core';
import type { Deadline } from '../rules/deadline.js';
import { GitHubCallError } from '../rules/errors.js';
import type { Pacer } from './pacer.js';
import { announceRequest } from '../http/in-flight.js';
import { unansweredAfterSending } from '../http/fetch.js';

type Hook = Octokit['hook'];
type Plugin = (octokit: { hook: Hook }) => void;

/**
 * GitHub answers some rate limits with a plain 403 or 429 and `retry-after`
 * (docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api). The throttling plugin
 * recognises them by their message only, so name them here; it then waits `retry-after` and
 * retries. A 429 without any hint gets a short wait (about a second per try) rather than the
 * plugin's 60 s fallback, which stays for errors GitHub itself calls secondary rate limits.
 * Registered before the plugins, so they see the renamed error.
 */
export const secondaryLimitSignals: Plugin = (octokit) => {
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

/** Every content-creating attempt (retries too) waits for its turn in the run's pace. */
export function pacedWrites(pacer: Pacer, deadline: Deadline): Plugin {
  return (octokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      if (options.method !== 'GET' && options.method !== 'HEAD') await pacer.beforeWrite(deadline);
      return request(options);
    });
  };
}

/**
 * A write whose attempt left and got no answer may have landed; the retry plugin rethrows only
 * the last attempt's error, so a later refusal would hide that. Marked on the call's own request
 * options, which the final error carries (call-error.ts reads it). Registered before the retry
 * plugin, so it sees every attempt.
 */
export const unansweredWrites: Plugin = (octokit) => {
  octokit.hook.error('request', (error: unknown, options) => {
    const request = options.request as { unanswered?: boolean } | undefined;
    if (request && options.method !== 'GET' && unansweredAfterSending(error)) {
      request.unanswered = true;
    }
    throw error;
  });
};

/**
 * The retry plugin waits (n + 1)² s before retry n + 1 (its error hook reads
 * `request.retries`); when that wait would overrun the run's deadline, no retry is left.
 * Registered just before the plugin, so its error hook runs just before the plugin's.
 */
export function retryWithinDeadline(deadline: Deadline): Plugin {
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
export const jsonAnswers: Plugin = (octokit) => {
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
 * failed call, the next call's first retry waits 4 s instead of 1 s. Registered after the retry
 * plugin, so it runs before it, this gives every call its own copy.
 */
export const ownRequestOptions: Plugin = (octokit) => {
  // Hooks share one options object per call (arguments to inner hooks are bound), so the
  // copy replaces the field in place.
  octokit.hook.wrap('request', (request, options) => {
    options.request = { ...options.request };
    return request(options);
  });
};

/**
 * A call counts as on its way from the moment it is made, though Octokit's hooks and the
 * throttling plugin's timers send it a few milliseconds later: what the run loads meanwhile
 * waits until no request is on its way (run/later.ts), so it never holds back this one.
 * Registered last, so it sees the call first.
 */
export const announcedRequests: Plugin = (octokit) => {
  octokit.hook.wrap('request', async (request, options) => {
    const announced = announceRequest();
    const fetch = options.request.fetch as (...args: unknown[]) => Promise<unknown>;
    options.request = {
      ...options.request,
      fetch: (...args: unknown[]) => {
        announced.settle();
        return fetch(...args);
      },
    };
    try {
      return await request(options);
    } finally {
      announced.settle();
    }
  });
};

/** One debug line per attempt: route template, attempt, status and duration; never a query. */
export function requestLog(debug: (message: string) => void): Plugin {
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
