// @ts-check
// The simulator's entry: both fakes, the runner stand-in, and a one-call scenario seed that
// e2e tests and scripts/demo.mjs share, so they all start from the same world.

import { randomBytes } from 'node:crypto';
import { startGitHubServer } from './github-server.js';
import { ALL_PERMISSIONS } from './github-state.js';
import { startGraphServer } from './graph-server.js';

export { createFaults } from './faults.js';
export { createBarrier } from './barrier.js';
export { startGraphServer } from './graph-server.js';
export { startGitHubServer } from './github-server.js';
export { ALL_PERMISSIONS } from './github-state.js';
export { TOO_YOUNG_TO_REFRESH, CANNOT_PARSE, mintTokenString } from './graph-tokens.js';
export { ENCRYPTED_VALUE_PATTERN } from './sealed-box.js';
export { runAction, parseOutputFile } from './run-action.js';
export {
  createRouter,
  listen,
  readJson,
  sendJson,
  parseUrl,
  queryObject,
  sleep,
} from './http-util.js';

/** @typedef {import('./graph-server.js').GraphServer} GraphServer */
/** @typedef {import('./github-server.js').GitHubServer} GitHubServer */
/** @typedef {import('./barrier.js').Barrier} Barrier */
/** @typedef {{ graph: GraphServer, github: GitHubServer, close(): Promise<void> }} Simulator */

/**
 * Starts both fakes on 127.0.0.1.
 * @param {{ graph?: Parameters<typeof startGraphServer>[0], github?: Parameters<typeof startGitHubServer>[0] }} [options]
 * @returns {Promise<Simulator>}
 */
export async function startSimulator(options = {}) {
  const [graph, github] = await Promise.all([
    startGraphServer(options.graph),
    startGitHubServer(options.github),
  ]);
  return {
    graph,
    github,
    async close() {
      await Promise.all([graph.close(), github.close()]);
    },
  };
}

/**
 * @typedef {object} ScenarioSpec
 * @property {'instagram' | 'facebook'} flavour
 * @property {'repo' | 'env' | 'org'} scope
 * @property {string} [secretName] default INSTAGRAM_ACCESS_TOKEN
 * @property {string} [repository] default acme/site (the run-action default GITHUB_REPOSITORY)
 * @property {string} [environment] default production (scope env)
 * @property {string} [organization] default the repository's owner (scope org)
 * @property {Partial<import('./graph-server.js').AddTokenSpec>} [token] passed on to graph.addToken
 */

/**
 * Seeds a working world: the repository (with environment or organization), a GitHub token with
 * every permission, a Meta token, and the secret holding it. Returns the action's inputs.
 * An org secret is seeded `selected` with the repository, the setting the action must keep.
 * @param {Simulator} sim
 * @param {ScenarioSpec} spec
 */
export function seedScenario(sim, spec) {
  const { graph, github } = sim;
  const secretName = spec.secretName ?? 'INSTAGRAM_ACCESS_TOKEN';
  const repository = spec.repository ?? 'acme/site';
  const [owner, name] = repository.split('/');
  const repo = github.state.findRepo(repository) ?? github.addRepo({ owner, name });
  // The workflow run-action's GITHUB_WORKFLOW_REF names, for the keepalive path.
  if (!github.getWorkflow(repository, 'refresh-instagram-token.yml')) {
    github.addWorkflow(repository, {
      id: 90000000 + (repo.id % 1000000),
      path: '.github/workflows/refresh-instagram-token.yml',
      name: 'Refresh Instagram token',
      state: 'active',
    });
  }
  const githubToken = `github_pat_${randomBytes(30).toString('hex')}`;
  github.addToken(githubToken, { permissions: [...ALL_PERMISSIONS] });
  const meta = graph.addToken({ flavour: spec.flavour, ...spec.token });

  /** @type {Record<string, string>} */
  const inputs = {
    'instagram-token': meta.token,
    'github-token': githubToken,
    'secret-name': secretName,
    repository,
    api: 'auto',
    'instagram-api-url': graph.url,
    'facebook-api-url': graph.url,
  };
  let scope = `repo:${repository}`;
  if (spec.scope === 'env') {
    const environment = spec.environment ?? 'production';
    github.addEnvironment(repository, environment);
    scope = `env:${repository}:${environment}`;
    inputs.environment = environment;
  } else if (spec.scope === 'org') {
    const organization = spec.organization ?? owner;
    github.addOrg(organization);
    scope = `org:${organization}`;
    inputs.organization = organization;
  }
  github.setSecret(scope, secretName, meta.token, {
    visibility: 'selected',
    selectedRepositoryIds: [repo.id],
  });
  if (spec.flavour === 'facebook') {
    inputs['app-id'] = graph.appId;
    inputs['app-secret'] = graph.appSecret;
  }
  return {
    githubToken,
    instagramToken: meta.token,
    scope,
    inputs,
    /** Pass to runAction's env: where the action finds the GitHub fake. */
    env: { GITHUB_API_URL: github.url },
  };
}
