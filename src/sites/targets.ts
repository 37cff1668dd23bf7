/**
 * The site copies a run's inputs name, by label ("vercel:my-project", "deploy-hook:1": never a
 * URL), and how they fared. Apart from the copying itself (deliver.ts), which loads only when
 * a run has a site to update.
 */
import type { SiteTargets } from '../inputs/sites.js';
import type { SiteCallError } from './site-http.js';

export type SiteStatus = 'updated' | 'failed' | 'skipped';

export interface SiteResult {
  /** "vercel:my-project", "deploy-hook:1": never a URL. */
  target: string;
  status: SiteStatus;
  error?: SiteCallError;
}

type Vercel = NonNullable<SiteTargets['vercel']>;
type Netlify = NonNullable<SiteTargets['netlify']>;
type Cloudflare = NonNullable<SiteTargets['cloudflare']>;

/** A copy the inputs name, with the settings it is made with. */
export type SiteCopy = { target: string } & (
  | { kind: 'vercel'; vercel: Vercel }
  | { kind: 'netlify'; netlify: Netlify }
  | { kind: 'cloudflare-worker'; cloudflare: Cloudflare; worker: string }
  | { kind: 'cloudflare-pages'; cloudflare: Cloudflare; pages: string }
);

/** Every copy the inputs name, in the order they are made and reported. */
export function siteCopies(sites: SiteTargets): SiteCopy[] {
  const { vercel, netlify, cloudflare } = sites;
  const copies: SiteCopy[] = [];
  if (vercel) copies.push({ kind: 'vercel', target: `vercel:${vercel.project}`, vercel });
  if (netlify) copies.push({ kind: 'netlify', target: `netlify:${netlify.site}`, netlify });
  const worker = cloudflare?.worker;
  if (cloudflare && worker) {
    const target = `cloudflare-worker:${worker}`;
    copies.push({ kind: 'cloudflare-worker', target, cloudflare, worker });
  }
  const pages = cloudflare?.pagesProject;
  if (cloudflare && pages) {
    const target = `cloudflare-pages:${pages}`;
    copies.push({ kind: 'cloudflare-pages', target, cloudflare, pages });
  }
  return copies;
}

export function hookLabel(index: number): string {
  return `deploy-hook:${index + 1}`;
}

export function hasSites(sites: SiteTargets): boolean {
  return Boolean(sites.vercel || sites.netlify || sites.cloudflare || sites.deployHooks.length);
}

/** Every target a run with these inputs reaches, for a run that skips them all. */
export function siteTargets(sites: SiteTargets): string[] {
  const copies = siteCopies(sites).map((copy) => copy.target);
  return [...copies, ...sites.deployHooks.map((_url, index) => hookLabel(index))];
}

export function allSkipped(sites: SiteTargets): SiteResult[] {
  return siteTargets(sites).map((target) => ({ target, status: 'skipped' }));
}

/**
 * Some site copies are stale while the GitHub secret holds the new token: the run fails and
 * says which, and what to fix in each platform's words; the next run delivers again.
 */
export class SiteCopyError extends Error {
  override readonly name = 'SiteCopyError';
  readonly kind: 'transient' | 'permanent';
  readonly advice: string;
  constructor(
    readonly results: SiteResult[],
    /** A dry run's reads failed: nothing is stale, a real run would fail there. */
    readonly check = false,
  ) {
    const failed = results.filter((result) => result.status === 'failed');
    const list = failed
      .map((result) => `${result.target} (${result.error?.message ?? 'failed'})`)
      .join('; ');
    const copies = failed.length === 1 ? 'copy is' : 'copies are';
    super(
      check
        ? `A real run could not update ${failed.length === 1 ? 'this site copy' : 'these site copies'}: ${list}`
        : `The GitHub secret holds the new token, but ${failed.length} site ${copies} stale: ${list}`,
    );
    this.kind = failed.every((result) => result.error?.kind === 'transient')
      ? 'transient'
      : 'permanent';
    this.advice =
      failed.map((result) => `${result.target}: ${result.error?.advice ?? ''}`).join(' ') +
      (check ? '' : ' The next run refreshes the token and delivers it again.');
  }
}
