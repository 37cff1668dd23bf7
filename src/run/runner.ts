/**
 * The runner's side of a run through @actions/core: inputs, masks, log lines, outputs and the
 * job summary. @actions/core loads only once the first requests have left, because it brings
 * @actions/http-client and undici along (for OIDC tokens this action never asks for): the
 * largest part of a cold start (docs/performance.md). Until then, inputs are read as
 * core.getInput reads them, and masks and log lines wait in the order they came; the masks,
 * added first, are issued before any line is printed.
 */
export type Core = typeof import('@actions/core');

let core: Core | undefined;
let loading: Promise<Core> | undefined;
const waiting: ((core: Core) => void)[] = [];

/** @actions/core, loaded once; whatever waited for it runs first, in order. */
export function loadCore(): Promise<Core> {
  loading ??= import('@actions/core').then((loaded) => {
    // Uses that arrive while the queue drains join its end, so the order holds.
    for (let use = waiting.shift(); use; use = waiting.shift()) use(loaded);
    core = loaded;
    return loaded;
  });
  return loading;
}

/** Runs `use` with @actions/core now, or as soon as it is loaded, in the order asked. */
export function withCore(use: (core: Core) => void): void {
  if (core) use(core);
  else waiting.push(use);
}

/**
 * An input as core.getInput reads it (INPUT_ and the name upper-cased, spaces as underscores),
 * trimmed unless asked not to: a test holds the two side by side.
 */
export function readInput(
  name: string,
  trimWhitespace = true,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  return trimWhitespace ? value.trim() : value;
}
