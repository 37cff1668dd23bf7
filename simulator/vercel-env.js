// @ts-check
// Vercel's environment-variable endpoints (docs/platform-facts.md, "Vercel"): the list with
// `limit`/`until` paging, PATCH by id, and POST with or without `upsert`. Each refuses what
// vercel-env-rules.js says Vercel refuses: type `secret`, `sensitive` for development, and one key
// twice for the same target (ENV_CONFLICT).

import { createHash, randomBytes } from 'node:crypto';
import {
  clashes,
  conflictError,
  sameTargets,
  shapeProblem,
  vercelError,
} from './vercel-env-rules.js';

export { vercelError } from './vercel-env-rules.js';

/** @typedef {import('./vercel-state.js').VercelEnv} VercelEnv */
/** @typedef {import('./vercel-state.js').VercelProject} VercelProject */
/** @typedef {import('./vercel-state.js').VercelState} VercelState */
/** @typedef {import('./site-http.js').SiteAnswer} SiteAnswer */
/**
 * @typedef {object} VercelSettings
 * @property {'status' | 'failed'} conflict how a POST conflict is answered: a 400 ENV_CONFLICT
 *   for the whole request (Terraform's reading), or a 201 whose `failed[]` names it (the SDK's
 *   response type). The facts show both, so a test picks.
 * @property {'not_found' | 'forbidden'} missingTeam the answer for a team-owned project asked for
 *   without teamId/slug (the status is unconfirmed): 404 not_found, or 403 forbidden
 * @property {number} maxPageSize the most records one list page holds, whatever `limit` asks
 */

/** A record as the API shows it: no value for sensitive (or legacy secret) records. @param {VercelEnv} env @param {boolean} decrypt */
export function viewEnv(env, decrypt) {
  /** @type {Record<string, unknown>} */
  const view = {
    id: env.id,
    key: env.key,
    type: env.type,
    target: [...env.target],
    ...(env.gitBranch === null ? {} : { gitBranch: env.gitBranch }),
    createdAt: env.createdAt,
    updatedAt: env.updatedAt,
    createdBy: 'user_simulated',
    updatedBy: 'user_simulated',
    configurationId: null,
    comment: env.comment ?? '',
    customEnvironmentIds: [],
    decrypted: env.type === 'plain' || (env.type === 'encrypted' && decrypt),
  };
  if (env.type === 'plain' || env.type === 'system') view.value = env.value;
  if (env.type === 'encrypted') view.value = decrypt ? env.value : ciphertext(env);
  return view;
}

/** An opaque stand-in for Vercel's encrypted blob; it never contains the value. @param {VercelEnv} env */
function ciphertext(env) {
  return `enc_${createHash('sha256').update(`${env.id}:${env.value}`).digest('base64url')}`;
}

/**
 * GET …/env: newest first, `until` (exclusive createdAt) continues after `pagination.next`.
 * @param {VercelProject} project
 * @param {Record<string, string>} query
 * @param {VercelSettings} settings
 * @returns {SiteAnswer}
 */
export function listEnvs(project, query, settings) {
  let envs = [...project.envs].sort((a, b) => b.createdAt - a.createdAt);
  if (query.gitBranch) envs = envs.filter((e) => e.gitBranch === query.gitBranch);
  if (query.until !== undefined) envs = envs.filter((e) => e.createdAt < Number(query.until));
  const asked = Number(query.limit);
  const limit = Math.min(asked > 0 ? asked : settings.maxPageSize, settings.maxPageSize);
  const page = envs.slice(0, limit);
  const decrypt = query.decrypt === 'true';
  return {
    status: 200,
    body: {
      envs: page.map((e) => viewEnv(e, decrypt)),
      pagination: {
        count: page.length,
        next: envs.length > limit ? page[page.length - 1].createdAt : null,
        prev: page[0]?.createdAt ?? null,
      },
    },
  };
}

/**
 * PATCH …/env/{id}: any of key, value, type, target, gitBranch, comment; 200 with the record.
 * @param {VercelState} state
 * @param {VercelProject} project
 * @param {string} id
 * @param {unknown} body
 * @returns {SiteAnswer}
 */
export function editEnv(state, project, id, body) {
  const env = project.envs.find((e) => e.id === id);
  if (!env) return vercelError(404, 'not_found', `Could not find the environment variable: ${id}`);
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return vercelError(400, 'bad_request', 'Invalid request: the body must be an object.');
  }
  const b = /** @type {Record<string, unknown>} */ (body);
  const next = {
    key: b.key ?? env.key,
    value: b.value ?? env.value,
    type: b.type ?? env.type,
    target: b.target ?? env.target,
    gitBranch: 'gitBranch' in b ? (b.gitBranch ?? null) : env.gitBranch,
  };
  // A legacy `secret` record may have its value changed, not be made a secret anew.
  const problem = shapeProblem(
    next.type === 'secret' && b.type === undefined ? { ...next, type: 'encrypted' } : next,
  );
  if (problem) return problem;
  const typed =
    /** @type {{ key: string, value: string, type: VercelEnv['type'], target: string[], gitBranch: string | null }} */ (
      next
    );
  const clash = clashes(project.envs, typed, env)[0];
  if (clash)
    return vercelError(
      400,
      'ENV_CONFLICT',
      conflictError(typed.key, clash, typed.target).message,
      conflictError(typed.key, clash, typed.target),
    );
  Object.assign(env, typed, { target: [...typed.target], updatedAt: state.stamp() });
  if (typeof b.comment === 'string') env.comment = b.comment;
  return { status: 200, body: viewEnv(env, false) };
}

/**
 * POST …/env: one object or an array; 201 `{created, failed}`. With `upsert`, a record whose
 * targets equal the request's gets the new value; any other overlap is ENV_CONFLICT (Sentry saw
 * exactly that for a different target list). Shape errors refuse the whole request.
 * @param {VercelState} state
 * @param {VercelProject} project
 * @param {unknown} body
 * @param {boolean} upsert
 * @param {VercelSettings} settings
 * @returns {SiteAnswer}
 */
export function createEnvs(state, project, body, upsert, settings) {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0 || items.some((i) => !i || typeof i !== 'object' || Array.isArray(i))) {
    return vercelError(
      400,
      'bad_request',
      'Invalid request: the body must be an object or an array of objects.',
    );
  }
  for (const item of items) {
    const problem = shapeProblem({ ...item, gitBranch: item.gitBranch ?? null });
    if (problem) return problem;
  }
  /** @type {VercelEnv[]} */
  const fresh = [];
  /** @type {{ env: VercelEnv, item: Record<string, unknown> }[]} */
  const updates = [];
  /** @type {VercelEnv[]} */
  const done = [];
  /** @type {{ error: Record<string, unknown> }[]} */
  const failed = [];
  for (const item of items) {
    const next = { key: item.key, gitBranch: item.gitBranch ?? null, target: item.target };
    const found = clashes([...project.envs, ...fresh], next);
    const same =
      found.length === 1 && !fresh.includes(found[0]) && sameTargets(found[0].target, next.target);
    if (found.length === 0) {
      const at = state.stamp();
      const env = {
        id: randomBytes(8).toString('base64url'),
        key: item.key,
        value: item.value ?? '',
        type: item.type,
        target: [...item.target],
        gitBranch: next.gitBranch,
        comment: item.comment ?? null,
        createdAt: at,
        updatedAt: at,
      };
      fresh.push(env);
      done.push(env);
    } else if (upsert && same) {
      updates.push({ env: found[0], item });
      done.push(found[0]);
    } else {
      const error = conflictError(item.key, found[0], next.target);
      if (settings.conflict === 'status') {
        return vercelError(400, 'ENV_CONFLICT', error.message, error);
      }
      failed.push({ error });
    }
  }
  project.envs.push(...fresh);
  for (const { env, item } of updates) {
    Object.assign(env, { value: item.value, type: item.type, updatedAt: state.stamp() });
  }
  const views = done.map((e) => viewEnv(e, false));
  return { status: 201, body: { created: Array.isArray(body) ? views : (views[0] ?? []), failed } };
}
