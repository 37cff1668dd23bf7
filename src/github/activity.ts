/** The repository's last push (the inactivity check) and the keepalive call. */
import type { RepositoryActivity } from '../rules/inactivity.js';
import type { GitHubClient } from './client.js';
import type { RepoRef } from './destination.js';

export async function readRepositoryActivity(
  octokit: GitHubClient,
  repo: RepoRef,
): Promise<RepositoryActivity> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}', { ...repo });
  return { pushedAt: data.pushed_at ?? '', isPublic: !data.private };
}

export type KeepaliveResult = 'enabled' | 'disabled-manually' | 'deleted';

/**
 * Re-enables this workflow (an undocumented reset of GitHub's inactivity timer, hence opt-in),
 * but never one a person disabled on purpose.
 */
export async function keepWorkflowAlive(
  octokit: GitHubClient,
  repo: RepoRef,
  workflowFile: string,
): Promise<KeepaliveResult> {
  const state = await octokit
    .request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}', {
      ...repo,
      workflow_id: workflowFile,
    })
    .then(({ data }) => data.state)
    .catch((error: { status?: number }) => {
      // Unknown state: enabling is still safe unless a person disabled it, which a 404 rules out.
      if (error.status === 404) return undefined;
      throw error;
    });
  if (state === 'disabled_manually') return 'disabled-manually';
  if (state === 'deleted') return 'deleted';
  await octokit.request('PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable', {
    ...repo,
    workflow_id: workflowFile,
  });
  return 'enabled';
}
