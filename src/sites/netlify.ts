/**
 * The Netlify copy: the site's environment variable, set as Netlify's own CLI does it
 * (docs/platform-facts.md, "Netlify"): find the site's account, then update the variable's
 * values or create it, as a secret with a value for every deploy context but local dev (a
 * secret is readable only by code running on Netlify, and has no dev value).
 */
import type { SiteTargets } from '../inputs/sites.js';
import type { SiteHttp } from './site-http.js';

type Netlify = NonNullable<SiteTargets['netlify']>;

interface EnvValue {
  id?: string;
  value?: string;
  context?: string;
  context_parameter?: string;
}

interface EnvVar {
  key: string;
  scopes?: string[];
  values?: EnvValue[];
}

// The deploy contexts a secret serves; `dev` and `dev-server` are the local CLI's.
const CONTEXTS = ['production', 'deploy-preview', 'branch-deploy'];
const LOCAL = new Set(['dev', 'dev-server']);
// A secret may not reach post-processing (snippet injection).
const SECRET_SCOPES = ['builds', 'functions', 'runtime'];

/** Reads the site and the variable (a dry run stops here), then writes `value`. */
export async function copyToNetlify(
  http: SiteHttp,
  netlify: Netlify,
  key: string,
  value: string | undefined,
): Promise<void> {
  const advise = (status: number) => advice(netlify, status);
  const { body: site } = await http.send<{
    id?: string;
    account_slug?: string;
    account_id?: string;
  }>({
    method: 'GET',
    url: `${netlify.apiUrl}/sites/${encodeURIComponent(netlify.site)}`,
    token: netlify.token,
    what: `read Netlify site ${netlify.site}`,
    advise,
  });
  const account = site.account_slug ?? site.account_id ?? '';
  const base = `${netlify.apiUrl}/accounts/${encodeURIComponent(account)}/env`;
  // The variable calls want the site's id; 'netlify-site' may be its domain.
  const query = `site_id=${encodeURIComponent(site.id ?? netlify.site)}`;
  const existing = await http
    .send<EnvVar>({
      method: 'GET',
      url: `${base}/${encodeURIComponent(key)}?${query}`,
      token: netlify.token,
      what: `read ${key} of Netlify site ${netlify.site}`,
      advise: (status) => (status === 404 ? '' : advise(status)),
    })
    .then(({ body }) => body)
    .catch((error: { status?: number }) => {
      if (error.status === 404) return undefined;
      throw error;
    });
  if (value === undefined) return;
  const values = secretValues(existing?.values ?? [], value);
  const scopes = (existing?.scopes ?? SECRET_SCOPES).filter(
    (scope) => !/post.processing/.test(scope),
  );
  const variable = { key, scopes, values, is_secret: true };
  await http.send({
    method: existing ? 'PUT' : 'POST',
    url: existing ? `${base}/${encodeURIComponent(key)}?${query}` : `${base}?${query}`,
    token: netlify.token,
    body: existing ? variable : [variable],
    what: `${existing ? 'update' : 'create'} ${key} of Netlify site ${netlify.site}`,
    advise,
  });
}

/** Every deploy context's value set to `value`; branch overrides kept, and updated too. */
export function secretValues(existing: EnvValue[], value: string): EnvValue[] {
  const branches = existing
    .filter((entry) => entry.context === 'branch' && entry.context_parameter)
    .map((entry) => ({ context: 'branch', context_parameter: entry.context_parameter, value }));
  const kept = existing.filter(
    (entry) => entry.context && LOCAL.has(entry.context) && entry.value === '',
  );
  return [
    ...CONTEXTS.map((context) => ({ context, value })),
    ...branches,
    ...kept.map(({ context }) => ({ context, value: '' })),
  ];
}

function advice(netlify: Netlify, status: number): string {
  if (status === 401 || status === 403) {
    return (
      "Netlify does not accept 'netlify-token': it is wrong or revoked, or its user cannot " +
      `manage site ${netlify.site}. Create a personal access token (User settings › ` +
      "Applications) as a member of the site's team."
    );
  }
  if (status === 404) {
    return (
      `Netlify has no site "${netlify.site}" this token can see: set 'netlify-site' to the ` +
      "site's ID (Site configuration › Site details › Site ID)."
    );
  }
  return "Read Netlify's message above; the site's Environment variables page shows the variable.";
}
