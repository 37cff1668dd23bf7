// @ts-check
// `npm run bench`: the bundle's size and the action's whole-process wall time against the
// simulator, with 0 ms and with 40 ms added to every response, beside a bare `node -e ""`
// and the critical path: the gate (public key and the secret's existence, read side by side,
// before anything goes to Meta), refresh, verify and write secret (four round trips), plus
// the expiry variable write (five) when the expiry is recorded. Everything else overlaps
// them, closing an open failure issue included.
// Processes start without NODE_EXTRA_CA_CERTS (it adds ~45 ms to every Node start here) and
// with the same clean environment the runner gives an action.
import { spawn } from 'node:child_process';
import { statSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startSimulator, seedScenario, runAction } from '../simulator/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const LATENCY_MS = 40;
// Budget: the critical path's round trips plus half a round trip of slack.
const SCENARIOS = [
  {
    name: 'instagram/repo, no variable',
    flavour: 'instagram',
    scope: 'repo',
    trips: 4,
    inputs: { 'record-expiry': 'false' },
  },
  { name: 'instagram/repo', flavour: 'instagram', scope: 'repo', trips: 5 },
  {
    name: 'instagram/repo + open issue',
    flavour: 'instagram',
    scope: 'repo',
    trips: 5,
    openIssue: true,
  },
  { name: 'facebook/env', flavour: 'facebook', scope: 'env', trips: 5 },
  { name: 'instagram/org', flavour: 'instagram', scope: 'org', trips: 5 },
];
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of a bare Node start, in the same clean environment. */
function bareNode() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', ''], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

/**
 * One scenario at one latency: a fresh world per run so every run refreshes and writes.
 * @param {typeof SCENARIOS[number]} spec
 * @param {number} latencyMs
 */
async function timeAction(spec, latencyMs) {
  const times = [];
  const sim = await startSimulator();
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const scenario = await seedScenario(sim, /** @type {any} */ (spec));
      if (spec.openIssue) seedFailureIssue(sim);
      sim.graph.faults.latencyMs = latencyMs;
      sim.github.faults.latencyMs = latencyMs;
      const inputs = { ...scenario.inputs, ...(spec.inputs ?? {}) };
      const run = await runAction({ inputs, env: scenario.env, entry });
      if (run.code !== 0) throw new Error(`the action failed in the benchmark:\n${run.stdout}`);
      if (spec.openIssue && !/Closed the failure issue/.test(run.stdout)) {
        throw new Error('the benchmark expected the run to close the open failure issue');
      }
      if (i > 0) times.push(run.durationMs); // the first run warms the file cache
    }
  } finally {
    await sim.close();
  }
  return median(times);
}

/** An open failure issue for the default destination, as an earlier failed run leaves it. */
function seedFailureIssue(/** @type {any} */ sim) {
  sim.github.addIssue({
    repo: 'acme/site',
    title: 'Instagram token refresh failed: INSTAGRAM_ACCESS_TOKEN (acme/site)',
    body: '<!-- instagram-token-refresh:failure repo:acme/site:INSTAGRAM_ACCESS_TOKEN -->\nEarlier failure.',
    labels: ['instagram-token'],
  });
}

const size = statSync(entry).size;
const gzip = gzipSync(readFileSync(entry)).length;
const bare = [];
for (let i = 0; i < RUNS + 1; i++) bare.push(await bareNode());
bare.shift();
const bareMs = median(bare);

const rows = [];
for (const spec of SCENARIOS) {
  const fast = await timeAction(spec, 0);
  const slow = await timeAction(spec, LATENCY_MS);
  rows.push({ scenario: spec.name, trips: spec.trips, fast, slow, added: slow - fast });
}

const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (/** @type {number} */ value) => `${value.toFixed(0)} ms`;
console.log(`Node ${process.version}, ${RUNS} runs each (median), NODE_EXTRA_CA_CERTS unset`);
console.log(`dist/index.js: ${kb(size)} (${kb(gzip)} gzipped)`);
console.log(`bare node -e "": ${ms(bareMs)}`);
console.log(
  `latency added to every response: ${LATENCY_MS} ms; budget = (critical round trips + 0.5) × ${LATENCY_MS} ms`,
);
console.log('');
console.log(
  'scenario                      | trips |   0 ms |  40 ms |  added | budget | over bare node | ok',
);
console.log(
  '------------------------------|-------|--------|--------|--------|--------|----------------|---',
);
let ok = true;
for (const row of rows) {
  const budget = (row.trips + 0.5) * LATENCY_MS;
  const within = row.added <= budget;
  ok &&= within;
  console.log(
    `${row.scenario.padEnd(29)} | ${String(row.trips).padStart(5)} | ${ms(row.fast).padStart(6)} | ` +
      `${ms(row.slow).padStart(6)} | ${ms(row.added).padStart(6)} | ${ms(budget).padStart(6)} | ` +
      `${ms(row.fast - bareMs).padStart(14)} | ${within ? 'yes' : 'NO'}`,
  );
}

mkdirSync(new URL('../.bench/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../.bench/latest.json', import.meta.url),
  JSON.stringify({ node: process.version, runs: RUNS, size, gzip, bareMs, rows }, null, 2),
);
if (!ok) {
  console.log('\nAt least one scenario spent more than its budget on the added latency.');
  process.exitCode = 1;
}
