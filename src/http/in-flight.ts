/**
 * Which requests are on their way: asked for, or made but not yet handed to the operating
 * system. The run loads what it needs later only when none is (run/later.ts), so a load never
 * holds back a request.
 */

// Requests asked for or made but not yet handed to the operating system, and who waits for
// there to be none.
let onItsWay = 0;
const waitingForNone: (() => void)[] = [];

/**
 * Resolves once every request asked for so far has left the process (or the next one has,
 * when none was): the moment to load what the run needs later without delaying a request.
 */
export function requestsLeft(): Promise<void> {
  return new Promise((resolve) => waitingForNone.push(resolve));
}

/**
 * Counts a request its caller makes a little later, after hooks or timers (Octokit's do), as
 * on its way already; `settle()` once it was made, or never will be.
 */
export function announceRequest(): { settle(): void } {
  onItsWay += 1;
  let settled = false;
  return {
    settle() {
      if (!settled) left();
      settled = true;
    },
  };
}

function left(): void {
  onItsWay -= 1;
  // A request its caller makes a few microtasks later still counts.
  if (onItsWay === 0) {
    setImmediate(() => {
      if (onItsWay === 0) for (const resolve of waitingForNone.splice(0)) resolve();
    });
  }
}
