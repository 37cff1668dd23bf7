/**
 * The run once its inputs are good. First the gate: the destination's public key and whether
 * the secret exists, so a run that cannot write sends nothing to Meta. Then one of three ways:
 * skip (only when provably safe), a dry run that writes nothing, or refresh, verify, seal and
 * write. Only the gate, refresh, verify and write wait on each other; everything else was
 * started in the background and is awaited where it is needed.
 */
import type { BackgroundReads } from './background.js';
import type { RunContext } from './context.js';
import { inStep, RuleError, StepFailureError } from '../rules/errors.js';
import { describeExpiry, isRefreshDue, type Expiry } from '../rules/expiry.js';
import { currentExpiry, expiryOf, recordedExpiry } from './expiry-store.js';
import { describeFailure } from './failure.js';
import { describeDestination, describeTarget } from '../github/destination.js';
import { missingSecretHints } from '../github/secret-hints.js';
import { writeSecret, type SecretWritePlan } from '../github/secrets.js';
import { INPUT } from '../inputs/input-names.js';
import type { Outcome } from '../rules/outcome.js';
import { sealForSecret } from '../rules/seal.js';
import { deliverToSites } from './site-copies.js';
import { refreshAnyway, skipWhenNotDue } from './skip.js';
import { skipIfTooYoung } from './young-token.js';

export interface FlowResult {
  outcome: Outcome;
  /**
   * A token Meta issued in this run, apart from the outcome so no report can print it by
   * accident; set on a failure too, when the new token was not (surely) stored.
   */
  token?: string;
}

/** What Meta issued in this run, kept for a truthful report if a later step fails. */
interface Issued {
  token: string;
  verified: boolean;
  stored: boolean;
  expiry?: Expiry;
}

export async function runFlow(context: RunContext, reads: BackgroundReads): Promise<FlowResult> {
  const issued: { value?: Issued } = {};
  try {
    const plan = await gate(context, reads);
    if (context.config.dryRun) return await dryRun(context, reads, plan);
    return (
      (await skipWhenNotDue(context, reads)) ??
      (await refreshAndWrite(context, reads, plan, issued))
    );
  } catch (error) {
    const newToken = issued.value && !issued.value.stored ? issued.value : undefined;
    const failure = await describeFailure(context, reads, error, newToken);
    // The secret holds the new token although a later step failed: its expiry is still true.
    if (issued.value?.stored) {
      failure.secretWritten = true;
      failure.storedExpiry = issued.value.expiry;
    }
    // The token output carries what Meta issued, stored or not (rule 10): a later step may
    // still need it when the secret holds it but a site copy failed.
    return { outcome: { ...context.facts, status: 'failed', failure }, token: issued.value?.token };
  }
}

/**
 * Refresh only once the write can land: the public key was read and the secret exists (or
 * `create-secret` is set). The secret a workflow passes in is normally the one it writes, so
 * a missing one is almost always a typo in `secret-name` or the wrong scope.
 */
async function gate(context: RunContext, reads: BackgroundReads): Promise<SecretWritePlan> {
  const { config } = context;
  const plan = await reads.plan;
  if (plan.exists || config.createSecret) return plan;
  const { destination } = config;
  const hints = await missingSecretHints(context.github, destination, config.workflowRepository);
  throw new StepFailureError(
    'find-secret',
    new RuleError(
      `The ${describeDestination(destination)} does not exist, so nothing was sent to Meta.` +
        (hints.length > 0 ? ` ${hints.join(' ')}` : ''),
      `Check '${INPUT.secretName}' against the secret the workflow passes in as ` +
        `'${INPUT.instagramToken}', and the scope (${describeTarget(destination)}; set ` +
        `'${INPUT.environment}' or '${INPUT.organization}' for those scopes). If this run is ` +
        `meant to create it, set '${INPUT.createSecret}: true'.`,
      'missing-secret',
    ),
  );
}

async function refreshAndWrite(
  context: RunContext,
  reads: BackgroundReads,
  plan: SecretWritePlan,
  issued: { value?: Issued },
): Promise<FlowResult> {
  const { config, api, facts, redactor } = context;
  context.log.info(`Refreshing the token with ${api.label}…`);
  let refreshed;
  try {
    refreshed = await inStep('refresh', () => api.refresh(config.instagramToken));
  } catch (error) {
    return skipIfTooYoung(context, reads, error as StepFailureError);
  }
  redactor.add(refreshed.token);
  const refreshedAt = Date.now();
  const fresh: Issued = { token: refreshed.token, verified: false, stored: false };
  issued.value = fresh;

  const [account, expiry] = await Promise.all([
    inStep('verify', () => api.verify(refreshed.token)),
    expiryOf(context, refreshed.expiresInSeconds, refreshed.token, refreshedAt),
  ]);
  Object.assign(fresh, { verified: true, expiry });
  facts.account = account;
  context.log.info(
    `Refreshed and verified the token of ${account.name}` +
      (expiry ? `; it expires ${describeExpiry(expiry)}.` : '; Meta did not report its expiry.'),
  );

  const written = await inStep('write', () =>
    writeSecret(context.github, config.destination, plan, (key) =>
      inStep('encrypt', () => sealForSecret(refreshed.token, key)),
    ),
  );
  fresh.stored = true;
  if (written.keyRotated)
    context.log.info("GitHub's key changed during the run; sealed again for it.");
  context.log.info(
    `${written.result === 'created' ? 'Created' : 'Updated'} the ${facts.destination}.`,
  );
  facts.previousExpiry = await recordedExpiry(reads); // read long ago, in the background
  const sites = await deliverToSites(context, refreshed.token);
  outlivesNextRun(context, expiry);
  return {
    outcome: {
      ...facts,
      status: 'refreshed',
      expiry,
      written: written.result,
      keyRotated: written.keyRotated,
      sameToken: refreshed.token === config.instagramToken,
      sites,
    },
    token: refreshed.token,
  };
}

/** A green run means the token outlives the next run: a shorter life fails, loudly. */
function outlivesNextRun(context: RunContext, expiry: Expiry | undefined): void {
  const next = context.schedule.nextRunAt;
  if (!expiry || !next || Date.parse(expiry.expiresAt) > next.getTime()) return;
  const when = next.toISOString().replace('.000Z', 'Z');
  throw new StepFailureError(
    'verify',
    new RuleError(
      `The new token was stored, but it expires ${describeExpiry(expiry)}, before the next ` +
        `scheduled run (${when}).`,
      'Run the workflow more often (a weekly schedule is plenty for 60-day tokens), or get a ' +
        'token that lives longer: for Facebook Login, a long-lived token (or a Page token).',
      'other',
    ),
  );
}

async function dryRun(
  context: RunContext,
  reads: BackgroundReads,
  plan: SecretWritePlan,
): Promise<FlowResult> {
  const { config, api, facts } = context;
  context.log.info(
    'Dry run: checking the current token and the destination; nothing will be written.',
  );
  // The site targets are read while the token is checked; their verdict is taken after the
  // token's, so a failure always names the same step.
  const siteCheck = deliverToSites(context, undefined);
  siteCheck.catch(() => {});
  const [account, known, openIssues] = await Promise.all([
    inStep('verify-current', () => api.verify(config.instagramToken)),
    currentExpiry(context, reads),
    reads.openIssues,
  ]);
  const orgAccess = await inStep('read-key', () => plan.orgAccess);
  const sites = await siteCheck;
  facts.account = account;
  facts.previousExpiry = known;
  const access = orgAccess ? ` with ${orgAccess.visibility} visibility` : '';
  const verb = plan.exists ? 'write' : 'create';
  const nextRunMs = context.schedule.nextRunAt?.getTime();
  const due =
    isRefreshDue(known, config.refreshThresholdDays, Date.now(), nextRunMs) ||
    refreshAnyway(context, openIssues) !== undefined;
  const wouldDo = due
    ? `A real run would refresh the token with ${api.label}, verify it, seal it for the ` +
      `destination's current public key and ${verb} the ${facts.destination}${access}` +
      (config.recordExpiry ? `, then record the expiry in ${config.expiryVariable}.` : '.')
    : `A real run would skip the refresh: the token is more than ${config.refreshThresholdDays} ` +
      'days from expiry, now and at the next scheduled run.';
  context.log.info(`The current token works (account ${account.name}). ${wouldDo}`);
  return { outcome: { ...facts, status: 'dry-run', wouldDo, secretExists: plan.exists, sites } };
}
