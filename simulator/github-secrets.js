// @ts-check
// Actions secrets at repository, environment and organization scope (docs/platform-facts.md,
// "Secrets: endpoints"). A PUT is accepted only if it would work on GitHub: current key_id,
// padded standard base64, a box that opens with the scope's private key, and for org secrets an
// explicit visibility.

import {
  accessEnvironment,
  accessOrg,
  accessRepo,
  fail,
  isValidName,
  notSupplied,
  paginate,
  stringField,
  isoSeconds,
} from './github-http.js';
import { ENCRYPTED_VALUE_PATTERN, open } from './sealed-box.js';

/** @typedef {import('./github-http.js').GhCtx} GhCtx */
/** @typedef {import('./github-http.js').Answer} Answer */
/** @typedef {import('./github-http.js').GhRouter} Router */

const MAX_BYTES = 48 * 1024;
const VISIBILITIES = ['all', 'private', 'selected'];

/** @param {Router} router */
export function addSecretRoutes(router) {
  /** @type {[string, (ctx: GhCtx, p: Record<string, string>) => string][]} */
  const scopes = [
    [
      '/repos/{owner}/{repo}/actions/secrets',
      (ctx, p) => `repo:${accessRepo(ctx, p, 'secrets').fullName}`,
    ],
    [
      '/repos/{owner}/{repo}/environments/{env}/secrets',
      (ctx, p) => accessEnvironment(ctx, p).scope,
    ],
    ['/orgs/{org}/actions/secrets', (ctx, p) => accessOrg(ctx, p.org, 'org_secrets')],
  ];
  for (const [base, scopeOf] of scopes) {
    router.add('GET', `${base}/public-key`, (ctx, p) => publicKey(ctx, scopeOf(ctx, p)));
    router.add('GET', `${base}/{name}`, (ctx, p) => readSecret(ctx, scopeOf(ctx, p), p.name));
    router.add('PUT', `${base}/{name}`, (ctx, p) => putSecret(ctx, scopeOf(ctx, p), p.name));
    router.add('DELETE', `${base}/{name}`, (ctx, p) => {
      const deleted = ctx.state.scope(scopeOf(ctx, p)).secrets.delete(p.name.toUpperCase());
      if (!deleted) throw fail(404, 'Not Found');
      return { status: 204 };
    });
  }
  router.add('GET', '/orgs/{org}/actions/secrets/{name}/repositories', listSelected);
  router.add('PUT', '/orgs/{org}/actions/secrets/{name}/repositories', replaceSelected);
}

/** @param {GhCtx} ctx @param {string} scope @returns {Answer} */
function publicKey(ctx, scope) {
  const { keyId, key } = ctx.state.readPublicKey(scope);
  return { status: 200, body: { key_id: keyId, key } };
}

/** @param {GhCtx} ctx @param {string} scope @param {string} name @returns {Answer} */
function readSecret(ctx, scope, name) {
  const secret = ctx.state.scope(scope).secrets.get(name.toUpperCase());
  if (!secret) throw fail(404, 'Not Found');
  /** @type {Record<string, unknown>} */
  const body = { name: secret.name, created_at: secret.createdAt, updated_at: secret.updatedAt };
  if (secret.visibility) {
    body.visibility = secret.visibility;
    if (secret.visibility === 'selected') {
      body.selected_repositories_url = `${ctx.apiUrl}${ctx.path}/repositories`;
    }
  }
  return { status: 200, body };
}

/** @param {GhCtx} ctx @param {string} scopeString @param {string} name @returns {Answer} */
function putSecret(ctx, scopeString, name) {
  if (!isValidName(name)) {
    throw fail(
      422,
      'Secret names can only contain alphanumeric characters or underscores, must not start with a number, and must not start with GITHUB_.',
    );
  }
  const scope = ctx.state.scope(scopeString);
  const isOrg = scope.key.startsWith('org:');
  const old = scope.secrets.get(name.toUpperCase());
  const access = isOrg ? orgAccess(ctx) : undefined;
  const encryptedValue = stringField(ctx, 'encrypted_value');
  const keyId = stringField(ctx, 'key_id');
  // The org schema makes the value optional (a PUT may change only visibility); repo and
  // environment schemas require both fields (docs/platform-facts.md, "Secrets: endpoints").
  const accessOnly = isOrg && old && encryptedValue === undefined && keyId === undefined;
  if (!accessOnly) checkSealedValue(scope, encryptedValue, keyId);
  const at = isoSeconds(ctx.now());
  scope.secrets.set(name.toUpperCase(), {
    name: name.toUpperCase(),
    keyId: accessOnly && old ? old.keyId : /** @type {string} */ (keyId),
    encryptedValue: accessOnly && old ? old.encryptedValue : /** @type {string} */ (encryptedValue),
    createdAt: old?.createdAt ?? at,
    updatedAt: at,
    ...access,
  });
  return old ? { status: 204 } : { status: 201, body: {} };
}

/**
 * @param {import('./github-scopes.js').Scope} scope
 * @param {string | undefined} encryptedValue
 * @param {string | undefined} keyId
 */
function checkSealedValue(scope, encryptedValue, keyId) {
  if (encryptedValue === undefined) throw notSupplied('encrypted_value');
  if (keyId === undefined) throw notSupplied('key_id');
  if (!ENCRYPTED_VALUE_PATTERN.test(encryptedValue)) {
    throw fail(
      422,
      `Invalid request.\n\nInvalid property /encrypted_value: does not match ${ENCRYPTED_VALUE_PATTERN.source}.`,
    );
  }
  if (keyId !== scope.pair.keyId) throw fail(422, 'Bad key id');
  const plain = open(encryptedValue, scope.pair);
  if (plain === undefined) {
    throw fail(422, 'Bad encrypted value: it does not open with the key for this key_id');
  }
  if (Buffer.byteLength(plain) > MAX_BYTES) {
    throw fail(422, 'Secret value is too large (48 KB max)');
  }
}

/**
 * visibility (required) and selected_repository_ids (only with `selected`). `selected` without ids
 * clears the list, as GitHub does (docs/platform-facts.md, "Organization secrets").
 * @param {GhCtx} ctx
 * @returns {Required<import('./github-scopes.js').OrgExtra>}
 */
export function orgAccess(ctx) {
  const visibility = stringField(ctx, 'visibility');
  if (visibility === undefined) throw notSupplied('visibility');
  if (!VISIBILITIES.includes(visibility)) {
    throw fail(
      422,
      `Invalid request.\n\nInvalid property /visibility: \`${visibility}\` is not a possible value. Must be one of: all, private, selected.`,
    );
  }
  const ids = ctx.body.selected_repository_ids;
  if (ids !== undefined && visibility !== 'selected') {
    throw fail(
      422,
      'Invalid request.\n\nselected_repository_ids can only be set when visibility is selected.',
    );
  }
  return {
    visibility: /** @type {'all' | 'private' | 'selected'} */ (visibility),
    selectedRepositoryIds: ids === undefined ? [] : repositoryIds(ids),
  };
}

/** @param {unknown} ids @returns {number[]} */
function repositoryIds(ids) {
  if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(Number(id)))) {
    throw fail(
      422,
      'Invalid request.\n\nInvalid property /selected_repository_ids: not an array of integers.',
    );
  }
  return ids.map(Number);
}

/** @param {GhCtx} ctx @param {Record<string, string>} p @returns {Answer} */
function listSelected(ctx, p) {
  const secret = ctx.state
    .scope(accessOrg(ctx, p.org, 'org_secrets'))
    .secrets.get(p.name.toUpperCase());
  if (!secret) throw fail(404, 'Not Found');
  const ids = secret.visibility === 'selected' ? (secret.selectedRepositoryIds ?? []) : [];
  const repos = ids.map((id) => {
    // Ids seeded without a matching addRepo still round-trip, under a made-up name.
    const repo = ctx.state.findRepoById(id);
    const name = repo?.name ?? `repo-${id}`;
    return {
      id,
      name,
      full_name: `${repo?.owner ?? p.org}/${name}`,
      private: repo?.private ?? false,
    };
  });
  const { page, headers } = paginate(ctx, repos);
  return { status: 200, body: { total_count: repos.length, repositories: page }, headers };
}

/** @param {GhCtx} ctx @param {Record<string, string>} p @returns {Answer} */
function replaceSelected(ctx, p) {
  const secret = ctx.state
    .scope(accessOrg(ctx, p.org, 'org_secrets'))
    .secrets.get(p.name.toUpperCase());
  if (!secret) throw fail(404, 'Not Found');
  if (secret.visibility !== 'selected') {
    throw fail(409, 'Conflict: the secret\'s visibility is not "selected"');
  }
  if (ctx.body.selected_repository_ids === undefined) throw notSupplied('selected_repository_ids');
  secret.selectedRepositoryIds = repositoryIds(ctx.body.selected_repository_ids);
  secret.updatedAt = isoSeconds(ctx.now());
  return { status: 204 };
}
