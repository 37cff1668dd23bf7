/**
 * The site copies: where a site reads the token at runtime (a Vercel project, a Netlify site, a
 * Cloudflare Worker or Pages project) and the deploy hooks that make a new value live. A
 * platform is on when its credential and its target are both set; one without the other is a
 * bad input, and so is any of them with `accounts` (one site per step).
 */
import { InputError } from '../rules/errors.js';
import { INPUT, type InputName } from './input-names.js';
import { list, optional, secureUrl, type InputReader } from './input-rules.js';
import { hookUrls } from './deploy-hooks.js';
import { checkPasted, fromInput } from './token-rules.js';

export type VercelTarget = 'production' | 'preview' | 'development';

export interface SiteTargets {
  /** The variable's name on every platform. */
  variable: string;
  vercel?: {
    token: string;
    project: string;
    /** `teamId=team_…` or `slug=…`, when a team owns the project. */
    team?: { teamId: string } | { slug: string };
    targets: VercelTarget[];
    apiUrl: string;
  };
  netlify?: { token: string; site: string; apiUrl: string };
  cloudflare?: {
    token: string;
    account: string;
    worker?: string;
    pagesProject?: string;
    apiUrl: string;
  };
  deployHooks: string[];
}

export const SITE_DEFAULTS = {
  vercelTargets: 'production,preview',
  vercelApiUrl: 'https://api.vercel.com',
  netlifyApiUrl: 'https://api.netlify.com/api/v1',
  cloudflareApiUrl: 'https://api.cloudflare.com/client/v4',
} as const;

const VERCEL_TARGETS: readonly VercelTarget[] = ['production', 'preview', 'development'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The inputs that hold credentials or secret URLs: masked before anything else happens. */
export const SITE_SECRET_INPUTS: InputName[] = [
  INPUT.vercelToken,
  INPUT.netlifyToken,
  INPUT.cloudflareToken,
];

export function readSiteTargets(
  read: InputReader,
  secretName: string,
  multiAccount: boolean,
): SiteTargets {
  const vercel = pair(read, INPUT.vercelToken, INPUT.vercelProject, [INPUT.vercelTeam]);
  const netlify = pair(read, INPUT.netlifyToken, INPUT.netlifySite, []);
  const cloudflare = cloudflareInputs(read);
  // Checked whether or not their platform is on: a wrong value is wrong either way.
  const targets = vercelTargets(read);
  const urls = {
    vercel: secureUrl(read, INPUT.vercelApiUrl, SITE_DEFAULTS.vercelApiUrl),
    netlify: secureUrl(read, INPUT.netlifyApiUrl, SITE_DEFAULTS.netlifyApiUrl),
    cloudflare: secureUrl(read, INPUT.cloudflareApiUrl, SITE_DEFAULTS.cloudflareApiUrl),
  };
  const deployHooks = hookUrls(read);
  const used = [
    vercel && INPUT.vercelToken,
    netlify && INPUT.netlifyToken,
    cloudflare && INPUT.cloudflareToken,
    deployHooks.length > 0 && INPUT.deployHooks,
  ].find(Boolean);
  if (used && multiAccount) {
    throw new InputError(
      used as InputName,
      `Input '${used}' cannot be set together with '${INPUT.accounts}': a step copies one ` +
        'token to one site. Use a step of its own for each site.',
    );
  }
  const variable = optional(read, INPUT.siteVariable) ?? secretName;
  if (!NAME.test(variable)) {
    throw new InputError(
      INPUT.siteVariable,
      `Input '${INPUT.siteVariable}' must contain only letters, digits and _, and must not start ` +
        `with a digit; got "${variable}".`,
    );
  }
  return {
    variable,
    vercel: vercel && {
      token: vercel.token,
      project: vercel.target,
      team: vercelTeam(optional(read, INPUT.vercelTeam)),
      targets,
      apiUrl: urls.vercel,
    },
    netlify: netlify && {
      token: netlify.token,
      site: netlify.target,
      apiUrl: urls.netlify,
    },
    cloudflare: cloudflare && { ...cloudflare, apiUrl: urls.cloudflare },
    deployHooks,
  };
}

/** A credential and its target: both or neither; `extras` need both too. */
function pair(
  read: InputReader,
  tokenInput: InputName,
  targetInput: InputName,
  extras: InputName[],
): { token: string; target: string } | undefined {
  const token = optional(read, tokenInput);
  const target = optional(read, targetInput);
  if (token === undefined && target === undefined) {
    const extra = extras.find((name) => optional(read, name) !== undefined);
    if (extra) throw needs(extra, [tokenInput, targetInput]);
    return undefined;
  }
  if (token === undefined) throw needs(targetInput, [tokenInput]);
  if (target === undefined) throw needs(tokenInput, [targetInput]);
  checkPasted(fromInput(tokenInput), token);
  return { token, target };
}

function cloudflareInputs(
  read: InputReader,
): Omit<NonNullable<SiteTargets['cloudflare']>, 'apiUrl'> | undefined {
  const place = pair(read, INPUT.cloudflareToken, INPUT.cloudflareAccount, []);
  const worker = optional(read, INPUT.cloudflareWorker);
  const pagesProject = optional(read, INPUT.cloudflarePagesProject);
  if (!place) {
    const target = worker !== undefined ? INPUT.cloudflareWorker : INPUT.cloudflarePagesProject;
    if (worker !== undefined || pagesProject !== undefined) {
      throw needs(target, [INPUT.cloudflareToken, INPUT.cloudflareAccount]);
    }
    return undefined;
  }
  if (worker === undefined && pagesProject === undefined) {
    throw new InputError(
      INPUT.cloudflareToken,
      `Input '${INPUT.cloudflareToken}' needs a target: set '${INPUT.cloudflareWorker}' (a ` +
        `Worker script's name) or '${INPUT.cloudflarePagesProject}' (a Pages project), or both.`,
    );
  }
  return {
    token: place.token,
    account: place.target,
    worker,
    pagesProject,
  };
}

function needs(given: InputName, missing: InputName[]): InputError {
  return new InputError(
    given,
    `Input '${given}' is set but ${missing.map((name) => `'${name}'`).join(' and ')} ` +
      `${missing.length > 1 ? 'are' : 'is'} not: a site copy needs its platform's credential ` +
      'and its target. Set both, or neither.',
  );
}

function vercelTeam(team: string | undefined): { teamId: string } | { slug: string } | undefined {
  if (team === undefined) return undefined;
  return team.startsWith('team_') ? { teamId: team } : { slug: team };
}

function vercelTargets(read: InputReader): VercelTarget[] {
  const targets = list(read, INPUT.vercelTargets, SITE_DEFAULTS.vercelTargets);
  const wrong = targets.find((target) => !VERCEL_TARGETS.includes(target as VercelTarget));
  if (wrong !== undefined || targets.length === 0) {
    throw new InputError(
      INPUT.vercelTargets,
      `Input '${INPUT.vercelTargets}' must list production, preview and/or development; ` +
        `got "${wrong ?? ''}".`,
    );
  }
  return [...new Set(targets)] as VercelTarget[];
}
