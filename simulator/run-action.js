// @ts-check
// Runs the bundled action the way the GitHub runner does: a fresh process, inputs as INPUT_*
// variables, file commands in temp files, and a clean environment, so an end-to-end test sees
// exactly what a workflow would (docs/platform-facts.md, "Actions: inputs and environment").

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const DEFAULT_ENTRY = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const FILE_COMMANDS = [
  'GITHUB_OUTPUT',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_ENV',
  'GITHUB_PATH',
  'GITHUB_STATE',
];

/**
 * @typedef {object} RunOptions
 * @property {Record<string, string>} inputs by input name as in action.yml (`instagram-token`)
 * @property {Record<string, string | undefined>} [env] overrides; undefined removes a default
 * @property {string} [entry] default <repo>/dist/index.js
 * @property {string} [node] default the running node
 * @property {number} [timeoutMs] default 60000; then the child is killed and code is null
 * @property {string[]} [nodeArgs] flags for node before the entry (the benchmark's preload)
 */
/**
 * @typedef {object} RunResult
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr
 * @property {Record<string, string>} outputs parsed from GITHUB_OUTPUT
 * @property {string} summary the GITHUB_STEP_SUMMARY file
 * @property {number} durationMs
 * @property {number} spawnedAt Date.now() just before the child started, to time its requests
 * @property {Record<string, string>} env the child's whole environment
 */

/**
 * @param {RunOptions} options
 * @returns {Promise<RunResult>}
 */
export async function runAction(options) {
  const dir = await mkdtemp(path.join(tmpdir(), 'itr-run-'));
  try {
    /** @type {Record<string, string>} */
    const files = {};
    for (const name of FILE_COMMANDS) {
      files[name] = path.join(dir, name.toLowerCase());
      await writeFile(files[name], '');
    }
    const env = childEnv(dir, files, options);
    const spawnedAt = Date.now();
    const started = performance.now();
    const { code, stdout, stderr } = await spawnNode(
      options.node ?? process.execPath,
      [...(options.nodeArgs ?? []), options.entry ?? DEFAULT_ENTRY],
      env,
      options.timeoutMs ?? 60000,
    );
    const durationMs = Math.round(performance.now() - started);
    const outputs = parseOutputFile(await readFile(files.GITHUB_OUTPUT, 'utf8'));
    const summary = await readFile(files.GITHUB_STEP_SUMMARY, 'utf8');
    return { code, stdout, stderr, outputs, summary, durationMs, spawnedAt, env };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * PATH and HOME only from the parent: NODE_OPTIONS, NODE_EXTRA_CA_CERTS and the like would
 * change the child, and a runner does not pass them either.
 * @param {string} dir
 * @param {Record<string, string>} files
 * @param {RunOptions} options
 * @returns {Record<string, string>}
 */
function childEnv(dir, files, options) {
  /** @type {Record<string, string | undefined>} */
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: 'acme/site',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'Refresh Instagram token',
    GITHUB_WORKFLOW_REF: 'acme/site/.github/workflows/refresh-instagram-token.yml@refs/heads/main',
    GITHUB_EVENT_NAME: 'schedule',
    GITHUB_ACTION: 'refresh',
    GITHUB_JOB: 'refresh',
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
    GITHUB_WORKSPACE: dir,
    ...files,
  };
  for (const [name, value] of Object.entries(options.inputs)) {
    // The runner's rule: upper-case, spaces to underscores, hyphens kept (docs/platform-facts.md,
    // "Actions: inputs and environment").
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return /** @type {Record<string, string>} */ (
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined))
  );
}

/**
 * @param {string} node
 * @param {string[]} args the entry, after any node flags
 * @param {Record<string, string>} env
 * @param {number} timeoutMs
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function spawnNode(node, args, env, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, stdout, stderr });
    });
  });
}

/**
 * Parses a GITHUB_OUTPUT file as the runner does: `name=value` lines and heredoc blocks
 * (`name<<DELIMITER`, value lines, `DELIMITER`). Throws on a block with no closing delimiter.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      outputs[line.slice(0, eq)] = line.slice(eq + 1);
      continue;
    }
    if (heredoc <= 0) throw new Error(`Invalid line in the output file: ${JSON.stringify(line)}`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (!delimiter) throw new Error(`Output ${name}: empty heredoc delimiter`);
    const end = lines.indexOf(delimiter, i + 1);
    if (end < 0) throw new Error(`Output ${name}: no closing delimiter ${delimiter}`);
    outputs[name] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}
