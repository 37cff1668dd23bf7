// @ts-check
// What the GitHub fake stores about repositories, environments, organisations and tokens, with
// the per-scope secrets and variables of github-scopes.js mixed in. The routes change it; tests
// seed and inspect it through the same functions, so both sides see one truth.

import { isoSeconds } from './github-http.js';
import { createScopeStore } from './github-scopes.js';

/**
 * @typedef {object} Repo
 * @property {number} id
 * @property {string} owner
 * @property {string} name
 * @property {string} fullName
 * @property {boolean} private
 * @property {string} pushedAt ISO
 * @property {boolean} hasIssues
 * @property {Map<string, string>} environments lower-cased name → name as created
 * @property {number} nextNumber issues and pull requests share numbers
 */
/**
 * @typedef {object} TokenInfo
 * @property {string} token
 * @property {Map<string, 'read' | 'write'>} permissions
 * @property {'pat' | 'app' | 'github_token'} type
 * @property {Set<string> | undefined} repos lower-cased owner/name; undefined = every repository
 * @property {string} login the author of issues and comments made with it
 */
/** Every permission the fake knows; `metadata` is always granted. */
export const ALL_PERMISSIONS = Object.freeze([
  'secrets',
  'environments',
  'variables',
  'org_secrets',
  'org_variables',
  'issues',
  'actions',
]);
// GITHUB_TOKEN has no secrets, variables or environments permission (docs/platform-facts.md,
// "Permissions").
const GITHUB_TOKEN_PERMISSIONS = ['issues', 'actions', 'metadata'];

/** @param {() => number} now */
export function createGitHubState(now) {
  let lastRepoId = 700000000;
  let lastId = 2000000000;
  /** @type {Map<string, Repo>} */
  const repos = new Map();
  /** @type {Map<string, string>} */
  const orgs = new Map();
  /** @type {Map<string, TokenInfo>} */
  const tokens = new Map();

  /** @param {string} fullName */
  function requireRepo(fullName) {
    const repo = repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`github fake: no repository ${fullName} (call addRepo first)`);
    return repo;
  }

  const scopes = createScopeStore({ requireRepo, orgs, now });

  return {
    repos,
    orgs,
    tokens,
    nextId: () => ++lastId,
    /** @param {string} fullName */
    findRepo: (fullName) => repos.get(fullName.toLowerCase()),
    /** @param {number} id */
    findRepoById: (id) => [...repos.values()].find((r) => r.id === id),
    requireRepo,

    /** @param {{ owner: string, name: string, id?: number, private?: boolean, pushedAt?: string, hasIssues?: boolean }} spec */
    addRepo(spec) {
      const fullName = `${spec.owner}/${spec.name}`;
      /** @type {Repo} */
      const repo = {
        id: spec.id ?? ++lastRepoId,
        owner: spec.owner,
        name: spec.name,
        fullName,
        private: spec.private ?? false,
        pushedAt: spec.pushedAt ?? isoSeconds(now()),
        hasIssues: spec.hasIssues ?? true,
        environments: new Map(),
        nextNumber: 1,
      };
      repos.set(fullName.toLowerCase(), repo);
      return repo;
    },
    /** @param {string} fullName @param {string} envName */
    addEnvironment(fullName, envName) {
      requireRepo(fullName).environments.set(envName.toLowerCase(), envName);
    },
    /** @param {string} org */
    addOrg(org) {
      orgs.set(org.toLowerCase(), org);
    },
    /**
     * Permissions: `secrets`, `environments`, `variables`, `org_secrets`, `org_variables`,
     * `issues`, `actions` (write, which includes read), or `name:read` for read only.
     * @param {string} token
     * @param {{ permissions: string[], type?: 'pat' | 'app' | 'github_token', repos?: string[], login?: string }} spec
     */
    addToken(token, spec) {
      const type = spec.type ?? 'pat';
      /** @type {Map<string, 'read' | 'write'>} */
      const permissions = new Map([['metadata', 'read']]);
      for (const entry of spec.permissions) {
        const [name, level = 'write'] = entry.split(':');
        if (name !== 'metadata' && !ALL_PERMISSIONS.includes(name)) {
          throw new Error(
            `github fake: unknown permission "${name}"; use ${ALL_PERMISSIONS.join(', ')}`,
          );
        }
        if (type === 'github_token' && !GITHUB_TOKEN_PERMISSIONS.includes(name)) {
          throw new Error(
            `github fake: GITHUB_TOKEN cannot hold "${name}" (docs/platform-facts.md, "Permissions")`,
          );
        }
        if (level !== 'read' && level !== 'write') {
          throw new Error(`github fake: bad permission ${entry}`);
        }
        permissions.set(name, level);
      }
      const login = spec.login ?? (type === 'pat' ? 'sim-user' : 'github-actions[bot]');
      const repoSet = spec.repos && new Set(spec.repos.map((r) => r.toLowerCase()));
      /** @type {TokenInfo} */
      const info = { token, permissions, type, repos: repoSet, login };
      tokens.set(token, info);
      return info;
    },

    ...scopes,
  };
}
