// @ts-check
// Issue, comment and label routes (docs/platform-facts.md, "Issues"). Lists include pull
// requests, as GitHub's do, so the action must skip items with a `pull_request` key; unknown
// labels are created implicitly, and `labels` on PATCH replaces the set.

import {
  GitHubAnswer,
  accessRepo,
  fail,
  paginate,
  stringField,
  validationFailed,
  isoSeconds,
} from './github-http.js';

/** @typedef {import('./github-http.js').GhCtx} GhCtx */
/** @typedef {import('./github-http.js').Answer} Answer */
/** @typedef {import('./github-http.js').GhRouter} Router */
/** @typedef {import('./github-issue-store.js').Issue} Issue */
/** @typedef {import('./github-issue-store.js').Comment} Comment */
/** @typedef {import('./github-issue-store.js').Label} Label */
/** @typedef {import('./github-issue-store.js').IssueStore} IssueStore */

/** @param {Router} router @param {IssueStore} store */
export function addIssueRoutes(router, store) {
  /** The repo, 410 when its issues are off. @param {GhCtx} ctx @param {Record<string, string>} p */
  const repoWithIssues = (ctx, p) => {
    const repo = accessRepo(ctx, p, 'issues');
    if (!repo.hasIssues) throw fail(410, 'Issues are disabled for this repo');
    return repo;
  };
  /** @param {GhCtx} ctx @param {Record<string, string>} p */
  const findIssue = (ctx, p) => {
    const repo = repoWithIssues(ctx, p);
    const issue = store.issues.find(
      (i) => i.repo === repo.fullName && i.number === Number(p.number),
    );
    if (!issue) throw fail(404, 'Not Found');
    return issue;
  };
  /** @param {GhCtx} ctx @param {Issue} issue */
  const json = (ctx, issue) => issueJson(ctx, issue, store);

  router.add('GET', '/repos/{owner}/{repo}/issues', (ctx, p) => {
    const repo = repoWithIssues(ctx, p);
    const list = filterIssues(
      ctx,
      store.issues.filter((i) => i.repo === repo.fullName),
    );
    const { page, headers } = paginate(ctx, list);
    return { status: 200, body: page.map((i) => json(ctx, i)), headers };
  });
  router.add('POST', '/repos/{owner}/{repo}/issues', (ctx, p) => {
    const repo = repoWithIssues(ctx, p);
    const title = stringField(ctx, 'title');
    if (!title) throw validationFailed('Issue', 'title', 'missing_field');
    const assignees = labelNames(ctx.body.assignees);
    refuseAssignees(repo.fullName, assignees, store);
    const issue = store.addIssue({
      repo: repo.fullName,
      title,
      body: stringField(ctx, 'body'),
      labels: labelNames(ctx.body.labels),
      assignees,
      user: ctx.token.login,
    });
    return { status: 201, body: json(ctx, issue) };
  });
  router.add('GET', '/repos/{owner}/{repo}/issues/{number}', (ctx, p) => ({
    status: 200,
    body: json(ctx, findIssue(ctx, p)),
  }));
  router.add('PATCH', '/repos/{owner}/{repo}/issues/{number}', (ctx, p) => {
    const issue = findIssue(ctx, p);
    updateIssue(ctx, issue, store);
    return { status: 200, body: json(ctx, issue) };
  });
  router.add('GET', '/repos/{owner}/{repo}/issues/{number}/comments', (ctx, p) => {
    const issue = findIssue(ctx, p);
    const { page, headers } = paginate(ctx, issue.comments);
    return { status: 200, body: page.map((c) => commentJson(ctx, issue, c)), headers };
  });
  router.add('POST', '/repos/{owner}/{repo}/issues/{number}/comments', (ctx, p) => {
    const issue = findIssue(ctx, p);
    const body = stringField(ctx, 'body');
    if (!body) throw validationFailed('IssueComment', 'body', 'missing_field');
    const at = isoSeconds(ctx.now());
    const comment = {
      id: ctx.state.nextId(),
      body,
      user: ctx.token.login,
      createdAt: at,
      updatedAt: at,
    };
    issue.comments.push(comment);
    issue.updatedAt = at;
    return { status: 201, body: commentJson(ctx, issue, comment) };
  });
  router.add('GET', '/repos/{owner}/{repo}/labels/{name}', (ctx, p) => {
    const label = store.findLabel(accessRepo(ctx, p, 'issues').fullName, p.name);
    if (!label) throw fail(404, 'Not Found');
    return { status: 200, body: labelJson(ctx, label) };
  });
  router.add('POST', '/repos/{owner}/{repo}/labels', (ctx, p) => {
    const repo = accessRepo(ctx, p, 'issues');
    const name = stringField(ctx, 'name');
    if (!name) throw validationFailed('Label', 'name', 'missing_field');
    if (store.findLabel(repo.fullName, name)) {
      throw validationFailed('Label', 'name', 'already_exists');
    }
    const label = store.ensureLabel(repo.fullName, name, {
      color: stringField(ctx, 'color')?.replace(/^#/, ''),
      description: stringField(ctx, 'description'),
    });
    return { status: 201, body: labelJson(ctx, label) };
  });
}

/**
 * GitHub creates nothing when an assignee cannot be assigned: the whole POST is a 422 that names
 * each refused login (unlike labels, which it creates, and assignees of a caller without push
 * access, which it drops silently).
 * @param {string} repo
 * @param {string[]} assignees
 * @param {IssueStore} store
 */
function refuseAssignees(repo, assignees, store) {
  const errors = assignees
    .filter((login) => store.isRefused(repo, login))
    .map((login) => ({ value: login, resource: 'Issue', field: 'assignees', code: 'invalid' }));
  if (errors.length === 0) return;
  throw new GitHubAnswer({
    status: 422,
    body: {
      message: 'Validation Failed',
      errors,
      documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
      status: '422',
    },
  });
}

/** Labels and assignees arrive as strings or `{name}` objects. @param {unknown} value */
function labelNames(value) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail(422, 'Invalid request.\n\nInvalid property: not an array.');
  return value.map((v) => String(typeof v === 'object' && v ? v.name : v));
}

/** state, labels (all must match), creator, sort and direction, as GitHub filters. @param {GhCtx} ctx @param {Issue[]} list */
function filterIssues(ctx, list) {
  const { state = 'open', labels, creator, sort = 'created', direction = 'desc' } = ctx.query;
  if (!['open', 'closed', 'all'].includes(state)) {
    throw validationFailed('Issue', 'state', 'invalid');
  }
  const wanted = (labels ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const key = sort === 'updated' ? 'updatedAt' : 'createdAt';
  return list
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
    .filter((i) => !creator || i.user.toLowerCase() === creator.toLowerCase())
    .sort((a, b) => {
      const order =
        sort === 'comments'
          ? a.comments.length - b.comments.length
          : a[key].localeCompare(b[key]) || a.number - b.number;
      return direction === 'asc' ? order : -order;
    });
}

/** @param {GhCtx} ctx @param {Issue} issue @param {IssueStore} store */
function updateIssue(ctx, issue, store) {
  const { state, state_reason: reason } = ctx.body;
  if (state !== undefined && state !== 'open' && state !== 'closed') {
    throw validationFailed('Issue', 'state', 'invalid');
  }
  if (
    reason !== undefined &&
    reason !== null &&
    !['completed', 'not_planned', 'reopened'].includes(String(reason))
  ) {
    throw validationFailed('Issue', 'state_reason', 'invalid');
  }
  const at = isoSeconds(ctx.now());
  issue.title = stringField(ctx, 'title') ?? issue.title;
  issue.body = stringField(ctx, 'body') ?? issue.body;
  // `labels` on PATCH replaces the whole set (docs/platform-facts.md, "Issues").
  if (ctx.body.labels !== undefined) {
    issue.labels = labelNames(ctx.body.labels).map((n) => store.ensureLabel(issue.repo, n).name);
  }
  if (ctx.body.assignees !== undefined) issue.assignees = labelNames(ctx.body.assignees);
  if (state === 'closed' && issue.state === 'open') issue.closedAt = at;
  if (state === 'open' && issue.state === 'closed') {
    issue.closedAt = null;
    issue.stateReason = 'reopened';
  }
  if (state) issue.state = /** @type {'open' | 'closed'} */ (state);
  if (state === 'closed') {
    issue.stateReason = /** @type {Issue['stateReason']} */ (reason ?? 'completed');
  } else if (reason !== undefined) {
    issue.stateReason = /** @type {Issue['stateReason']} */ (reason);
  }
  issue.updatedAt = at;
}

/** @param {GhCtx} ctx @param {Issue} issue @param {IssueStore} store */
function issueJson(ctx, issue, store) {
  const kind = issue.isPullRequest ? 'pull' : 'issues';
  const htmlUrl = `https://github.com/${issue.repo}/${kind}/${issue.number}`;
  const apiRepo = `${ctx.apiUrl}/repos/${issue.repo}`;
  return {
    id: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.stateReason,
    locked: false,
    labels: issue.labels.map((n) => labelJson(ctx, store.ensureLabel(issue.repo, n))),
    assignee: issue.assignees[0] ? { login: issue.assignees[0] } : null,
    assignees: issue.assignees.map((login) => ({ login })),
    user: { login: issue.user },
    comments: issue.comments.length,
    url: `${apiRepo}/issues/${issue.number}`,
    html_url: htmlUrl,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    ...(issue.isPullRequest
      ? { pull_request: { url: `${apiRepo}/pulls/${issue.number}`, html_url: htmlUrl } }
      : {}),
  };
}

/** @param {GhCtx} ctx @param {Issue} issue @param {Comment} c */
function commentJson(ctx, issue, c) {
  return {
    id: c.id,
    body: c.body,
    user: { login: c.user },
    url: `${ctx.apiUrl}/repos/${issue.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${issue.repo}/issues/${issue.number}#issuecomment-${c.id}`,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** @param {GhCtx} ctx @param {Label} label */
function labelJson(ctx, label) {
  return {
    id: label.id,
    name: label.name,
    color: label.color,
    description: label.description,
    default: false,
    url: `${ctx.apiUrl}/repos/${label.repo}/labels/${encodeURIComponent(label.name)}`,
  };
}
