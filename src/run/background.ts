/**
 * The reads a run needs besides the refresh, started together at once. Shared by every account
 * of a step and made once: the scope's public key, the open issues, the repository's last push
 * (and, for an organization secret, the repository's id). Per account: whether its secret
 * exists, its recorded expiry, and its failure issue among the open ones.
 */
import type { RunContext, SharedContext } from './context.js';
import { inStep } from '../rules/errors.js';
import { readRepositoryActivity } from '../github/activity.js';
import { prefetchRepositoryId } from '../github/org-access.js';
import { destinationKey, repoName } from '../github/destination.js';
import { listOpenIssues, withMarker, type IssueRef, type OpenIssue } from '../github/issues.js';
import { planSecretWrite, type SecretWritePlan } from '../github/secrets.js';
import { readPublicKey, type PublicKey } from '../github/public-key.js';
import { readVariable, type RecordedVariable } from '../github/variables.js';
import type { RepositoryActivity } from '../rules/inactivity.js';
import { issuePermissionHint, softly } from './softly.js';

export interface OpenIssues {
  failure?: IssueRef;
  reminder?: IssueRef;
  /** The open issues were read: a failure issue that is missing is not open. */
  listed?: boolean;
}

export interface SharedReads {
  publicKey: Promise<PublicKey>;
  /** The open issues with the first label; undefined when not read or unreadable (a warning said why). */
  openIssues: Promise<OpenIssue[] | undefined>;
  activity: Promise<RepositoryActivity | undefined>;
  reminder: Promise<OpenIssues>;
}

export interface BackgroundReads {
  /** Rejects with a StepFailureError('read-key'): the write cannot happen without it. */
  plan: Promise<SecretWritePlan>;
  recorded: Promise<RecordedVariable | undefined>;
  /** False when the variable could not be read (a warning said why): nothing is known then. */
  recordedRead: Promise<boolean>;
  openIssues: Promise<OpenIssues>;
}

export function failureMarker(context: RunContext): string {
  return `<!-- instagram-token-refresh:failure ${destinationKey(context.config.destination)} -->`;
}

export function reminderMarker(context: SharedContext): string {
  const repo = repoName(context.config.workflowRepository).toLowerCase();
  return `<!-- instagram-token-refresh:inactivity ${repo} -->`;
}

export function startSharedReads(context: SharedContext): SharedReads {
  const { config, github, issues } = context;
  const publicKey = readPublicKey(github, config.destination);
  publicKey.catch(() => {}); // each account awaits it in its own gate
  // A new organization secret or variable is shared with this repository: learn its id now.
  if (config.destination.scope === 'organization') {
    prefetchRepositoryId(github, config.workflowRepository, context.env);
  }
  const issuesWanted =
    config.openIssueOnFailure || config.closeIssueOnSuccess || config.inactivityWarningDays > 0;
  const openIssues = issuesWanted
    ? softly(
        context,
        'look for an open failure issue',
        () => listOpenIssues(issues, config.workflowRepository, config.issueLabels[0]),
        issuePermissionHint,
      )
    : Promise.resolve(undefined);
  return {
    publicKey,
    openIssues,
    activity:
      config.inactivityWarningDays > 0
        ? softly(context, 'check the repository for recent activity', () =>
            readRepositoryActivity(issues, config.workflowRepository),
          )
        : Promise.resolve(undefined),
    reminder: openIssues.then((open) => ({
      reminder: withMarker(open ?? [], reminderMarker(context)),
    })),
  };
}

export function startAccountReads(context: RunContext, shared: SharedReads): BackgroundReads {
  const { config, github } = context;
  const plan = inStep('read-key', () =>
    planSecretWrite(
      github,
      config.destination,
      config.workflowRepository,
      context.log.warning,
      shared.publicKey,
    ),
  );
  plan.catch(() => {}); // awaited by the write; a refresh failure must not leave it unhandled
  const needsRecord = config.recordExpiry || config.refreshThresholdDays !== undefined;
  // `found` wraps the answer, so a failed read (undefined) stays apart from a missing variable.
  const reading = needsRecord
    ? softly(context, `read the expiry variable ${config.expiryVariable}`, () =>
        readVariable(github, config.destination, config.expiryVariable).then(
          (found) => ({ found }),
          (error: { status?: number }) => {
            // A token that may not read it: the key read fails the run with the fix, or the
            // variable write warns; a third message for the same cause helps nobody.
            if (error.status === 401 || error.status === 403) return { found: undefined };
            throw error;
          },
        ),
      )
    : Promise.resolve({ found: undefined });
  return {
    plan,
    recorded: reading.then((read) => read?.found),
    recordedRead: reading.then((read) => read !== undefined),
    openIssues: shared.openIssues.then((open) => ({
      listed: open !== undefined,
      failure: withMarker(open ?? [], failureMarker(context)),
      reminder: withMarker(open ?? [], reminderMarker(context)),
    })),
  };
}
