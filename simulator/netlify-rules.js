// @ts-check
// Netlify's rules for environment variables (docs/platform-facts.md, "Netlify"), apart from the
// routes: the `{code, message}` error body, what a read shows of a secret (dev contexts only), a
// variable's allowed shape (contexts, branch parameters, secret scopes), and the stored form.

import { randomBytes } from 'node:crypto';
import { ALL_SCOPES, CONTEXTS } from './netlify-state.js';

/** @typedef {import('./site-http.js').SiteAnswer} SiteAnswer */
/** @typedef {import('./netlify-state.js').NetlifyEnv} NetlifyEnv */
/**
 * @typedef {object} NetlifySettings
 * @property {'refuse' | 'accept'} secretAllContext a secret with a value for context `all`:
 *   whether the API refuses it is unconfirmed; the CLI never sends one (it expands `all`)
 */

const READABLE_SECRET_CONTEXTS = ['dev', 'dev-server'];

/** Netlify's error body. @param {number} code @param {string} message @returns {SiteAnswer} */
export function netlifyError(code, message) {
  return { status: code, body: { code, message } };
}

/** A variable as the API shows it: secret values hidden outside the dev contexts. @param {NetlifyEnv} env */
export function envView(env) {
  return {
    ...env,
    scopes: [...env.scopes],
    values: env.values.map((v) =>
      env.is_secret && !READABLE_SECRET_CONTEXTS.includes(v.context)
        ? { ...v, value: undefined }
        : { ...v },
    ),
  };
}

/** What is wrong with a variable the request describes, or undefined. @param {any} item @param {NetlifySettings} settings @returns {SiteAnswer | undefined} */
export function shapeProblem(item, settings) {
  if (!item || typeof item !== 'object')
    return netlifyError(400, 'Each environment variable must be an object');
  if (typeof item.key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(item.key)) {
    return netlifyError(400, 'Invalid key');
  }
  if (!Array.isArray(item.values)) return netlifyError(400, `${item.key}: values must be an array`);
  const seen = new Set();
  for (const v of item.values) {
    if (!v || typeof v.value !== 'string' || !CONTEXTS.includes(v.context)) {
      return netlifyError(
        400,
        `${item.key}: each value needs a string value and a context of ${CONTEXTS.join(', ')}`,
      );
    }
    if ((v.context === 'branch') !== (typeof v.context_parameter === 'string')) {
      return netlifyError(
        400,
        `${item.key}: context_parameter is required for, and only for, the branch context`,
      );
    }
    const id = `${v.context}:${v.context_parameter ?? ''}`;
    if (seen.has(id)) return netlifyError(400, `${item.key}: two values for context ${v.context}`);
    seen.add(id);
  }
  const scopes = item.scopes ?? [];
  if (
    !Array.isArray(scopes) ||
    !scopes.every((s) => [...ALL_SCOPES, 'post-processing'].includes(s))
  ) {
    return netlifyError(400, `${item.key}: unknown scope`);
  }
  if (item.is_secret === true) {
    if (scopes.some((s) => /^post.processing$/.test(s))) {
      return netlifyError(400, `${item.key}: secret values cannot use the post-processing scope`);
    }
    if (
      settings.secretAllContext === 'refuse' &&
      item.values.some((/** @type {any} */ v) => v.context === 'all')
    ) {
      return netlifyError(
        400,
        `${item.key}: a secret value needs a specific deploy context, not "all"`,
      );
    }
  }
  return undefined;
}

/** A stored variable from a validated request body. @param {any} item @param {() => number} now @returns {NetlifyEnv} */
export function build(item, now) {
  const isSecret = item.is_secret === true;
  const scopes = (item.scopes ?? (isSecret ? ALL_SCOPES.slice(0, 3) : ALL_SCOPES)).map(
    (/** @type {string} */ s) => s.replace('-', '_'),
  );
  return {
    key: item.key,
    scopes,
    values: item.values.map((/** @type {any} */ v) => ({
      id: v.id ?? randomBytes(8).toString('hex'),
      value: v.value,
      context: v.context,
      ...(v.context_parameter === undefined ? {} : { context_parameter: v.context_parameter }),
    })),
    is_secret: isSecret,
    updated_at: new Date(now()).toISOString(),
  };
}
