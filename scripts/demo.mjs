// @ts-check
// `npm run demo`: six short scenes, each a run of the bundled action (dist/index.js) against the
// local simulator, as the GitHub runner would start it, then a recap. No credentials and no
// network: both APIs are fakes on 127.0.0.1, every token is a fake, and none is printed.
// Each scene also checks that the action did what the scene says; if not, the demo says so
// and exits 1.
import { randomBytes } from 'node:crypto';
import { startSimulator, seedScenario } from '../simulator/index.js';
import {
  createStyle,
  formatRun,
  formatTable,
  hide,
  labelled,
  observe,
  reportWidth,
  requireBundle,
  resultStatus,
  wrap,
} from './report.mjs';

requireBundle();
const style = createStyle();
const width = reportWidth();
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * @typedef {import('./report.mjs').Observation} Observation
 * @typedef {import('../simulator/index.js').Simulator} Simulator
 * @typedef {object} Scene
 * @property {string} name its name in the recap
 * @property {string} sentence what happens in this scene, in one sentence
 * @property {string} todo what a user would do after such a run
 * @property {(sim: Simulator) => Promise<Observation[]>} play
 * @property {(runs: Observation[]) => string[]} check what went unlike the scene says
 */

/** @type {Scene[]} */
const SCENES = [
  {
    name: 'Repository secret',
    sentence:
      'A scheduled run refreshes an Instagram Login token (IGAA…) into a repository secret.',
    todo: 'Nothing: the next run reads the new secret.',
    play: async (sim) => [await observe(sim, seed(sim, {}))],
    check: ([run]) => differences(run, { code: 0, secretChanged: true }),
  },
  {
    name: 'Dry run',
    sentence:
      "A dry run checks the token (/me), the repository's public key and the secret; writes nothing.",
    todo: 'Drop dry-run: true once this is green.',
    play: async (sim) => [await observe(sim, seed(sim, {}), { 'dry-run': 'true' })],
    check: ([run]) => [
      ...differences(run, { code: 0, secretChanged: false }),
      ...(run.requests.some((r) => r.api === 'GitHub' && r.method !== 'GET')
        ? ['it wrote to GitHub']
        : []),
      ...(run.requests.some((r) => /refresh|oauth/.test(r.path)) ? ['it refreshed'] : []),
    ],
  },
  {
    name: 'Token an hour old',
    sentence:
      'A token an hour old: Instagram refuses to refresh it yet, so the run skips with a notice.',
    todo: 'Nothing: a run a day later refreshes it.',
    play: async (sim) => [await observe(sim, seed(sim, { token: { ageMs: HOUR } }))],
    check: ([run]) => [
      ...differences(run, { code: 0, secretChanged: false, status: 'skipped' }),
      ...(run.run.stdout.includes('::notice::') ? [] : ['no notice']),
    ],
  },
  {
    name: 'GITHUB_TOKEN passed',
    sentence:
      'GITHUB_TOKEN as github-token: no Secrets permission, so the run fails before it asks Meta.',
    todo: 'A fine-grained PAT, Secrets: Read and write.',
    play: async (sim) => {
      const scenario = seed(sim, {});
      const githubToken = `ghs_${randomBytes(18).toString('hex')}`;
      sim.github.addToken(githubToken, { type: 'github_token', permissions: ['issues'] });
      return [await observe(sim, scenario, { 'github-token': githubToken })];
    },
    check: ([run]) => [
      ...differences(run, { code: 1, secretChanged: false }),
      ...(run.requests.some((r) => r.api === 'Meta') ? ['it sent a request to Meta'] : []),
    ],
  },
  {
    name: 'Expired, then fixed',
    sentence:
      'A token that expired unnoticed: the run fails and opens an issue that says what to do.',
    todo: 'Paste a new token into the secret; re-run.',
    play: async (sim) => {
      const scenario = seed(sim, { token: { expiresInMs: -3 * DAY } });
      const failed = await observe(sim, scenario);
      const fresh = sim.graph.addToken({ flavour: 'instagram' });
      sim.github.setSecret(scenario.scope, 'INSTAGRAM_ACCESS_TOKEN', fresh.token);
      const fixed = await observe(sim, scenario, { 'instagram-token': fresh.token });
      return [failed, fixed];
    },
    check: ([failed, fixed]) => [
      ...differences(failed, { code: 1, secretChanged: false }),
      ...(failed.issueEvents.some((e) => e.startsWith('opened')) ? [] : ['no issue opened']),
      ...differences(fixed, { code: 0, secretChanged: true }),
      ...(fixed.issueEvents.some((e) => e.startsWith('closed')) ? [] : ['the issue stayed open']),
    ],
  },
  {
    name: 'Facebook Login, env',
    sentence:
      'A Facebook Login token (EAA…) refreshed into the secret of the environment "production".',
    todo: 'Jobs using it need environment: production.',
    play: async (sim) => [await observe(sim, seed(sim, { flavour: 'facebook', scope: 'env' }))],
    check: ([run]) => differences(run, { code: 0, secretChanged: true }),
  },
];

const CAPTIONS = ['', 'Someone pastes a new token into the secret; the next run closes the issue:'];
// The second run of scene 5 is a refresh like scene 1's: its summary is left out.
const SUMMARY_ROWS = [undefined, []];

print(
  ...wrap(
    'Six scenes follow, each a run of the bundled action (dist/index.js) as the runner starts ' +
      'it, against fake Graph and GitHub APIs on 127.0.0.1. No token is ever shown.',
    width,
  ),
);

/** @type {{ scene: Scene, runs: Observation[], problems: string[] }[]} */
const played = [];
for (const [index, scene] of SCENES.entries()) {
  const sim = await startSimulator();
  try {
    const runs = await scene.play(sim);
    const problems = scene.check(runs);
    played.push({ scene, runs, problems });
    const number = `${index + 1}/${SCENES.length}`.padEnd(5);
    print('', ...wrap(scene.sentence, width - 5).map((line, n) => heading(n ? '' : number, line)));
    runs.forEach((run, n) => {
      if (CAPTIONS[n]) print(...wrap(CAPTIONS[n], width - 5).map((line) => heading('', line)));
      print(...formatRun(run, { style, width, summaryRows: SUMMARY_ROWS[n], brief: true }));
    });
    for (const problem of problems) {
      print(
        ...labelled('UNEXPECTED', problem, { indent: 2, labelWidth: 11, width, paint: style.red }),
      );
    }
  } finally {
    await sim.close();
  }
}

print('', style.bold('Recap'));
print(
  ...formatTable(
    ['scene', 'outcome', 'what a user would do'],
    played.map(({ scene, runs }, index) => [
      `${index + 1}. ${scene.name}`,
      runs.map(recapOutcome).join(' → '),
      scene.todo,
    ]),
    [22, Math.floor((width - 26) * 0.4)], // at 100 columns: 22, 29 and 45
    { style, width },
  ),
);
const broken = played.filter(({ problems }) => problems.length > 0);
if (broken.length > 0) {
  print(
    '',
    style.red(`The action did not do what ${broken.length} scene(s) describe: see UNEXPECTED.`),
  );
  process.exitCode = 1;
}

/**
 * A working world for one scene, with the defaults the scenes share.
 * @param {Simulator} sim
 * @param {Partial<import('../simulator/index.js').ScenarioSpec>} spec
 */
function seed(sim, spec) {
  return seedScenario(sim, { flavour: 'instagram', scope: 'repo', ...spec });
}

/**
 * What went unlike the scene says.
 * @param {Observation} run
 * @param {{ code: number, secretChanged: boolean, status?: string }} wanted
 */
function differences(run, wanted) {
  const problems = [];
  if (run.run.code !== wanted.code) problems.push(`exit ${run.run.code}, not ${wanted.code}`);
  if (run.secretChanged !== wanted.secretChanged) {
    problems.push(wanted.secretChanged ? 'the secret was not written' : 'the secret changed');
  }
  if (wanted.status && resultStatus(run) !== wanted.status) {
    problems.push(`the result is "${resultStatus(run)}", not "${wanted.status}"`);
  }
  return problems;
}

/** The recap's outcome of one run: its status, exit code, and the issue it opened or closed. */
function recapOutcome(/** @type {Observation} */ run) {
  const notice = run.run.stdout.includes('::notice::') ? ', notice' : '';
  const issue = run.issueEvents.map((event) => `, ${event.replace(/ issue/, '')}`).join('');
  return `${resultStatus(run)}: exit ${run.run.code}${notice}${issue}`;
}

/** A scene's sentence, bold, its number in front. */
function heading(/** @type {string} */ number, /** @type {string} */ line) {
  return style.bold(`${style.cyan(number.padEnd(5))}${line}`);
}

/** Prints lines, each through hide() once more: the demo never prints a token. */
function print(/** @type {string[]} */ ...lines) {
  for (const line of lines) console.log(hide(line, []));
}
