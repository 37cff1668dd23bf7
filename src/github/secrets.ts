/**
 * Reads what a secret write needs (the destination's public key, whether the secret exists;
 * for an organization secret, its current visibility and selected repositories) and writes
 * the sealed value.
 */
import { notGitHubsAnswer, toGitHubCallError } from './call-error.js';
import type { GitHubClient } from './client.js';
import { describeDestination, type Destination, type RepoRef } from './destination.js';
import { orgAccessFor, readOrgSecret, type OrgSecretAccess } from './org-access.js';
import { callFor } from './secret-call.js';
import { readPublicKey, type PublicKey } from './public-key.js';

export type { OrgSecretAccess };

export interface SecretWritePlan {
  publicKey: PublicKey;
  /**
   * An organization secret's access to send back. Its repository list is still being read
   * while the refresh runs: only the key and the secret's existence gate the refresh.
   */
  orgAccess?: Promise<OrgSecretAccess>;
  /** The secret exists now: a missing one is usually a typo or the wrong scope. */
  exists: boolean;
}

export type SecretWriteResult = 'created' | 'updated';

/** Everything the write needs, read before anything is sent to Meta. */
export async function planSecretWrite(
  octokit: GitHubClient,
  destination: Destination,
  workflowRepository: RepoRef,
  warn: (message: string) => void = () => {},
  // The scope's key, when several accounts of one scope share a single read of it.
  sharedKey?: Promise<PublicKey>,
): Promise<SecretWritePlan> {
  const key = sharedKey ?? readPublicKey(octokit, destination);
  if (destination.scope === 'organization') {
    const { org, secretName } = destination;
    const found = readOrgSecret(octokit, org, secretName);
    const orgAccess = found.then((secret) =>
      orgAccessFor(octokit, org, secretName, secret, workflowRepository, warn),
    );
    orgAccess.catch(() => {}); // awaited by the write; a failed gate must not leave it unhandled
    const [publicKey, secret] = await Promise.all([key, found]);
    return { publicKey, orgAccess, exists: secret !== undefined };
  }
  const [publicKey, exists] = await Promise.all([key, secretExists(octokit, destination)]);
  return { publicKey, exists };
}

/** GitHub's "get a secret" at the repository or environment: 404 means it does not exist. */
async function secretExists(
  octokit: GitHubClient,
  destination: Exclude<Destination, { scope: 'organization' }>,
): Promise<boolean> {
  const name = destination.secretName;
  try {
    if (destination.scope === 'repository') {
      await octokit.request('GET /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
        ...destination.repository,
        secret_name: name,
      });
    } else {
      await octokit.request(
        'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
        {
          ...destination.repository,
          environment_name: destination.environment,
          secret_name: name,
        },
      );
    }
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw toGitHubCallError(
      error,
      callFor(destination, `read the ${describeDestination(destination)}`),
    );
  }
}

export interface SecretWrite {
  result: SecretWriteResult;
  /** GitHub had a new key by the time of the write: the value was sealed again for it. */
  keyRotated: boolean;
}

/**
 * Seals and writes the value. GitHub answers 422 when the key changed since it was read; then
 * the key is read again once and, if it is new, the value is sealed for it and written again.
 */
export async function writeSecret(
  octokit: GitHubClient,
  destination: Destination,
  plan: SecretWritePlan,
  seal: (publicKeyBase64: string) => Promise<string>,
): Promise<SecretWrite> {
  const call = callFor(destination, `write the ${describeDestination(destination)}`);
  // Sealing stays outside the tries: its errors are not GitHub's.
  const put = async (publicKey: PublicKey, encryptedValue: string) => {
    const sealed = { encrypted_value: encryptedValue, key_id: publicKey.keyId };
    const response = await putSecret(octokit, destination, access, sealed, destination.secretName);
    if (response.status === 201) return 'created' as const;
    if (response.status === 204) return 'updated' as const;
    // Any other success is not GitHub's answer to this write: never "updated".
    throw notGitHubsAnswer(call, response.status);
  };
  const access = await plan.orgAccess;
  const first = await seal(plan.publicKey.key);
  let refusal: unknown;
  try {
    return { result: await put(plan.publicKey, first), keyRotated: false };
  } catch (error) {
    if ((error as { status?: number }).status !== 422) throw toGitHubCallError(error, call);
    refusal = error;
  }
  const fresh = await readPublicKey(octokit, destination);
  if (fresh.keyId === plan.publicKey.keyId) throw toGitHubCallError(refusal, call);
  const second = await seal(fresh.key);
  try {
    return { result: await put(fresh, second), keyRotated: true };
  } catch (error) {
    throw toGitHubCallError(error, call);
  }
}

function putSecret(
  octokit: GitHubClient,
  destination: Destination,
  orgAccess: OrgSecretAccess | undefined,
  sealed: { encrypted_value: string; key_id: string },
  secret_name: string,
) {
  switch (destination.scope) {
    case 'repository':
      return octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
        ...destination.repository,
        secret_name,
        ...sealed,
      });
    case 'environment':
      return octokit.request(
        'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
        {
          ...destination.repository,
          environment_name: destination.environment,
          secret_name,
          ...sealed,
        },
      );
    case 'organization': {
      const access = orgAccess ?? { visibility: 'private' as const, existing: false };
      return octokit.request('PUT /orgs/{org}/actions/secrets/{secret_name}', {
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
