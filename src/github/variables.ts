/**
 * The expiry variable beside the secret: a repository, environment or organization variable
 * matching the secret's scope. Variables are plain text: they hold the expiry, never a token.
 */
import { INPUT } from '../inputs/input-names.js';
import { toGitHubCallError, type GitHubCall } from './call-error.js';
import type { GitHubClient } from './client.js';
import { describeTarget, type Destination, type RepoRef } from './destination.js';
import { newOrgAccess } from './org-access.js';

export interface RecordedVariable {
  value: string;
  updatedAt?: string;
}

export type VariableWrite =
  { written: true; how: 'created' | 'updated' } | { written: false; reason: string };

interface VariableRoutes {
  collection: string;
  params: Record<string, string>;
  call: Omit<GitHubCall, 'what'>;
}

function routesFor(destination: Destination): VariableRoutes {
  const call = (permission: string) => ({
    permission,
    target: describeTarget(destination),
    tokenInput: INPUT.githubToken,
  });
  switch (destination.scope) {
    case 'repository':
      return {
        collection: '/repos/{owner}/{repo}/actions/variables',
        params: { ...destination.repository },
        call: call('Variables: Read and write'),
      };
    case 'environment':
      return {
        collection: '/repos/{owner}/{repo}/environments/{environment_name}/variables',
        params: { ...destination.repository, environment_name: destination.environment },
        call: call('Environments: Read and write" and "Variables: Read and write'),
      };
    case 'organization':
      return {
        collection: '/orgs/{org}/actions/variables',
        params: { org: destination.org },
        call: call('Organization › Variables: Read and write'),
      };
  }
}

/** The variable, or undefined when it does not exist yet. */
export async function readVariable(
  octokit: GitHubClient,
  destination: Destination,
  name: string,
): Promise<RecordedVariable | undefined> {
  const routes = routesFor(destination);
  try {
    const { data } = await octokit.request(`GET ${routes.collection}/{name}`, {
      ...routes.params,
      name,
    });
    const variable = data as { value?: unknown; updated_at?: unknown };
    return {
      value: String(variable.value ?? ''),
      updatedAt: typeof variable.updated_at === 'string' ? variable.updated_at : undefined,
    };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw toGitHubCallError(error, { ...routes.call, what: `read variable ${name}` });
  }
}

/**
 * Creates or updates the variable. There is no upsert: POST answers 409 when it exists and
 * PATCH 404 when it does not (docs/platform-facts.md, "Variables"), so start with the likelier
 * one and fall back.
 */
export async function writeVariable(
  octokit: GitHubClient,
  destination: Destination,
  name: string,
  value: string,
  options: { exists: boolean; workflowRepository: RepoRef },
): Promise<VariableWrite> {
  const routes = routesFor(destination);
  const call = { ...routes.call, what: `write variable ${name}` };
  const update = () =>
    octokit.request(`PATCH ${routes.collection}/{name}`, { ...routes.params, name, value });
  const create = async () =>
    octokit.request(`POST ${routes.collection}`, {
      ...routes.params,
      name,
      value,
      ...(await newVariableAccess(octokit, destination, options.workflowRepository)),
    });
  try {
    if (options.exists) {
      if (await orFallback(update, 404)) return { written: true, how: 'updated' };
      await create();
      return { written: true, how: 'created' };
    }
    if (await orFallback(create, 409)) return { written: true, how: 'created' };
    await update();
    return { written: true, how: 'updated' };
  } catch (error) {
    throw toGitHubCallError(error, call);
  }
}

/** Runs `attempt`; false when it failed with `fallbackStatus` (the caller then tries the other way). */
async function orFallback(
  attempt: () => Promise<unknown>,
  fallbackStatus: number,
): Promise<boolean> {
  try {
    await attempt();
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === fallbackStatus) return false;
    throw error;
  }
}

/**
 * A new organization variable follows the rule for a new organization secret
 * (docs/behaviour.md, "Input rules").
 */
async function newVariableAccess(
  octokit: GitHubClient,
  destination: Destination,
  workflowRepository: RepoRef,
): Promise<Record<string, unknown>> {
  if (destination.scope !== 'organization') return {};
  const access = await newOrgAccess(octokit, destination.org, workflowRepository);
  return access.visibility === 'selected'
    ? { visibility: 'selected', selected_repository_ids: access.selectedRepositoryIds }
    : { visibility: 'private' };
}
