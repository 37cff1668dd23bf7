/** Pure: the numbered steps a failure issue gives for each kind of failure. */
import type { Failure } from '../rules/outcome.js';
import type { IssueContext } from './issue-text.js';
import { inline } from './summary.js';

/** The exact steps for this class of failure. */
export function fixSteps(failure: Failure, context: IssueContext): string[] {
  const next = context.scheduled ? 'the next scheduled run' : 'the next run';
  const rerun = `Re-run [the failed run](${context.runUrl}) (or wait for ${next}). This issue closes itself when a run succeeds.`;
  switch (failure.fix) {
    case 'reauthorize':
      return [
        'Meta no longer accepts the token' +
          (failure.graph?.message
            ? `: “${inline(failure.graph.message).replace(/\.$/, '')}”.`
            : '.') +
          ' A person has to log in again; the action cannot fix this by itself.',
        `Get a new long-lived token for ${context.account ?? 'the account'}. ` +
          'Instagram Login: in the Meta app dashboard open Instagram › API setup with Instagram ' +
          'login › Generate access tokens, log in as the account, and copy the token (it starts ' +
          'with IGAA). Facebook Login: log in again through your app and exchange the new user ' +
          'token for a long-lived one.',
        `Paste it into the secret \`${context.secretName}\` ([secret settings](${context.secretSettingsUrl}) › ` +
          'Update secret), on one line, with nothing around it.',
        rerun,
      ];
    case 'paste-again':
      return [
        inline(failure.advice),
        `Paste the token into the secret \`${context.secretName}\` ([secret settings](${context.secretSettingsUrl}) › ` +
          'Update secret).',
        rerun,
      ];
    case 'site-copy':
      return [
        'The GitHub secret was updated; the site copies named above were not, so the site may ' +
          'still read the old token until they are. ' +
          inline(failure.advice),
        rerun,
      ];
    case 'missing-secret':
      return [
        inline(failure.advice),
        `The secrets of this scope are listed in the [secret settings](${context.secretSettingsUrl}).`,
        rerun,
      ];
    case 'github-permission':
      return [
        inline(failure.advice),
        'Fine-grained personal access token: edit it at ' +
          'https://github.com/settings/personal-access-tokens and add the permission (and the ' +
          'repository, if it is not selected). GitHub App: add the permission to the app and ' +
          'accept it on the installation.',
        rerun,
      ];
    case 'github-auth':
      return [
        `GitHub does not accept the token in \`${context.githubTokenInput}\`: it is wrong, expired or revoked.`,
        'Create a new fine-grained personal access token (or App token set-up) with the ' +
          'permissions the README lists, and update the secret that holds it.',
        rerun,
      ];
    case 'github-not-found':
      return [inline(failure.advice), rerun];
    case 'retry':
      return [
        'Nothing to do yet: this looks temporary (a network problem, rate limiting, or an ' +
          'outage at Meta or GitHub), and the token in the secret was left as it was.',
        context.nextRun
          ? `The next scheduled run, at ${context.nextRun.toISOString().replace('.000Z', 'Z')}, tries again.`
          : `${capitalize(next)} of this workflow tries again.`,
        'If this issue collects failures over several runs, read the errors above; ' + rerun,
      ];
    case 'meta-app':
    case 'bug':
    case 'other':
      return [inline(failure.advice), rerun];
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
