// @ts-check
// Fake Netlify API (base `/api/v1`): sites and the account-level environment-variable API with
// `site_id` (docs/platform-facts.md, "Netlify"). `{account_id}` takes the id or the slug (the
// CLI sends the slug); secret values are never read back except in dev contexts.

import { build, envView, netlifyError, shapeProblem } from './netlify-rules.js';
import { createNetlifyState } from './netlify-state.js';

export { netlifyError } from './netlify-rules.js';
import { createSiteRouter, startSiteServer } from './site-http.js';

/** @typedef {import('./site-http.js').SiteCtx} SiteCtx */
/** @typedef {import('./site-http.js').SiteAnswer} SiteAnswer */
/** @typedef {import('./netlify-state.js').NetlifyEnv} NetlifyEnv */
/** @typedef {import('./netlify-state.js').NetlifySite} NetlifySite */
/** @typedef {import('./netlify-rules.js').NetlifySettings} NetlifySettings */

/** @param {{ now?: () => number } & Partial<NetlifySettings>} [options] */
export async function startNetlifyServer(options = {}) {
  const now = options.now ?? Date.now;
  const state = createNetlifyState();
  /** @type {NetlifySettings} */
  const settings = { secretAllContext: options.secretAllContext ?? 'refuse' };
  const router = createSiteRouter();

  /** The token's reach, or the 401 answer. @param {SiteCtx} ctx */
  function tokenOf(ctx) {
    return ctx.bearer === undefined ? undefined : state.tokens.get(ctx.bearer);
  }
  const unauthorized = netlifyError(
    401,
    'Access Denied: your token is invalid or has been revoked',
  );

  /**
   * A site by id or by its netlify.app domain; 404 when missing, 401 when the token's user is
   * not a member of its team (the CLI's "Not authorized to view the currently linked project").
   * @param {SiteCtx} ctx @param {string} ref @returns {{ site: NetlifySite } | { answer: SiteAnswer }}
   */
  function siteFor(ctx, ref) {
    const token = tokenOf(ctx);
    if (!token) return { answer: unauthorized };
    const site =
      state.sites.get(ref) ??
      [...state.sites.values()].find((s) => `${s.name}.netlify.app` === ref);
    if (!site) return { answer: netlifyError(404, 'Not Found') };
    if (token.accounts && !token.accounts.has(site.accountId)) {
      return { answer: netlifyError(401, 'Not authorized to view this site') };
    }
    return { site };
  }

  /**
   * The variables of `{account_id}` (id or slug) and `site_id`, or the refusal.
   * @param {SiteCtx} ctx @param {string} accountRef
   * @returns {{ vars: Map<string, NetlifyEnv> } | { answer: SiteAnswer }}
   */
  function varsFor(ctx, accountRef) {
    const token = tokenOf(ctx);
    if (!token) return { answer: unauthorized };
    const account = state.findAccount(accountRef);
    if (!account) return { answer: netlifyError(404, 'Account not found') };
    if (token.accounts && !token.accounts.has(account.id)) {
      return { answer: netlifyError(401, 'Not authorized to access this account') };
    }
    const siteId = ctx.query.site_id;
    if (siteId === undefined) return { vars: state.bucket(account.id, '') };
    const site = state.sites.get(siteId);
    if (!site || site.accountId !== account.id)
      return { answer: netlifyError(404, 'Site not found') };
    return { vars: state.bucket(account.id, site.id) };
  }

  /** @param {string} method @param {string} pattern @param {(ctx: SiteCtx, vars: Map<string, NetlifyEnv>, params: Record<string, string>) => SiteAnswer} handler */
  function envRoute(method, pattern, handler) {
    router.add(method, pattern, (ctx, params) => {
      const found = varsFor(ctx, params.account_id);
      return 'answer' in found ? found.answer : handler(ctx, found.vars, params);
    });
  }

  router.add('GET', '/sites/{site_id}', (ctx, params) => {
    const found = siteFor(ctx, params.site_id);
    return 'answer' in found ? found.answer : { status: 200, body: siteView(found.site) };
  });
  router.add('GET', '/sites/{site_id}/env', (ctx, params) => {
    const found = siteFor(ctx, params.site_id);
    if ('answer' in found) return found.answer;
    const vars = state.bucket(found.site.accountId, found.site.id);
    return { status: 200, body: [...vars.values()].map(envView) };
  });
  envRoute('GET', '/accounts/{account_id}/env', (ctx, vars) => {
    let list = [...vars.values()];
    const context = ctx.query.context_name;
    if (context)
      list = list.filter((e) => e.values.some((v) => v.context === context || v.context === 'all'));
    return { status: 200, body: list.map(envView) };
  });
  envRoute('GET', '/accounts/{account_id}/env/{key}', (_ctx, vars, params) => {
    const env = vars.get(params.key);
    return env
      ? { status: 200, body: envView(env) }
      : netlifyError(404, 'Environment variable not found');
  });
  envRoute('POST', '/accounts/{account_id}/env', (ctx, vars) => {
    if (!Array.isArray(ctx.body) || ctx.body.length === 0) {
      return netlifyError(400, 'Request body must be a non-empty array of environment variables');
    }
    const keys = ctx.body.map((item) => item?.key);
    for (const item of ctx.body) {
      const problem = shapeProblem(item, settings);
      if (problem) return problem;
      if (vars.has(item.key) || keys.indexOf(item.key) !== keys.lastIndexOf(item.key)) {
        return netlifyError(400, `Environment variable ${item.key} already exists`);
      }
    }
    const made = ctx.body.map((item) => build(item, now));
    for (const env of made) vars.set(env.key, env);
    return { status: 201, body: made.map(envView) };
  });
  envRoute('PUT', '/accounts/{account_id}/env/{key}', (ctx, vars, params) => {
    if (!vars.has(params.key)) return netlifyError(404, 'Environment variable not found');
    const body = /** @type {Record<string, unknown>} */ (ctx.body ?? {});
    if (body.key !== undefined && body.key !== params.key) {
      return netlifyError(400, 'The key in the body does not match the key in the path');
    }
    const problem = shapeProblem({ ...body, key: params.key }, settings);
    if (problem) return problem;
    const env = build({ ...body, key: params.key }, now);
    vars.set(params.key, env);
    return { status: 200, body: envView(env) };
  });
  envRoute('PATCH', '/accounts/{account_id}/env/{key}', (ctx, vars, params) => {
    const env = vars.get(params.key);
    if (!env) return netlifyError(404, 'Environment variable not found');
    const value = /** @type {Record<string, unknown>} */ (ctx.body ?? {});
    const values = [
      ...env.values.filter(
        (v) => !(v.context === value.context && v.context_parameter === value.context_parameter),
      ),
      value,
    ];
    const problem = shapeProblem({ ...env, values }, settings);
    if (problem) return problem;
    Object.assign(env, build({ ...env, values }, now));
    return { status: 201, body: envView(env) };
  });
  envRoute('DELETE', '/accounts/{account_id}/env/{key}', (_ctx, vars, params) =>
    vars.delete(params.key) ? { status: 204 } : netlifyError(404, 'Environment variable not found'),
  );

  const server = await startSiteServer({
    basePath: '/api/v1',
    router,
    now,
    errorBody: (status) => ({
      code: status,
      message: status === 429 ? 'Rate limit exceeded' : `Simulated ${status}`,
    }),
    notFound: netlifyError(404, 'Not Found'),
    wrongMethod: () => netlifyError(405, 'Method Not Allowed'),
  });
  return {
    ...server,
    state,
    settings,
    addAccount: state.addAccount,
    addSite: state.addSite,
    addToken: state.addToken,
    revokeToken: state.revokeToken,
    setEnv: state.setEnv,
    envVar: state.envVar,
    valueOf: state.valueOf,
  };

  /** @param {NetlifySite} site */
  function siteView(site) {
    const account = /** @type {import('./netlify-state.js').NetlifyAccount} */ (
      state.accounts.get(site.accountId)
    );
    return {
      id: site.id,
      site_id: site.id,
      name: site.name,
      url: `https://${site.name}.netlify.app`,
      ssl_url: `https://${site.name}.netlify.app`,
      admin_url: `https://app.netlify.com/projects/${site.name}`,
      account_id: account.id,
      account_slug: account.slug,
      account_name: account.name,
      state: 'current',
    };
  }
}

/** @typedef {Awaited<ReturnType<typeof startNetlifyServer>>} NetlifyServer */
