/**
 * What the run knows about a token's expiry, and where it keeps it: the expiry variable an
 * earlier run recorded, Meta's `expires_in`, or debug_token where the login has it.
 */
import type { BackgroundReads } from './background.js';
import type { RunContext } from './context.js';
import {
  expiryFromEpochSeconds,
  expiryFromIso,
  expiryFromSeconds,
  type Expiry,
} from '../rules/expiry.js';
import { writeVariable, type VariableWrite } from '../github/variables.js';

/** The expiry recorded by an earlier run, when there is one. */
export async function recordedExpiry(reads: BackgroundReads): Promise<Expiry | undefined> {
  const recorded = await reads.recorded;
  return recorded ? expiryFromIso(recorded.value, Date.now()) : undefined;
}

/** The current token's expiry: the recorded one, else debug_token where the login has it. */
export async function currentExpiry(
  context: RunContext,
  reads: BackgroundReads,
): Promise<Expiry | undefined> {
  return (
    (await recordedExpiry(reads)) ??
    (await expiryOf(context, undefined, context.config.instagramToken, Date.now()))
  );
}

/** The expiry from `expires_in`, else from debug_token where the login has it; never fails the run. */
export async function expiryOf(
  context: RunContext,
  expiresInSeconds: number | undefined,
  token: string,
  now: number,
): Promise<Expiry | undefined> {
  if (expiresInSeconds !== undefined) return expiryFromSeconds(expiresInSeconds, now);
  if (!context.api.readExpiry) return undefined;
  try {
    const expiresAt = await context.api.readExpiry(token);
    return expiresAt === undefined ? undefined : expiryFromEpochSeconds(expiresAt, Date.now());
  } catch (error) {
    const message = `Could not read the token's expiry: ${(error as Error).message}`;
    context.log.warning(message);
    return undefined;
  }
}

/** Writes `expiresAt` to the expiry variable; the caller decides whether a failure matters. */
export async function recordExpiry(
  context: RunContext,
  reads: BackgroundReads,
  expiresAt: string,
): Promise<VariableWrite> {
  const { config } = context;
  const exists = (await reads.recorded) !== undefined;
  const result = await writeVariable(
    context.github,
    config.destination,
    config.expiryVariable,
    expiresAt,
    { exists, workflowRepository: config.workflowRepository },
  );
  if (result.written)
    context.log.info(`Recorded the expiry ${expiresAt} in ${config.expiryVariable}.`);
  return result;
}
