/**
 * Turns what Octokit throws (after its plugins gave up) into a GitHubCallError that says what
 * failed and what the person must do. Decides on status and headers; message text only where
 * GitHub names a rate limit in words alone (docs/behaviour.md rule 4).
 */
import { GitHubCallError } from '../rules/errors.js';
import { isRunTimeout, networkCause, unansweredAfterSending } from '../http/fetch.js';

export interface GitHubCall {
  /** What we tried, for people: "write repository secret X in acme/site". */
  what: string;
  /** The permission the call needs, in GitHub's UI words: 'Secrets: Read and write'. */
  permission: string;
  /** What a 404 means here: "the repository acme/site". */
  target: string;
  /** Which token made the call, named by its input. */
  tokenInput: string;
}

/**
 * A write "succeeded" with a status GitHub does not send for it (a proxy's sign-in page after
 * a redirect, say): the secret may or may not hold the value.
 */
export function notGitHubsAnswer(call: GitHubCall, status: number): GitHubCallError {
  return new GitHubCallError(
    `GitHub's answer to the request to ${call.what} was not GitHub's (HTTP ${status}).`,
    {
      kind: 'transient',
      status,
      unanswered: true,
      advice:
        'Check that GITHUB_API_URL reaches the API itself, not a sign-in page or a proxy; ' +
        'the next run tries again.',
    },
  );
}

interface OctokitFailure {
  status?: number;
  message?: string;
  /** The call's options; `request.unanswered` when an attempt of a write got no answer. */
  request?: { method?: string; url?: string; request?: { unanswered?: boolean } };
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

export function toGitHubCallError(error: unknown, call: GitHubCall): GitHubCallError {
  if (error instanceof GitHubCallError) return error;
  const failure = (error ?? {}) as OctokitFailure;
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  const headers = failure.response?.headers ?? {};
  const githubMessage = messageOf(failure);
  const acceptedPermissions = headers['x-accepted-github-permissions'];
  // Any attempt, not only the last, may have landed (client-plugins.ts: unansweredWrites).
  const unanswered = unansweredAfterSending(error) || failure.request?.request?.unanswered === true;
  const base = { status, githubMessage, acceptedPermissions, unanswered };

  if (status === undefined || (status === 500 && !failure.response)) {
    return new GitHubCallError(`Could not reach GitHub to ${call.what}: ${networkCause(error)}.`, {
      ...base,
      kind: 'transient',
      advice: isRunTimeout(error)
        ? "The run used up its 'run-timeout' waiting on GitHub. Nothing to do if it passes: " +
          "the next run tries again (raise 'run-timeout' if this repeats)."
        : 'Nothing to do if it passes: the next run tries again.',
    });
  }
  const said = githubMessage ? `: ${githubMessage}` : '';
  const prefix = `GitHub refused to ${call.what} (${status}${said}).`;
  if (status === 401) {
    return new GitHubCallError(prefix, {
      ...base,
      kind: 'permanent',
      advice:
        `The '${call.tokenInput}' input holds a token GitHub does not accept: it is wrong, ` +
        'expired or revoked. Create a new one and update the secret that holds it.',
    });
  }
  if (isRateLimited(status, headers, githubMessage ?? '')) {
    return new GitHubCallError(prefix, {
      ...base,
      kind: 'transient',
      advice: 'GitHub rate-limited the token and the wait was too long. The next run tries again.',
    });
  }
  if (status === 403) {
    return new GitHubCallError(
      `GitHub refused to ${call.what} (HTTP 403): the '${call.tokenInput}' token lacks a permission.`,
      {
        ...base,
        kind: 'permanent',
        advice:
          `Give the '${call.tokenInput}' token "${call.permission}" on ${call.target}. ` +
          'GITHUB_TOKEN cannot write secrets: use a fine-grained personal access token or a ' +
          'GitHub App token.',
      },
    );
  }
  if (status === 404) {
    return new GitHubCallError(prefix, {
      ...base,
      kind: 'permanent',
      advice:
        `${capitalize(call.target)} is missing, or not granted to the '${call.tokenInput}' token ` +
        '(a fine-grained token answers 404 for what it cannot see). Check the spelling, and that ' +
        `the token has access to it with "${call.permission}".`,
    });
  }
  if (status >= 500) {
    return new GitHubCallError(prefix, {
      ...base,
      kind: 'transient',
      advice: 'GitHub had a problem on its side. Nothing to do: the next run tries again.',
    });
  }
  return new GitHubCallError(prefix, {
    ...base,
    kind: 'permanent',
    advice: 'Read the message from GitHub above; the request was not accepted as sent.',
  });
}

/** A 403 or 429 that is a rate limit, not a permission problem (docs/behaviour.md rule 4). */
export function isRateLimited(
  status: number,
  headers: Record<string, string | undefined>,
  message: string,
): boolean {
  if (status !== 403 && status !== 429) return false;
  return (
    status === 429 ||
    headers['retry-after'] !== undefined ||
    headers['x-ratelimit-remaining'] === '0' ||
    /rate limit/i.test(message)
  );
}

/**
 * GitHub's x-accepted-github-permissions ("secrets=read; organization_secrets=write") in the
 * words of its settings page: "Secrets (read)", "Organization › Secrets (write)".
 */
export function permissionWords(header: string): string {
  const words = header
    .split(/[;,]/)
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [name, level] = item.split('=');
      const label = PERMISSION_LABELS[name] ?? name.replace(/_/g, ' ');
      return level ? `${label} (${level})` : label;
    });
  return [...new Set(words)].join(', ');
}

const PERMISSION_LABELS: Record<string, string> = {
  secrets: 'Secrets',
  actions_variables: 'Variables',
  environments: 'Environments',
  organization_secrets: 'Organization › Secrets',
  organization_actions_variables: 'Organization › Variables',
  issues: 'Issues',
  actions: 'Actions',
  metadata: 'Metadata',
  contents: 'Contents',
};

function messageOf(failure: OctokitFailure): string | undefined {
  const data = failure.response?.data;
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') {
    return data.message;
  }
  return undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
