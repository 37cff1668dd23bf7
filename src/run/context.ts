/** Everything one run shares: its configuration, API clients, redactor and links. */
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import type { Config } from '../inputs/config.js';
import { nextCronRun } from '../rules/cron.js';
import { createRunDeadlines, type Deadline, type RunDeadlines } from '../rules/deadline.js';
import { createFetch, type Fetch } from '../http/fetch.js';
import { createGraphClient } from '../graph/http.js';
import { facebookTokenApi } from '../graph/facebook.js';
import { instagramTokenApi } from '../graph/instagram.js';
import type { TokenApi } from '../graph/token-api.js';
import { createGitHubClient, type GitHubClient } from '../github/client.js';
import { describeDestination, repoName } from '../github/destination.js';
import type { RunFacts } from '../rules/outcome.js';
import type { Redactor } from '../rules/redact.js';

export interface RunContext {
  config: Config;
  api: TokenApi;
  /** Writes the secret and the expiry variable (github-token). */
  github: GitHubClient;
  /** Issues, the inactivity check and keepalive (issue-token). */
  issues: GitHubClient;
  redactor: Redactor;
  facts: RunFacts;
  startedAt: number;
  /** run-timeout: the work stops in time for the report. */
  deadlines: RunDeadlines;
  schedule: RunSchedule;
  runUrl: string;
  /** Where a person edits the secret. */
  secretSettingsUrl: string;
  env: NodeJS.ProcessEnv;
}

export interface RunSchedule {
  /** Started by the `schedule` event (not by hand or by another event). */
  scheduled: boolean;
  /** The schedule's next firing, when the event names its cron. */
  nextRunAt?: Date;
}

export function createRunContext(
  config: Config,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
  startedAt: number = Date.now(),
): RunContext {
  // Log lines built from errors and responses pass through scrub(): the runner masks only
  // what it was told to, and a spawned process may have no runner at all.
  const debug = (message: string) => core.debug(redactor.scrub(message));
  const info = (message: string) => core.info(redactor.scrub(message));
  const warn = (message: string) => core.warning(redactor.scrub(message));
  const deadlines = createRunDeadlines(startedAt, config.runTimeoutMs);
  const api = tokenApiFor(config, deadlines.work, debug, info);
  const clientOptions = { timeoutMs: config.requestTimeoutMs, debug, warn };
  return {
    config,
    api,
    github: createGitHubClient(config.githubToken, { ...clientOptions, deadline: deadlines.work }),
    // Issues are how a failure reaches a person: they may use the reserve kept for the report.
    issues: createGitHubClient(config.issueToken, { ...clientOptions, deadline: deadlines.report }),
    redactor,
    facts: { destination: describeDestination(config.destination), login: api.label },
    startedAt,
    deadlines,
    schedule: runSchedule(env, startedAt),
    runUrl: runUrl(config, env),
    secretSettingsUrl: secretSettingsUrl(config, env),
    env,
  };
}

/** A scheduled run's event names its cron; the next firing is when the next run happens. */
function runSchedule(env: NodeJS.ProcessEnv, now: number): RunSchedule {
  const scheduled = env.GITHUB_EVENT_NAME === 'schedule';
  const eventPath = env.GITHUB_EVENT_PATH;
  if (!scheduled || !eventPath) return { scheduled };
  try {
    const event = JSON.parse(readFileSync(eventPath, 'utf8')) as { schedule?: unknown };
    const nextRunAt =
      typeof event.schedule === 'string' ? nextCronRun(event.schedule, now) : undefined;
    return { scheduled, nextRunAt };
  } catch {
    return { scheduled };
  }
}

function serverUrl(env: NodeJS.ProcessEnv): string {
  return (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
}

function runUrl(config: Config, env: NodeJS.ProcessEnv): string {
  const repo = repoName(config.workflowRepository);
  const attempt =
    env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1'
      ? `/attempts/${env.GITHUB_RUN_ATTEMPT}`
      : '';
  return env.GITHUB_RUN_ID
    ? `${serverUrl(env)}/${repo}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`
    : `${serverUrl(env)}/${repo}/actions`;
}

function secretSettingsUrl(config: Config, env: NodeJS.ProcessEnv): string {
  const destination = config.destination;
  switch (destination.scope) {
    case 'repository':
      return `${serverUrl(env)}/${repoName(destination.repository)}/settings/secrets/actions`;
    case 'environment':
      return `${serverUrl(env)}/${repoName(destination.repository)}/settings/environments`;
    case 'organization':
      return `${serverUrl(env)}/organizations/${destination.org}/settings/secrets/actions`;
  }
}

function tokenApiFor(
  config: Config,
  deadline: Deadline,
  debug: (message: string) => void,
  info: (message: string) => void,
): TokenApi {
  const fetchers = new Map<string, Fetch>();
  const graph = createGraphClient({
    fetchFor: (baseUrl) => {
      if (!fetchers.has(baseUrl))
        fetchers.set(baseUrl, createFetch(baseUrl, config.requestTimeoutMs, deadline));
      return fetchers.get(baseUrl) as Fetch;
    },
    debug,
    info,
    deadline,
  });
  if (config.flavour === 'facebook') {
    return facebookTokenApi(graph, {
      baseUrl: config.facebookApiUrl,
      version: config.graphApiVersion,
      appId: config.appId ?? '',
      appSecret: config.appSecret ?? '',
    });
  }
  return instagramTokenApi(graph, {
    baseUrl: config.instagramApiUrl,
    version: config.graphApiVersion,
  });
}
