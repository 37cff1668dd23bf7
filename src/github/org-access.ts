/**
 * Who may read a NEW organization secret or variable: `selected` with the workflow's own
 * repository (least privilege that still reaches a public repository; docs/behaviour.md,
 * "Input rules"), or `private` when that repository is not the organization's or cannot be read.
 */
import type { GitHubClient } from './client.js';
import { repoName, type RepoRef } from './destination.js';

export type NewOrgAccess =
  { visibility: 'private' } | { visibility: 'selected'; selectedRepositoryIds: number[] };

// One read of the repository's id per client, however many new things need it.
const repoIds = new WeakMap<GitHubClient, Map<string, Promise<number | undefined>>>();

/**
 * Starts learning the repository's id now, so a new organization secret or variable does not
 * wait for it; the runner's GITHUB_REPOSITORY_ID saves the read when it names this repository.
 */
export function prefetchRepositoryId(
  octokit: GitHubClient,
  repo: RepoRef,
  env: NodeJS.ProcessEnv,
): void {
  const id = Number(env.GITHUB_REPOSITORY_ID);
  const same = repoName(repo).toLowerCase() === env.GITHUB_REPOSITORY?.toLowerCase();
  if (same && Number.isInteger(id) && id > 0) {
    const known = repoIds.get(octokit) ?? new Map<string, Promise<number | undefined>>();
    repoIds.set(octokit, known);
    known.set(repoName(repo).toLowerCase(), Promise.resolve(id));
  } else {
    void repositoryId(octokit, repo);
  }
}

/** The repository's numeric id, or undefined when it cannot be read; read once per client. */
export function repositoryId(octokit: GitHubClient, repo: RepoRef): Promise<number | undefined> {
  const known = repoIds.get(octokit) ?? new Map<string, Promise<number | undefined>>();
  repoIds.set(octokit, known);
  const key = repoName(repo).toLowerCase();
  if (!known.has(key)) {
    known.set(
      key,
      octokit.rest.repos.get({ ...repo }).then(
        ({ data }) => data.id,
        () => undefined,
      ),
    );
  }
  return known.get(key) as Promise<number | undefined>;
}

export async function newOrgAccess(
  octokit: GitHubClient,
  org: string,
  workflowRepository: RepoRef,
  warn: (message: string) => void = () => {},
): Promise<NewOrgAccess> {
  if (workflowRepository.owner.toLowerCase() !== org.toLowerCase())
    return { visibility: 'private' };
  const id = await repositoryId(octokit, workflowRepository);
  if (id !== undefined) return { visibility: 'selected', selectedRepositoryIds: [id] };
  warn(
    `Could not read ${repoName(workflowRepository)} to give the new organization ${org} ` +
      'secret or variable access to it; it is created private. Widen it in the organization settings.',
  );
  return { visibility: 'private' };
}
