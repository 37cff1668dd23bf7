/**
 * Who may read a NEW organization secret or variable: `selected` with the workflow's own
 * repository (least privilege that still reaches a public repository; INTERFACE.md), or
 * `private` when that repository is not the organization's or cannot be read.
 */
import type { GitHubClient } from './client.js';
import { repoName, type RepoRef } from './destination.js';

export type NewOrgAccess =
  { visibility: 'private' } | { visibility: 'selected'; selectedRepositoryIds: number[] };

export async function newOrgAccess(
  octokit: GitHubClient,
  org: string,
  workflowRepository: RepoRef,
  warn: (message: string) => void = () => {},
): Promise<NewOrgAccess> {
  if (workflowRepository.owner.toLowerCase() !== org.toLowerCase())
    return { visibility: 'private' };
  try {
    const { data } = await octokit.rest.repos.get({ ...workflowRepository });
    return { visibility: 'selected', selectedRepositoryIds: [data.id] };
  } catch {
    warn(
      `Could not read ${repoName(workflowRepository)} to give the new organization ${org} ` +
        'secret or variable access to it; it is created private. Widen it in the organization settings.',
    );
    return { visibility: 'private' };
  }
}
