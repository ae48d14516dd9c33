#!/usr/bin/env node
// Builds tsgan's native addon (binding.gyp → build/Release/tsgan_native.node) with node-gyp, offline.
// Run by `npm install` (the package's "install" script) and by `npm run build:native`.
//
// The build never makes `npm install` fail: without a compiler, Node's headers or node-gyp, it prints
// one line saying so and exits 0, and tsgan then runs on the wasm backend (src/node/backend/native/addon.ts says
// why, once). node-gyp is npm's own copy (npm passes its path in npm_config_node_gyp); Node's headers come
// from npm's `nodedir` setting or, failing that, the headers installed beside this Node (never a download).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');

function fail(reason) {
  const line = `tsgan: native addon not built (${reason}); tsgan will run on the wasm backend`;
  console.warn(line);
  process.exit(strict ? 1 : 0);
}

if (process.env.TSGAN_SKIP_NATIVE_BUILD === '1') fail('TSGAN_SKIP_NATIVE_BUILD=1');

// `npm install` run again on a tree whose addon is newer than every native source keeps it: node-gyp's
// rebuild deletes build/ first, and for the minute it compiles every tsgan process started meanwhile
// would find no addon and run on wasm. `npm run build:native` (--strict) always rebuilds.
const addonFile = join(root, 'build', 'Release', 'tsgan_native.node');
if (!strict && existsSync(addonFile)) {
  const sources = [join(root, 'binding.gyp'), join(root, 'scripts', 'build-native.mjs'), ...readdirSync(join(root, 'native'), { recursive: true }).map((f) => join(root, 'native', String(f)))];
  const built = statSync(addonFile).mtimeMs;
  if (sources.every((f) => !existsSync(f) || statSync(f).isDirectory() || statSync(f).mtimeMs <= built)) process.exit(0);
}

const candidates = [
  process.env.npm_config_node_gyp,
  join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
].filter((p) => p && existsSync(p));
if (candidates.length === 0) fail('node-gyp not found');

const headerDirs = [process.env.npm_config_nodedir, join(dirname(process.execPath), '..')].filter(
  (d) => d && existsSync(join(d, 'include', 'node', 'node_api.h')),
);
if (headerDirs.length === 0) fail("Node's headers (include/node/node_api.h) not found");

const r = spawnSync(process.execPath, [candidates[0], 'rebuild', `--nodedir=${headerDirs[0]}`, '--loglevel=error'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  env: { ...process.env, npm_config_nodedir: headerDirs[0] },
});
if (r.status !== 0) {
  const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.split('\n').find((l) => /error|not found|No such/i.test(l)) ?? `node-gyp exited with ${r.status ?? r.signal}`;
  // A half-built addon must not be loaded later.
  rmSync(join(root, 'build', 'Release', 'tsgan_native.node'), { force: true });
  fail(why.trim().slice(0, 200));
}
