/** The release's version appears the same everywhere a user or the release workflow reads it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';

const root = new URL('../../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
const version = (JSON.parse(read('package.json')) as { version: string }).version;

describe('release version', () => {
  it('package.json holds a semantic version', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("the README's uses: lines name package.json's major version", () => {
    const refs = [
      ...read('README.md').matchAll(
        /uses: instagram-token-refresh\/instagram-token-refresh@(\S+)/g,
      ),
    ];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, ref] of refs) expect(ref).toBe(`v${version.split('.')[0]}`);
  });

  it('CHANGELOG.md has the notes for this version', () => {
    expect(read('CHANGELOG.md').split('\n')).toContain(`## ${version}`);
  });

  it('dist/ ships the licenses of the bundled packages, those of every chunk included', () => {
    const licenses = read('dist/licenses.txt').split('\n');
    // index.js holds the Octokit client; chunks hold @actions/core, libsodium and undici.
    for (const name of [
      '@actions/core',
      '@actions/http-client',
      '@octokit/core',
      '@octokit/plugin-retry',
      'libsodium-wrappers',
      'libsodium',
      'undici',
    ]) {
      expect(licenses).toContain(name);
    }
    expect(licenses).not.toContain('@actions/github');
  });

  it('the project has its own MIT license', () => {
    expect(read('LICENSE')).toMatch(/MIT License/);
  });
});
