/**
 * One deadline for the whole run (`run-timeout`). The refresh and the write stop early enough
 * to leave a reserve, so the failure issue and the job summary still go out in time; a wait
 * that would overrun is not started, and no request may outlive what is left.
 */

export interface Deadline {
  /** Milliseconds left for this kind of work; 0 when it is over. */
  remainingMs(): number;
  /** Whether a wait of `waitMs`, and a short request after it, still fits. */
  allowsWait(waitMs: number): boolean;
  /** The request timeout to use now: never past the deadline. */
  requestTimeoutMs(configuredMs: number): number;
  /** The run-timeout in seconds, for messages. */
  readonly totalSeconds: number;
}

export interface RunDeadlines {
  /** Reads, refresh, verify and writes: ends `reserve` before the run's end. */
  work: Deadline;
  /** The failure issue, comments and the summary: may use the reserve. */
  report: Deadline;
}

// A request needs at least this long after a wait to be worth starting.
const MIN_REQUEST_MS = 1000;

/** The reserve kept for the report: a fifth of the run, between 3 and 30 s. */
export function reserveFor(totalMs: number): number {
  return Math.min(30_000, Math.max(3000, Math.round(totalMs / 5)));
}

export function createRunDeadlines(
  startedAtMs: number,
  totalMs: number,
  now: () => number = Date.now,
): RunDeadlines {
  const end = startedAtMs + totalMs;
  return {
    work: deadlineAt(end - reserveFor(totalMs), totalMs, now),
    report: deadlineAt(end, totalMs, now),
  };
}

function deadlineAt(endMs: number, totalMs: number, now: () => number): Deadline {
  const remainingMs = () => Math.max(0, endMs - now());
  return {
    remainingMs,
    allowsWait: (waitMs) => waitMs + MIN_REQUEST_MS <= remainingMs(),
    requestTimeoutMs: (configuredMs) => Math.min(configuredMs, remainingMs()),
    totalSeconds: Math.round(totalMs / 1000),
  };
}

/** A deadline that never ends, for callers (tests, tools) that set none. */
export const NO_DEADLINE: Deadline = {
  remainingMs: () => Number.POSITIVE_INFINITY,
  allowsWait: () => true,
  requestTimeoutMs: (configuredMs) => configuredMs,
  totalSeconds: Number.POSITIVE_INFINITY,
};
