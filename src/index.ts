// The action's entry point: everything happens in run().
import { run } from './run/run.js';

await run();
