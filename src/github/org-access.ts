/**
 * Who may read a NEW organization secret or variable: `selected` with the workflow's own
 * repository (least privilege that still reaches a public repository; docs/behaviour.md,
 * "Input rules"), or `private` when that repository is not the organization's or cannot be read.
 */
import { toGitHubCallError, type GitHubCall } from './call-error.js';
import type { GitHubClient } from './client.js';
import { callFor } from './secret-call.js';
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
      octokit.request('GET /repos/{owner}/{repo}', { ...repo }).then(
        ({ data }) => idOf(data),
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

/** Who may read an organization secret; sent back unchanged on every write. */
export type OrgSecretAccess =
  | { visibility: 'all' | 'private'; existing: boolean }
  | { visibility: 'selected'; selectedRepositoryIds: number[]; existing: boolean };

/**
 * An existing organization secret keeps its visibility and selected repositories: the PUT
 * requires `visibility`, and `selected` without ids would clear the list (docs/platform-facts.md,
 * "organization secrets"). A new one is `selected` with the workflow's own repository, when
 * that repository belongs to the organization; otherwise `private`.
 */
type OrgSecretFound = { visibility: 'all' | 'private' | 'selected' } | undefined;

/** GitHub's "get an organization secret": its visibility, or undefined when it does not exist. */
export async function readOrgSecret(
  octokit: GitHubClient,
  org: string,
  secretName: string,
): Promise<OrgSecretFound> {
  try {
    const { data } = await octokit.request('GET /orgs/{org}/actions/secrets/{secret_name}', {
      org,
      secret_name: secretName,
    });
    return { visibility: data.visibility };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw toGitHubCallError(error, orgSecretCall(org, secretName));
  }
}

/** What the write must send back: the existing access, or the rule for a new secret. */
export async function orgAccessFor(
  octokit: GitHubClient,
  org: string,
  secretName: string,
  found: OrgSecretFound,
  workflowRepository: RepoRef,
  warn: (message: string) => void,
): Promise<OrgSecretAccess> {
  if (!found) {
    return { ...(await newOrgAccess(octokit, org, workflowRepository, warn)), existing: false };
  }
  if (found.visibility !== 'selected') return { visibility: found.visibility, existing: true };
  try {
    const repositories = await octokit.paginate(
      'GET /orgs/{org}/actions/secrets/{secret_name}/repositories',
      { org, secret_name: secretName, per_page: 100 },
    );
    return {
      visibility: 'selected',
      selectedRepositoryIds: repositories.map(idOf),
      existing: true,
    };
  } catch (error) {
    throw toGitHubCallError(error, orgSecretCall(org, secretName));
  }
}

/**
 * A repository's id as read. Octokit's types allow a bigint (its JSON parser gives one only
 * past Number.MAX_SAFE_INTEGER, far beyond GitHub's ids); it is passed on unchanged either way.
 */
function idOf(repository: { id: number | bigint }): number {
  return repository.id as number;
}

function orgSecretCall(org: string, secretName: string): GitHubCall {
  return callFor(
    { scope: 'organization', org, secretName },
    `read organization secret ${secretName} in ${org}`,
  );
}
