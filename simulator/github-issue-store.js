// @ts-check
// Issues (pull requests among them: they share numbers and the issues list) and labels, as the
// GitHub fake stores them. Tests seed with addIssue and read `issues` and `labels` directly.

import { isoSeconds } from './github-http.js';

/** @typedef {{ id: number, body: string, user: string, createdAt: string, updatedAt: string }} Comment */
/**
 * @typedef {object} Issue
 * @property {number} id
 * @property {string} repo owner/name
 * @property {number} number
 * @property {string} title
 * @property {string} body
 * @property {'open' | 'closed'} state
 * @property {'completed' | 'not_planned' | 'reopened' | null} stateReason
 * @property {string[]} labels
 * @property {string[]} assignees
 * @property {boolean} isPullRequest
 * @property {string} user
 * @property {string} createdAt
 * @property {string} updatedAt
 * @property {string | null} closedAt
 * @property {Comment[]} comments
 */
/** @typedef {{ id: number, repo: string, name: string, color: string, description: string | null }} Label */
/**
 * @typedef {object} AddIssueSpec
 * @property {string} repo owner/name
 * @property {string} title
 * @property {string} [body]
 * @property {string[]} [labels]
 * @property {string[]} [assignees]
 * @property {'open' | 'closed'} [state]
 * @property {boolean} [isPullRequest]
 * @property {string} [user]
 */

/** @param {ReturnType<typeof import('./github-state.js').createGitHubState>} state @param {() => number} now */
export function createIssueStore(state, now) {
  /** @type {Issue[]} */
  const issues = [];
  /** @type {Label[]} */
  const labels = [];

  /** @param {string} repo @param {string} name */
  const findLabel = (repo, name) =>
    labels.find(
      (l) =>
        l.repo.toLowerCase() === repo.toLowerCase() && l.name.toLowerCase() === name.toLowerCase(),
    );

  /** @param {string} repo @param {string} name @param {{ color?: string, description?: string }} [spec] */
  function ensureLabel(repo, name, spec = {}) {
    const found = findLabel(repo, name);
    if (found) return found;
    const label = {
      id: state.nextId(),
      repo,
      name,
      color: spec.color ?? 'ededed',
      description: spec.description ?? null,
    };
    labels.push(label);
    return label;
  }

  /** @param {AddIssueSpec} spec @returns {Issue} */
  function addIssue(spec) {
    const repo = state.requireRepo(spec.repo);
    const at = isoSeconds(now());
    const closed = spec.state === 'closed';
    /** @type {Issue} */
    const issue = {
      id: state.nextId(),
      repo: repo.fullName,
      number: repo.nextNumber++,
      title: spec.title,
      body: spec.body ?? '',
      state: closed ? 'closed' : 'open',
      stateReason: closed ? 'completed' : null,
      labels: (spec.labels ?? []).map((name) => ensureLabel(repo.fullName, name).name),
      assignees: [...(spec.assignees ?? [])],
      isPullRequest: spec.isPullRequest ?? false,
      user: spec.user ?? 'sim-user',
      createdAt: at,
      updatedAt: at,
      closedAt: closed ? at : null,
      comments: [],
    };
    issues.push(issue);
    return issue;
  }

  // Logins GitHub will not assign: `*:login` everywhere, `owner/name:login` in one repository.
  // Opt-in, so a test that passes assignees without calling refuseAssignee still gets them.
  /** @type {Set<string>} */
  const refused = new Set();

  /**
   * Makes GitHub refuse `login` as an assignee (not a collaborator, a typo, a deleted account),
   * in `repo` only or everywhere.
   * @param {string} login
   * @param {string} [repo] owner/name
   */
  function refuseAssignee(login, repo) {
    refused.add(`${(repo ?? '*').toLowerCase()}:${login.toLowerCase()}`);
  }

  /** @param {string} repo @param {string} login */
  const isRefused = (repo, login) =>
    refused.has(`*:${login.toLowerCase()}`) ||
    refused.has(`${repo.toLowerCase()}:${login.toLowerCase()}`);

  return { issues, labels, findLabel, ensureLabel, addIssue, refuseAssignee, isRefused };
}

/** @typedef {ReturnType<typeof createIssueStore>} IssueStore */
