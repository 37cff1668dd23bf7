// @ts-check
// `npm run try -- --input name=value …`: one run of the bundled action with your own inputs,
// against the local simulator, reported like a scene of `npm run demo`. The simulator seeds a
// working world first (a repository acme/site, a GitHub token that may do everything, a Meta
// token stored in the secret, and, for a token at least a day old, its expiry recorded in the
// expiry variable as an earlier run would have); your inputs go on top of the seeded ones.
// Exit code: the action's (0 or 1); 2 when the command line is wrong.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { startSimulator, seedScenario } from '../simulator/index.js';
import {
  SECRET_INPUTS,
  createStyle,
  formatRun,
  hide,
  observe,
  reportWidth,
  requireBundle,
  wrap,
} from './report.mjs';

const USAGE = `Usage: npm run try -- [--input name=value]... [--flavour instagram|facebook]
                      [--scope repo|env|org] [--days-left N] [--token-age-hours N]

Runs the bundled action once against the local simulator. It seeds a working world first:
the repository acme/site, a secret INSTAGRAM_ACCESS_TOKEN holding a fake token (Instagram
Login unless --flavour facebook; a repository secret unless --scope env or org) with
--days-left to live (50) and --token-age-hours old (48), its expiry recorded in
INSTAGRAM_ACCESS_TOKEN_EXPIRES_AT when it is at least a day old, and a GitHub token that may
do everything. Then your inputs (as in action.yml; repeatable) go over the seeded ones.

  npm run try -- --input dry-run=true
  npm run try -- --input refresh-threshold-days=3 --input dry-run=true
  npm run try -- --flavour facebook --scope env --input record-expiry=false
  npm run try -- --token-age-hours 2`;

// The simulator's own addresses: a run that went elsewhere would leave the simulator.
const FIXED = ['instagram-api-url', 'facebook-api-url'];
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const options = parseCommandLine(process.argv.slice(2));
requireBundle();
const style = createStyle();
const width = reportWidth();
const sim = await startSimulator();
let code = 1;
try {
  const scenario = seedScenario(sim, {
    flavour: options.flavour,
    scope: options.scope,
    token: { ageMs: options.ageHours * HOUR, expiresInMs: options.daysLeft * DAY },
  });
  const expiresAt = sim.graph.tokens.get(scenario.instagramToken)?.expiresAt;
  if (options.ageHours >= 24 && expiresAt !== undefined) {
    const iso = new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
    sim.github.setVariable(scenario.scope, 'INSTAGRAM_ACCESS_TOKEN_EXPIRES_AT', iso);
  }
  const login = options.flavour === 'facebook' ? 'a Facebook Login' : 'an Instagram Login';
  const where = { repo: 'a repository', env: 'an environment', org: 'an organization' }[
    options.scope
  ];
  const given = Object.entries(options.inputs).map(
    ([name, value]) => `${name}=${SECRET_INPUTS.includes(name) ? '(hidden)' : value}`,
  );
  const sentence =
    `Your run: ${login} token in ${where} secret` +
    (given.length > 0 ? `, with ${given.join(', ')}.` : ', with the seeded inputs only.');
  const observed = await observe(sim, scenario, options.inputs);
  for (const line of wrap(sentence, width)) console.log(style.bold(hide(line, observed.secrets)));
  for (const line of formatRun(observed, { style, width })) console.log(line);
  code = observed.run.code ?? 1;
} finally {
  await sim.close();
}
process.exitCode = code;

/**
 * The command line, checked: a mistake ends the command with what is wrong and the usage.
 * @param {string[]} args
 * @returns {{ inputs: Record<string, string>, flavour: 'instagram' | 'facebook',
 *   scope: 'repo' | 'env' | 'org', daysLeft: number, ageHours: number }}
 */
function parseCommandLine(args) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string', short: 'i', multiple: true },
        flavour: { type: 'string' },
        flavor: { type: 'string' },
        scope: { type: 'string' },
        'days-left': { type: 'string' },
        'token-age-hours': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(/** @type {Error} */ (error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const flavour = values.flavour ?? values.flavor ?? 'instagram';
  if (flavour !== 'instagram' && flavour !== 'facebook') {
    fail(`--flavour must be instagram or facebook, got "${flavour}".`);
  }
  const scope = values.scope ?? 'repo';
  if (scope !== 'repo' && scope !== 'env' && scope !== 'org') {
    fail(`--scope must be repo, env or org, got "${scope}".`);
  }
  const daysLeft = number(values['days-left'], '--days-left', 50);
  const ageHours = number(values['token-age-hours'], '--token-age-hours', 48);
  const known = actionInputs();
  /** @type {Record<string, string>} */
  const inputs = {};
  for (const item of values.input ?? []) {
    const match = /^([^=]*)=([\s\S]*)$/.exec(item);
    if (!match || !match[1].trim()) {
      fail(`--input "${item}" is not name=value. Write it as, for example: --input dry-run=true`);
    }
    const name = match[1].trim();
    if (!known.includes(name)) {
      const near = closest(name, known);
      fail(
        `--input "${name}": the action has no such input.` +
          (near ? ` Did you mean "${near}"?` : '') +
          ` Its inputs: ${known.join(', ')}.`,
      );
    }
    if (FIXED.includes(name)) {
      fail(
        `--input ${name}: try always talks to the simulator. To try the real APIs, see ` +
          '"A dry run against the real APIs" in README.md.',
      );
    }
    if (name in inputs) fail(`--input ${name} is given twice.`);
    inputs[name] = match[2];
  }
  return { inputs, flavour, scope, daysLeft, ageHours };
}

/**
 * @param {string | undefined} text
 * @param {string} option
 * @param {number} fallback
 */
function number(text, option, fallback) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    fail(`${option} must be a number, got "${text}".`);
  }
  return value;
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`${wrap(`npm run try: ${message}`, 100).join('\n')}\n\n${USAGE}`);
  process.exit(2);
}

/** The input names action.yml declares. */
function actionInputs() {
  const file = new URL('../action.yml', import.meta.url);
  return Object.keys(parse(readFileSync(file, 'utf8')).inputs ?? {});
}

/**
 * The known name nearest to `name` (edit distance at most 3), for a typo.
 * @param {string} name
 * @param {string[]} known
 */
function closest(name, known) {
  const scored = known.map((candidate) => ({ candidate, d: distance(name, candidate) }));
  scored.sort((a, b) => a.d - b.d);
  return scored[0] && scored[0].d <= 3 ? scored[0].candidate : undefined;
}

/** Levenshtein distance. @param {string} a @param {string} b */
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost));
    }
    row = next;
  }
  return row[b.length];
}
