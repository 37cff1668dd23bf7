/**
 * The Cloudflare copies (docs/platform-facts.md, "Cloudflare"): a Worker secret, which
 * Cloudflare deploys at once, and a Pages project's production and preview variables as
 * `secret_text`. Every answer is Cloudflare's envelope: `success` false is a refusal too.
 */
import type { SiteTargets } from '../inputs/sites.js';
import { SiteCallError, type SiteHttp } from './site-http.js';

type Cloudflare = NonNullable<SiteTargets['cloudflare']>;

interface Envelope {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
}

export async function copyToWorker(
  http: SiteHttp,
  cloudflare: Cloudflare,
  worker: string,
  key: string,
  value: string | undefined,
): Promise<void> {
  const base = `${cloudflare.apiUrl}/accounts/${encodeURIComponent(cloudflare.account)}/workers/scripts/${encodeURIComponent(worker)}/secrets`;
  const advise = (status: number, code?: string) => workerAdvice(worker, status, code);
  if (value === undefined) {
    await expectSuccess(
      http.send<Envelope>({
        method: 'GET',
        url: base,
        token: cloudflare.token,
        what: `read the secrets of Worker ${worker}`,
        advise,
      }),
      advise,
    );
    return;
  }
  await expectSuccess(
    http.send<Envelope>({
      method: 'PUT',
      url: base,
      token: cloudflare.token,
      body: { name: key, text: value, type: 'secret_text' },
      what: `set secret ${key} of Worker ${worker}`,
      advise,
    }),
    advise,
  );
}

export async function copyToPages(
  http: SiteHttp,
  cloudflare: Cloudflare,
  project: string,
  key: string,
  value: string | undefined,
): Promise<void> {
  const url = `${cloudflare.apiUrl}/accounts/${encodeURIComponent(cloudflare.account)}/pages/projects/${encodeURIComponent(project)}`;
  const advise = (status: number, code?: string) => pagesAdvice(project, status, code);
  if (value === undefined) {
    await expectSuccess(
      http.send<Envelope>({
        method: 'GET',
        url,
        token: cloudflare.token,
        what: `read Pages project ${project}`,
        advise,
      }),
      advise,
    );
    return;
  }
  // Only the keys sent change; production and preview are a Pages project's two environments.
  const variable = { [key]: { type: 'secret_text', value } };
  await expectSuccess(
    http.send<Envelope>({
      method: 'PATCH',
      url,
      token: cloudflare.token,
      body: {
        deployment_configs: { production: { env_vars: variable }, preview: { env_vars: variable } },
      },
      what: `set ${key} of Pages project ${project}`,
      advise,
    }),
    advise,
  );
}

async function expectSuccess(
  answer: Promise<{ status: number; body: Envelope }>,
  advise: (status: number, code?: string) => string,
): Promise<void> {
  const { status, body } = await answer;
  // Cloudflare's envelope always says; a 2xx without `success: true` is not its answer.
  if (body.success === true) return;
  const error = body.errors?.[0] ?? {};
  const code = error.code === undefined ? undefined : String(error.code);
  throw new SiteCallError(
    `Cloudflare refused (${code ?? 'no code'}${error.message ? `: ${error.message}` : ''}).`,
    'permanent',
    advise(status, code),
    status,
    code,
  );
}

function tokenAdvice(permission: string): string {
  return (
    "Cloudflare does not accept 'cloudflare-token' for this: it is wrong, expired, or lacks " +
    `"${permission}" on the account in 'cloudflare-account'. Create an API token with that ` +
    'permission (My Profile › API Tokens).'
  );
}

function workerAdvice(worker: string, status: number, code?: string): string {
  if (code === '10215') {
    return (
      `Worker ${worker} is in a gradual deployment, and Cloudflare changes secrets only on a ` +
      'fully deployed Worker: finish (or roll back) the rollout, or set the secret on a new ' +
      'version with `wrangler versions secret put`, then run again.'
    );
  }
  if (code === '10007' || status === 404) {
    return `Cloudflare has no Worker "${worker}" in this account: check 'cloudflare-worker' and 'cloudflare-account'.`;
  }
  if (status === 401 || status === 403 || code === '10000' || code === '9106') {
    return tokenAdvice('Workers Scripts: Edit');
  }
  return "Read Cloudflare's code and message above.";
}

function pagesAdvice(project: string, status: number, code?: string): string {
  if (code === '8000007' || status === 404) {
    return `Cloudflare has no Pages project "${project}" in this account: check 'cloudflare-pages-project' and 'cloudflare-account'.`;
  }
  if (status === 401 || status === 403 || code === '10000' || code === '9106') {
    return tokenAdvice('Cloudflare Pages: Edit');
  }
  return "Read Cloudflare's code and message above.";
}
