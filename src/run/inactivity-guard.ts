/**
 * Guards the schedule against GitHub's 60-day inactivity rule: a warning and a reminder issue
 * when the repository has been quiet for `inactivity-warning-days`, closed again once it is
 * active; and, opt-in, keepalive re-enables this workflow through the API.
 */
import { reminderMarker, type OpenIssues } from './background.js';
import type { SharedContext } from './context.js';
import { keepWorkflowAlive } from '../github/activity.js';
import { repoName } from '../github/destination.js';
import { closeIssue, openIssue } from '../github/issues.js';
import {
  inactivityVerdict,
  workflowFileName,
  type RepositoryActivity,
} from '../rules/inactivity.js';
import { inactivityReminderBody } from '../report/issue-text.js';
import { issuePermissionHint, softly } from './softly.js';
import { INPUT } from '../inputs/input-names.js';

/** Returns the warning for the summary, when there is one. */
export async function guardSchedule(
  context: SharedContext,
  activity: Promise<RepositoryActivity | undefined>,
  openIssues: Promise<OpenIssues>,
): Promise<string | undefined> {
  const { config } = context;
  const [warning] = await Promise.all([
    warnIfInactive(context, activity, openIssues),
    config.keepalive && !config.dryRun ? keepalive(context) : undefined,
  ]);
  return warning;
}

async function warnIfInactive(
  context: SharedContext,
  activity: Promise<RepositoryActivity | undefined>,
  openIssues: Promise<OpenIssues>,
): Promise<string | undefined> {
  const { config, issues } = context;
  const known = await activity;
  if (!known) return undefined;
  const verdict = inactivityVerdict(known, config.inactivityWarningDays, Date.now());
  const repo = config.workflowRepository;
  const reminder = (await openIssues).reminder;
  if (verdict.status !== 'inactive') {
    if (reminder && verdict.status === 'active' && !config.dryRun) {
      await softly(context, `close the inactivity reminder #${reminder.number}`, () =>
        closeIssue(
          issues,
          repo,
          reminder.number,
          'The repository is active again: closing this reminder.',
        ),
      );
    }
    return undefined;
  }
  const warning =
    `${repoName(repo)} has had no push for ${verdict.idleDays} days: GitHub disables this ` +
    `scheduled workflow around ${verdict.disableAround} (60 days without activity). Push a commit ` +
    'to keep it alive' +
    (config.keepalive ? '.' : ', or set keepalive: true.');
  context.log.warning(warning);
  if (config.dryRun || reminder) return warning;
  await softly(
    context,
    'open the inactivity reminder issue',
    () =>
      openIssue(
        issues,
        repo,
        {
          title: `Scheduled token refresh will be disabled around ${verdict.disableAround}`,
          body: inactivityReminderBody(
            reminderMarker(context),
            repoName(repo),
            verdict.lastPush,
            verdict.disableAround,
            config.keepalive,
          ),
          labels: config.issueLabels,
          assignees: config.issueAssignees,
        },
        reminderMarker(context),
        context.log.warning,
      ),
    issuePermissionHint,
  );
  return warning;
}

async function keepalive(context: SharedContext): Promise<void> {
  const file = workflowFileName(context.env.GITHUB_WORKFLOW_REF);
  if (!file) {
    context.log.warning(
      'keepalive: GITHUB_WORKFLOW_REF does not name a workflow file; nothing re-enabled.',
    );
    return;
  }
  const result = await softly(
    context,
    `re-enable the workflow ${file} (keepalive)`,
    () => keepWorkflowAlive(context.issues, context.config.workflowRepository, file),
    (status) =>
      status === 403 || status === 404
        ? ` keepalive needs \`actions: write\` for the '${INPUT.issueToken}' ` +
          "(add it to the workflow's permissions)."
        : '',
  );
  if (result === 'enabled') context.log.info(`keepalive: re-enabled the workflow ${file}.`);
  if (result === 'disabled-manually') {
    context.log.info(`keepalive: ${file} was disabled by a person; leaving it disabled.`);
  }
}
