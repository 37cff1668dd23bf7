/**
 * The one issue per destination that tells a person what broke and how to fix it: opened on a
 * failure, commented on while the failure lasts, closed by the first success. Trouble with the
 * issue itself (no `issues: write`, issues disabled) is a warning: the step's result stays the
 * result of the refresh.
 */
import { failureMarker, type OpenIssues } from './background.js';
import type { RunContext } from './context.js';
import type { Expiry } from '../rules/expiry.js';
import { describeWhere } from '../github/destination.js';
import { closeIssue, commentOnIssue, openIssue } from '../github/issues.js';
import { INPUT } from '../inputs/input-names.js';
import type { Failure, IssueNote, Outcome } from '../rules/outcome.js';
import {
  failureComment,
  failureIssueBody,
  failureIssueTitle,
  successComment,
  type IssueContext,
} from '../report/issue-text.js';
import { issuePermissionHint, softly } from './softly.js';

export async function reportFailure(
  context: RunContext,
  failure: Failure,
  openIssues: Promise<OpenIssues>,
  currentExpiry: Expiry | undefined,
): Promise<IssueNote | undefined> {
  if (!context.config.openIssueOnFailure) return undefined;
  const { config, issues, redactor } = context;
  const repo = config.workflowRepository;
  const text = issueContext(context, currentExpiry);
  return softly(
    context,
    'open or update the failure issue',
    async () => {
      const existing = (await openIssues).failure;
      if (existing) {
        await commentOnIssue(
          issues,
          repo,
          existing.number,
          redactor.scrub(failureComment(failure, text)),
        );
        context.log.info(
          `Added this failure to the open issue #${existing.number}: ${existing.url}`,
        );
        return { ...existing, action: 'commented' };
      }
      const opened = await openIssue(
        issues,
        repo,
        {
          title: redactor.scrub(failureIssueTitle(text)),
          body: redactor.scrub(failureIssueBody(failure, text)),
          labels: config.issueLabels,
          assignees: config.issueAssignees,
        },
        text.marker,
        context.log.warning,
      );
      context.log.info(`Opened issue #${opened.number} with the steps to fix this: ${opened.url}`);
      return { ...opened, action: 'opened' };
    },
    issuePermissionHint,
  );
}

export async function closeFailureIssue(
  context: RunContext,
  outcome: Outcome,
  openIssues: Promise<OpenIssues>,
): Promise<IssueNote | undefined> {
  if (!context.config.closeIssueOnSuccess) return undefined;
  const existing = (await openIssues).failure;
  if (!existing) return undefined;
  const text = issueContext(context, undefined);
  return softly(
    context,
    `close the failure issue #${existing.number}`,
    async () => {
      const comment = context.redactor.scrub(successComment(outcome, text));
      await closeIssue(context.issues, context.config.workflowRepository, existing.number, comment);
      context.log.info(`Closed the failure issue #${existing.number}: this run succeeded.`);
      return { ...existing, action: 'closed' };
    },
    issuePermissionHint,
  );
}

function issueContext(context: RunContext, currentExpiry: Expiry | undefined): IssueContext {
  return {
    marker: failureMarker(context),
    secretName: context.config.destination.secretName,
    destination: context.facts.destination,
    where: describeWhere(context.config.destination),
    login: context.facts.login,
    account: context.facts.account?.name,
    when: new Date(context.startedAt).toISOString().replace(/\.\d+Z$/, 'Z'),
    runUrl: context.runUrl,
    secretSettingsUrl: context.secretSettingsUrl,
    currentExpiry,
    nextRun: context.schedule.nextRunAt,
    scheduled: context.schedule.scheduled,
    githubTokenInput: INPUT.githubToken,
  };
}
