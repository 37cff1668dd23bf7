/**
 * The site copies of one run, after the GitHub secret holds the new token: every copy updated
 * side by side, then every deploy hook POSTed, so the running site picks the new value up. A
 * dry run reads each target and writes nothing; a failure is reported after the rest were tried.
 */
import type { SiteTargets } from '../inputs/sites.js';
import { copyToPages, copyToWorker } from './cloudflare.js';
import { copyToNetlify } from './netlify.js';
import { copyToVercel } from './vercel.js';
import { postHook } from './hooks.js';
import { SiteCallError, type SiteHttp } from './site-http.js';
import { hookLabel, siteCopies, type SiteResult } from './targets.js';
import { errorMessage } from '../rules/errors.js';

interface Copy {
  target: string;
  /** Writes `value`; with undefined, only reads the target (a dry run). */
  run(http: SiteHttp, value: string | undefined): Promise<void>;
}

function copiesOf(sites: SiteTargets): Copy[] {
  const { variable } = sites;
  return siteCopies(sites).map((copy): Copy => {
    const { target } = copy;
    switch (copy.kind) {
      case 'vercel':
        return { target, run: (http, value) => copyToVercel(http, copy.vercel, variable, value) };
      case 'netlify':
        return { target, run: (http, value) => copyToNetlify(http, copy.netlify, variable, value) };
      case 'cloudflare-worker':
        return {
          target,
          run: (http, value) => copyToWorker(http, copy.cloudflare, copy.worker, variable, value),
        };
      case 'cloudflare-pages':
        return {
          target,
          run: (http, value) => copyToPages(http, copy.cloudflare, copy.pages, variable, value),
        };
    }
  });
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
  const message = errorMessage(error);
  return new SiteCallError(
    message,
    'permanent',
    'This looks like a bug in the action: please report it.',
  );
}
