/** What a secret call at each scope is, for the messages of its failures. */
import { INPUT } from '../inputs/input-names.js';
import type { GitHubCall } from './call-error.js';
import { describeTarget, type Destination } from './destination.js';

export function callFor(destination: Destination, what: string): GitHubCall {
  const permission = {
    repository: 'Secrets: Read and write',
    environment: 'Environments: Read and write" and "Secrets: Read and write',
    organization: 'Organization › Secrets: Read and write',
  }[destination.scope];
  return { what, permission, target: describeTarget(destination), tokenInput: INPUT.githubToken };
}
