// ESM TypeScript through ts-jest; run with NODE_OPTIONS=--experimental-vm-modules (see package.json).
import { availableParallelism } from 'node:os';

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};

// One worker per core, at least 2 and at most 8. Every end-to-end test starts the bundled action
// as a Node process (two at once for the race tests), and each start burns CPU (a 1.7 MB bundle,
// libsodium's wasm). With more workers than cores those children queue for the CPU, and the
// tests bound by time (retry windows, request-timeout, run-timeout, two runs that must overlap)
// slow down past their limits. The floor keeps a core busy while another worker only waits on a
// child's backoff; the ceiling keeps a big machine from running dozens of fakes and children at
// once for no gain. `--maxWorkers` on the command line still wins.
const workers = Math.min(8, Math.max(2, availableParallelism()));

/** @type {import('jest').Config} */
export default {
  maxWorkers: workers,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'] },
  ],
};
