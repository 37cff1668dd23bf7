/**
 * The reads a run needs besides the refresh, started together at once so they overlap it:
 * the destination's public key, the recorded expiry, the open failure issue and reminder, and
 * the repository's last push.
 */
import * as core from '@actions/core';
import type { RunContext } from './context.js';
import { inStep } from '../rules/errors.js';
import { readRepositoryActivity } from '../github/activity.js';
import { prefetchRepositoryId } from '../github/org-access.js';
import { destinationKey, repoName } from '../github/destination.js';
import { listOpenIssues, withMarker, type IssueRef } from '../github/issues.js';
import { planSecretWrite, type SecretWritePlan } from '../github/secrets.js';
import { readVariable, type RecordedVariable } from '../github/variables.js';
import type { RepositoryActivity } from '../rules/inactivity.js';
import { issuePermissionHint, softly } from './softly.js';

export interface OpenIssues {
  failure?: IssueRef;
  reminder?: IssueRef;
}

export interface BackgroundReads {
  /** Rejects with a StepFailureError('read-key'): the write cannot happen without it. */
  plan: Promise<SecretWritePlan>;
  recorded: Promise<RecordedVariable | undefined>;
  openIssues: Promise<OpenIssues>;
  activity: Promise<RepositoryActivity | undefined>;
}

export function failureMarker(context: RunContext): string {
  return `<!-- instagram-token-refresh:failure ${destinationKey(context.config.destination)} -->`;
}

export function reminderMarker(context: RunContext): string {
  const repo = repoName(context.config.workflowRepository).toLowerCase();
  return `<!-- instagram-token-refresh:inactivity ${repo} -->`;
}

export function startBackgroundReads(context: RunContext): BackgroundReads {
  const { config, github, issues } = context;
  const plan = inStep('read-key', () =>
    planSecretWrite(github, config.destination, config.workflowRepository, core.warning),
  );
  plan.catch(() => {}); // awaited by the write; a refresh failure must not leave it unhandled
  // A new organization secret or variable is shared with this repository: learn its id now.
  if (config.destination.scope === 'organization') {
    prefetchRepositoryId(github, config.workflowRepository, context.env);
  }
  const needsRecord = config.recordExpiry || config.refreshThresholdDays !== undefined;
  const issuesWanted =
    config.openIssueOnFailure || config.closeIssueOnSuccess || config.inactivityWarningDays > 0;
  return {
    plan,
    recorded: needsRecord
      ? softly(context.redactor, `read the expiry variable ${config.expiryVariable}`, () =>
          readVariable(github, config.destination, config.expiryVariable).catch(
            (error: { status?: number }) => {
              // A token that may not read it: the key read fails the run with the fix, or
              // the variable write warns; a third message for the same cause helps nobody.
              if (error.status === 401 || error.status === 403) return undefined;
              throw error;
            },
          ),
        )
      : Promise.resolve(undefined),
    openIssues: issuesWanted
      ? softly(
          context.redactor,
          'look for an open failure issue',
          async () => {
            const open = await listOpenIssues(
              issues,
              config.workflowRepository,
              config.issueLabels[0],
            );
            return {
              failure: withMarker(open, failureMarker(context)),
              reminder: withMarker(open, reminderMarker(context)),
            };
          },
          issuePermissionHint,
        ).then((found) => found ?? {})
      : Promise.resolve({}),
    activity:
      config.inactivityWarningDays > 0
        ? softly(context.redactor, 'check the repository for recent activity', () =>
            readRepositoryActivity(issues, config.workflowRepository),
          )
        : Promise.resolve(undefined),
  };
}
