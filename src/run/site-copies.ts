/**
 * The site copies in a run's story: delivered after the secret is written, read in a dry run,
 * skipped with the refresh. A stale copy fails the run (docs/behaviour.md rule 12).
 */
import { allSkipped, hasSites, SiteCopyError, type SiteResult } from '../sites/targets.js';
import { StepFailureError } from '../rules/errors.js';
import type { SiteNote } from '../rules/outcome.js';
import type { RunContext } from './context.js';

/** Writes `token` to every site copy, then POSTs the hooks; a dry run (undefined) only reads. */
export async function deliverToSites(
  context: RunContext,
  token: string | undefined,
): Promise<SiteNote[]> {
  const { sites } = context.config;
  if (!hasSites(sites)) return [];
  const [{ createSiteHttp }, { deliver }] = await loadSiteCopies();
  const http = createSiteHttp({
    timeoutMs: context.config.requestTimeoutMs,
    deadline: context.deadlines.work,
    debug: context.log.debug,
  });
  const results = await deliver(http, sites, token);
  for (const result of results) {
    if (result.status === 'updated') context.log.info(`Updated the site copy ${result.target}.`);
  }
  if (results.some((result) => result.status === 'failed')) {
    throw new StepFailureError('site-copy', new SiteCopyError(results, token === undefined));
  }
  return notes(results);
}

export function skippedSites(context: RunContext): SiteNote[] {
  return notes(allSkipped(context.config.sites));
}

export function notes(results: SiteResult[]): SiteNote[] {
  return results.map(({ target, status }) => ({ target, status }));
}

/** The platforms' code, loaded only for a run that has a site to update. */
export function loadSiteCopies() {
  return Promise.all([import('../sites/site-http.js'), import('../sites/deliver.js')]);
}
