// @ts-check
// Repository metadata and workflows: what the action reads for its inactivity warning
// (`pushed_at`) and what keepalive changes (`PUT …/enable`; docs/platform-facts.md,
// "Workflows and keepalive").

import { accessRepo, fail } from './github-http.js';

/** @typedef {import('./github-http.js').GhCtx} GhCtx */
/** @typedef {import('./github-http.js').GhRouter} Router */
/**
 * @typedef {'active' | 'deleted' | 'disabled_fork' | 'disabled_inactivity' | 'disabled_manually'} WorkflowState
 * @typedef {object} Workflow
 * @property {string} repo owner/name
 * @property {number} id
 * @property {string} path e.g. .github/workflows/refresh.yml
 * @property {string} name
 * @property {WorkflowState} state
 * @property {number} enableCalls how many times PUT …/enable was called
 */

/** @param {ReturnType<typeof import('./github-state.js').createGitHubState>} state */
export function createWorkflowStore(state) {
  /** @type {Workflow[]} */
  const workflows = [];
  return {
    workflows,
    /**
     * @param {string} repo owner/name
     * @param {{ id: number, path: string, name: string, state?: WorkflowState }} spec
     */
    addWorkflow(repo, spec) {
      const fullName = state.requireRepo(repo).fullName;
      /** @type {Workflow} */
      const workflow = { repo: fullName, state: 'active', ...spec, enableCalls: 0 };
      workflows.push(workflow);
      return workflow;
    },
    /**
     * By numeric id or by file name (basename only, as the API takes it).
     * @param {string} repo
     * @param {string | number} idOrFile
     */
    getWorkflow(repo, idOrFile) {
      const key = String(idOrFile);
      return workflows.find(
        (w) =>
          w.repo.toLowerCase() === repo.toLowerCase() &&
          (String(w.id) === key || w.path.split('/').pop() === key),
      );
    },
  };
}

/** @param {Router} router @param {ReturnType<typeof createWorkflowStore>} store */
export function addRepoRoutes(router, store) {
  router.add('GET', '/repos/{owner}/{repo}', (ctx, p) => {
    const repo = accessRepo(ctx, p, 'metadata');
    return {
      status: 200,
      body: {
        id: repo.id,
        name: repo.name,
        full_name: repo.fullName,
        private: repo.private,
        visibility: repo.private ? 'private' : 'public',
        owner: { login: repo.owner },
        html_url: `https://github.com/${repo.fullName}`,
        default_branch: 'main',
        archived: false,
        has_issues: repo.hasIssues,
        pushed_at: repo.pushedAt,
      },
    };
  });

  /** @param {GhCtx} ctx @param {Record<string, string>} p */
  const findWorkflow = (ctx, p) => {
    const repo = accessRepo(ctx, p, 'actions');
    const workflow = store.getWorkflow(repo.fullName, p.workflow_id);
    if (!workflow) throw fail(404, 'Not Found');
    return workflow;
  };
  router.add('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}', (ctx, p) => {
    const w = findWorkflow(ctx, p);
    return {
      status: 200,
      body: {
        id: w.id,
        name: w.name,
        path: w.path,
        state: w.state,
        url: `${ctx.apiUrl}/repos/${w.repo}/actions/workflows/${w.id}`,
        html_url: `https://github.com/${w.repo}/blob/main/${w.path}`,
      },
    };
  });
  router.add('PUT', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable', (ctx, p) => {
    const w = findWorkflow(ctx, p);
    w.enableCalls += 1;
    w.state = 'active';
    return { status: 204 };
  });
}
