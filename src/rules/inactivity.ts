/**
 * Pure: GitHub disables scheduled workflows in public repositories after 60 days without
 * activity (docs/platform-facts.md, "Actions: schedules and the 60-day rule"); warn well
 * before that.
 */
const DAY_MS = 86_400_000;
export const GITHUB_INACTIVITY_DAYS = 60;

export interface RepositoryActivity {
  /** ISO time of the last push. */
  pushedAt: string;
  isPublic: boolean;
}

export type InactivityVerdict =
  | { status: 'active' | 'not-applicable' }
  | { status: 'inactive'; idleDays: number; disableAround: string; lastPush: string };

export function inactivityVerdict(
  activity: RepositoryActivity,
  warningDays: number,
  nowMs: number,
): InactivityVerdict {
  // Private repositories keep their schedules; 0 turns the check off.
  if (!activity.isPublic || warningDays <= 0) return { status: 'not-applicable' };
  const pushed = Date.parse(activity.pushedAt);
  if (Number.isNaN(pushed)) return { status: 'not-applicable' };
  const idleDays = Math.floor((nowMs - pushed) / DAY_MS);
  if (idleDays < warningDays) return { status: 'active' };
  return {
    status: 'inactive',
    idleDays,
    lastPush: new Date(pushed).toISOString().slice(0, 10),
    disableAround: new Date(pushed + GITHUB_INACTIVITY_DAYS * DAY_MS).toISOString().slice(0, 10),
  };
}

/** The workflow file's name from GITHUB_WORKFLOW_REF (owner/repo/.github/workflows/x.yml@ref). */
export function workflowFileName(workflowRef: string | undefined): string | undefined {
  if (!workflowRef) return undefined;
  const path = workflowRef.split('@')[0];
  const file = path.split('/').pop();
  return file && /\.ya?ml$/.test(file) ? file : undefined;
}
