/**
 * Where a missing secret may really be, asked only after the run found it missing: a similar
 * name in the same scope (a typo in `secret-name`), or the same name at another scope (the
 * workflow passes in a repository secret but the action was told to write the organization's,
 * or the other way round). Every list is best effort: a failed one just gives no hint.
 */
import { similarNames } from '../rules/similar-names.js';
import type { GitHubClient } from './client.js';
import { repoName, type Destination, type RepoRef } from './destination.js';

type Names = Promise<string[]>;

export async function missingSecretHints(
  octokit: GitHubClient,
  destination: Destination,
  workflowRepository: RepoRef,
): Promise<string[]> {
  const name = destination.secretName.toUpperCase();
  const repo = destination.scope === 'organization' ? workflowRepository : destination.repository;
  const [sameScope, repoSecrets, orgSecrets] = await Promise.all([
    namesInScope(octokit, destination),
    destination.scope === 'repository'
      ? Promise.resolve([])
      : names(
          octokit.paginate('GET /repos/{owner}/{repo}/actions/secrets', { ...repo, per_page: 100 }),
        ),
    destination.scope === 'organization'
      ? Promise.resolve([])
      : names(
          octokit.paginate('GET /repos/{owner}/{repo}/actions/organization-secrets', {
            ...repo,
            per_page: 100,
          }),
        ),
  ]);
  const hints: string[] = [];
  const similar = similarNames(name, sameScope);
  if (similar.length > 0) {
    hints.push(`The same scope has ${similar.map((n) => `\`${n}\``).join(', ')}: a typo?`);
  }
  if (repoSecrets.includes(name)) {
    hints.push(
      `${repoName(repo)} has a repository secret \`${name}\`: if that is the one the ` +
        `workflow passes in, remove '${destination.scope}' so the action writes it.`,
    );
  }
  if (orgSecrets.includes(name)) {
    hints.push(
      `\`${name}\` is an organization secret of ${repo.owner} shared with ${repoName(repo)}: if ` +
        `that is the one the workflow passes in, set 'organization: ${repo.owner}'.`,
    );
  }
  return hints;
}

function namesInScope(octokit: GitHubClient, destination: Destination): Names {
  switch (destination.scope) {
    case 'repository':
      return names(
        octokit.paginate('GET /repos/{owner}/{repo}/actions/secrets', {
          ...destination.repository,
          per_page: 100,
        }),
      );
    case 'environment':
      return names(
        octokit.paginate('GET /repos/{owner}/{repo}/environments/{environment_name}/secrets', {
          ...destination.repository,
          environment_name: destination.environment,
          per_page: 100,
        }),
      );
    case 'organization':
      return names(
        octokit.paginate('GET /orgs/{org}/actions/secrets', {
          org: destination.org,
          per_page: 100,
        }),
      );
  }
}

async function names(listing: Promise<{ name: string }[]>): Names {
  try {
    return (await listing).map((secret) => secret.name.toUpperCase());
  } catch {
    return [];
  }
}
