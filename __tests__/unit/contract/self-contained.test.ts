/**
 * The repository explains itself: no comment, test or document points to notes that live
 * outside it. Facts go in docs/platform-facts.md, rules in docs/behaviour.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const thisFile = fileURLToPath(import.meta.url);
// Built from parts so this file does not match itself.
const OUTSIDE = new RegExp(
  [
    'INTERFACE\\.md',
    'PLATFORM-FACTS',
    'SITE-PLATFORMS',
    'TOOLING\\.md',
    '\\.\\./' + 'shared/',
    '/work/' + 'shared',
  ].join('|'),
);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(full);
    return /\.(ts|js|mjs|md|yml)$/.test(entry.name) ? [full] : [];
  });
}

describe('the repository is self-contained', () => {
  const checked = [
    ...['src', 'simulator', 'scripts', '__tests__', 'docs', '.github'].flatMap((dir) =>
      files(path.join(repoRoot, dir)),
    ),
    ...readdirSync(repoRoot)
      .filter((name) => name.endsWith('.md') || name === 'action.yml')
      .map((name) => path.join(repoRoot, name)),
  ].filter((file) => file !== thisFile);

  it('found the files', () => {
    expect(checked.length).toBeGreaterThan(50);
  });

  it('no file points to a document outside the repository', () => {
    const offenders = checked
      .filter((file) => OUTSIDE.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(repoRoot, file));
    expect(offenders).toEqual([]);
  });
});
