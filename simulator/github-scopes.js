// @ts-check
// Per-scope state: each repository, environment and organization scope has its own libsodium key
// pair (created lazily, rotatable), its secrets and its variables, all keyed by upper-cased name
// because GitHub treats names case-insensitively (docs/platform-facts.md,
// "Secrets: names and limits").

import { isoSeconds } from './github-http.js';
import { newKeyPair, open, seal } from './sealed-box.js';

/**
 * @typedef {object} SecretRecord
 * @property {string} name
 * @property {string} keyId
 * @property {string} encryptedValue
 * @property {string} createdAt
 * @property {string} updatedAt
 * @property {'all' | 'private' | 'selected'} [visibility] org secrets only
 * @property {number[]} [selectedRepositoryIds] org secrets only
 */
/**
 * @typedef {object} VariableRecord
 * @property {string} name
 * @property {string} value
 * @property {string} createdAt
 * @property {string} updatedAt
 * @property {'all' | 'private' | 'selected'} [visibility]
 * @property {number[]} [selectedRepositoryIds]
 */
/**
 * @typedef {object} Scope
 * @property {string} key normalised scope string
 * @property {import('./sealed-box.js').KeyPair} pair current key pair
 * @property {Map<string, import('./sealed-box.js').KeyPair>} pairs every pair by key id (rotation)
 * @property {Map<string, SecretRecord>} secrets by upper-cased name
 * @property {Map<string, VariableRecord>} variables by upper-cased name
 * @property {boolean} rotateAfterRead the next public-key read through the API rotates the pair
 */
/**
 * @typedef {object} OrgExtra
 * @property {'all' | 'private' | 'selected'} [visibility]
 * @property {number[]} [selectedRepositoryIds]
 */

/**
 * @param {{ requireRepo: (fullName: string) => import('./github-state.js').Repo,
 *           orgs: Map<string, string>, now: () => number }} deps
 */
export function createScopeStore({ requireRepo, orgs, now }) {
  /** @type {Map<string, Scope>} */
  const scopes = new Map();

  /**
   * A scope string (`repo:o/r`, `env:o/r:name`, `org:name`) → its stored state, created lazily.
   * @param {string} scopeString
   * @returns {Scope}
   */
  function scope(scopeString) {
    const key = normaliseScope(scopeString);
    let found = scopes.get(key);
    if (!found) {
      const pair = newKeyPair();
      found = {
        key,
        pair,
        pairs: new Map([[pair.keyId, pair]]),
        secrets: new Map(),
        variables: new Map(),
        rotateAfterRead: false,
      };
      scopes.set(key, found);
    }
    return found;
  }

  /** @param {string} scopeString */
  function normaliseScope(scopeString) {
    const env = /^env:([^/:]+\/[^/:]+):(.+)$/.exec(scopeString);
    if (env) {
      const repo = requireRepo(env[1]);
      if (!repo.environments.has(env[2].toLowerCase())) {
        throw new Error(`github fake: ${repo.fullName} has no environment ${env[2]}`);
      }
      return `env:${repo.fullName.toLowerCase()}:${env[2].toLowerCase()}`;
    }
    if (scopeString.startsWith('repo:')) {
      return `repo:${requireRepo(scopeString.slice(5)).fullName.toLowerCase()}`;
    }
    if (scopeString.startsWith('org:')) {
      const org = scopeString.slice(4).toLowerCase();
      if (!orgs.has(org)) {
        throw new Error(`github fake: no organization ${org} (call addOrg first)`);
      }
      return `org:${org}`;
    }
    throw new Error(
      `github fake: bad scope "${scopeString}"; use repo:o/r, env:o/r:name or org:name`,
    );
  }

  /** Old pairs are kept, so a secret sealed before the rotation still decrypts. @param {Scope} s */
  function rotate(s) {
    s.pair = newKeyPair();
    s.pairs.set(s.pair.keyId, s.pair);
    return s.pair.keyId;
  }

  return {
    scope,
    /** @param {string} scopeString */
    publicKey: (scopeString) => ({
      keyId: scope(scopeString).pair.keyId,
      key: scope(scopeString).pair.key,
    }),
    /** A new key pair; values sealed for the old key_id are then refused with 422. @param {string} scopeString */
    rotateKey: (scopeString) => rotate(scope(scopeString)),
    /**
     * One-shot: the next GET …/public-key of this scope answers the current key, then the pair
     * rotates, so a PUT sealed with what that read returned gets 422 (GitHub rotates keys on
     * its own schedule, and a run can fall between its read and its write).
     * @param {string} scopeString
     */
    rotateKeyAfterNextRead(scopeString) {
      scope(scopeString).rotateAfterRead = true;
    },
    /** What GET …/public-key answers, rotating afterwards when asked to. @param {string} scopeString */
    readPublicKey(scopeString) {
      const s = scope(scopeString);
      const { keyId, key } = s.pair;
      if (s.rotateAfterRead) {
        s.rotateAfterRead = false;
        rotate(s);
      }
      return { keyId, key };
    },
    /** Copies of every secret in the scope. @param {string} scopeString */
    secrets: (scopeString) => [...scope(scopeString).secrets.values()].map(copyRecord),
    /** Copies of every variable in the scope. @param {string} scopeString */
    variables: (scopeString) => [...scope(scopeString).variables.values()].map(copyRecord),
    /** @param {string} scopeString @param {string} name */
    getSecret(scopeString, name) {
      const found = scope(scopeString).secrets.get(name.toUpperCase());
      return found && copyRecord(found);
    },
    /** The plaintext, opened with the scope's own private key. @param {string} scopeString @param {string} name */
    decryptSecret(scopeString, name) {
      const s = scope(scopeString);
      const found = s.secrets.get(name.toUpperCase());
      const pair = found && s.pairs.get(found.keyId);
      return found && pair ? open(found.encryptedValue, pair) : undefined;
    },
    /** Seeds a secret, sealed with the scope's key. @param {string} scopeString @param {string} name @param {string} plaintext @param {OrgExtra} [extra] */
    setSecret(scopeString, name, plaintext, extra = {}) {
      const s = scope(scopeString);
      const at = isoSeconds(now());
      const old = s.secrets.get(name.toUpperCase());
      const org = s.key.startsWith('org:');
      s.secrets.set(name.toUpperCase(), {
        name: name.toUpperCase(),
        keyId: s.pair.keyId,
        encryptedValue: seal(plaintext, s.pair),
        createdAt: old?.createdAt ?? at,
        updatedAt: at,
        ...(org ? orgAccess(extra, old) : {}),
      });
    },
    /** Removes a seeded secret; true when there was one. @param {string} scopeString @param {string} name */
    deleteSecret: (scopeString, name) => scope(scopeString).secrets.delete(name.toUpperCase()),
    /** @param {string} scopeString @param {string} name */
    getVariable(scopeString, name) {
      const found = scope(scopeString).variables.get(name.toUpperCase());
      return found && copyRecord(found);
    },
    /** @param {string} scopeString @param {string} name @param {string} value @param {OrgExtra} [extra] */
    setVariable(scopeString, name, value, extra = {}) {
      const s = scope(scopeString);
      const at = isoSeconds(now());
      const old = s.variables.get(name.toUpperCase());
      s.variables.set(name.toUpperCase(), {
        name: name.toUpperCase(),
        value,
        createdAt: old?.createdAt ?? at,
        updatedAt: at,
        ...(s.key.startsWith('org:') ? orgAccess(extra, old) : {}),
      });
    },
  };
}

/**
 * Org visibility for a seeded value: what `extra` says, else what it had, else `private`.
 * @param {OrgExtra} extra
 * @param {OrgExtra | undefined} old
 * @returns {Required<OrgExtra>}
 */
function orgAccess(extra, old) {
  const visibility = extra.visibility ?? old?.visibility ?? 'private';
  const ids = extra.selectedRepositoryIds ?? old?.selectedRepositoryIds ?? [];
  return { visibility, selectedRepositoryIds: visibility === 'selected' ? [...ids] : [] };
}

/**
 * A copy a test may keep or change without touching the store.
 * @template {{ selectedRepositoryIds?: number[] }} T
 * @param {T} record
 * @returns {T}
 */
function copyRecord(record) {
  const ids = record.selectedRepositoryIds;
  return { ...record, ...(ids ? { selectedRepositoryIds: [...ids] } : {}) };
}
