// @ts-check
// The checks Vercel makes on an environment-variable record (docs/platform-facts.md, "Vercel"),
// apart from the routes: the error envelope, a record's allowed shape (no legacy `secret`, no
// `sensitive` for development, a branch only for preview), and ENV_CONFLICT between records.

import { REQUEST_TYPES, TARGETS } from './vercel-state.js';

/** @typedef {import('./vercel-state.js').VercelEnv} VercelEnv */
/** @typedef {import('./site-http.js').SiteAnswer} SiteAnswer */

/** Vercel's error envelope. @param {number} status @param {string} code @param {string} message @param {Record<string, unknown>} [extra] @returns {SiteAnswer} */
export function vercelError(status, code, message, extra = {}) {
  return { status, body: { error: { code, message, ...extra } } };
}

/**
 * What is wrong with a record's shape, or undefined. `next` is the record as it would be.
 * @param {{ key: unknown, value: unknown, type: unknown, target: unknown, gitBranch: unknown }} next
 * @returns {SiteAnswer | undefined}
 */
export function shapeProblem(next) {
  if (typeof next.key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(next.key)) {
    return vercelError(
      400,
      'KEY_INVALID_CHARACTERS',
      'The name of your Environment Variable is invalid.',
    );
  }
  if (next.type === 'secret') {
    return vercelError(
      400,
      'bad_request',
      'Invalid request: `type` should be equal to one of the allowed values "system, encrypted, plain, sensitive". Legacy secrets are sunset.',
    );
  }
  if (!REQUEST_TYPES.includes(/** @type {string} */ (next.type))) {
    return vercelError(
      400,
      'bad_request',
      `Invalid request: \`type\` should be equal to one of the allowed values "${REQUEST_TYPES.join(', ')}".`,
    );
  }
  if (next.type !== 'system' && typeof next.value !== 'string') {
    return vercelError(400, 'MISSING_VALUE', 'Invalid request: missing required property `value`.');
  }
  const target = next.target;
  if (!Array.isArray(target) || target.length === 0) {
    return vercelError(
      400,
      'MISSING_TARGET',
      'Invalid request: `target` must be a non-empty array.',
    );
  }
  if (!target.every((t) => TARGETS.includes(t)) || new Set(target).size !== target.length) {
    return vercelError(
      400,
      'bad_request',
      `Invalid request: \`target\` items must be one of "${TARGETS.join(', ')}" without repeats.`,
    );
  }
  if (next.type === 'sensitive' && target.includes('development')) {
    return vercelError(
      400,
      'bad_request',
      'Sensitive Environment Variables cannot target Development.',
    );
  }
  if (
    next.gitBranch != null &&
    (typeof next.gitBranch !== 'string' || target.join() !== 'preview')
  ) {
    return vercelError(
      400,
      'bad_request',
      'Invalid request: `gitBranch` requires `target` to be exactly ["preview"].',
    );
  }
  return undefined;
}

/** Records that clash with `next`: same key, same branch, a target in common. @param {VercelEnv[]} envs @param {{ key: string, gitBranch: string | null, target: string[] }} next @param {VercelEnv} [except] */
export function clashes(envs, next, except) {
  return envs.filter(
    (e) =>
      e !== except &&
      e.key === next.key &&
      e.gitBranch === next.gitBranch &&
      e.target.some((t) => next.target.includes(t)),
  );
}

/** @param {string[]} a @param {string[]} b */
export function sameTargets(a, b) {
  return a.length === b.length && a.every((t) => b.includes(t));
}

/** The ENV_CONFLICT error object. @param {string} key @param {VercelEnv} existing @param {string[]} target */
export function conflictError(key, existing, target) {
  const shared = existing.target.filter((t) => target.includes(t));
  return {
    code: 'ENV_CONFLICT',
    message: `A variable with the name \`${key}\` already exists for the target ${shared.join(', ')} on branch undefined.`,
    key,
    envVarId: existing.id,
    envVarKey: key,
    target: shared,
  };
}
