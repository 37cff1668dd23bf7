/** For work the run can do without: a failure becomes one warning, never the run's result. */
import type { RunLog } from './context.js';
import type { Redactor } from '../rules/redact.js';
import { errorMessage } from '../rules/errors.js';
import { INPUT } from '../inputs/input-names.js';

export async function softly<T>(
  scope: { redactor: Redactor; log: RunLog },
  what: string,
  work: () => Promise<T>,
  hint: (status: number | undefined) => string = () => '',
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    const message = errorMessage(error);
    const { status, advice } = error as { status?: number; advice?: string };
    const help = hint(status) || (advice ? ` ${advice}` : '');
    scope.log.warning(`Could not ${what}: ${message.replace(/\.$/, '')}.${help}`);
    return undefined;
  }
}

/** What to tell a person when the workflow's token cannot handle issues. */
export function issuePermissionHint(status: number | undefined): string {
  if (status === 410) return ' Issues are disabled in this repository.';
  if (status === 401) {
    return ` GitHub does not accept the '${INPUT.issueToken}': it is wrong, expired or revoked.`;
  }
  if (status === 403 || status === 404) {
    return (
      ` The '${INPUT.issueToken}' (by default the workflow's GITHUB_TOKEN) needs issues: write: add ` +
      '`permissions: { issues: write }` to the workflow.'
    );
  }
  return '';
}
