/** The destination scope's public key, which a secret's value is sealed for. */
import { toGitHubCallError } from './call-error.js';
import type { GitHubClient } from './client.js';
import { describeDestination, type Destination } from './destination.js';
import { callFor } from './secret-call.js';

export interface PublicKey {
  keyId: string;
  key: string;
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
      return octokit.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', {
        ...destination.repository,
      });
    case 'environment':
      return octokit.request(
        'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key',
        {
          ...destination.repository,
          environment_name: destination.environment,
        },
      );
    case 'organization':
      return octokit.request('GET /orgs/{org}/actions/secrets/public-key', {
        org: destination.org,
      });
  }
}
