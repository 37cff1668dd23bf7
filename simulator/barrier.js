// @ts-check
// A staged race. Requests that meet a barrier wait until `parties` of them have arrived, then
// all go on together. A test about two runs at once can then be sure both runs have looked
// before either one writes, instead of hoping that a delay was long enough on a busy machine.

/**
 * @typedef {object} Barrier
 * @property {number} parties how many arrivals release it
 * @property {number} arrived how many requests have reached it so far
 * @property {boolean} released every party arrived, or the timeout fired
 * @property {boolean} timedOut released by the timeout: the race was NOT staged (assert on it)
 * @property {(signal?: AbortSignal) => Promise<void>} arrive waits for the release; resolves
 *   early when `signal` aborts (the server is closing), never rejects
 */

/**
 * @param {number} parties
 * @param {{ timeoutMs?: number }} [options] how long the first arrival may wait for the others
 *   (default 20 s); then everyone waiting is let through and `timedOut` is set, so a run that
 *   never sends the second request fails its assertions instead of hanging the test
 * @returns {Barrier}
 */
export function createBarrier(parties, options = {}) {
  if (!Number.isInteger(parties) || parties < 1) {
    throw new TypeError(`a barrier needs a whole number of parties >= 1, got ${parties}`);
  }
  const timeoutMs = options.timeoutMs ?? 20_000;
  /** @type {(() => void)[]} */
  const waiting = [];
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  /** @type {Barrier} */
  const barrier = {
    parties,
    arrived: 0,
    released: false,
    timedOut: false,
    arrive(signal) {
      barrier.arrived += 1;
      if (barrier.released) return Promise.resolve();
      if (barrier.arrived >= parties) {
        release();
        return Promise.resolve();
      }
      // The clock starts at the first arrival, not at creation: set-up time does not count.
      timer ??= setTimeout(() => {
        barrier.timedOut = true;
        release();
      }, timeoutMs);
      return new Promise((resolve) => {
        waiting.push(resolve);
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    },
  };

  function release() {
    barrier.released = true;
    clearTimeout(timer);
    // In arrival order, so the first request held is also the first one answered.
    for (const resolve of waiting.splice(0)) resolve();
  }

  return barrier;
}
