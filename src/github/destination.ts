/** Where the secret lives: pure descriptions of the three scopes and their REST routes. */

export interface RepoRef {
  owner: string;
  repo: string;
}

export type Destination =
  | { scope: 'repository'; secretName: string; repository: RepoRef }
  | { scope: 'environment'; secretName: string; repository: RepoRef; environment: string }
  | { scope: 'organization'; secretName: string; org: string; repository?: RepoRef };

export interface DestinationInput {
  secretName: string;
  repository?: RepoRef;
  environment?: string;
  organization?: string;
}

export function destinationFor(input: DestinationInput): Destination {
  const { secretName, repository, environment, organization } = input;
  if (organization !== undefined) {
    return { scope: 'organization', secretName, org: organization, repository };
  }
  if (!repository) throw new Error('destinationFor: a repository or an organization is required');
  if (environment !== undefined) {
    return { scope: 'environment', secretName, repository, environment };
  }
  return { scope: 'repository', secretName, repository };
}

export function repoName(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}

/** "repository secret INSTAGRAM_ACCESS_TOKEN in acme/site", for people. */
export function describeDestination(destination: Destination): string {
  const name = destination.secretName;
  switch (destination.scope) {
    case 'repository':
      return `repository secret ${name} in ${repoName(destination.repository)}`;
    case 'environment':
      return (
        `environment secret ${name} in ${repoName(destination.repository)} ` +
        `(environment "${destination.environment}")`
      );
    case 'organization':
      return `organization secret ${name} in ${destination.org}`;
  }
}

/** What a 404 or a missing permission is about: "the repository acme/site", …. */
export function describeTarget(destination: Destination): string {
  switch (destination.scope) {
    case 'repository':
      return `the repository ${repoName(destination.repository)}`;
    case 'environment':
      return `the environment "${destination.environment}" of ${repoName(destination.repository)}`;
    case 'organization':
      return `the organization ${destination.org}`;
  }
}

/** Where the secret lives, short: "acme/site", "acme/site, environment prod", "organization acme". */
export function describeWhere(destination: Destination): string {
  switch (destination.scope) {
    case 'repository':
      return repoName(destination.repository);
    case 'environment':
      return `${repoName(destination.repository)}, environment ${destination.environment}`;
    case 'organization':
      return `organization ${destination.org}`;
  }
}

/**
 * A stable key for one destination (scope and secret name), e.g. for the failure issue's
 * marker. GitHub compares all these names case-insensitively, so the key does too.
 */
export function destinationKey(destination: Destination): string {
  const name = destination.secretName.toUpperCase();
  switch (destination.scope) {
    case 'repository':
      return `repo:${repoName(destination.repository).toLowerCase()}:${name}`;
    case 'environment': {
      // Encoded: the key goes into an HTML comment, which a name holding --> would end.
      const where = `${repoName(destination.repository)}:${encodeURIComponent(destination.environment)}`;
      return `env:${where.toLowerCase()}:${name}`;
    }
    case 'organization':
      return `org:${destination.org.toLowerCase()}:${name}`;
  }
}
