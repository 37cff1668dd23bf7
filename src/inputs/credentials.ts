/**
 * The credentials among the inputs: the Instagram token, the GitHub tokens and the Meta app's
 * id and secret, each checked so that none travels to the wrong place (token-rules.ts).
 */
import { InputError } from '../rules/errors.js';
import { INPUT } from './input-names.js';
import { optional, required, type InputReader } from './input-rules.js';
import { checkGitHubToken, checkInstagramToken } from './token-rules.js';

export function readInstagramToken(read: InputReader): string {
  const token = required(read, INPUT.instagramToken, secretHint());
  checkInstagramToken(token);
  return token;
}

export function readGitHubTokens(read: InputReader): { githubToken: string; issueToken: string } {
  const githubToken = required(read, INPUT.githubToken, githubTokenHint());
  checkGitHubToken(INPUT.githubToken, githubToken);
  const issueToken = optional(read, INPUT.issueToken) ?? githubToken;
  checkGitHubToken(INPUT.issueToken, issueToken);
  return { githubToken, issueToken };
}

/** `app-id` and `app-secret`, required when any token is a Facebook Login token. */
export function readAppCredentials(
  read: InputReader,
  needed: boolean,
): { appId?: string; appSecret?: string } {
  const appId = optional(read, INPUT.appId);
  const appSecret = optional(read, INPUT.appSecret);
  if (needed) requireAppCredentials(appId, appSecret);
  if (appId !== undefined && /\s/.test(appId)) {
    throw new InputError(
      INPUT.appId,
      `Input '${INPUT.appId}' must be the Meta app's id, one word.`,
    );
  }
  return { appId, appSecret };
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
