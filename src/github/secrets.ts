/**
 * Reads what a secret write needs (the destination's public key; for an organization secret,
 * its current visibility and selected repositories) and writes the sealed value.
 */
import { INPUT } from '../input-names.js';
import { toGitHubCallError, type GitHubCall } from './call-error.js';
import type { GitHubClient } from './client.js';
import {
  describeDestination,
  describeTarget,
  type Destination,
  type RepoRef,
} from './destination.js';
import { newOrgAccess } from './org-access.js';

export interface PublicKey {
  keyId: string;
  key: string;
}

/** Who may read an organization secret; sent back unchanged on every write. */
export type OrgSecretAccess =
  | { visibility: 'all' | 'private'; existing: boolean }
  | { visibility: 'selected'; selectedRepositoryIds: number[]; existing: boolean };

export interface SecretWritePlan {
  publicKey: PublicKey;
  orgAccess?: OrgSecretAccess;
}

export type SecretWriteResult = 'created' | 'updated';

/** Everything the write needs, fetched while the refresh is in flight. */
export async function planSecretWrite(
  octokit: GitHubClient,
  destination: Destination,
  workflowRepository: RepoRef,
  warn: (message: string) => void = () => {},
): Promise<SecretWritePlan> {
  const [publicKey, orgAccess] = await Promise.all([
    readPublicKey(octokit, destination),
    destination.scope === 'organization'
      ? readOrgSecretAccess(
          octokit,
          destination.org,
          destination.secretName,
          workflowRepository,
          warn,
        )
      : undefined,
  ]);
  return { publicKey, orgAccess };
}

export async function readPublicKey(
  octokit: GitHubClient,
  destination: Destination,
): Promise<PublicKey> {
  const call = callFor(
    destination,
    `read the public key for the ${describeDestination(destination)}`,
  );
  try {
    const { data } = await publicKeyRequest(octokit, destination);
    return { keyId: data.key_id, key: data.key };
  } catch (error) {
    throw toGitHubCallError(error, call);
  }
}

function publicKeyRequest(octokit: GitHubClient, destination: Destination) {
  switch (destination.scope) {
    case 'repository':
      return octokit.rest.actions.getRepoPublicKey({ ...destination.repository });
    case 'environment':
      return octokit.rest.actions.getEnvironmentPublicKey({
        ...destination.repository,
        environment_name: destination.environment,
      });
    case 'organization':
      return octokit.rest.actions.getOrgPublicKey({ org: destination.org });
  }
}

/**
 * An existing organization secret keeps its visibility and selected repositories: the PUT
 * requires `visibility`, and `selected` without ids would clear the list (PLATFORM-FACTS trap 3).
 * A new one is `selected` with the workflow's own repository (INTERFACE.md), when that
 * repository belongs to the organization; otherwise `private`.
 */
export async function readOrgSecretAccess(
  octokit: GitHubClient,
  org: string,
  secretName: string,
  workflowRepository: RepoRef,
  warn: (message: string) => void,
): Promise<OrgSecretAccess> {
  const call = callFor(
    { scope: 'organization', org, secretName },
    `read organization secret ${secretName} in ${org}`,
  );
  let visibility: 'all' | 'private' | 'selected';
  try {
    const { data } = await octokit.rest.actions.getOrgSecret({ org, secret_name: secretName });
    visibility = data.visibility;
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw toGitHubCallError(error, call);
    return { ...(await newOrgAccess(octokit, org, workflowRepository, warn)), existing: false };
  }
  if (visibility !== 'selected') return { visibility, existing: true };
  try {
    const repositories = await octokit.paginate(
      octokit.rest.actions.listSelectedReposForOrgSecret,
      { org, secret_name: secretName, per_page: 100 },
    );
    return {
      visibility,
      selectedRepositoryIds: repositories.map((repository) => repository.id),
      existing: true,
    };
  } catch (error) {
    throw toGitHubCallError(error, call);
  }
}

export async function writeSecret(
  octokit: GitHubClient,
  destination: Destination,
  plan: SecretWritePlan,
  encryptedValue: string,
): Promise<SecretWriteResult> {
  const call = callFor(destination, `write the ${describeDestination(destination)}`);
  const sealed = { encrypted_value: encryptedValue, key_id: plan.publicKey.keyId };
  const name = destination.secretName;
  try {
    const response = await putSecret(octokit, destination, plan, sealed, name);
    return response.status === 201 ? 'created' : 'updated';
  } catch (error) {
    throw toGitHubCallError(error, call);
  }
}

function putSecret(
  octokit: GitHubClient,
  destination: Destination,
  plan: SecretWritePlan,
  sealed: { encrypted_value: string; key_id: string },
  secret_name: string,
) {
  switch (destination.scope) {
    case 'repository':
      return octokit.rest.actions.createOrUpdateRepoSecret({
        ...destination.repository,
        secret_name,
        ...sealed,
      });
    case 'environment':
      return octokit.rest.actions.createOrUpdateEnvironmentSecret({
        ...destination.repository,
        environment_name: destination.environment,
        secret_name,
        ...sealed,
      });
    case 'organization': {
      const access = plan.orgAccess ?? { visibility: 'private' as const, existing: false };
      return octokit.rest.actions.createOrUpdateOrgSecret({
        org: destination.org,
        secret_name,
        ...sealed,
        visibility: access.visibility,
        ...(access.visibility === 'selected'
          ? { selected_repository_ids: access.selectedRepositoryIds }
          : {}),
      });
    }
  }
}

function callFor(destination: Destination, what: string): GitHubCall {
  const permission = {
    repository: 'Secrets: Read and write',
    environment: 'Environments: Read and write" and "Secrets: Read and write',
    organization: 'Organization secrets: Read and write',
  }[destination.scope];
  return { what, permission, target: describeTarget(destination), tokenInput: INPUT.githubToken };
}
