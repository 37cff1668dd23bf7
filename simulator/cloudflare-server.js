// @ts-check
// Fake Cloudflare API (base `/client/v4`): Workers secrets and Pages project variables in the
// `{success, errors, messages, result}` envelope (docs/platform-facts.md, "Cloudflare"). A Worker in
// a gradual rollout refuses secret edits with 10215, as wrangler reports.

import { PAGES_ENVIRONMENTS, createCloudflareState } from './cloudflare-state.js';
import { createSiteRouter, startSiteServer } from './site-http.js';

/** @typedef {import('./site-http.js').SiteCtx} SiteCtx */
/** @typedef {import('./site-http.js').SiteAnswer} SiteAnswer */
/** @typedef {import('./cloudflare-state.js').CfPagesProject} CfPagesProject */

/** A failure in the envelope. @param {number} status @param {number} code @param {string} message @returns {SiteAnswer} */
export function cfError(status, code, message) {
  return {
    status,
    body: { success: false, errors: [{ code, message }], messages: [], result: null },
  };
}

/** @param {unknown} result @returns {SiteAnswer} */
function cfOk(result) {
  return { status: 200, body: { success: true, errors: [], messages: [], result } };
}

// 10000 for a token that is unknown, revoked or lacks the permission (the brief's choice: the
// facts give 10000/403 for "valid but rejected" and leave 9106's status open).
const AUTH_ERROR = cfError(403, 10000, 'Authentication error');
const NO_WORKER = cfError(404, 10007, 'This Worker does not exist on your account.');
const ROLLOUT = cfError(
  400,
  10215,
  "Secret edit failed. You attempted to modify a secret, but the latest version of your Worker isn't currently deployed. Please ensure that the latest version of your Worker is fully deployed (wrangler versions deploy) before modifying secrets, or use wrangler versions secret put.",
);
const NO_PROJECT = cfError(
  404,
  8000007,
  'Project not found. The specified project name does not match any of your existing projects.',
);

/** @param {{ now?: () => number }} [options] */
export async function startCloudflareServer(options = {}) {
  const state = createCloudflareState();
  const router = createSiteRouter();

  /**
   * Token, account and permission, in that order; any refusal is 10000/403.
   * @param {SiteCtx} ctx @param {string} account @param {string} permission
   */
  function allowed(ctx, account, permission) {
    const token = ctx.bearer === undefined ? undefined : state.tokens.get(ctx.bearer);
    return Boolean(
      token &&
      state.accounts.has(account) &&
      (!token.accounts || token.accounts.has(account)) &&
      token.permissions.has(permission),
    );
  }

  /** @param {string} method @param {string} suffix @param {string} permission @param {(ctx: SiteCtx, p: Record<string, string>) => SiteAnswer} handler */
  function route(method, suffix, permission, handler) {
    router.add(method, `/accounts/{account}${suffix}`, (ctx, params) =>
      allowed(ctx, params.account, permission) ? handler(ctx, params) : AUTH_ERROR,
    );
  }

  router.add('GET', '/user/tokens/verify', (ctx) => verify(ctx));
  route('GET', '/tokens/verify', 'workers-scripts:read', (ctx) => verify(ctx));
  // (an account token verifies here; the permission is only there to need a known account)

  route('GET', '/workers/scripts/{name}/secrets', 'workers-scripts:read', (_ctx, p) => {
    const script = state.scripts.get(`${p.account}/${p.name}`);
    if (!script) return NO_WORKER;
    return cfOk([...script.secrets.values()].map(({ name, type }) => ({ name, type })));
  });
  route('GET', '/workers/scripts/{name}/secrets/{secret}', 'workers-scripts:read', (_ctx, p) => {
    const secret = state.scripts.get(`${p.account}/${p.name}`)?.secrets.get(p.secret);
    return secret
      ? cfOk({ name: secret.name, type: secret.type })
      : cfError(404, 10056, 'Secret not found');
  });
  route('PUT', '/workers/scripts/{name}/secrets', 'workers-scripts:edit', (ctx, p) => {
    const script = state.scripts.get(`${p.account}/${p.name}`);
    if (!script) return NO_WORKER; // wrangler would make a draft Worker here; the API does not
    const body = /** @type {Record<string, unknown>} */ (ctx.body ?? {});
    if (typeof body.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(body.name)) {
      return cfError(400, 10021, 'A secret needs a valid name');
    }
    if (body.type !== 'secret_text' || typeof body.text !== 'string') {
      return cfError(
        400,
        10021,
        'A secret_text secret needs `type: "secret_text"` and a string `text`',
      );
    }
    if (script.gradualRollout) return ROLLOUT;
    script.secrets.set(body.name, { name: body.name, type: body.type, text: body.text });
    script.version += 1; // "creates a new version of the Worker and deploys it immediately"
    return cfOk({ name: body.name, type: body.type });
  });

  route('GET', '/pages/projects/{project}', 'pages:read', (_ctx, p) => {
    const project = state.pages.get(`${p.account}/${p.project}`);
    return project ? cfOk(projectView(project)) : NO_PROJECT;
  });
  route('PATCH', '/pages/projects/{project}', 'pages:edit', (ctx, p) => {
    const project = state.pages.get(`${p.account}/${p.project}`);
    if (!project) return NO_PROJECT;
    const problem = patchProblem(ctx.body);
    if (problem) return problem;
    const configs = /** @type {any} */ (ctx.body).deployment_configs ?? {};
    for (const env of /** @type {('production' | 'preview')[]} */ (PAGES_ENVIRONMENTS)) {
      const vars = configs[env]?.env_vars ?? {};
      for (const [key, value] of Object.entries(vars)) {
        if (value === null) delete project.envVars[env][key];
        else project.envVars[env][key] = { type: value.type, value: value.value };
      }
    }
    return cfOk(projectView(project));
  });

  const server = await startSiteServer({
    basePath: '/client/v4',
    router,
    now: options.now,
    errorBody: (status) => cfError(status, ...faultError(status)).body,
    notFound: cfError(
      404,
      7003,
      'Could not route to the requested path, perhaps your object identifier is invalid?',
    ),
    wrongMethod: () => cfError(405, 10405, 'Method not allowed for this endpoint'),
    // Sent on every answer (CFDOC-limits), so an action that reads them sees them.
    headers: () => ({ ratelimit: '"default";r=50;t=30', 'ratelimit-policy': '"burst";q=100;w=60' }),
  });
  return {
    ...server,
    state,
    addAccount: state.addAccount,
    addWorker: state.addWorker,
    addPagesProject: state.addPagesProject,
    addToken: state.addToken,
    revokeToken: state.revokeToken,
    worker: state.worker,
    workerSecret: state.workerSecret,
    pagesProject: state.pagesProject,
    pagesVar: state.pagesVar,
  };

  /** @param {SiteCtx} ctx */
  function verify(ctx) {
    const token = ctx.bearer === undefined ? undefined : state.tokens.get(ctx.bearer);
    if (!token) return cfError(401, 1000, 'Invalid API Token');
    return cfOk({ id: token.token.slice(0, 8), status: 'active' });
  }
}

/** A project as the API shows it: secret_text values come back without a value. @param {CfPagesProject} project */
function projectView(project) {
  /** @param {'production' | 'preview'} env */
  const vars = (env) =>
    Object.fromEntries(
      Object.entries(project.envVars[env]).map(([key, v]) => [
        key,
        v.type === 'secret_text' ? { type: v.type } : { type: v.type, value: v.value },
      ]),
    );
  return {
    id: project.id,
    name: project.name,
    subdomain: `${project.name}.pages.dev`,
    production_branch: 'main',
    deployment_configs: {
      production: { env_vars: vars('production') },
      preview: { env_vars: vars('preview') },
    },
  };
}

/** @param {unknown} body @returns {SiteAnswer | undefined} */
function patchProblem(body) {
  const bad = (/** @type {string} */ why) => cfError(400, 8000000, `Invalid request body: ${why}`);
  if (!body || typeof body !== 'object') return bad('expected an object');
  const configs = /** @type {any} */ (body).deployment_configs;
  if (configs === undefined) return undefined;
  if (!configs || typeof configs !== 'object') return bad('deployment_configs must be an object');
  for (const [env, config] of Object.entries(configs)) {
    if (!PAGES_ENVIRONMENTS.includes(env)) return bad(`unknown environment ${env}`);
    for (const [key, value] of Object.entries(config?.env_vars ?? {})) {
      if (value === null) continue;
      const v = /** @type {any} */ (value);
      if (!['plain_text', 'secret_text'].includes(v?.type) || typeof v?.value !== 'string') {
        return bad(`env_vars.${key} needs a type of plain_text or secret_text and a string value`);
      }
    }
  }
  return undefined;
}

/** Error codes for faults; 971 is Cloudflare's "please throttle" code. @param {number} status @returns {[number, string]} */
function faultError(status) {
  if (status === 429) return [971, 'Please wait and consider throttling your request speed'];
  if (status === 403) return [10000, 'Authentication error'];
  if (status >= 500) return [10002, 'An internal error occurred'];
  return [10001, `Simulated ${status}`];
}

/** @typedef {Awaited<ReturnType<typeof startCloudflareServer>>} CloudflareServer */
