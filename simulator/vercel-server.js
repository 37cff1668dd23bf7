// @ts-check
// Fake Vercel REST API (base `/`, as https://api.vercel.com): project environment variables
// behind Vercel's token and team rules (docs/platform-facts.md, "Vercel"). A team-owned project
// is found only with `teamId` or `slug`, so an action that forgets it fails here as it would there.

import { createEnvs, editEnv, listEnvs, vercelError } from './vercel-env.js';
import { createVercelState } from './vercel-state.js';
import { createSiteRouter, startSiteServer } from './site-http.js';

/** @typedef {import('./site-http.js').SiteCtx} SiteCtx */
/** @typedef {import('./site-http.js').SiteAnswer} SiteAnswer */
/** @typedef {import('./vercel-env.js').VercelSettings} VercelSettings */
/** @typedef {import('./vercel-state.js').VercelProject} VercelProject */

/**
 * @param {{ now?: () => number } & Partial<VercelSettings>} [options] settings start here and
 *   stay changeable on `server.settings`
 */
export async function startVercelServer(options = {}) {
  const now = options.now ?? Date.now;
  const state = createVercelState(now);
  /** @type {VercelSettings} */
  const settings = {
    conflict: options.conflict ?? 'status',
    missingTeam: options.missingTeam ?? 'not_found',
    maxPageSize: options.maxPageSize ?? 100,
  };
  const router = createSiteRouter();

  /**
   * The project a request may touch, or the answer that refuses it. Order: token, team, project,
   * then the token's scope (a project-scoped token is denied everything else, even what is missing).
   * @param {SiteCtx} ctx
   * @param {string} idOrName
   * @returns {{ project: VercelProject } | { answer: SiteAnswer }}
   */
  function access(ctx, idOrName) {
    if (!ctx.bearer) {
      const answer = vercelError(
        403,
        'forbidden',
        'The request is missing an authentication token',
        { missingToken: true },
      );
      return { answer };
    }
    const token = state.tokens.get(ctx.bearer);
    if (!token)
      return { answer: vercelError(403, 'forbidden', 'Not authorized', { invalidToken: true }) };
    const denied = { answer: vercelError(403, 'forbidden', 'Not authorized') };
    const teamRef = ctx.query.teamId ?? ctx.query.slug;
    const team =
      ctx.query.teamId !== undefined
        ? state.teams.get(ctx.query.teamId)
        : teamRef === undefined
          ? undefined
          : [...state.teams.values()].find((t) => t.slug === teamRef);
    if (teamRef !== undefined && !team) return denied;
    if (team && token.teamId && token.teamId !== team.id) return denied;
    const owner = team?.id ?? null;
    const named = (/** @type {VercelProject} */ p) => p.id === idOrName || p.name === idOrName;
    const reachable = (/** @type {VercelProject} */ p) =>
      (!token.projectId || p.id === token.projectId) &&
      (!token.teamId || p.teamId === token.teamId);
    const project = state.projects.find((p) => p.teamId === owner && named(p));
    const notFound = { answer: vercelError(404, 'not_found', 'Project not found') };
    if (!project) {
      // The token could reach it with the team named: the "forgot teamId" case.
      const elsewhere =
        owner === null && state.projects.some((p) => p.teamId !== null && named(p) && reachable(p));
      if (elsewhere) return settings.missingTeam === 'forbidden' ? denied : notFound;
      return token.projectId ? denied : notFound;
    }
    return reachable(project) ? { project } : denied;
  }

  /** @param {string} method @param {string} pattern @param {(ctx: SiteCtx, project: VercelProject, params: Record<string, string>) => SiteAnswer} handler */
  function projectRoute(method, pattern, handler) {
    router.add(method, pattern, (ctx, params) => {
      const found = access(ctx, params.idOrName);
      return 'answer' in found ? found.answer : handler(ctx, found.project, params);
    });
  }

  projectRoute('GET', '/v9/projects/{idOrName}', (_ctx, project) => ({
    status: 200,
    body: { id: project.id, name: project.name, accountId: project.teamId ?? 'user_simulated' },
  }));
  for (const version of ['v8', 'v9', 'v10']) {
    projectRoute('GET', `/${version}/projects/{idOrName}/env`, (ctx, project) =>
      listEnvs(project, ctx.query, settings),
    );
  }
  for (const version of ['v9', 'v10']) {
    projectRoute('PATCH', `/${version}/projects/{idOrName}/env/{id}`, (ctx, project, params) =>
      editEnv(state, project, params.id, ctx.body),
    );
    // Sentry found `upsert` ignored on v9 (docs/platform-facts.md, "Vercel"); the fake does the same.
    projectRoute('POST', `/${version}/projects/{idOrName}/env`, (ctx, project) =>
      createEnvs(
        state,
        project,
        ctx.body,
        version === 'v10' && ctx.query.upsert === 'true',
        settings,
      ),
    );
  }

  const server = await startSiteServer({
    basePath: '',
    router,
    now,
    errorBody: (status) => vercelError(status, ...errorFor(status)).body,
    notFound: vercelError(404, 'not_found', 'The requested endpoint was not found.'),
    wrongMethod: (method) =>
      vercelError(405, 'method_unknown', `This endpoint does not respond to ${method}.`),
  });

  return {
    ...server,
    state,
    settings,
    addTeam: state.addTeam,
    addProject: state.addProject,
    addToken: state.addToken,
    revokeToken: state.revokeToken,
    addEnv: state.addEnv,
    envs: state.envs,
    valueOf: state.valueOf,
  };
}

/** Vercel's documented error codes by status (VDOC-err). @param {number} status @returns {[string, string, Record<string, unknown>?]} */
function errorFor(status) {
  if (status === 429) {
    const reset = Math.floor(Date.now() / 1000) + 60;
    return [
      'rate_limited',
      'Rate limit exceeded',
      { limit: { remaining: 0, reset, resetMs: reset * 1000, total: 100 } },
    ];
  }
  if (status === 403) return ['forbidden', 'Not authorized'];
  if (status === 404) return ['not_found', 'The requested resource was not found.'];
  if (status >= 500) return ['internal_server_error', 'An unexpected internal error occurred.'];
  return ['bad_request', 'Invalid request.'];
}

/** @typedef {Awaited<ReturnType<typeof startVercelServer>>} VercelServer */
