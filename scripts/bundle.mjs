// @ts-check
// `npm run bundle`: ncc builds src/index.ts into dist/, minified. What the run needs only later
// (@actions/core, libsodium, the report texts) is imported with import(), so ncc splits it into
// chunk files beside index.js that load while the first requests are in flight.
// dist/licenses.txt is then written here from every package in every chunk: ncc's own
// --license writes one file per chunk under the same name, so only the last chunk's survived.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const ncc = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');

const work = mkdtempSync(path.join(tmpdir(), 'itr-bundle-'));
try {
  const stats = path.join(work, 'stats.json');
  // Chunks of an earlier build must not linger: a stale chunk would be shipped and checked in.
  for (const name of readdirSync(dist)) {
    if (/\.index\.js$/.test(name)) rmSync(path.join(dist, name));
  }
  const build = spawnSync(
    process.execPath,
    [ncc, 'build', 'src/index.ts', '-o', 'dist', '--minify', '--stats-out', stats],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
  await minifyChunks();
  writeFileSync(path.join(dist, 'licenses.txt'), licensesText(bundledPackages(stats)));
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * ncc minifies index.js only; the chunks get the same treatment here (names kept, so an error's
 * stack still reads).
 */
async function minifyChunks() {
  for (const name of readdirSync(dist).filter((file) => /\.index\.js$/.test(file))) {
    const file = path.join(dist, name);
    const result = await minify(readFileSync(file, 'utf8'), {
      module: true,
      compress: false,
      mangle: { keep_classnames: true, keep_fnames: true },
    });
    if (result.code === undefined) throw new Error(`terser returned nothing for ${name}`);
    writeFileSync(file, result.code);
  }
}

/**
 * The folder of every package a module of the build came from, nested copies included.
 * @param {string} statsFile webpack's stats, as ncc --stats-out writes them
 */
function bundledPackages(statsFile) {
  /** @type {{ modules?: { name?: string, modules?: unknown[] }[] }} */
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  const folders = new Set();
  /** @param {any[]} modules */
  const visit = (modules) => {
    for (const module of modules) {
      const match = /^(?:\.\/)?(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(module.name ?? '');
      if (match) folders.add(match[1]);
      if (module.modules) visit(module.modules);
    }
  };
  visit(stats.modules ?? []);
  return [...folders];
}

/**
 * One entry per package, sorted by name: its name, its license and its license file's text.
 * @param {string[]} folders
 */
function licensesText(folders) {
  const entries = new Map();
  for (const folder of folders) {
    const manifest = JSON.parse(readFileSync(path.join(root, folder, 'package.json'), 'utf8'));
    const file = readdirSync(path.join(root, folder)).find((name) =>
      /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name),
    );
    const text = file ? readFileSync(path.join(root, folder, file), 'utf8').trim() : '';
    // Two versions of one package are two entries: each ships its own license text.
    entries.set(`${manifest.name} ${manifest.version}`, {
      name: manifest.name,
      text: `${manifest.name}\n${manifest.license ?? 'UNKNOWN'}\n${text}\n`,
    });
  }
  return [...entries.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => entry.text)
    .join('\n');
}
