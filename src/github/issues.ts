/**
 * The issue calls behind the failure issue and the inactivity reminder: find the open issue
 * by label and hidden marker, open one (creating missing labels), comment, close.
 */
import type { GitHubClient } from './client.js';
import type { RepoRef } from './destination.js';

export interface IssueRef {
  number: number;
  url: string;
}

export interface OpenIssue extends IssueRef {
  body: string;
}

const LABEL_COLOR = 'd93f0b';
const LABEL_DESCRIPTION = 'Opened by instagram-token-refresh';

/** The open issues carrying `label`, oldest first; pull requests never count. */
export async function listOpenIssues(
  octokit: GitHubClient,
  repo: RepoRef,
  label: string,
): Promise<OpenIssue[]> {
  const items = await octokit.paginate('GET /repos/{owner}/{repo}/issues', {
    ...repo,
    labels: label,
    state: 'open',
    per_page: 100,
  });
  return items
    .filter((item) => !item.pull_request)
    .sort((a, b) => a.number - b.number)
    .map((item) => ({ number: item.number, url: item.html_url, body: item.body ?? '' }));
}

/** The oldest of `issues` whose body holds `marker`. */
export function withMarker(issues: OpenIssue[], marker: string): IssueRef | undefined {
  const found = issues.find((issue) => issue.body.includes(marker));
  return found && { number: found.number, url: found.url };
}

export interface NewIssue {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
}

/**
 * Opens the issue, then looks again: GitHub has no atomic "create if missing", so two runs at
 * once may both create one (docs/behaviour.md rule 6). The oldest stays; newer duplicates are
 * closed.
 */
export async function openIssue(
  octokit: GitHubClient,
  repo: RepoRef,
  issue: NewIssue,
  marker: string,
  warn: (message: string) => void = () => {},
): Promise<IssueRef> {
  await ensureLabels(octokit, repo, issue.labels);
  const create = (assignees: string[]) =>
    octokit.request('POST /repos/{owner}/{repo}/issues', {
      ...repo,
      title: issue.title,
      body: issue.body,
      labels: issue.labels,
      ...(assignees.length > 0 ? { assignees } : {}),
    });
  const { data } = await create(issue.assignees).catch((error: unknown) => {
    if (!refusedAssignees(error)) throw error;
    // The issue is how a person learns of the failure: open it without the assignees.
    warn(
      `GitHub refused to assign the failure issue to ${issue.assignees.join(', ')} (422): ` +
        "opened it without assignees. Check 'issue-assignees': each login must be able to " +
        'be assigned issues in this repository (a collaborator with access).',
    );
    return create([]);
  });
  if (typeof data?.number !== 'number') {
    throw new Error('GitHub answered the issue creation without an issue number.');
  }
  const created = { number: data.number, url: data.html_url };
  const open = (await listOpenIssues(octokit, repo, issue.labels[0])).filter((found) =>
    found.body.includes(marker),
  );
  const keeper = open[0] ?? created;
  for (const duplicate of open.slice(1)) {
    await closeIssue(
      octokit,
      repo,
      duplicate.number,
      `Duplicate of #${keeper.number}.`,
      'not_planned',
    );
  }
  return { number: keeper.number, url: keeper.url };
}

/** GitHub's 422 "Validation Failed" naming the assignees field. */
function refusedAssignees(error: unknown): boolean {
  const failure = error as { status?: number; response?: { data?: unknown } };
  if (failure.status !== 422) return false;
  const data = failure.response?.data as { errors?: { field?: unknown }[]; message?: unknown };
  const fields = (data?.errors ?? []).map((entry) => entry?.field);
  return fields.includes('assignees') || /assignee/i.test(String(data?.message ?? ''));
}

export async function commentOnIssue(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  body: string,
): Promise<void> {
  await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...repo,
    issue_number: issueNumber,
    body,
  });
}

/** Comments, then closes; the two calls overlap (the comment needs no open issue). */
export async function closeIssue(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  comment: string,
  reason: 'completed' | 'not_planned' = 'completed',
): Promise<void> {
  await Promise.all([
    commentOnIssue(octokit, repo, issueNumber, comment),
    octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...repo,
      issue_number: issueNumber,
      state: 'closed',
      state_reason: reason,
    }),
  ]);
}

/**
 * Creates the labels that do not exist yet, so they get a colour and a description. It is a
 * courtesy: GitHub creates missing labels with the issue anyway, so no failure here stops it.
 */
async function ensureLabels(octokit: GitHubClient, repo: RepoRef, labels: string[]): Promise<void> {
  await Promise.all(
    labels.map(async (name) => {
      try {
        await octokit.request('GET /repos/{owner}/{repo}/labels/{name}', { ...repo, name });
      } catch (error) {
        if ((error as { status?: number }).status !== 404) return;
        await octokit
          .request('POST /repos/{owner}/{repo}/labels', {
            ...repo,
            name,
            color: LABEL_COLOR,
            description: LABEL_DESCRIPTION,
          })
          .catch(() => undefined);
      }
    }),
  );
}
