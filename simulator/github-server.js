// @ts-check
// Fake GitHub REST API: secrets (sealed with each scope's own libsodium key), variables, issues,
// labels and workflows, behind GitHub's auth, permission and rate-limit headers. `basePath`
// mimics GitHub Enterprise Server, whose GITHUB_API_URL ends in /api/v3 (docs/platform-facts.md,
// "Actions: inputs and environment").

import { STATUS_CODES } from 'node:http';
import { randomBytes } from 'node:crypto';
import { applyFault, createFaults } from './faults.js';
import { DOCS, GitHubAnswer, ghError } from './github-http.js';
import { createIssueStore } from './github-issue-store.js';
import { addIssueRoutes } from './github-issues.js';
import { addRepoRoutes, createWorkflowStore } from './github-repos.js';
import { addSecretListRoutes } from './github-secret-lists.js';
import { addSecretRoutes } from './github-secrets.js';
import { createGitHubState } from './github-state.js';
import { addVariableRoutes } from './github-variables.js';
import { createSecondaryLimits } from './secondary-limits.js';
import {
  createRouter,
  listen,
  parseUrl,
  queryObject,
  readJson,
  sendJson,
  sleep,
} from './http-util.js';
import { sodiumReady } from './sealed-box.js';

/** @typedef {import('./github-http.js').GhCtx} GhCtx */
/** @typedef {import('./github-http.js').Answer} Answer */
/**
 * @typedef {object} GitHubRequestRecord
 * @property {string} method
 * @property {string} path pathname without the base path
 * @property {Record<string, string>} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {unknown} body parsed JSON (the raw text when it was not JSON; undefined when empty)
 * @property {number} at ms
 * @property {number} [status] the status answered (unset for a reset or hanging request)
 * @property {number} [doneAt] ms, when the answer went out (unset for a reset or hanging request)
 * @property {boolean} [fault]
 * @property {boolean} [secondaryLimited] refused by the opt-in secondary rate limits
 */

const RATE_LIMIT = 5000;

/**
 * @param {{ basePath?: string, now?: () => number,
 *           secondaryLimits?: import('./secondary-limits.js').SecondaryLimitSpec }} [options]
 *   `secondaryLimits` turns on GitHub's limits for content-creating requests (off by default;
 *   see secondary-limits.js)
 */
export async function startGitHubServer(options = {}) {
  await sodiumReady();
  const basePath = (options.basePath ?? '').replace(/\/+$/, '').replace(/^(?=[^/])/, '/');
  const now = options.now ?? Date.now;
  const state = createGitHubState(now);
  const issueStore = createIssueStore(state, now);
  const workflowStore = createWorkflowStore(state);
  const faults = createFaults();
  const limits = options.secondaryLimits && createSecondaryLimits(options.secondaryLimits, now);
  /** @type {GitHubRequestRecord[]} */
  const requests = [];
  /** @type {ReturnType<typeof createRouter<GhCtx>>} */
  const router = createRouter();
  addRepoRoutes(router, workflowStore);
  addSecretRoutes(router);
  addSecretListRoutes(router);
  addVariableRoutes(router);
  addIssueRoutes(router, issueStore);

  const resetAt = String(Math.floor(now() / 1000) + 3600);
  let used = 0;
  let apiUrl = '';

  const listening = await listen(async (req, res, closing) => {
    const url = parseUrl(req);
    const method = req.method ?? 'GET';
    const inBase =
      !basePath || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
    const path = inBase ? url.pathname.slice(basePath.length) || '/' : url.pathname;
    const parsed = await readJson(req);
    /** @type {GitHubRequestRecord} */
    const record = {
      method,
      path,
      query: queryObject(url),
      headers: req.headers,
      body: parsed.ok ? parsed.value : parsed.text,
      at: now(),
    };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
      record.doneAt = now();
    });
    // Set before any fault runs, so faulted answers carry them too; a rule's headers override.
    used += 1;
    res.setHeader('x-ratelimit-limit', String(RATE_LIMIT));
    res.setHeader('x-ratelimit-remaining', String(Math.max(0, RATE_LIMIT - used)));
    res.setHeader('x-ratelimit-used', String(used));
    res.setHeader('x-ratelimit-reset', resetAt);
    res.setHeader('x-ratelimit-resource', 'core');
    res.setHeader('x-github-api-version-selected', '2022-11-28');
    res.setHeader('x-github-request-id', randomBytes(8).toString('hex').toUpperCase());
    await sleep(faults.latencyMs, closing);
    const limited = inBase ? limits?.refuse(method, req.headers.authorization) : undefined;
    if (limited) {
      record.secondaryLimited = true;
      sendJson(
        res,
        limited.status,
        limited.body,
        limited.headers,
        'application/json; charset=utf-8',
      );
      return;
    }
    const rule = inBase ? faults.take(method, path) : undefined;
    if (rule) {
      record.fault = true;
      if (await applyFault(rule, res, closing, defaultFaultBody)) return;
    }
    if (closing.aborted) return;
    const answer = inBase
      ? dispatch(method, path, record.query, req.headers.authorization, parsed)
      : notFound();
    sendJson(res, answer.status, answer.body, answer.headers, 'application/json; charset=utf-8');
  });
  apiUrl = listening.origin + basePath;

  /**
   * @param {string} method
   * @param {string} path
   * @param {Record<string, string>} query
   * @param {string | undefined} authorization
   * @param {Awaited<ReturnType<typeof readJson>>} parsed
   * @returns {Answer}
   */
  function dispatch(method, path, query, authorization, parsed) {
    if (!parsed.ok) return ghError(400, 'Problems parsing JSON');
    const body = parsed.value ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return ghError(400, 'Problems parsing JSON');
    }
    const found = router.match(method, path);
    if (!found) return notFound();
    const presented = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!presented) return ghError(401, 'Requires authentication');
    const token = state.tokens.get(presented);
    if (!token) return ghError(401, 'Bad credentials');
    /** @type {GhCtx} */
    const ctx = {
      method,
      path,
      query,
      body: /** @type {Record<string, unknown>} */ (body),
      token,
      state,
      apiUrl,
      now,
    };
    try {
      return /** @type {Answer} */ (found.handler(ctx, found.params));
    } catch (error) {
      if (error instanceof GitHubAnswer) return error.answer;
      throw error;
    }
  }

  return {
    url: apiUrl,
    basePath,
    requests,
    faults,
    state,
    close: listening.close,
    addRepo: state.addRepo,
    addEnvironment: state.addEnvironment,
    addOrg: state.addOrg,
    addToken: state.addToken,
    publicKey: state.publicKey,
    rotateKey: state.rotateKey,
    rotateKeyAfterNextRead: state.rotateKeyAfterNextRead,
    secrets: state.secrets,
    variables: state.variables,
    getSecret: state.getSecret,
    decryptSecret: state.decryptSecret,
    setSecret: state.setSecret,
    deleteSecret: state.deleteSecret,
    getVariable: state.getVariable,
    setVariable: state.setVariable,
    issues: issueStore.issues,
    labels: issueStore.labels,
    addIssue: issueStore.addIssue,
    addLabel: issueStore.ensureLabel,
    refuseAssignee: issueStore.refuseAssignee,
    workflows: workflowStore.workflows,
    addWorkflow: workflowStore.addWorkflow,
    getWorkflow: workflowStore.getWorkflow,
  };
}

/** @typedef {Awaited<ReturnType<typeof startGitHubServer>>} GitHubServer */

/** @returns {Answer} */
function notFound() {
  return ghError(404, 'Not Found');
}

/** @param {number} status */
function defaultFaultBody(status) {
  return {
    message: STATUS_CODES[status] ?? 'Simulated fault',
    documentation_url: DOCS,
    status: String(status),
  };
}
