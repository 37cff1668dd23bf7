// @ts-check
// What the Netlify fake stores: accounts (teams) by id and slug, sites, personal access tokens,
// and environment variables per account or per site (docs/platform-facts.md, "Netlify"). Values
// are kept in the clear so a test reads what a build in each deploy context would see.

import { randomBytes, randomUUID } from 'node:crypto';

export const CONTEXTS = Object.freeze([
  'all',
  'dev',
  'dev-server',
  'branch-deploy',
  'deploy-preview',
  'production',
  'branch',
]);
/** The scopes a variable gets when none are sent; the API spells the last one with `_`. */
export const ALL_SCOPES = Object.freeze(['builds', 'functions', 'runtime', 'post_processing']);

/** @typedef {{ id: string, slug: string, name: string }} NetlifyAccount */
/** @typedef {{ id: string, name: string, accountId: string }} NetlifySite */
/** @typedef {{ id: string, value: string, context: string, context_parameter?: string }} NetlifyValue */
/**
 * @typedef {object} NetlifyEnv
 * @property {string} key
 * @property {string[]} scopes
 * @property {NetlifyValue[]} values
 * @property {boolean} is_secret
 * @property {string} updated_at ISO
 */
/** @typedef {{ token: string, accounts: Set<string> | null }} NetlifyTokenInfo null: every account */

export function createNetlifyState() {
  /** @type {Map<string, NetlifyAccount>} */
  const accounts = new Map();
  /** @type {Map<string, NetlifySite>} */
  const sites = new Map();
  /** @type {Map<string, NetlifyTokenInfo>} */
  const tokens = new Map();
  /** Variables by `accountId|siteId` (siteId empty for team-level ones). @type {Map<string, Map<string, NetlifyEnv>>} */
  const envs = new Map();

  /** @param {string} idOrSlug */
  function findAccount(idOrSlug) {
    return accounts.get(idOrSlug) ?? [...accounts.values()].find((a) => a.slug === idOrSlug);
  }

  /** @param {{ slug: string, name?: string, id?: string }} spec */
  function addAccount(spec) {
    const account = {
      id: spec.id ?? randomBytes(12).toString('hex'),
      slug: spec.slug,
      name: spec.name ?? spec.slug,
    };
    accounts.set(account.id, account);
    return account;
  }

  /** @param {string | NetlifySite} ref */
  function requireSite(ref) {
    const site = typeof ref === 'string' ? sites.get(ref) : ref;
    if (!site) throw new Error(`netlify fake: no site ${String(ref)} (call addSite first)`);
    return site;
  }

  /** The variables of a site (created on first use). @param {string} accountId @param {string} siteId */
  function bucket(accountId, siteId) {
    const id = `${accountId}|${siteId}`;
    let map = envs.get(id);
    if (!map) envs.set(id, (map = new Map()));
    return map;
  }

  return {
    accounts,
    sites,
    tokens,
    findAccount,
    bucket,
    addAccount,
    /**
     * A site, in the account of that slug or id (made when missing). The id is a UUID, like the
     * "API ID" Netlify shows.
     * @param {{ name: string, account?: string, id?: string }} spec
     */
    addSite(spec) {
      const account =
        findAccount(spec.account ?? 'acme') ?? addAccount({ slug: spec.account ?? 'acme' });
      /** @type {NetlifySite} */
      const site = { id: spec.id ?? randomUUID(), name: spec.name, accountId: account.id };
      sites.set(site.id, site);
      return site;
    },
    /** @param {{ accounts?: string[], token?: string }} [spec] accounts: ids or slugs (default all) */
    addToken(spec = {}) {
      const token = spec.token ?? `nfp_${randomBytes(18).toString('hex')}`;
      const reach = spec.accounts?.map((ref) => findAccount(ref)?.id ?? ref);
      tokens.set(token, { token, accounts: reach ? new Set(reach) : null });
      return token;
    },
    /** @param {string} token */
    revokeToken(token) {
      tokens.delete(token);
    },
    /**
     * Seeds a site variable as the UI would make it.
     * @param {string | NetlifySite} siteRef
     * @param {{ key: string, values: { context: string, value: string, context_parameter?: string }[],
     *           is_secret?: boolean, scopes?: string[] }} spec
     */
    setEnv(siteRef, spec) {
      const site = requireSite(siteRef);
      /** @type {NetlifyEnv} */
      const env = {
        key: spec.key,
        scopes: [...(spec.scopes ?? ALL_SCOPES)],
        values: spec.values.map((v) => ({ id: randomBytes(8).toString('hex'), ...v })),
        is_secret: spec.is_secret ?? false,
        updated_at: new Date().toISOString(),
      };
      bucket(site.accountId, site.id).set(spec.key, env);
      return env;
    },
    /** The stored variable (live), or undefined. @param {string | NetlifySite} siteRef @param {string} key */
    envVar(siteRef, key) {
      const site = requireSite(siteRef);
      return bucket(site.accountId, site.id).get(key);
    },
    /**
     * What a build in `context` reads: the value for that context, else the `all` value.
     * @param {string | NetlifySite} siteRef
     * @param {string} key
     * @param {string} context
     */
    valueOf(siteRef, key, context) {
      const site = requireSite(siteRef);
      const env = bucket(site.accountId, site.id).get(key);
      const exact = env?.values.find((v) => v.context === context);
      return (exact ?? env?.values.find((v) => v.context === 'all'))?.value;
    },
  };
}

/** @typedef {ReturnType<typeof createNetlifyState>} NetlifyState */
