/**
 * Reads every input once, validates it, and returns one frozen, typed Config.
 * Runs before any network call: a bad value fails the step here, naming the input and the rule.
 */
import { InputError } from '../rules/errors.js';
import { INPUT, type InputName } from './input-names.js';
import {
  boolean,
  list,
  oneOf,
  optional,
  optionalNumber,
  required,
  seconds,
  secureUrl,
  type InputReader,
} from './input-rules.js';
import { checkFlavourMatches, checkGitHubToken, checkInstagramToken } from './token-rules.js';
import { API_CHOICES, resolveFlavour, type ApiChoice, type Flavour } from '../graph/flavour.js';
import { destinationFor, type Destination, type RepoRef } from '../github/destination.js';

export type { InputReader };

export interface Config {
  instagramToken: string;
  githubToken: string;
  flavour: Flavour;
  appId?: string;
  appSecret?: string;
  destination: Destination;
  /** The repository the workflow runs in: failure issues and the inactivity check live there. */
  workflowRepository: RepoRef;
  refreshThresholdDays?: number;
  dryRun: boolean;
  openIssueOnFailure: boolean;
  closeIssueOnSuccess: boolean;
  issueLabels: string[];
  issueAssignees: string[];
  issueToken: string;
  recordExpiry: boolean;
  expiryVariable: string;
  keepalive: boolean;
  inactivityWarningDays: number;
  instagramApiUrl: string;
  facebookApiUrl: string;
  graphApiVersion: string;
  requestTimeoutMs: number;
  /** Write a secret that does not exist yet; without it a missing secret fails the run. */
  createSecret: boolean;
  /** The whole run's budget, every retry and wait included. */
  runTimeoutMs: number;
}

export const DEFAULTS = {
  secretName: 'INSTAGRAM_ACCESS_TOKEN',
  issueLabels: 'instagram-token',
  inactivityWarningDays: 45,
  instagramApiUrl: 'https://graph.instagram.com',
  facebookApiUrl: 'https://graph.facebook.com',
  graphApiVersion: 'v26.0',
  requestTimeoutSeconds: 10,
  runTimeoutSeconds: 300,
} as const;

// GitHub's naming rules for secrets and variables
// (docs/platform-facts.md, "Secrets: names and limits").
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export function readConfig(read: InputReader, env: NodeJS.ProcessEnv = process.env): Config {
  const instagramToken = readToken(read);
  const githubToken = required(read, INPUT.githubToken, githubTokenHint());
  checkGitHubToken(INPUT.githubToken, githubToken);
  const issueToken = optional(read, INPUT.issueToken) ?? githubToken;
  checkGitHubToken(INPUT.issueToken, issueToken);
  const api = oneOf(read, INPUT.api, API_CHOICES, 'auto') as ApiChoice;
  const flavour = resolveFlavour(api, instagramToken);
  checkFlavourMatches(flavour, instagramToken);
  const appId = optional(read, INPUT.appId);
  const appSecret = optional(read, INPUT.appSecret);
  if (flavour === 'facebook') requireAppCredentials(appId, appSecret);
  if (appId !== undefined && /\s/.test(appId)) {
    throw new InputError(
      INPUT.appId,
      `Input '${INPUT.appId}' must be the Meta app's id, one word.`,
    );
  }

  const secretName = variableName(read, INPUT.secretName, DEFAULTS.secretName);
  const workflowRepository = workflowRepo(env);
  const repository = repositoryInput(read, workflowRepository);
  const environment = optional(read, INPUT.environment);
  const organization = optional(read, INPUT.organization);
  if (environment !== undefined && organization !== undefined) {
    throw new InputError(
      INPUT.environment,
      `Inputs '${INPUT.environment}' and '${INPUT.organization}' cannot both be set: a secret ` +
        `lives in one place. Set '${INPUT.environment}' for an environment secret, or ` +
        `'${INPUT.organization}' for an organization secret.`,
    );
  }
  if (organization !== undefined && !LOGIN.test(organization)) {
    throw new InputError(
      INPUT.organization,
      `Input '${INPUT.organization}' must be an organization login (letters, digits and ` +
        `hyphens), got "${organization}".`,
    );
  }
  if (environment !== undefined && /[\r\n]/.test(environment)) {
    throw new InputError(INPUT.environment, `Input '${INPUT.environment}' must be one line.`);
  }
  if (!repository) {
    throw new InputError(
      INPUT.repository,
      `Input '${INPUT.repository}' is empty and GITHUB_REPOSITORY is not set. ` +
        `Set it to owner/name, for example: repository: acme/site`,
    );
  }

  const issueLabels = list(read, INPUT.issueLabels, DEFAULTS.issueLabels);
  if (issueLabels.length === 0) {
    throw new InputError(
      INPUT.issueLabels,
      `Input '${INPUT.issueLabels}' needs at least one label.`,
    );
  }
  const issueAssignees = list(read, INPUT.issueAssignees, '');
  const badAssignee = issueAssignees.find((login) => !LOGIN.test(login.replace(/^@/, '')));
  if (badAssignee !== undefined) {
    throw new InputError(
      INPUT.issueAssignees,
      `Input '${INPUT.issueAssignees}' must be comma-separated GitHub logins, got "${badAssignee}".`,
    );
  }

  const config: Config = {
    instagramToken,
    githubToken,
    flavour,
    appId,
    appSecret,
    destination: destinationFor({ secretName, repository, environment, organization }),
    workflowRepository: workflowRepository ?? repository,
    refreshThresholdDays: optionalNumber(read, INPUT.refreshThresholdDays, {
      integer: false,
      min: 1,
      why: ' It is the buffer the token always keeps; leave it empty to refresh on every run.',
    }),
    dryRun: boolean(read, INPUT.dryRun, false),
    openIssueOnFailure: boolean(read, INPUT.openIssueOnFailure, true),
    closeIssueOnSuccess: boolean(read, INPUT.closeIssueOnSuccess, true),
    issueLabels,
    issueAssignees: issueAssignees.map((login) => login.replace(/^@/, '')),
    issueToken,
    recordExpiry: boolean(read, INPUT.recordExpiry, true),
    expiryVariable: variableName(read, INPUT.expiryVariable, `${secretName}_EXPIRES_AT`),
    keepalive: boolean(read, INPUT.keepalive, false),
    inactivityWarningDays:
      optionalNumber(read, INPUT.inactivityWarningDays, { integer: true }) ??
      DEFAULTS.inactivityWarningDays,
    instagramApiUrl: secureUrl(read, INPUT.instagramApiUrl, DEFAULTS.instagramApiUrl),
    facebookApiUrl: secureUrl(read, INPUT.facebookApiUrl, DEFAULTS.facebookApiUrl),
    graphApiVersion: graphVersion(read),
    requestTimeoutMs: seconds(read, INPUT.requestTimeout, DEFAULTS.requestTimeoutSeconds, {
      min: 1,
      max: 300,
    }),
    createSecret: boolean(read, INPUT.createSecret, false),
    runTimeoutMs: seconds(read, INPUT.runTimeout, DEFAULTS.runTimeoutSeconds, {
      min: 10,
      max: 21_600,
    }),
  };
  return Object.freeze(config);
}

function readToken(read: InputReader): string {
  const token = required(read, INPUT.instagramToken, secretHint());
  checkInstagramToken(token);
  return token;
}

function requireAppCredentials(appId?: string, appSecret?: string): void {
  const missing =
    appId === undefined ? INPUT.appId : appSecret === undefined ? INPUT.appSecret : '';
  if (!missing) return;
  throw new InputError(
    missing,
    `Input '${missing}' is required for a Facebook Login token: Meta exchanges such tokens ` +
      `(fb_exchange_token) only with the app's id and secret. Set '${INPUT.appId}' and ` +
      `'${INPUT.appSecret}' (from a secret), or use an Instagram Login token (IGAA…).`,
  );
}

function secretHint(): string {
  return (
    'If it comes from a secret, check that the secret exists and is available to this ' +
    'workflow (Dependabot runs and pull requests from forks get no secrets).'
  );
}

function githubTokenHint(): string {
  return (
    `${secretHint()} It must be a fine-grained personal access token with "Secrets: Read and ` +
    `write" (or a GitHub App installation token); GITHUB_TOKEN cannot write secrets.`
  );
}

function variableName(read: InputReader, name: InputName, fallback: string): string {
  const value = optional(read, name) ?? fallback;
  if (!SECRET_NAME.test(value)) {
    throw new InputError(
      name,
      `Input '${name}' must contain only letters, digits and _, and must not start with a ` +
        `digit; got "${value}". Example: ${DEFAULTS.secretName}`,
    );
  }
  if (/^GITHUB_/i.test(value)) {
    throw new InputError(
      name,
      `Input '${name}' must not start with GITHUB_ (GitHub reserves that prefix); got "${value}".`,
    );
  }
  return value;
}

function parseRepo(value: string): RepoRef | undefined {
  const [owner, repo, ...rest] = value.split('/');
  if (rest.length > 0 || !owner || !repo || !OWNER.test(owner) || !REPO_NAME.test(repo)) {
    return undefined;
  }
  if (repo === '.' || repo === '..') return undefined;
  return { owner, repo };
}

function workflowRepo(env: NodeJS.ProcessEnv): RepoRef | undefined {
  return parseRepo((env.GITHUB_REPOSITORY ?? '').trim());
}

function repositoryInput(read: InputReader, fallback: RepoRef | undefined): RepoRef | undefined {
  const value = optional(read, INPUT.repository);
  if (value === undefined) return fallback;
  const parsed = parseRepo(value);
  if (!parsed) {
    throw new InputError(
      INPUT.repository,
      `Input '${INPUT.repository}' must be owner/name, got "${value}". Example: repository: acme/site`,
    );
  }
  return parsed;
}

function graphVersion(read: InputReader): string {
  const value = optional(read, INPUT.graphApiVersion) ?? DEFAULTS.graphApiVersion;
  if (!/^v\d+\.\d+$/.test(value)) {
    throw new InputError(
      INPUT.graphApiVersion,
      `Input '${INPUT.graphApiVersion}' must look like v26.0; got "${value}".`,
    );
  }
  return value;
}
