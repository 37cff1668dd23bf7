/**
 * Bad `accounts` inputs (README "Inputs", `accounts`; docs/behaviour.md rules 1 and 8): a
 * malformed line, a bad or repeated secret name, or a bad token fails the step before ANY request
 * to Meta or GitHub, naming the line number (as the person sees it in the YAML block: comments and
 * blank lines count) and never printing the token; so does `accounts` set together with
 * `instagram-token`, a non-default `secret-name` or `expiry-variable`, or an `accounts` with no
 * account in it. The runner always passes `secret-name`'s default, which alone is not "set".
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { mintTokenString } from '../../simulator/index.js';
import { errorLines } from './support.js';
import {
  canaryAll,
  expectRefreshedInto,
  runAccounts,
  seedAccounts,
  type AccountsWorld,
} from './accounts-world.js';
import { expectRefusedBeforeAnyRequest, sim, useFreshSimulator, type Run } from './world.js';

jest.setTimeout(60_000);

useFreshSimulator();

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A token nobody seeded: the value on the bad line. */
const STRAY = mintTokenString('instagram');

interface BadLine {
  name: string;
  /** The line put at line 4 of the input (the world's accounts are on lines 2 and 5). */
  line: (world: AccountsWorld) => string;
}

const BAD_LINES: BadLine[] = [
  { name: 'a line without =, a bare token pasted', line: () => STRAY },
  { name: 'a secret name with a leading digit', line: () => `1ABC=${STRAY}` },
  { name: 'a secret name with the GITHUB_ prefix', line: () => `GITHUB_X=${STRAY}` },
  { name: 'a secret name with a hyphen', line: () => `MY-TOKEN=${STRAY}` },
  { name: 'an empty secret name', line: () => `=${STRAY}` },
  { name: 'an empty token', line: () => 'IG_CHARLIE_TOKEN=' },
  { name: 'a secret name repeated', line: (w) => `${w.accounts[0].secret}=${STRAY}` },
  {
    name: 'a secret name repeated in other letter case',
    line: (w) => `${w.accounts[0].secret.toLowerCase()}=${STRAY}`,
  },
  { name: 'a classic GitHub PAT as the token', line: () => `IG_CHARLIE_TOKEN=ghp_${hex(18)}` },
  {
    name: 'a fine-grained GitHub PAT as the token',
    line: () => `IG_CHARLIE_TOKEN=github_pat_${hex(11)}_${hex(29)}`,
  },
  { name: 'a GitHub App token as the token', line: () => `IG_CHARLIE_TOKEN=ghs_${hex(18)}` },
  { name: 'a token in double quotes', line: () => `IG_CHARLIE_TOKEN="${STRAY}"` },
  { name: 'a token in single quotes', line: () => `IG_CHARLIE_TOKEN='${STRAY}'` },
  {
    name: 'a token with white space inside',
    line: () => `IG_CHARLIE_TOKEN=${STRAY.slice(0, 60)} ${STRAY.slice(60)}`,
  },
  {
    name: 'a Basic Display (IGQV) token',
    line: () => `IG_CHARLIE_TOKEN=IGQVJ${randomBytes(60).toString('base64url')}`,
  },
];

/** Two good accounts, on lines 2 and 5 of an input whose line 4 is `bad`. */
function worldWithLine(bad: (world: AccountsWorld) => string) {
  const world = seedAccounts([{ secret: 'IG_ALPHA_TOKEN' }, { secret: 'IG_BRAVO_TOKEN' }]);
  const [alpha, bravo] = world.accounts;
  const line = bad(world);
  world.inputs.accounts = [
    '# the shop accounts',
    `${alpha.secret}=${alpha.token}`,
    '',
    line,
    `${bravo.secret}=${bravo.token}`,
  ].join('\n');
  return { world, line };
}

/**
 * Refused naming `input`: nothing reached either fake, nothing written, no issue, every
 * account's secret as it was. Returns the error lines.
 */
function expectStoppedBeforeAnyRequest(run: Run, world: AccountsWorld, input: RegExp): string[] {
  const errors = expectRefusedBeforeAnyRequest(run, input);
  for (const account of world.accounts) {
    expect(sim.github.decryptSecret(world.seed.scope, account.secret)).toBe(account.token);
  }
  return errors;
}

/** Every part of a refused value long enough to be a token: none may be printed. */
const tokenParts = (values: string[]) =>
  values.flatMap((value) => value.split(/["'\s=]+/)).filter((part) => part.length >= 16);

describe('a bad line in accounts fails before any request, naming its line', () => {
  it.each(BAD_LINES)('$name', async (c) => {
    const { world, line } = worldWithLine(c.line);

    const run = await runAccounts(world);

    expectStoppedBeforeAnyRequest(run, world, /\bline\s*4\b/i);
    expect(run.outputs.token ?? '').toBe('');
    // The token of the good line above it was masked before the error was printed.
    const lines = run.stdout.split('\n');
    const mask = lines.indexOf(`::add-mask::${world.accounts[0].token}`);
    expect(mask).toBeGreaterThanOrEqual(0);
    expect(mask).toBeLessThan(lines.findIndex((l) => l.startsWith('::error')));
    canaryAll(run, world, tokenParts([line]));
  });
});

describe('accounts with inputs it replaces, or with no account in it', () => {
  const CASES = [
    {
      name: 'accounts with instagram-token',
      set: (w: AccountsWorld) => ({ 'instagram-token': w.accounts[0].token }),
      says: /instagram-token/,
    },
    {
      name: 'accounts with a secret-name other than the default',
      set: () => ({ 'secret-name': 'IG_OTHER_TOKEN' }),
      says: /secret-name/,
    },
    {
      name: 'accounts with expiry-variable',
      set: () => ({ 'expiry-variable': 'IG_TOKEN_EXPIRY' }),
      says: /expiry-variable/,
    },
    {
      name: 'accounts holding only comments and blank lines',
      set: () => ({ accounts: '# IG_ALPHA_TOKEN=to be added\n\n   \n  # nothing yet' }),
      says: /accounts/,
    },
  ];

  it.each(CASES)('$name: a bad input, before any request', async (c) => {
    const world = seedAccounts([{ secret: 'IG_ALPHA_TOKEN' }, { secret: 'IG_BRAVO_TOKEN' }]);
    const set = c.set(world);

    const run = await runAccounts(world, set);

    const errors = expectStoppedBeforeAnyRequest(run, world, c.says).join('\n');
    expect(errors).toMatch(/accounts/);
    canaryAll(run, world, tokenParts(Object.values(set)));
  });

  it('the runner-style defaults beside accounts are not "set together"', async () => {
    // What a runner passes when the workflow sets only accounts: secret-name's default, and an
    // empty instagram-token (`${{ secrets.X }}` of a secret that is not there) or expiry-variable.
    const world = seedAccounts([{ secret: 'IG_ALPHA_TOKEN' }, { secret: 'IG_BRAVO_TOKEN' }]);
    const run = await runAccounts(world, {
      'secret-name': 'INSTAGRAM_ACCESS_TOKEN',
      'instagram-token': '',
      'expiry-variable': '',
    });

    expect(errorLines(run)).toEqual([]);
    expect(run.code).toBe(0);
    for (const account of world.accounts) expectRefreshedInto(world, account);
    canaryAll(run, world);
  });
});
