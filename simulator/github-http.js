// @ts-check
// Shared pieces of the GitHub fake's routes: error bodies in GitHub's shape, the access checks
// (404 for what a token cannot see, 403 with x-accepted-github-permissions for what it may not
// do), body validation messages and Link-header pagination.

/** @typedef {import('./github-state.js').TokenInfo} TokenInfo */
/** @typedef {ReturnType<typeof import('./github-state.js').createGitHubState>} GitHubState */
/** @typedef {{ status: number, body?: unknown, headers?: Record<string, string> }} Answer */
/**
 * @typedef {object} GhCtx
 * @property {string} method
 * @property {string} path pathname without the base path
 * @property {Record<string, string>} query
 * @property {Record<string, unknown>} body the JSON body ({} when none)
 * @property {TokenInfo} token
 * @property {GitHubState} state
 * @property {string} apiUrl base URL including the base path
 * @property {() => number} now
 */
/** @typedef {(ctx: GhCtx, params: Record<string, string>) => Answer} GhHandler */
/** @typedef {{ add(method: string, pattern: string, handler: GhHandler): void }} GhRouter */

export const DOCS = 'https://docs.github.com/rest';

/** GitHub's timestamps: ISO 8601 without milliseconds. @param {number} ms */
export function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Thrown by a check to end a route early with `answer`; the server sends it. */
export class GitHubAnswer extends Error {
  /** @param {Answer} answer */
  constructor(answer) {
    super(`GitHub fake answers ${answer.status}`);
    this.name = 'GitHubAnswer';
    this.answer = answer;
  }
}

/**
 * An error answer in GitHub's shape: message, documentation_url, status as a string.
 * @param {number} status
 * @param {string} message
 * @param {Record<string, unknown>} [extra]
 * @param {Record<string, string>} [headers]
 * @returns {Answer}
 */
export function ghError(status, message, extra = {}, headers = {}) {
  return {
    status,
    body: { message, ...extra, documentation_url: DOCS, status: String(status) },
    headers,
  };
}

/** @param {number} status @param {string} message @param {Record<string, unknown>} [extra] */
export function fail(status, message, extra) {
  return new GitHubAnswer(ghError(status, message, extra));
}

/** The JSON-schema style 422 GitHub sends for a missing body field. @param {string} field */
export function notSupplied(field) {
  return fail(422, `Invalid request.\n\n"${field}" wasn't supplied.`);
}

/** The "Validation Failed" 422 used by issues and labels. @param {string} resource @param {string} field @param {string} code */
export function validationFailed(resource, field, code) {
  return fail(422, 'Validation Failed', { errors: [{ resource, code, field }] });
}

// Our short permission names → GitHub's names, as sent in x-accepted-github-permissions.
const GITHUB_PERMISSION_NAMES = {
  secrets: 'secrets',
  environments: 'environments',
  variables: 'actions_variables',
  org_secrets: 'organization_secrets',
  org_variables: 'organization_actions_variables',
  issues: 'issues',
  actions: 'actions',
  metadata: 'metadata',
};

/**
 * 403 unless the token holds `permission` at the level the method needs (GET reads).
 * @param {GhCtx} ctx
 * @param {keyof typeof GITHUB_PERMISSION_NAMES} permission
 */
export function requirePermission(ctx, permission) {
  const need = ctx.method === 'GET' ? 'read' : 'write';
  const has = ctx.token.permissions.get(permission);
  if (has === 'write' || has === need) return;
  const who = ctx.token.type === 'pat' ? 'personal access token' : 'integration';
  const answer = ghError(
    403,
    `Resource not accessible by ${who}`,
    {},
    {
      'x-accepted-github-permissions': `${GITHUB_PERMISSION_NAMES[permission]}=${need}`,
    },
  );
  throw new GitHubAnswer(answer);
}

/**
 * The repository, if it exists and the token can see it (else 404, as GitHub hides it), and the
 * token holds `permission` (else 403).
 * @param {GhCtx} ctx
 * @param {Record<string, string>} params with owner and repo
 * @param {keyof typeof GITHUB_PERMISSION_NAMES} permission
 */
export function accessRepo(ctx, params, permission) {
  const repo = ctx.state.findRepo(`${params.owner}/${params.repo}`);
  const visible = repo && (!ctx.token.repos || ctx.token.repos.has(repo.fullName.toLowerCase()));
  if (!repo || !visible) throw fail(404, 'Not Found');
  requirePermission(ctx, permission);
  return repo;
}

/**
 * @param {GhCtx} ctx
 * @param {Record<string, string>} params with owner, repo and env
 */
export function accessEnvironment(ctx, params) {
  const repo = accessRepo(ctx, params, 'environments');
  if (!repo.environments.has(params.env.toLowerCase())) throw fail(404, 'Not Found');
  return { repo, scope: `env:${repo.fullName}:${params.env}` };
}

/**
 * @param {GhCtx} ctx
 * @param {string} org
 * @param {keyof typeof GITHUB_PERMISSION_NAMES} permission
 */
export function accessOrg(ctx, org, permission) {
  if (!ctx.state.orgs.has(org.toLowerCase())) throw fail(404, 'Not Found');
  requirePermission(ctx, permission);
  return `org:${org}`;
}

/** Secret and variable names (docs/platform-facts.md, "Secrets: names and limits"): [A-Za-z0-9_], no leading digit, no GITHUB_. @param {string} name */
export function isValidName(name) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name);
}

/**
 * A string field of the body, or undefined when absent; 422 when present but not a string.
 * @param {GhCtx} ctx
 * @param {string} field
 */
export function stringField(ctx, field) {
  const value = ctx.body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw fail(422, `Invalid request.\n\nInvalid property /${field}: not of type string.`);
  }
  return value;
}

/**
 * One page of `items` and its Link header, as GitHub builds it (per_page default 30, max 100).
 * @template T
 * @param {GhCtx} ctx
 * @param {T[]} items
 * @returns {{ page: T[], headers: Record<string, string> }}
 */
export function paginate(ctx, items) {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(ctx.query.per_page ?? '30', 10) || 30));
  const pageNo = Math.max(1, Number.parseInt(ctx.query.page ?? '1', 10) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  /** @param {number} n */
  const link = (n) => {
    const url = new URL(ctx.apiUrl + ctx.path);
    for (const [k, v] of Object.entries(ctx.query)) url.searchParams.set(k, v);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(n));
    return url.href;
  };
  const rels = [];
  if (pageNo > 1) rels.push(`<${link(Math.min(pageNo - 1, last))}>; rel="prev"`);
  if (pageNo < last) rels.push(`<${link(pageNo + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (pageNo > 1) rels.push(`<${link(1)}>; rel="first"`);
  return { page, headers: rels.length ? { link: rels.join(', ') } : {} };
}
