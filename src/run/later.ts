/**
 * What a run needs only after its first requests, loaded in the network's gaps: each piece
 * waits until every request made so far has left the process, so loading never holds back a
 * request, and one piece goes per gap, so it rarely holds back the answer the next request
 * waits for. First @actions/core (log lines and masks wait for it) and the schedule guard,
 * then libsodium (its WebAssembly compiles while the refresh is in flight), then the failure
 * issue's texts, the summary and, when a site is named, the platforms' code. Whatever no gap
 * reached loads once the accounts are done.
 */
import { requestsLeft } from '../http/in-flight.js';
import { preloadSealer } from '../rules/seal.js';
import { loadCore } from './runner.js';
import { loadSiteCopies } from './site-copies.js';

export function loadAlongside(running: Promise<unknown>, withSites: boolean) {
  const done = running.then(noop, noop);
  const gap = () => Promise.race([requestsLeft(), done]);
  // The schedule guard is small and may have a request to make (keepalive): it comes first.
  const first = gap().then(() => Promise.all([import('./inactivity-guard.js'), loadCore()]));
  const rest = first.then(async () => {
    await gap();
    await preloadSealer();
    await gap();
    const [publish] = await Promise.all([
      import('./publish.js'),
      import('./failure-issue.js'),
      withSites ? loadSiteCopies() : undefined,
    ]);
    return publish;
  });
  return { guard: first.then(([guard]) => guard.guardSchedule), publish: rest };
}

function noop(): void {}
