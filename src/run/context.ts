/**
 * What a run holds: the parts every account shares (clients, the pace of writes, deadlines,
 * links) and, per account, its config, token API and facts.
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../inputs/config.js';
import { nextCronRun } from '../rules/cron.js';
import { createRunDeadlines, type Deadline, type RunDeadlines } from '../rules/deadline.js';
import { createFetch } from '../http/fetch.js';
import { createGraphClient } from '../graph/http.js';
import { facebookTokenApi } from '../graph/facebook.js';
import { instagramTokenApi } from '../graph/instagram.js';
import type { TokenApi } from '../graph/token-api.js';
import { createGitHubClient, type GitHubClient } from '../github/client.js';
import { createPacer, type Pacer } from '../github/pacer.js';
import { describeDestination, repoName } from '../github/destination.js';
import type { RunFacts } from '../rules/outcome.js';
import type { Redactor } from '../rules/redact.js';
import { withCore } from './runner.js';

/** Log lines of the run, scrubbed; in a run of many accounts each names its secret. */
export interface RunLog {
  debug(message: string): void;
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
}

/** What every account of a step shares: clients, the pace of writes, deadlines, links. */
export interface SharedContext {
  /** The step's configuration (an account's own fields are in its RunContext). */
  config: Config;
  /** Writes the secret and the expiry variable (github-token). */
  github: GitHubClient;
  /** Issues, the inactivity check and keepalive (issue-token). */
  issues: GitHubClient;
  redactor: Redactor;
  log: RunLog;
  startedAt: number;
  /** run-timeout: the work stops in time for the report. */
  deadlines: RunDeadlines;
  schedule: RunSchedule;
  pacer: Pacer;
  runUrl: string;
  env: NodeJS.ProcessEnv;
}

/** One account's run: the shared parts, its own config, token API and facts. */
export interface RunContext extends SharedContext {
  api: TokenApi;
  facts: RunFacts;
  /** Where a person edits the secret. */
  secretSettingsUrl: string;
}

export interface RunSchedule {
  /** Started by the `schedule` event (not by hand or by another event). */
  scheduled: boolean;
  /** The schedule's next firing, when the event names its cron. */
  nextRunAt?: Date;
}

export function createSharedContext(
  config: Config,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
  startedAt: number = Date.now(),
): SharedContext {
  // Log lines built from errors and responses pass through scrub(): the runner masks only
  // what it was told to, and a spawned process may have no runner at all.
  const log = prefixedLog(redactor, '');
  const deadlines = createRunDeadlines(startedAt, config.runTimeoutMs);
  const pacer = createPacer();
  const clientOptions = {
    timeoutMs: config.requestTimeoutMs,
    debug: log.debug,
    warn: log.warning,
    pacer,
  };
  return {
    config,
    github: createGitHubClient(config.githubToken, { ...clientOptions, deadline: deadlines.work }),
    // Issues are how a failure reaches a person: they may use the reserve kept for the report.
    issues: createGitHubClient(config.issueToken, { ...clientOptions, deadline: deadlines.report }),
    redactor,
    log,
    startedAt,
    deadlines,
    schedule: runSchedule(env, startedAt),
    pacer,
    runUrl: runUrl(config, env),
    env,
  };
}

/** An account's context; `label` prefixes its log lines when several accounts run at once. */
export function accountContext(shared: SharedContext, config: Config, label = ''): RunContext {
  const log = prefixedLog(shared.redactor, label);
  const api = tokenApiFor(config, shared.deadlines.work, log.debug, log.info);
  return {
    ...shared,
    config,
    log,
    api,
    facts: { destination: describeDestination(config.destination), login: api.label },
    secretSettingsUrl: secretSettingsUrl(config, shared.env),
  };
}

function prefixedLog(redactor: Redactor, label: string): RunLog {
  return {
    debug: (message) => print('debug', redactor.scrub(label + message)),
    info: (message) => print('info', redactor.scrub(label + message)),
    notice: (message) => print('notice', redactor.scrub(label + message)),
    warning: (message) => print('warning', redactor.scrub(label + message)),
  };
}

function print(level: 'debug' | 'info' | 'notice' | 'warning', line: string): void {
  withCore((core) => core[level](line));
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
  const fetch = createFetch(config.requestTimeoutMs, deadline);
  const graph = createGraphClient({
    fetchFor: () => fetch,
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
