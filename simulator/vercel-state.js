// @ts-check
// What the Vercel fake stores: teams, projects with their environment-variable records, and
// access tokens with their scope (docs/platform-facts.md, "Vercel"). Records hold the plain
// value so a test can read what a deployment would see; the routes hide it as Vercel does.

import { randomBytes } from 'node:crypto';

export const TARGETS = Object.freeze(['production', 'preview', 'development']);
/** Types a request may send; `secret` is legacy and read-only (it may still be seeded). */
export const REQUEST_TYPES = Object.freeze(['system', 'encrypted', 'plain', 'sensitive']);

/**
 * @typedef {object} VercelEnv
 * @property {string} id
 * @property {string} key
 * @property {string} value the plain value (never sent back for `sensitive`)
 * @property {'system' | 'encrypted' | 'plain' | 'sensitive' | 'secret'} type
 * @property {string[]} target
 * @property {string | null} gitBranch
 * @property {string | null} comment
 * @property {number} createdAt ms, unique per fake: the list pages by it
 * @property {number} updatedAt
 */
/**
 * @typedef {object} VercelProject
 * @property {string} id `prj_…`
 * @property {string} name
 * @property {string | null} teamId the owning team, null for a personal project
 * @property {VercelEnv[]} envs
 */
/** @typedef {{ id: string, slug: string }} VercelTeam */
/**
 * @typedef {object} VercelTokenInfo
 * @property {string} token
 * @property {string | null} teamId a team-scoped token reaches only that team's projects
 * @property {string | null} projectId a project-scoped token reaches only that project
 */
/**
 * @typedef {object} AddVercelToken
 * @property {string} [token] the string (default a random one)
 * @property {string} [team] id or slug: scope the token to this team
 * @property {string} [project] id or name: scope the token to this project
 */

/** @param {() => number} now */
export function createVercelState(now) {
  /** @type {Map<string, VercelTeam>} */
  const teams = new Map();
  /** @type {VercelProject[]} */
  const projects = [];
  /** @type {Map<string, VercelTokenInfo>} */
  const tokens = new Map();
  let lastStamp = 0;

  /** Strictly increasing times: `until` pagination must never see two records at one instant. */
  function stamp() {
    lastStamp = Math.max(now(), lastStamp + 1);
    return lastStamp;
  }

  /** @param {string} idOrSlug */
  function findTeam(idOrSlug) {
    return teams.get(idOrSlug) ?? [...teams.values()].find((t) => t.slug === idOrSlug);
  }

  /** @param {string | VercelProject} ref id or name (first match, any owner) */
  function requireProject(ref) {
    if (typeof ref !== 'string') return ref;
    const project = projects.find((p) => p.id === ref || p.name === ref);
    if (!project) throw new Error(`vercel fake: no project ${ref} (call addProject first)`);
    return project;
  }

  return {
    teams,
    projects,
    tokens,
    stamp,
    findTeam,
    requireProject,
    /** @param {{ slug: string, id?: string }} spec */
    addTeam(spec) {
      const team = { id: spec.id ?? `team_${randomBytes(12).toString('hex')}`, slug: spec.slug };
      teams.set(team.id, team);
      return team;
    },
    /** @param {{ name: string, id?: string, team?: string }} spec team: id or slug */
    addProject(spec) {
      const team = spec.team === undefined ? undefined : findTeam(spec.team);
      if (spec.team !== undefined && !team) throw new Error(`vercel fake: no team ${spec.team}`);
      /** @type {VercelProject} */
      const project = {
        id: spec.id ?? `prj_${randomBytes(14).toString('base64url')}`,
        name: spec.name,
        teamId: team?.id ?? null,
        envs: [],
      };
      projects.push(project);
      return project;
    },
    /** @param {AddVercelToken} [spec] @returns {string} */
    addToken(spec = {}) {
      const token = spec.token ?? randomBytes(12).toString('hex'); // 24 characters, as Vercel's
      const team = spec.team === undefined ? undefined : findTeam(spec.team);
      const project = spec.project === undefined ? undefined : requireProject(spec.project);
      tokens.set(token, {
        token,
        teamId: team?.id ?? project?.teamId ?? null,
        projectId: project?.id ?? null,
      });
      return token;
    },
    /** A revoked token answers like one that never existed. @param {string} token */
    revokeToken(token) {
      tokens.delete(token);
    },
    /**
     * Seeds a record as if made in the dashboard (any type, `secret` included).
     * @param {string | VercelProject} projectRef
     * @param {{ key: string, value: string, type?: VercelEnv['type'], target?: string[],
     *           gitBranch?: string | null, comment?: string | null }} spec
     */
    addEnv(projectRef, spec) {
      const project = requireProject(projectRef);
      const at = stamp();
      /** @type {VercelEnv} */
      const env = {
        id: randomBytes(8).toString('base64url'),
        key: spec.key,
        value: spec.value,
        type: spec.type ?? 'encrypted',
        target: [...(spec.target ?? ['production', 'preview'])],
        gitBranch: spec.gitBranch ?? null,
        comment: spec.comment ?? null,
        createdAt: at,
        updatedAt: at,
      };
      project.envs.push(env);
      return env;
    },
    /** The project's records (live objects, oldest first). @param {string | VercelProject} projectRef */
    envs(projectRef) {
      return requireProject(projectRef).envs;
    },
    /**
     * The value a deployment of `target` would get for `key` (branch-less records only), or
     * undefined when no record covers it.
     * @param {string | VercelProject} projectRef
     * @param {string} key
     * @param {string} target
     */
    valueOf(projectRef, key, target) {
      return requireProject(projectRef).envs.find(
        (e) => e.key === key && e.gitBranch === null && e.target.includes(target),
      )?.value;
    },
  };
}

/** @typedef {ReturnType<typeof createVercelState>} VercelState */
