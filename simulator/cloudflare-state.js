// @ts-check
// What the Cloudflare fake stores: accounts, Workers scripts with their secrets and deployed
// version, Pages projects with per-environment variables, and API tokens with the account
// permissions a user picks when making one (docs/platform-facts.md, "Cloudflare").

import { randomBytes, randomUUID } from 'node:crypto';

/** Permissions as the dashboard names them; `edit` includes `read`. */
export const CF_PERMISSIONS = Object.freeze([
  'workers-scripts:read',
  'workers-scripts:edit',
  'pages:read',
  'pages:edit',
]);
export const PAGES_ENVIRONMENTS = Object.freeze(['production', 'preview']);

/**
 * @typedef {object} CfScript
 * @property {string} account
 * @property {string} name
 * @property {Map<string, { name: string, type: string, text: string }>} secrets
 * @property {number} version the deployed version; a secret PUT deploys a new one
 * @property {boolean} gradualRollout the latest version is not fully deployed: secret PUTs get 10215
 */
/** @typedef {{ type: 'plain_text' | 'secret_text', value: string }} CfEnvVar */
/**
 * @typedef {object} CfPagesProject
 * @property {string} account
 * @property {string} id
 * @property {string} name
 * @property {Record<'production' | 'preview', Record<string, CfEnvVar>>} envVars
 */
/** @typedef {{ token: string, accounts: Set<string> | null, permissions: Set<string> }} CfTokenInfo */

export function createCloudflareState() {
  /** @type {Set<string>} */
  const accounts = new Set();
  /** @type {Map<string, CfScript>} by `account/name` */
  const scripts = new Map();
  /** @type {Map<string, CfPagesProject>} by `account/name` */
  const pages = new Map();
  /** @type {Map<string, CfTokenInfo>} */
  const tokens = new Map();

  /** @param {string} account */
  function ensureAccount(account) {
    accounts.add(account);
    return account;
  }

  /** @param {string} account @param {string} name */
  function requireScript(account, name) {
    const script = scripts.get(`${account}/${name}`);
    if (!script) throw new Error(`cloudflare fake: no worker ${name} in ${account}`);
    return script;
  }

  /** @param {string} account @param {string} name */
  function requireProject(account, name) {
    const project = pages.get(`${account}/${name}`);
    if (!project) throw new Error(`cloudflare fake: no Pages project ${name} in ${account}`);
    return project;
  }

  return {
    accounts,
    scripts,
    pages,
    tokens,
    /** An account id: 32 hex characters, as Cloudflare's. @param {string} [id] */
    addAccount(id = randomBytes(16).toString('hex')) {
      return ensureAccount(id);
    },
    /** @param {string} account @param {string} name @param {{ gradualRollout?: boolean }} [options] */
    addWorker(account, name, options = {}) {
      /** @type {CfScript} */
      const script = {
        account: ensureAccount(account),
        name,
        secrets: new Map(),
        version: 1,
        gradualRollout: options.gradualRollout ?? false,
      };
      scripts.set(`${account}/${name}`, script);
      return script;
    },
    /**
     * @param {string} account
     * @param {string} name
     * @param {Partial<Record<'production' | 'preview', Record<string, CfEnvVar>>>} [envVars]
     */
    addPagesProject(account, name, envVars = {}) {
      /** @type {CfPagesProject} */
      const project = {
        account: ensureAccount(account),
        id: randomUUID(),
        name,
        envVars: { production: { ...envVars.production }, preview: { ...envVars.preview } },
      };
      pages.set(`${account}/${name}`, project);
      return project;
    },
    /**
     * An API token (40 characters). Default: every account, every permission.
     * @param {{ accounts?: string[], permissions?: string[], token?: string }} [spec]
     */
    addToken(spec = {}) {
      const token = spec.token ?? randomBytes(30).toString('base64url').slice(0, 40);
      const permissions = new Set(spec.permissions ?? CF_PERMISSIONS);
      for (const p of [...permissions]) {
        if (p.endsWith(':edit')) permissions.add(p.replace(/:edit$/, ':read'));
      }
      tokens.set(token, {
        token,
        accounts: spec.accounts ? new Set(spec.accounts) : null,
        permissions,
      });
      return token;
    },
    /** @param {string} token */
    revokeToken(token) {
      tokens.delete(token);
    },
    /** @param {string} account @param {string} name @param {string} secret */
    workerSecret(account, name, secret) {
      return requireScript(account, name).secrets.get(secret)?.text;
    },
    /** @param {string} account @param {string} name */
    worker: requireScript,
    /** @param {string} account @param {string} name */
    pagesProject: requireProject,
    /** @param {string} account @param {string} name @param {'production' | 'preview'} environment @param {string} key */
    pagesVar(account, name, environment, key) {
      return requireProject(account, name).envVars[environment][key];
    },
  };
}

/** @typedef {ReturnType<typeof createCloudflareState>} CloudflareState */
