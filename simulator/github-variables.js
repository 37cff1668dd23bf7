// @ts-check
// Actions variables at repository, environment and organization scope (docs/platform-facts.md,
// "Variables"). There is no upsert: POST on an existing name is a 409, so the action's
// create-then-update path runs.

import {
  accessEnvironment,
  accessOrg,
  accessRepo,
  fail,
  isValidName,
  notSupplied,
  stringField,
  isoSeconds,
} from './github-http.js';
import { orgAccess } from './github-secrets.js';

/** @typedef {import('./github-http.js').GhCtx} GhCtx */
/** @typedef {import('./github-http.js').Answer} Answer */
/** @typedef {import('./github-http.js').GhRouter} Router */

const MAX_BYTES = 48 * 1024;

/** @param {Router} router */
export function addVariableRoutes(router) {
  /** @type {[string, (ctx: GhCtx, p: Record<string, string>) => string][]} */
  const scopes = [
    [
      '/repos/{owner}/{repo}/actions/variables',
      (ctx, p) => `repo:${accessRepo(ctx, p, 'variables').fullName}`,
    ],
    [
      '/repos/{owner}/{repo}/environments/{env}/variables',
      (ctx, p) => accessEnvironment(ctx, p).scope,
    ],
    ['/orgs/{org}/actions/variables', (ctx, p) => accessOrg(ctx, p.org, 'org_variables')],
  ];
  for (const [base, scopeOf] of scopes) {
    router.add('POST', base, (ctx, p) => createVariable(ctx, scopeOf(ctx, p)));
    router.add('GET', `${base}/{name}`, (ctx, p) => readVariable(ctx, scopeOf(ctx, p), p.name));
    router.add('PATCH', `${base}/{name}`, (ctx, p) => updateVariable(ctx, scopeOf(ctx, p), p.name));
    router.add('DELETE', `${base}/{name}`, (ctx, p) => {
      if (!ctx.state.scope(scopeOf(ctx, p)).variables.delete(p.name.toUpperCase())) {
        throw fail(404, 'Not Found');
      }
      return { status: 204 };
    });
  }
}

/** @param {GhCtx} ctx @param {string} scopeString @returns {Answer} */
function createVariable(ctx, scopeString) {
  const scope = ctx.state.scope(scopeString);
  const name = stringField(ctx, 'name');
  const value = stringField(ctx, 'value');
  if (name === undefined) throw notSupplied('name');
  if (value === undefined) throw notSupplied('value');
  checkNameAndValue(name, value);
  // Org variables need an explicit visibility, as org secrets do.
  const access = scope.key.startsWith('org:') ? orgAccess(ctx) : {};
  // Undocumented in the spec, seen in practice: otterdog#467, cli#6928 (docs/platform-facts.md,
  // "Variables").
  if (scope.variables.has(name.toUpperCase())) {
    throw fail(409, 'Already exists - Variable already exists');
  }
  const at = isoSeconds(ctx.now());
  scope.variables.set(name.toUpperCase(), {
    name: name.toUpperCase(),
    value,
    createdAt: at,
    updatedAt: at,
    ...access,
  });
  return { status: 201, body: {} };
}

/** @param {GhCtx} ctx @param {string} scopeString @param {string} name @returns {Answer} */
function readVariable(ctx, scopeString, name) {
  const variable = ctx.state.scope(scopeString).variables.get(name.toUpperCase());
  if (!variable) throw fail(404, 'Not Found');
  /** @type {Record<string, unknown>} */
  const body = {
    name: variable.name,
    value: variable.value,
    created_at: variable.createdAt,
    updated_at: variable.updatedAt,
  };
  if (variable.visibility) {
    body.visibility = variable.visibility;
    if (variable.visibility === 'selected') {
      body.selected_repositories_url = `${ctx.apiUrl}${ctx.path}/repositories`;
    }
  }
  return { status: 200, body };
}

/** @param {GhCtx} ctx @param {string} scopeString @param {string} name @returns {Answer} */
function updateVariable(ctx, scopeString, name) {
  const scope = ctx.state.scope(scopeString);
  const variable = scope.variables.get(name.toUpperCase());
  if (!variable) throw fail(404, 'Not Found');
  const newName = stringField(ctx, 'name') ?? variable.name;
  const value = stringField(ctx, 'value') ?? variable.value;
  checkNameAndValue(newName, value);
  const renamed = newName.toUpperCase() !== variable.name;
  if (renamed && scope.variables.has(newName.toUpperCase())) {
    throw fail(409, 'Already exists - Variable already exists');
  }
  const changesAccess =
    ctx.body.visibility !== undefined || ctx.body.selected_repository_ids !== undefined;
  const access = scope.key.startsWith('org:') && changesAccess ? orgAccess(ctx) : {};
  scope.variables.delete(variable.name);
  scope.variables.set(newName.toUpperCase(), {
    ...variable,
    ...access,
    name: newName.toUpperCase(),
    value,
    updatedAt: isoSeconds(ctx.now()),
  });
  return { status: 204 };
}

/** @param {string} name @param {string} value */
function checkNameAndValue(name, value) {
  if (!isValidName(name)) {
    throw fail(
      422,
      'Variable names can only contain alphanumeric characters or underscores, must not start with a number, and must not start with GITHUB_.',
    );
  }
  if (Buffer.byteLength(value) > MAX_BYTES) {
    throw fail(422, 'Variable value is too large (48 KB max)');
  }
}
