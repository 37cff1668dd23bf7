/**
 * `npm run demo` and `npm run try`, as a person runs them, piped: the demo tells its six scenes
 * in under 100 lines of at most 100 columns, without colour and without a token; `try` refuses
 * a malformed --input with a clear message and reports a dry run.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, jest } from '@jest/globals';

jest.setTimeout(180_000);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script with node, stdout and stderr piped (not a terminal), NO_COLOR unset. */
function runScript(script: string, args: string[] = []): Promise<Ran> {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not the user's
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Terminal columns, on the wide side: emoji and symbols from U+2300 (box drawing apart) take 2. */
function columns(line: string): number {
  let width = 0;
  for (const char of line) {
    const code = char.codePointAt(0) as number;
    if (code === 0xfe0f || code === 0x200d) continue;
    width += code >= 0x2300 && !(code >= 0x2500 && code <= 0x25ff) ? 2 : 1;
  }
  return width;
}

/** The start of every ANSI colour code. */
const ANSI = '\u001b[';

const TOKEN_SHAPES = [
  /(?:IGAA|EAA)[A-Za-z0-9_-]{20,}/,
  /github_pat_[A-Za-z0-9_]+/,
  /gh[pousr]_[A-Za-z0-9]{20,}/,
];

describe('npm run demo', () => {
  let demo: Ran;
  let lines: string[];

  beforeAll(async () => {
    demo = await runScript('scripts/demo.mjs');
    lines = demo.stdout.replace(/\n$/, '').split('\n');
  });

  it('exits 0 and says nothing went unlike the scenes tell', () => {
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).not.toMatch(/UNEXPECTED/);
  });

  it('fits in under 100 lines of at most 100 columns, without colour', () => {
    expect(lines.length).toBeLessThan(100);
    const wide = lines.filter((line) => columns(line) > 100);
    expect(wide).toEqual([]);
    expect(demo.stdout.includes(ANSI)).toBe(false);
  });

  it('plays the six scenes in order', () => {
    const scenes = [
      /^1\/6 .*Instagram Login.*repository secret/im,
      /^2\/6 .*dry run.*public key.*writes nothing/im,
      /^3\/6 .*hour old.*notice/im,
      /^4\/6 .*GITHUB_TOKEN as github-token/m,
      /^5\/6 .*expired.*opens an issue/im,
      /^6\/6 .*Facebook Login.*environment/im,
    ];
    const at = scenes.map((scene) => demo.stdout.search(scene));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);

    expect(demo.stdout).toMatch(/refreshed, exit 0; secret updated/);
    expect(demo.stdout).toMatch(/dry run, exit 0; secret unchanged/);
    expect(demo.stdout).toMatch(/skipped, exit 0 with a ::notice::/);
    expect(demo.stdout).toMatch(
      /failed, exit 1 with an ::error::; secret unchanged; nothing sent to Meta/,
    );
    expect(demo.stdout).toMatch(/Secrets: Read and write/);
    expect(demo.stdout).toMatch(/opened issue #1/);
    expect(demo.stdout).toMatch(/closed issue #1/);
    expect(demo.stdout).toMatch(/token output masked/);
  });

  it('renders the job summary for a terminal, not as Markdown', () => {
    expect(demo.stdout).toMatch(/^ {2}summary +Account +sim_account \(Instagram Login\)$/m);
    expect(demo.stdout).not.toMatch(/\|---|^\s*\|.*\|\s*$|\]\(https?:|\*\*|^#+ /m);
  });

  it('ends with a recap table: scene, outcome, what a user would do', () => {
    const recap = lines.findIndex((line) => line === 'Recap');
    expect(recap).toBeGreaterThan(0);
    expect(lines[recap + 1]).toMatch(/^scene +outcome +what a user would do$/);
    expect(lines[recap + 2]).toMatch(/^─+ +─+ +─+$/);
    const rows = lines.slice(recap + 3).filter((line) => /^\d\. /.test(line));
    expect(rows.map((row) => row.slice(0, 2))).toEqual(['1.', '2.', '3.', '4.', '5.', '6.']);
  });

  it('prints no token, and no public key id', () => {
    for (const shape of TOKEN_SHAPES) expect(demo.stdout).not.toMatch(shape);
    expect(demo.stdout).not.toMatch(/key(?: id)?:? \d{6,}/i);
  });
});

describe('npm run try', () => {
  it('refuses a malformed --input, saying what is wrong', async () => {
    const ran = await runScript('scripts/try.mjs', ['--input', 'dry-run']);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(/--input "dry-run" is not name=value/);
    expect(ran.stderr).toMatch(/--input dry-run=true/);
  });

  it('refuses an input the action does not have, naming the nearest one', async () => {
    const ran = await runScript('scripts/try.mjs', ['--input', 'dryrun=true']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/"dryrun": the action has no such input\. Did you mean "dry-run"\?/);
  });

  it('runs a dry run with --input dry-run=true', async () => {
    const ran = await runScript('scripts/try.mjs', ['--input', 'dry-run=true']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/with dry-run=true/);
    expect(ran.stdout).toMatch(/dry run, exit 0; secret unchanged/);
    expect(ran.stdout.includes(ANSI)).toBe(false);
    for (const shape of TOKEN_SHAPES) expect(ran.stdout).not.toMatch(shape);
  });
});
