/**
 * The Vercel copy: the project's environment variable, updated the way Vercel's own CLI does
 * it (docs/platform-facts.md, "Vercel"): list the project's variables, update every record of
 * the key by id keeping its targets, and create records only for the requested targets that
 * no record covers: `sensitive` for production and preview, a separate `encrypted` record for
 * development (Vercel allows no sensitive value there). Never a legacy `secret` record.
 */
import type { SiteTargets, VercelTarget } from '../inputs/sites.js';
import { SiteCallError, type SiteHttp } from './site-http.js';

type Vercel = NonNullable<SiteTargets['vercel']>;

interface EnvRecord {
  id: string;
  key: string;
  type?: string;
  target?: VercelTarget[] | VercelTarget;
  gitBranch?: string | null;
}

/** Reads the project's variables (a dry run stops here), then writes `value`. */
export async function copyToVercel(
  http: SiteHttp,
  vercel: Vercel,
  variable: string,
  value: string | undefined,
): Promise<void> {
  const records = (await listEnv(http, vercel)).filter((record) => record.key === variable);
  if (value === undefined) return;
  // Every record of the key holds the token: a stale one (another target) would die with it.
  await Promise.all(records.map((record) => patchRecord(http, vercel, record, value)));
  const covered = new Set(records.flatMap(targetsOf));
  const missing = vercel.targets.filter((target) => !covered.has(target));
  if (missing.length > 0) await createRecords(http, vercel, variable, value, missing);
}

async function listEnv(http: SiteHttp, vercel: Vercel): Promise<EnvRecord[]> {
  const records: EnvRecord[] = [];
  let until: string | undefined;
  for (let page = 0; page < 50; page++) {
    const query = { limit: '100', ...(until ? { until } : {}) };
    const { body } = await http.send<{ envs?: EnvRecord[]; pagination?: { next?: unknown } }>({
      method: 'GET',
      url: url(vercel, `/v10/projects/${encodeURIComponent(vercel.project)}/env`, query),
      token: vercel.token,
      what: `read the environment variables of Vercel project ${vercel.project}`,
      advise: (status, code) => advice(vercel, status, code),
    });
    records.push(...(Array.isArray(body.envs) ? body.envs : []));
    const next = body.pagination?.next;
    if (next === undefined || next === null) break;
    until = String(next);
  }
  return records;
}

async function patchRecord(
  http: SiteHttp,
  vercel: Vercel,
  record: EnvRecord,
  value: string,
): Promise<void> {
  const targets = targetsOf(record);
  // A legacy or readable record becomes a protected one; its targets stay as they were.
  const retype =
    record.type === 'secret' || record.type === 'plain'
      ? { type: targets.includes('development') ? 'encrypted' : 'sensitive' }
      : {};
  await http.send({
    method: 'PATCH',
    url: url(
      vercel,
      `/v9/projects/${encodeURIComponent(vercel.project)}/env/${encodeURIComponent(record.id)}`,
    ),
    token: vercel.token,
    body: {
      value,
      target: targets,
      ...(record.gitBranch ? { gitBranch: record.gitBranch } : {}),
      ...retype,
    },
    what: `update ${record.key} (${targets.join(', ')}) in Vercel project ${vercel.project}`,
    advise: (status, code) => advice(vercel, status, code),
  });
}

async function createRecords(
  http: SiteHttp,
  vercel: Vercel,
  key: string,
  value: string,
  targets: VercelTarget[],
): Promise<void> {
  const protectedTargets = targets.filter((target) => target !== 'development');
  const records = [
    ...(protectedTargets.length > 0
      ? [{ key, value, type: 'sensitive', target: protectedTargets }]
      : []),
    ...(targets.includes('development')
      ? [{ key, value, type: 'encrypted', target: ['development'] }]
      : []),
  ];
  const { body } = await http.send<{ failed?: { error?: { code?: string; message?: string } }[] }>({
    method: 'POST',
    url: url(vercel, `/v10/projects/${encodeURIComponent(vercel.project)}/env`),
    token: vercel.token,
    body: records,
    what: `create ${key} (${targets.join(', ')}) in Vercel project ${vercel.project}`,
    advise: (status, code) => advice(vercel, status, code),
  });
  // Vercel may answer 2xx and still list what it refused.
  const failed = Array.isArray(body.failed) ? body.failed : [];
  if (failed.length > 0) {
    const error = failed[0]?.error ?? {};
    throw new SiteCallError(
      `Vercel refused to create ${key} in project ${vercel.project} (${error.code ?? 'no code'}` +
        `${error.message ? `: ${error.message}` : ''}).`,
      'permanent',
      advice(vercel, 400, error.code),
      400,
      error.code,
    );
  }
}

function targetsOf(record: EnvRecord): VercelTarget[] {
  if (Array.isArray(record.target)) return record.target;
  return record.target ? [record.target] : [];
}

function url(vercel: Vercel, path: string, query: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...(vercel.team ?? {}), ...query });
  const search = params.toString();
  return `${vercel.apiUrl}${path}${search ? `?${search}` : ''}`;
}

function advice(vercel: Vercel, status: number, code: string | undefined): string {
  if (status === 401 || status === 403) {
    return (
      `Vercel does not accept 'vercel-token' for project ${vercel.project}: it is wrong, ` +
      'expired, or scoped to another project or team. Create a token at ' +
      'vercel.com/account/tokens with access to the project (a project-scoped token is enough), ' +
      "and set 'vercel-team' to the team's id or slug when a team owns the project."
    );
  }
  if (status === 404) {
    return (
      `Vercel has no project "${vercel.project}" this token can see: check 'vercel-project' ` +
      "(the project's name or id), and set 'vercel-team' when a team owns it."
    );
  }
  if (
    code === 'ENV_CONFLICT' ||
    code === 'ENV_ALREADY_EXISTS' ||
    code === 'EXISTING_KEY_AND_TARGET'
  ) {
    return (
      'Vercel has a record of this variable that conflicts with the one the action wrote ' +
      "(another type or git branch for the same target). Remove the duplicate in the project's " +
      'Settings › Environment Variables, then run again.'
    );
  }
  return "Read Vercel's code and message above; the project's Settings › Environment Variables shows the records.";
}
