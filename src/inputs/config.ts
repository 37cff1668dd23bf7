/**
 * Reads every input once, validates it, and returns one frozen, typed Config per account: one
 * for `instagram-token`, or one a line of `accounts`, sharing everything else. Runs before any
 * network call: a bad value fails the step here, naming the input (and the line) and the rule.
 */
import { InputError } from '../rules/errors.js';
import { INPUT, type InputName } from './input-names.js';
import {
  boolean,
  oneOf,
  optional,
  optionalNumber,
  seconds,
  secureUrl,
  type InputReader,
} from './input-rules.js';
import { parseAccounts, refuseSingleTokenInputs } from './accounts.js';
import { secretNameProblem } from './names.js';
import { readIssueOptions, readPlace } from './place.js';
import { readSiteTargets, type SiteTargets } from './sites.js';
import { readAppCredentials, readGitHubTokens, readInstagramToken } from './credentials.js';
import { checkFlavourMatches } from './token-rules.js';
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
  /** Where the site reads the token at runtime, and the hooks that redeploy it. */
  sites: SiteTargets;
}

/** What differs between accounts; everything else in a Config is the step's. */
type AccountFields = 'instagramToken' | 'flavour' | 'destination' | 'expiryVariable';

export interface RunConfig {
  /** One per account, in input order: one for `instagram-token`, one a line of `accounts`. */
  accounts: Config[];
  /** Set by `accounts`: the single-token outputs are not set, `results` carries each account. */
  multiAccount: boolean;
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

/** The single-token Config, or the first account's (for callers that need one). */
export function readConfig(read: InputReader, env: NodeJS.ProcessEnv = process.env): Config {
  return readRunConfig(read, env).accounts[0];
}

export function readRunConfig(read: InputReader, env: NodeJS.ProcessEnv = process.env): RunConfig {
  const accountsText = optional(read, INPUT.accounts);
  const instagramToken = accountsText === undefined ? readInstagramToken(read) : undefined;
  const { githubToken, issueToken } = readGitHubTokens(read);
  const api = oneOf(read, INPUT.api, API_CHOICES, 'auto') as ApiChoice;
  const singleFlavour =
    instagramToken === undefined ? undefined : resolveFlavour(api, instagramToken);
  if (singleFlavour && instagramToken) checkFlavourMatches(singleFlavour, instagramToken);
  if (accountsText !== undefined) refuseSingleTokenInputs(read, DEFAULTS.secretName);
  // Parsed as given, not trimmed, so a line number counts the input's leading blank lines too.
  const lines = accountsText === undefined ? [] : parseAccounts(read(INPUT.accounts), api);
  const facebook = singleFlavour === 'facebook' || lines.some((l) => l.flavour === 'facebook');
  const { appId, appSecret } = readAppCredentials(read, facebook);

  const secretName = variableName(read, INPUT.secretName, DEFAULTS.secretName);
  const place = readPlace(read, env);
  const { issueLabels, issueAssignees } = readIssueOptions(read, DEFAULTS.issueLabels);
  const shared: Omit<Config, AccountFields> = {
    sites: readSiteTargets(read, secretName, accountsText !== undefined),
    githubToken,
    appId,
    appSecret,
    workflowRepository: place.workflowRepository,
    refreshThresholdDays: optionalNumber(read, INPUT.refreshThresholdDays, {
      integer: false,
      min: 1,
      why: ' It is the buffer the token always keeps; leave it empty to refresh on every run.',
    }),
    dryRun: boolean(read, INPUT.dryRun, false),
    openIssueOnFailure: boolean(read, INPUT.openIssueOnFailure, true),
    closeIssueOnSuccess: boolean(read, INPUT.closeIssueOnSuccess, true),
    issueLabels,
    issueAssignees,
    issueToken,
    recordExpiry: boolean(read, INPUT.recordExpiry, true),
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
  if (instagramToken !== undefined && singleFlavour !== undefined) {
    const expiryVariable = variableName(read, INPUT.expiryVariable, `${secretName}_EXPIRES_AT`);
    const destination = destinationFor({ secretName, ...place.where });
    const single = {
      ...shared,
      instagramToken,
      flavour: singleFlavour,
      destination,
      expiryVariable,
    };
    return { accounts: [Object.freeze(single)], multiAccount: false };
  }
  const accounts = lines.map((line) =>
    Object.freeze({
      ...shared,
      instagramToken: line.token,
      flavour: line.flavour,
      destination: destinationFor({ secretName: line.secretName, ...place.where }),
      expiryVariable: `${line.secretName}_EXPIRES_AT`,
    }),
  );
  return { accounts, multiAccount: true };
}

function variableName(read: InputReader, name: InputName, fallback: string): string {
  const value = optional(read, name) ?? fallback;
  const problem = secretNameProblem(value);
  if (problem) throw new InputError(name, `Input '${name}' ${problem}.`);
  return value;
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
