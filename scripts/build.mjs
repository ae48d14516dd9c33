#!/usr/bin/env node
// Builds tsgan: the library and CLI (tsc -p tsconfig.build.json → dist/src) and the web lab (vite →
// dist/web), then writes dist/.build-stamp. `npm run build` always builds; `npm install`'s "prepare"
// runs this with --if-stale, which builds only when an input is newer than the stamp.
//
// Why --if-stale: npm 11 runs a package's own bin (`npx tsgan` in the clone) by linking the folder into
// npx's cache, and that first link re-runs the folder's install and prepare scripts. An unconditional
// prepare then rewrote dist/ for ~15 s while the CLI, or any other tsgan process, was reading it (a
// process started meanwhile failed with "does not provide an export named …"). With a current build it
// now only reads modification times.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
/** Everything the build reads besides node_modules: the sources, their configs and this script. */
const INPUTS = ['src', 'web', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build.mjs'];
/** What the build writes that later steps need; a build missing one is not current. */
const OUTPUTS = ['dist/src/index.js', 'dist/src/cli/main.js', 'dist/web/index.html'];

/** The newest modification time (ms) among the files under `path` (a file or a folder). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs; // a deleted source changes its folder's time
  for (const f of readdirSync(path, { recursive: true })) t = Math.max(t, statSync(join(path, String(f))).mtimeMs);
  return t;
}

function current() {
  if (!existsSync(stamp) || OUTPUTS.some((f) => !existsSync(join(root, f)))) return false;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.every((p) => newest(join(root, p)) <= built);
}

if (process.argv.includes('--if-stale') && current()) process.exit(0);

const steps = [
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts'],
];
for (const args of steps) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
writeFileSync(stamp, `${new Date().toISOString()}\n`);
