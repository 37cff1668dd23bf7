/**
 * The contract between action.yml, README.md and the code: the same input and
 * output names everywhere, the same defaults, and the code reading inputs only through INPUT.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { SITE_DEFAULTS } from '../../../src/inputs/sites.js';
import { DEFAULTS, readConfig, type Config } from '../../../src/inputs/config.js';
import { API_CHOICES } from '../../../src/graph/flavour.js';
import { INPUT, OUTPUT, type InputName } from '../../../src/inputs/input-names.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface ActionInput {
  description?: unknown;
  required?: unknown;
  default?: unknown;
  deprecationMessage?: unknown;
}

interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  author?: unknown;
  branding?: { icon?: unknown; color?: unknown };
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: unknown }>;
  runs: { using?: unknown; main?: unknown };
}

const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as ActionMetadata;
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

const inputNames = Object.keys(action.inputs ?? {});
const outputNames = Object.keys(action.outputs ?? {});
// instagram-token is required unless `accounts` is set, so action.yml cannot mark it required.
const REQUIRED: string[] = [INPUT.githubToken];

/** An input's default as the runner passes it: a string, '' when there is none. */
function defaultOf(name: string): string {
  const value = action.inputs[name]?.default;
  return value === undefined || value === null ? '' : String(value);
}

/** The rows of the first Markdown table under `## heading`, as trimmed cells. */
function tableUnder(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (!line.trim().startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(
      line
        .trim()
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  // Drop the header and the |---| line.
  return rows.slice(2);
}

/**
 * The few places where the docs say a default in words, and what action.yml declares for it.
 * `repository` defaults to an expression; `expiry-variable` is empty, which the code reads as
 * `<secret-name>_EXPIRES_AT`.
 */
const DOCUMENTED_EQUIVALENTS: Record<string, { docs: string[]; actionYml: string }> = {
  [INPUT.repository]: {
    docs: ["the workflow's repository"],
    actionYml: '${{ github.repository }}',
  },
  [INPUT.instagramToken]: {
    docs: ['(required unless `accounts` is set)'],
    actionYml: '',
  },
  [INPUT.expiryVariable]: {
    docs: ['`<secret-name>_EXPIRES_AT`', 'empty, meaning `<secret-name>_EXPIRES_AT`'],
    actionYml: '',
  },
};

/** Checks one documented default cell against action.yml; `empty` is how the docs write ''. */
function expectDocumentedDefault(name: string, cell: string, emptyWords: string[]): void {
  const equivalent = DOCUMENTED_EQUIVALENTS[name];
  if (equivalent) {
    expect(equivalent.docs).toContain(cell);
    expect(defaultOf(name)).toBe(equivalent.actionYml);
    return;
  }
  if (action.inputs[name]?.required === true) {
    expect(cell).toBe('(required)');
    return;
  }
  const value = defaultOf(name);
  if (value === '') expect(emptyWords).toContain(cell);
  else expect(cell).toBe(`\`${value}\``);
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

describe('action.yml', () => {
  it('runs on node24 from the committed bundle', () => {
    expect(action.runs.using).toBe('node24');
    expect(action.runs.main).toBe('dist/index.js');
  });

  it('has a name, description, author and branding', () => {
    for (const field of [action.name, action.description, action.author]) {
      expect(typeof field).toBe('string');
      expect(String(field).trim()).not.toBe('');
    }
    expect(typeof action.branding?.icon).toBe('string');
    expect(String(action.branding?.icon).trim()).not.toBe('');
    // The colours the Marketplace accepts.
    expect([
      'white',
      'black',
      'yellow',
      'blue',
      'green',
      'orange',
      'red',
      'purple',
      'gray-dark',
    ]).toContain(action.branding?.color);
  });

  it.each(inputNames)('input %s has a description and only known keys', (name) => {
    const input = action.inputs[name];
    expect(typeof input.description).toBe('string');
    expect(String(input.description).trim()).not.toBe('');
    for (const key of Object.keys(input)) {
      expect(['description', 'required', 'default', 'deprecationMessage']).toContain(key);
    }
  });

  it.each(outputNames)('output %s has a description and nothing else', (name) => {
    const output = action.outputs[name];
    expect(typeof output.description).toBe('string');
    expect(String(output.description).trim()).not.toBe('');
    expect(Object.keys(output)).toEqual(['description']);
  });

  it('declares exactly the inputs the code names in INPUT', () => {
    expect(sorted(inputNames)).toEqual(sorted(Object.values(INPUT)));
  });

  it('declares exactly the outputs the code names in OUTPUT', () => {
    expect(sorted(outputNames)).toEqual(sorted(Object.values(OUTPUT)));
  });

  it.each(inputNames)('input %s is required only if the action cannot run without it', (name) => {
    const input = action.inputs[name];
    if (REQUIRED.includes(name)) {
      expect(input.required).toBe(true);
      expect(input.default).toBeUndefined();
    } else {
      expect(input.required ?? false).toBe(false);
    }
  });
});

describe("action.yml defaults agree with the code's", () => {
  const codeDefaults: [InputName, string][] = [
    [INPUT.secretName, DEFAULTS.secretName],
    [INPUT.api, 'auto'],
    [INPUT.dryRun, 'false'],
    [INPUT.openIssueOnFailure, 'true'],
    [INPUT.closeIssueOnSuccess, 'true'],
    [INPUT.issueLabels, DEFAULTS.issueLabels],
    [INPUT.recordExpiry, 'true'],
    [INPUT.keepalive, 'false'],
    [INPUT.inactivityWarningDays, String(DEFAULTS.inactivityWarningDays)],
    [INPUT.instagramApiUrl, DEFAULTS.instagramApiUrl],
    [INPUT.facebookApiUrl, DEFAULTS.facebookApiUrl],
    [INPUT.graphApiVersion, DEFAULTS.graphApiVersion],
    [INPUT.requestTimeout, String(DEFAULTS.requestTimeoutSeconds)],
    [INPUT.runTimeout, String(DEFAULTS.runTimeoutSeconds)],
    [INPUT.createSecret, 'false'],
    // Empty: the code treats them as unset.
    [INPUT.environment, ''],
    [INPUT.organization, ''],
    [INPUT.appId, ''],
    [INPUT.appSecret, ''],
    [INPUT.refreshThresholdDays, ''],
    [INPUT.issueAssignees, ''],
    [INPUT.expiryVariable, ''],
    // Expressions the runner evaluates.
    [INPUT.repository, '${{ github.repository }}'],
    [INPUT.issueToken, '${{ github.token }}'],
    [INPUT.instagramToken, ''],
    [INPUT.accounts, ''],
    [INPUT.siteVariable, ''],
    [INPUT.vercelToken, ''],
    [INPUT.vercelProject, ''],
    [INPUT.vercelTeam, ''],
    [INPUT.vercelTargets, SITE_DEFAULTS.vercelTargets],
    [INPUT.netlifyToken, ''],
    [INPUT.netlifySite, ''],
    [INPUT.cloudflareToken, ''],
    [INPUT.cloudflareAccount, ''],
    [INPUT.cloudflareWorker, ''],
    [INPUT.cloudflarePagesProject, ''],
    [INPUT.deployHooks, ''],
    [INPUT.vercelApiUrl, SITE_DEFAULTS.vercelApiUrl],
    [INPUT.netlifyApiUrl, SITE_DEFAULTS.netlifyApiUrl],
    [INPUT.cloudflareApiUrl, SITE_DEFAULTS.cloudflareApiUrl],
  ];

  it.each(codeDefaults)('%s defaults to %p', (name, value) => {
    expect(defaultOf(name)).toBe(value);
  });

  it('covers every optional input', () => {
    expect(sorted(codeDefaults.map(([name]) => name))).toEqual(
      sorted(inputNames.filter((name) => !REQUIRED.includes(name))),
    );
    expect(API_CHOICES).toContain(defaultOf(INPUT.api));
  });

  it('readConfig gives the same Config with the declared defaults as with empty inputs', () => {
    const env = { GITHUB_REPOSITORY: 'acme/site' };
    const credentials: Partial<Record<InputName, string>> = {
      [INPUT.instagramToken]: 'IGAAcontracttesttoken0123456789',
      [INPUT.githubToken]: 'github_pat_contracttest0123456789',
    };
    // What the runner passes when a workflow sets only the two required inputs.
    const expressions: Record<string, string> = {
      '${{ github.repository }}': env.GITHUB_REPOSITORY,
      '${{ github.token }}': 'ghs_workflowtoken0123456789',
    };
    const read: string[] = [];
    const withDefaults = readConfig((name) => {
      read.push(name);
      const value = credentials[name] ?? defaultOf(name);
      return expressions[value] ?? value;
    }, env);
    const withEmpty = readConfig((name) => credentials[name] ?? '', env);

    // issue-token: the runner fills in the workflow's token; the code falls back to
    // github-token only when the value is empty (outside the runner, or set to '').
    const { issueToken: declaredIssueToken, ...declared } = withDefaults;
    const { issueToken: emptyIssueToken, ...empty } = withEmpty;
    expect(declared).toEqual(empty);
    expect(declaredIssueToken).toBe(expressions['${{ github.token }}']);
    expect(emptyIssueToken).toBe(credentials[INPUT.githubToken]);
    expect((withDefaults as Config).expiryVariable).toBe('INSTAGRAM_ACCESS_TOKEN_EXPIRES_AT');

    // Every declared input is read: none is declared and then ignored.
    expect(sorted(new Set(read))).toEqual(sorted(inputNames));
  });
});

describe('README.md', () => {
  const inputRows = tableUnder(readme, 'Inputs');
  const outputRows = tableUnder(readme, 'Outputs');

  it('the Inputs table lists the action.yml inputs, in the same order', () => {
    expect(inputRows.map(([name]) => name)).toEqual(inputNames.map((name) => `\`${name}\``));
  });

  it('the Outputs table lists the action.yml outputs, in the same order', () => {
    expect(outputRows.map(([name]) => name)).toEqual(outputNames.map((name) => `\`${name}\``));
  });

  it.each(inputNames)('input %s: the Default column agrees with action.yml', (name) => {
    const row = inputRows.find(([cell]) => cell === `\`${name}\``);
    expect(row).toBeDefined();
    const [, defaultCell, description] = row ?? [];
    expectDocumentedDefault(name, defaultCell ?? '', ['']);
    expect(description ?? '').not.toBe('');
  });

  it('every output row has a description', () => {
    for (const [, description] of outputRows) expect(description ?? '').not.toBe('');
  });
});

describe('the code reads inputs and writes outputs only through INPUT and OUTPUT', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    });
  }
  const files = sources(path.join(repoRoot, 'src')).map((file) => ({
    name: path.relative(repoRoot, file).split(path.sep).join('/'),
    text: readFileSync(file, 'utf8'),
  }));

  function offenders(pattern: RegExp): string[] {
    return files.filter(({ text }) => pattern.test(text)).map(({ name }) => name);
  }

  it('found the sources', () => {
    expect(files.map(({ name }) => name)).toContain('src/inputs/input-names.ts');
  });

  it('no getInput with a literal name', () => {
    expect(offenders(/\bget(?:Boolean|Multiline)?Input\(\s*['"`]/)).toEqual([]);
  });

  it('getInput is called only in config and run', () => {
    const callers = offenders(/\bget(?:Boolean|Multiline)?Input\(/);
    expect(
      callers.filter((name) => !['src/inputs/config.ts', 'src/run/run.ts'].includes(name)),
    ).toEqual([]);
  });

  it('no INPUT_* environment variable is read directly, but by the one reader', () => {
    // runner.ts reads inputs as core.getInput does, before @actions/core is loaded.
    expect(offenders(/\benv(?:\.|\[\s*['"`])INPUT_/)).toEqual(['src/run/runner.ts']);
  });

  it('readInput is called only in run', () => {
    const callers = offenders(/\breadInput\(/);
    expect(callers.filter((name) => name !== 'src/run/runner.ts')).toEqual(['src/run/run.ts']);
  });

  it('no setOutput with a literal name', () => {
    expect(offenders(/\bsetOutput\(\s*['"`]/)).toEqual([]);
  });

  it.each(Object.keys(INPUT))('INPUT.%s is used outside input-names.ts', (key) => {
    const pattern = new RegExp(`\\bINPUT\\.${key}\\b`);
    expect(offenders(pattern).filter((name) => name !== 'src/inputs/input-names.ts')).not.toEqual(
      [],
    );
  });

  it.each(Object.keys(OUTPUT))('OUTPUT.%s is used outside input-names.ts', (key) => {
    const pattern = new RegExp(`\\bOUTPUT\\.${key}\\b`);
    expect(offenders(pattern).filter((name) => name !== 'src/inputs/input-names.ts')).not.toEqual(
      [],
    );
  });
});
