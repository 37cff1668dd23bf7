// @ts-check
// Secret name lists, as GitHub pages them: `{total_count, secrets: [...]}` sorted by name, never
// a value. A run that finds its secret missing reads these to say where the secret really is
// (a similar name, or the same name at another scope), so the lists must only show what the
// token may see, the organization secrets shared with a repository included.

import { accessEnvironment, accessOrg, accessRepo, paginate } from './github-http.js';

/** @typedef {import('./github-http.js').GhCtx} GhCtx */
/** @typedef {import('./github-http.js').Answer} Answer */
/** @typedef {import('./github-http.js').GhRouter} Router */
/** @typedef {import('./github-scopes.js').SecretRecord} SecretRecord */
/** @typedef {import('./github-state.js').Repo} Repo */

/** @param {Router} router */
export function addSecretListRoutes(router) {
  router.add('GET', '/repos/{owner}/{repo}/actions/secrets', (ctx, p) => {
    const repo = accessRepo(ctx, p, 'secrets');
    return list(ctx, ctx.state.secrets(`repo:${repo.fullName}`), plain);
  });
  router.add('GET', '/repos/{owner}/{repo}/environments/{env}/secrets', (ctx, p) =>
    list(ctx, ctx.state.secrets(accessEnvironment(ctx, p).scope), plain),
  );
  router.add('GET', '/orgs/{org}/actions/secrets', (ctx, p) => {
    const scope = accessOrg(ctx, p.org, 'org_secrets');
    return list(ctx, ctx.state.secrets(scope), (secret) => withAccess(ctx, p.org, secret));
  });
  // Repository "Secrets: read" is enough here (no organization permission): it shows only the
  // names this repository's workflows receive.
  router.add('GET', '/repos/{owner}/{repo}/actions/organization-secrets', (ctx, p) => {
    const repo = accessRepo(ctx, p, 'secrets');
    const org = ctx.state.orgs.has(repo.owner.toLowerCase()) ? `org:${repo.owner}` : undefined;
    const shared = org ? ctx.state.secrets(org).filter((s) => sharedWith(repo, s)) : [];
    return list(ctx, shared, plain);
  });
}

/**
 * Whether a workflow of `repo` receives the organization secret: `all`, `private` for a private
 * repository, or `selected` with the repository among the selected ones.
 * @param {Repo} repo
 * @param {SecretRecord} secret
 */
function sharedWith(repo, secret) {
  if (secret.visibility === 'all') return true;
  if (secret.visibility === 'private') return repo.private;
  return (secret.selectedRepositoryIds ?? []).includes(repo.id);
}

/**
 * @param {GhCtx} ctx
 * @param {SecretRecord[]} secrets
 * @param {(secret: SecretRecord) => Record<string, unknown>} toJson
 * @returns {Answer}
 */
function list(ctx, secrets, toJson) {
  const sorted = [...secrets].sort((a, b) => a.name.localeCompare(b.name));
  const { page, headers } = paginate(ctx, sorted);
  return { status: 200, body: { total_count: sorted.length, secrets: page.map(toJson) }, headers };
}

/** @param {SecretRecord} secret */
function plain(secret) {
  return { name: secret.name, created_at: secret.createdAt, updated_at: secret.updatedAt };
}

/** @param {GhCtx} ctx @param {string} org @param {SecretRecord} secret */
function withAccess(ctx, org, secret) {
  return {
    ...plain(secret),
    visibility: secret.visibility,
    ...(secret.visibility === 'selected'
      ? {
          selected_repositories_url: `${ctx.apiUrl}/orgs/${org}/actions/secrets/${secret.name}/repositories`,
        }
      : {}),
  };
}
