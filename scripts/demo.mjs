// @ts-check
// `npm run demo`: runs the bundled action (dist/index.js) against the local simulator, as the
// GitHub runner would, and prints what it did, its outputs and its job summary.
// No credentials and no network: both APIs are fakes on 127.0.0.1.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSimulator, seedScenario, runAction } from '../simulator/index.js';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('dist/index.js is missing: run `npm run bundle` first.');
  process.exit(1);
}

const sim = await startSimulator();
try {
  await scene(
    'A scheduled run refreshes an Instagram Login token and writes it to a repository secret',
    { flavour: 'instagram', scope: 'repo' },
  );
  await scene(
    'A dry run checks everything and writes nothing',
    { flavour: 'instagram', scope: 'repo' },
    {
      'dry-run': 'true',
    },
  );
  await scene('A Facebook Login token, refreshed into an environment secret', {
    flavour: 'facebook',
    scope: 'env',
  });
  await failureAndRecovery();
} finally {
  await sim.close();
}

/**
 * Runs the action once and prints what it did. `spec` is a scenario to seed, or one seeded already.
 * @param {string} title
 * @param {any} spec
 * @param {Record<string, string>} [extraInputs]
 */
async function scene(title, spec, extraInputs = {}) {
  const scenario = spec.inputs ? spec : await seedScenario(sim, spec);
  const secretName = scenario.inputs['secret-name'];
  const before = sim.github.decryptSecret(scenario.scope, secretName);
  const githubBefore = sim.github.requests.length;
  const graphBefore = sim.graph.requests.length;

  const run = await runAction({
    inputs: { ...scenario.inputs, ...extraInputs },
    env: scenario.env,
  });

  const after = sim.github.decryptSecret(scenario.scope, secretName);
  const secrets = [scenario.instagramToken, scenario.githubToken, after ?? '', before ?? ''];
  console.log(`\n━━ ${title}`);
  console.log(`exit code ${run.code}, ${run.durationMs} ms\n`);
  console.log('Log (as the runner shows it; debug lines and mask commands left out):');
  for (const line of run.stdout.split('\n')) {
    if (!line || line.startsWith('::debug::') || line.startsWith('::add-mask::')) continue;
    console.log(`  ${hide(line, secrets)}`);
  }
  console.log('\nRequests the action made:');
  for (const request of sim.graph.requests.slice(graphBefore)) {
    console.log(`  Graph  ${request.method} ${request.path} → ${request.status ?? '(no answer)'}`);
  }
  for (const request of sim.github.requests.slice(githubBefore)) {
    console.log(`  GitHub ${request.method} ${request.path} → ${request.status ?? '(no answer)'}`);
  }
  console.log('\nOutputs:');
  for (const [name, value] of Object.entries(run.outputs)) {
    console.log(`  ${name} = ${name === 'token' ? '*** (masked in a real run)' : value}`);
  }
  const changed = after !== before;
  console.log(
    `\nThe simulator decrypted the stored secret with its own key: ${
      changed ? 'it now holds the new token.' : 'unchanged.'
    }`,
  );
  console.log('\nJob summary:\n');
  console.log(indent(run.summary));
}

/**
 * The token expires unnoticed: the run fails and opens an issue that says what to do; a person
 * pastes a new token into the secret; the next run succeeds and closes the issue.
 */
async function failureAndRecovery() {
  const scenario = await seedScenario(sim, {
    flavour: 'instagram',
    scope: 'repo',
    secretName: 'SHOP_INSTAGRAM_TOKEN',
  });
  sim.graph.setTokenError(scenario.instagramToken, {
    code: 190,
    subcode: 463,
    message:
      'Error validating access token: Session has expired on Monday, 23-Nov-26 09:00:00 PST.',
  });
  await scene('An expired token: the run fails and opens an issue that says what to do', scenario);
  const issue = sim.github.issues.find((item) => item.title.includes('SHOP_INSTAGRAM_TOKEN'));
  if (issue) {
    const labels = issue.labels.join(', ');
    console.log(`\nThe issue it opened, #${issue.number} (labels: ${labels}):\n`);
    console.log(indent(`# ${issue.title}\n\n${issue.body}`));
  }

  // A person logs in again and pastes the new token into the secret.
  const fresh = sim.graph.addToken({ flavour: 'instagram', username: 'sim_account' });
  sim.github.setSecret(scenario.scope, 'SHOP_INSTAGRAM_TOKEN', fresh.token);
  await scene('After a new token is pasted, the next run succeeds and closes the issue', {
    ...scenario,
    instagramToken: fresh.token,
    inputs: { ...scenario.inputs, 'instagram-token': fresh.token },
  });
  if (issue) {
    const closing = issue.comments.at(-1);
    console.log(
      `\nIssue #${issue.number} is now ${issue.state} (${issue.stateReason}); its last comment:\n`,
    );
    console.log(indent(closing?.body ?? '(none)'));
  }
}

/** Fake tokens are harmless, but the demo shows what a real log shows: no token at all. */
function hide(/** @type {string} */ text, /** @type {string[]} */ secrets) {
  return secrets.filter(Boolean).reduce((out, secret) => out.split(secret).join('***'), text);
}

function indent(/** @type {string} */ text) {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
