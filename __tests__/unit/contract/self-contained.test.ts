/**
 * The repository explains itself: every document a comment, test or page names is in the
 * repository, and no relative path climbs out of it. Facts go in docs/platform-facts.md, rules
 * in docs/behaviour.md, the cold start in docs/performance.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(full);
    return /\.(ts|js|mjs|md|yml)$/.test(entry.name) ? [full] : [];
  });
}

const checked = [
  ...['src', 'simulator', 'scripts', '__tests__', 'docs', '.github'].flatMap((dir) =>
    files(path.join(repoRoot, dir)),
  ),
  ...readdirSync(repoRoot)
    .filter((name) => name.endsWith('.md') || name === 'action.yml')
    .map((name) => path.join(repoRoot, name)),
];

// Every Markdown document in the repository, by name and by path from the root.
const documents = new Set(
  [...checked, ...files(path.join(repoRoot, '.github'))]
    .filter((file) => file.endsWith('.md'))
    .flatMap((file) => [path.basename(file), path.relative(repoRoot, file)]),
);

/**
 * The project documents a text names: an upper-case page ("SECURITY.md") or a page under
 * docs/. (Other *.md names are files a command writes, or paths in a source's URL.)
 */
function namedDocuments(text: string): string[] {
  return [...text.matchAll(/(?<![\w/.-])((?:docs\/[\w-]+|[A-Z][A-Z0-9_-]*)\.md)\b/g)].map(
    (match) => match[1],
  );
}

/** Relative paths in a text that leave the repository from `file`'s folder. */
function pathsOutside(file: string, text: string): string[] {
  return [...text.matchAll(/(?<![\w.])((?:\.\.\/)+[\w.-]+(?:\/[\w.-]+)*)/g)]
    .map((match) => match[1])
    .filter((relative) => {
      const resolved = path.resolve(path.dirname(file), relative);
      return path.relative(repoRoot, resolved).startsWith('..');
    });
}

describe('the repository is self-contained', () => {
  it('found the files and the documents', () => {
    expect(checked.length).toBeGreaterThan(50);
    expect(documents).toContain('docs/behaviour.md');
  });

  it('every document a file names is in the repository', () => {
    const offenders = checked.flatMap((file) =>
      namedDocuments(readFileSync(file, 'utf8'))
        .filter((name) => !documents.has(name) && !documents.has(path.basename(name)))
        .map((name) => `${path.relative(repoRoot, file)}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no relative path leaves the repository', () => {
    const offenders = checked.flatMap((file) =>
      pathsOutside(file, readFileSync(file, 'utf8')).map(
        (relative) => `${path.relative(repoRoot, file)}: ${relative}`,
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('catches a page outside the repository, by name or by path', () => {
    const file = path.join(repoRoot, 'src', 'example.ts');
    // Built from parts, so this file names no such page itself.
    const elsewhere = 'NOTES-ELSEWHERE' + '.md';
    expect(namedDocuments(`see ${elsewhere} and docs/behaviour.md`)).toEqual([
      elsewhere,
      'docs/behaviour.md',
    ]);
    expect(documents.has(elsewhere)).toBe(false);
    expect(pathsOutside(file, "read '../../elsewhere/notes.txt'")).toEqual([
      '../../elsewhere/notes.txt',
    ]);
    expect(pathsOutside(file, "import x from '../rules/seal.js'")).toEqual([]);
    expect(existsSync(path.join(repoRoot, 'docs', 'behaviour.md'))).toBe(true);
  });
});
