// @ts-check
// `npm run bench`: the bundle's size and the action's whole-process wall time against the
// simulator, with 0 ms and with 40 ms added to every response, beside a bare `node -e ""`
// and the critical path (refresh, verify, write: three round trips).
// Processes start without NODE_EXTRA_CA_CERTS (it adds ~45 ms to every Node start here) and
// with the same clean environment the runner gives an action.
import { spawn } from 'node:child_process';
import { statSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startSimulator, seedScenario, runAction } from '../simulator/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const LATENCY_MS = 40;
const CRITICAL_ROUND_TRIPS = 3;
const TARGET_FACTOR = 3.5;
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
 * @param {{ flavour: 'instagram' | 'facebook', scope: 'repo' | 'env' | 'org' }} spec
 * @param {number} latencyMs
 */
async function timeAction(spec, latencyMs) {
  const times = [];
  const sim = await startSimulator();
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const scenario = await seedScenario(sim, spec);
      sim.graph.faults.latencyMs = latencyMs;
      sim.github.faults.latencyMs = latencyMs;
      const run = await runAction({ inputs: scenario.inputs, env: scenario.env, entry });
      if (run.code !== 0) throw new Error(`the action failed in the benchmark:\n${run.stdout}`);
      if (i > 0) times.push(run.durationMs); // the first run warms the file cache
    }
  } finally {
    await sim.close();
  }
  return median(times);
}

const size = statSync(entry).size;
const gzip = gzipSync(readFileSync(entry)).length;
const bare = [];
for (let i = 0; i < RUNS + 1; i++) bare.push(await bareNode());
bare.shift();
const bareMs = median(bare);

const rows = [];
for (const spec of [
  { flavour: 'instagram', scope: 'repo' },
  { flavour: 'facebook', scope: 'env' },
  { flavour: 'instagram', scope: 'org' },
]) {
  const fast = await timeAction(/** @type {any} */ (spec), 0);
  const slow = await timeAction(/** @type {any} */ (spec), LATENCY_MS);
  const added = slow - fast;
  rows.push({ scenario: `${spec.flavour}/${spec.scope}`, fast, slow, added });
}

const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (/** @type {number} */ value) => `${value.toFixed(0)} ms`;
const budget = TARGET_FACTOR * LATENCY_MS;
console.log(`Node ${process.version}, ${RUNS} runs each (median), NODE_EXTRA_CA_CERTS unset`);
console.log(`dist/index.js: ${kb(size)} (${kb(gzip)} gzipped)`);
console.log(`bare node -e "": ${ms(bareMs)}`);
console.log(
  `critical path: ${CRITICAL_ROUND_TRIPS} round trips (refresh, verify, write) = ` +
    `${CRITICAL_ROUND_TRIPS * LATENCY_MS} ms at ${LATENCY_MS} ms each; budget ${ms(budget)}`,
);
console.log('');
console.log('scenario        |   0 ms |  40 ms | added | over bare node | within budget');
console.log('----------------|--------|--------|-------|----------------|--------------');
let ok = true;
for (const row of rows) {
  const within = row.added <= budget;
  ok &&= within;
  console.log(
    `${row.scenario.padEnd(15)} | ${ms(row.fast).padStart(6)} | ${ms(row.slow).padStart(6)} | ` +
      `${ms(row.added).padStart(5)} | ${ms(row.fast - bareMs).padStart(14)} | ${within ? 'yes' : 'NO'}`,
  );
}

mkdirSync(new URL('../.bench/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../.bench/latest.json', import.meta.url),
  JSON.stringify({ node: process.version, runs: RUNS, size, gzip, bareMs, rows }, null, 2),
);
if (!ok) {
  console.log(`\nAt least one scenario spent more than ${ms(budget)} on ${LATENCY_MS} ms latency.`);
  process.exitCode = 1;
}
