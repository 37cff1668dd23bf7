/**
 * Where the secret lives (`repository`, `environment`, `organization`, and the workflow's own
 * repository from the runner) and who hears of a failure (`issue-labels`, `issue-assignees`):
 * the same for every account of a step.
 */
import { InputError } from '../rules/errors.js';
import type { RepoRef } from '../github/destination.js';
import { INPUT } from './input-names.js';
import { list, optional, type InputReader } from './input-rules.js';
import { isLogin, parseRepo } from './names.js';

export interface Place {
  /** The repository the workflow runs in: failure issues and the inactivity check live there. */
  workflowRepository: RepoRef;
  /** What destinationFor() needs besides the secret's name. */
  where: { repository: RepoRef; environment?: string; organization?: string };
}

export function readPlace(read: InputReader, env: NodeJS.ProcessEnv): Place {
  const workflowRepository = workflowRepo(env);
  const repository = repositoryInput(read, workflowRepository);
  const environment = optional(read, INPUT.environment);
  const organization = optional(read, INPUT.organization);
  if (environment !== undefined && organization !== undefined) {
    throw new InputError(
      INPUT.environment,
      `Inputs '${INPUT.environment}' and '${INPUT.organization}' cannot both be set: a secret ` +
        `lives in one place. Set '${INPUT.environment}' for an environment secret, or ` +
        `'${INPUT.organization}' for an organization secret.`,
    );
  }
  if (organization !== undefined && !isLogin(organization)) {
    throw new InputError(
      INPUT.organization,
      `Input '${INPUT.organization}' must be an organization login (letters, digits and ` +
        `hyphens), got "${organization}".`,
    );
  }
  if (environment !== undefined && /[\r\n]/.test(environment)) {
    throw new InputError(INPUT.environment, `Input '${INPUT.environment}' must be one line.`);
  }
  if (!repository) {
    throw new InputError(
      INPUT.repository,
      `Input '${INPUT.repository}' is empty and GITHUB_REPOSITORY is not set. ` +
        `Set it to owner/name, for example: repository: acme/site`,
    );
  }

  return {
    workflowRepository: workflowRepository ?? repository,
    where: { repository, environment, organization },
  };
}

function workflowRepo(env: NodeJS.ProcessEnv): RepoRef | undefined {
  return parseRepo((env.GITHUB_REPOSITORY ?? '').trim());
}

function repositoryInput(read: InputReader, fallback: RepoRef | undefined): RepoRef | undefined {
  const value = optional(read, INPUT.repository);
  if (value === undefined) return fallback;
  const parsed = parseRepo(value);
  if (!parsed) {
    throw new InputError(
      INPUT.repository,
      `Input '${INPUT.repository}' must be owner/name, got "${value}". Example: repository: acme/site`,
    );
  }
  return parsed;
}

export function readIssueOptions(
  read: InputReader,
  defaultLabels: string,
): { issueLabels: string[]; issueAssignees: string[] } {
  const issueLabels = list(read, INPUT.issueLabels, defaultLabels);
  if (issueLabels.length === 0) {
    throw new InputError(
      INPUT.issueLabels,
      `Input '${INPUT.issueLabels}' needs at least one label.`,
    );
  }
  const issueAssignees = list(read, INPUT.issueAssignees, '');
  const badAssignee = issueAssignees.find((login) => !isLogin(login.replace(/^@/, '')));
  if (badAssignee !== undefined) {
    throw new InputError(
      INPUT.issueAssignees,
      `Input '${INPUT.issueAssignees}' must be comma-separated GitHub logins, got "${badAssignee}".`,
    );
  }

  return { issueLabels, issueAssignees: issueAssignees.map((login) => login.replace(/^@/, '')) };
}
