/**
 * The site copies of one run, after the GitHub secret holds the new token: every copy updated
 * side by side, then every deploy hook POSTed, so the running site picks the new value up. A
 * dry run reads each target and writes nothing; a failure is reported after the rest were tried.
 */
import type { SiteTargets } from '../inputs/sites.js';
import { copyToPages, copyToWorker, pagesLabel, workerLabel } from './cloudflare.js';
import { copyToNetlify, netlifyLabel } from './netlify.js';
import { copyToVercel, vercelLabel } from './vercel.js';
import { hookLabel, postHook } from './hooks.js';
import { SiteCallError, type SiteHttp } from './site-http.js';

export type SiteStatus = 'updated' | 'failed' | 'skipped';

export interface SiteResult {
  /** "vercel:my-project", "deploy-hook:1": never a URL. */
  target: string;
  status: SiteStatus;
  error?: SiteCallError;
}

interface Copy {
  target: string;
  /** Writes `value`; with undefined, only reads the target (a dry run). */
  run(http: SiteHttp, value: string | undefined): Promise<void>;
}

function copiesOf(sites: SiteTargets): Copy[] {
  const copies: Copy[] = [];
  const { vercel, netlify, cloudflare, variable } = sites;
  if (vercel) {
    copies.push({
      target: vercelLabel(vercel),
      run: (http, value) => copyToVercel(http, vercel, variable, value),
    });
  }
  if (netlify) {
    copies.push({
      target: netlifyLabel(netlify),
      run: (http, value) => copyToNetlify(http, netlify, variable, value),
    });
  }
  const worker = cloudflare?.worker;
  if (cloudflare && worker) {
    copies.push({
      target: workerLabel(worker),
      run: (http, value) => copyToWorker(http, cloudflare, worker, variable, value),
    });
  }
  const pages = cloudflare?.pagesProject;
  if (cloudflare && pages) {
    copies.push({
      target: pagesLabel(pages),
      run: (http, value) => copyToPages(http, cloudflare, pages, variable, value),
    });
  }
  return copies;
}

/** Every target a run with these inputs reaches, for a run that skips them all. */
export function siteTargets(sites: SiteTargets): string[] {
  const copies = copiesOf(sites).map((copy) => copy.target);
  return [...copies, ...sites.deployHooks.map((_url, index) => hookLabel(index))];
}

export function allSkipped(sites: SiteTargets): SiteResult[] {
  return siteTargets(sites).map((target) => ({ target, status: 'skipped' }));
}

/** Writes `value` to every copy, then POSTs every hook; with undefined, a dry run's reads. */
export async function deliver(
  http: SiteHttp,
  sites: SiteTargets,
  value: string | undefined,
): Promise<SiteResult[]> {
  const attempt = async (target: string, work: () => Promise<void>): Promise<SiteResult> => {
    try {
      await work();
      return { target, status: value === undefined ? 'skipped' : 'updated' };
    } catch (error) {
      return { target, status: 'failed', error: asSiteError(error) };
    }
  };
  const copies = await Promise.all(
    copiesOf(sites).map((copy) => attempt(copy.target, () => copy.run(http, value))),
  );
  // A dry run POSTs nothing: a hook has no read.
  const hooks =
    value === undefined
      ? sites.deployHooks.map((_url, index) => ({
          target: hookLabel(index),
          status: 'skipped' as const,
        }))
      : await Promise.all(
          sites.deployHooks.map((url, index) =>
            attempt(hookLabel(index), () => postHook(http, url, index)),
          ),
        );
  return [...copies, ...hooks];
}

function asSiteError(error: unknown): SiteCallError {
  if (error instanceof SiteCallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SiteCallError(
    message,
    'permanent',
    'This looks like a bug in the action: please report it.',
  );
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
