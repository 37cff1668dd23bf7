// @ts-check
// One-call seeds for the hosting-platform fakes, like seedScenario for Meta and GitHub: each makes
// a working target and token and returns the action inputs that point at it, so tests and demos
// add a site copy with one line and change only what their case is about.

/** @typedef {import('./index.js').Simulator} Simulator */
/** @typedef {import('./hook-server.js').HookKind} HookKind */
/** @typedef {Parameters<import('./vercel-server.js').VercelServer['addEnv']>[1]} VercelEnvSpec */

/**
 * A Vercel project (default `my-project`, personal) and a token scoped to it.
 * @param {Simulator} sim
 * @param {{ project?: string, team?: string, teamInput?: 'id' | 'slug',
 *           tokenScope?: 'account' | 'team' | 'project', envs?: VercelEnvSpec[] }} [spec]
 *   team: a slug; the project is then the team's, and `vercel-team` names it by id (default)
 *   or slug. tokenScope default `project`, the least a user may give.
 */
export function seedVercel(sim, spec = {}) {
  const team = spec.team === undefined ? undefined : sim.vercel.addTeam({ slug: spec.team });
  const project = sim.vercel.addProject({ name: spec.project ?? 'my-project', team: team?.id });
  const scope = spec.tokenScope ?? 'project';
  const token = sim.vercel.addToken(
    scope === 'project' ? { project: project.id } : scope === 'team' ? { team: team?.id } : {},
  );
  for (const env of spec.envs ?? []) sim.vercel.addEnv(project, env);
  /** @type {Record<string, string>} */
  const inputs = {
    'vercel-token': token,
    'vercel-project': project.name,
    'vercel-api-url': sim.vercel.url,
  };
  if (team) inputs['vercel-team'] = spec.teamInput === 'slug' ? team.slug : team.id;
  return { token, project, team, inputs, target: `vercel:${project.name}` };
}

/**
 * A Netlify site (default `my-site`) in team `acme-team`, and a token of a member of that team.
 * @param {Simulator} sim
 * @param {{ site?: string, account?: string,
 *           envs?: Parameters<import('./netlify-server.js').NetlifyServer['setEnv']>[1][] }} [spec]
 */
export function seedNetlify(sim, spec = {}) {
  const site = sim.netlify.addSite({
    name: spec.site ?? 'my-site',
    account: spec.account ?? 'acme-team',
  });
  const account = /** @type {import('./netlify-state.js').NetlifyAccount} */ (
    sim.netlify.state.accounts.get(site.accountId)
  );
  const token = sim.netlify.addToken({ accounts: [account.id] });
  for (const env of spec.envs ?? []) sim.netlify.setEnv(site, env);
  /** @type {Record<string, string>} */
  const inputs = {
    'netlify-token': token,
    'netlify-site': site.id,
    'netlify-api-url': sim.netlify.url,
  };
  return { token, site, account, inputs, target: `netlify:${site.id}` };
}

/**
 * A Cloudflare account with a Worker (default `my-worker`) and/or a Pages project (default
 * `my-pages`), and a token for that account. Pass `worker: null` or `pages: null` to leave one out.
 * @param {Simulator} sim
 * @param {{ worker?: string | null, pages?: string | null, gradualRollout?: boolean,
 *           permissions?: string[],
 *           pagesVars?: Parameters<import('./cloudflare-server.js').CloudflareServer['addPagesProject']>[2] }} [spec]
 */
export function seedCloudflare(sim, spec = {}) {
  const account = sim.cloudflare.addAccount();
  const workerName = spec.worker === undefined ? 'my-worker' : spec.worker;
  const pagesName = spec.pages === undefined ? 'my-pages' : spec.pages;
  const worker =
    workerName === null
      ? undefined
      : sim.cloudflare.addWorker(account, workerName, { gradualRollout: spec.gradualRollout });
  const pages =
    pagesName === null
      ? undefined
      : sim.cloudflare.addPagesProject(account, pagesName, spec.pagesVars);
  const token = sim.cloudflare.addToken({ accounts: [account], permissions: spec.permissions });
  /** @type {Record<string, string>} */
  const inputs = {
    'cloudflare-token': token,
    'cloudflare-account': account,
    'cloudflare-api-url': sim.cloudflare.url,
  };
  if (worker) inputs['cloudflare-worker'] = worker.name;
  if (pages) inputs['cloudflare-pages-project'] = pages.name;
  return {
    token,
    account,
    worker,
    pages,
    inputs,
    workerTarget: worker && `cloudflare-worker:${worker.name}`,
    pagesTarget: pages && `cloudflare-pages:${pages.name}`,
  };
}

/**
 * One hook per kind, in order; `deploy-hooks` lists their URLs one a line.
 * @param {Simulator} sim
 * @param {HookKind[]} kinds
 */
export function seedHooks(sim, kinds) {
  const hooks = kinds.map((kind) => sim.hooks.addHook(kind));
  return {
    hooks,
    inputs: { 'deploy-hooks': hooks.map((h) => h.url).join('\n') },
    targets: hooks.map((_, i) => `deploy-hook:${i + 1}`),
  };
}
