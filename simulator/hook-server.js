// @ts-check
// Deploy and build hooks on one local server (docs/platform-facts.md, "Deploy hooks"):
// the URL is the only secret, no auth and no body are needed, and only POST triggers a build.
// Each kind answers in its platform's shape; the status and body are unconfirmed for all of
// them, so a test can set its own (an empty body, an HTML page) and the action must not care.

import { randomBytes, randomUUID } from 'node:crypto';
import { createSiteRouter, startSiteServer } from './site-http.js';

/** @typedef {'vercel' | 'netlify' | 'cloudflare-pages' | 'cloudflare-workers'} HookKind */
/** @typedef {import('./site-http.js').SiteAnswer} SiteAnswer */
/** @typedef {import('./site-http.js').SiteRequestRecord} SiteRequestRecord */
/**
 * @typedef {object} Hook
 * @property {HookKind} kind
 * @property {string} id the secret part of the URL
 * @property {string} path
 * @property {string} url what the user pastes into `deploy-hooks`
 * @property {SiteAnswer | undefined} answer a fixed answer instead of the kind's own
 * @property {number} builds builds started (POSTs answered 2xx by the hook itself)
 * @property {() => SiteRequestRecord[]} calls every request that reached this hook's path
 */

/** @param {{ now?: () => number }} [options] */
export async function startHookServer(options = {}) {
  const router = createSiteRouter();
  /** @type {Hook[]} */
  const hooks = [];
  const now = options.now ?? Date.now;
  const server = await startSiteServer({
    basePath: '',
    router,
    now,
    errorBody: (status) => ({ error: status === 429 ? 'rate limited' : `simulated ${status}` }),
    notFound: { status: 404, body: { error: 'hook not found' } },
  });

  /**
   * A new hook of `kind`. `answer` replaces the kind's own reply (the build still counts when
   * its status is 2xx).
   * @param {HookKind} kind
   * @param {{ project?: string, answer?: SiteAnswer }} [spec]
   * @returns {Hook}
   */
  function addHook(kind, spec = {}) {
    const { id, path } = shape(kind, spec.project ?? `prj_${randomBytes(10).toString('hex')}`);
    /** @type {Hook} */
    const hook = {
      kind,
      id,
      path,
      url: server.origin + path,
      answer: spec.answer,
      builds: 0,
      calls: () => server.requests.filter((r) => r.path === path),
    };
    router.add('POST', path, () => {
      const answer = hook.answer ?? reply(kind, now());
      if (answer.status >= 200 && answer.status < 300) hook.builds += 1;
      return answer;
    });
    // Vercel's old docs allowed GET; the action must POST, so GET starts nothing here.
    router.add('GET', path, () => ({
      status: 405,
      headers: { allow: 'POST' },
      body: { error: 'Method Not Allowed: deploy hooks are triggered with POST' },
    }));
    hooks.push(hook);
    return hook;
  }

  return { ...server, hooks, addHook };
}

/** Where each platform puts a hook, with an id shaped like the platform's. @param {HookKind} kind @param {string} project */
function shape(kind, project) {
  if (kind === 'vercel') {
    const id = randomBytes(8).toString('base64url');
    return { id, path: `/v1/integrations/deploy/${project}/${id}` };
  }
  if (kind === 'netlify') {
    const id = randomBytes(12).toString('hex');
    return { id, path: `/build_hooks/${id}` };
  }
  const id = randomUUID();
  if (kind === 'cloudflare-pages')
    return { id, path: `/client/v4/pages/webhooks/deploy_hooks/${id}` };
  return { id, path: `/client/v4/workers/builds/deploy_hooks/${id}` };
}

/** The kind's own answer to a POST. @param {HookKind} kind @param {number} at @returns {SiteAnswer} */
function reply(kind, at) {
  const job = randomBytes(10).toString('base64url');
  if (kind === 'vercel')
    return { status: 201, body: { job: { id: job, state: 'PENDING', createdAt: at } } };
  if (kind === 'netlify') return { status: 200, body: {} };
  const result = kind === 'cloudflare-pages' ? { id: randomUUID() } : { build_uuid: randomUUID() };
  return { status: 200, body: { success: true, errors: [], messages: [], result } };
}

/** @typedef {Awaited<ReturnType<typeof startHookServer>>} HookServer */
