// @ts-check
// The simulator's entry: the Meta and GitHub fakes, the hosting-platform fakes (Vercel, Netlify,
// Cloudflare, deploy hooks), the runner stand-in, and one-call seeds that e2e tests and
// scripts/demo.mjs share, so they all start from the same world.

import { randomBytes } from 'node:crypto';
import { startGitHubServer } from './github-server.js';
import { ALL_PERMISSIONS } from './github-state.js';
import { startGraphServer } from './graph-server.js';
import { startCloudflareServer } from './cloudflare-server.js';
import { startHookServer } from './hook-server.js';
import { startNetlifyServer } from './netlify-server.js';
import { startVercelServer } from './vercel-server.js';

export { createFaults } from './faults.js';
export { createBarrier } from './barrier.js';
export { startGraphServer } from './graph-server.js';
export { startGitHubServer } from './github-server.js';
export { ALL_PERMISSIONS } from './github-state.js';
export { startVercelServer } from './vercel-server.js';
export { startNetlifyServer } from './netlify-server.js';
export { startCloudflareServer } from './cloudflare-server.js';
export { startHookServer } from './hook-server.js';
export { seedVercel, seedNetlify, seedCloudflare, seedHooks } from './site-seeds.js';
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
/** @typedef {import('./vercel-server.js').VercelServer} VercelServer */
/** @typedef {import('./netlify-server.js').NetlifyServer} NetlifyServer */
/** @typedef {import('./cloudflare-server.js').CloudflareServer} CloudflareServer */
/** @typedef {import('./hook-server.js').HookServer} HookServer */
/** @typedef {import('./site-http.js').SiteRequestRecord} SiteRequestRecord */
/**
 * @typedef {object} Simulator
 * @property {GraphServer} graph
 * @property {GitHubServer} github
 * @property {VercelServer} vercel
 * @property {NetlifyServer} netlify
 * @property {CloudflareServer} cloudflare
 * @property {HookServer} hooks
 * @property {() => Promise<void>} close
 */
/**
 * @typedef {object} SimulatorOptions
 * @property {Parameters<typeof startGraphServer>[0]} [graph]
 * @property {Parameters<typeof startGitHubServer>[0]} [github]
 * @property {Parameters<typeof startVercelServer>[0]} [vercel]
 * @property {Parameters<typeof startNetlifyServer>[0]} [netlify]
 * @property {Parameters<typeof startCloudflareServer>[0]} [cloudflare]
 * @property {Parameters<typeof startHookServer>[0]} [hooks]
 */

/**
 * Starts every fake on 127.0.0.1. The hosting-platform fakes always run (each is one idle
 * listener): a run that is given no site inputs must send them nothing, and a test can say so.
 * @param {SimulatorOptions} [options]
 * @returns {Promise<Simulator>}
 */
export async function startSimulator(options = {}) {
  const [graph, github, vercel, netlify, cloudflare, hooks] = await Promise.all([
    startGraphServer(options.graph),
    startGitHubServer(options.github),
    startVercelServer(options.vercel),
    startNetlifyServer(options.netlify),
    startCloudflareServer(options.cloudflare),
    startHookServer(options.hooks),
  ]);
  return {
    graph,
    github,
    vercel,
    netlify,
    cloudflare,
    hooks,
    async close() {
      await Promise.all([graph, github, vercel, netlify, cloudflare, hooks].map((s) => s.close()));
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
