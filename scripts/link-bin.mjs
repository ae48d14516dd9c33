#!/usr/bin/env node
// Writes node_modules/.bin/tsgan in a clone: a two-line shell script that starts dist/src/cli/main.js
// (built by "prepare"). Run by `npm install` (the "install" script, after the native build) in the
// project's root only; installed as a dependency of another project (cwd ≠ INIT_CWD) it does nothing, as
// npm links the bin there itself. It never makes `npm install` fail.
//
// npm links the bins of a project's dependencies into node_modules/.bin, never the project's own. npm
// versions that look in node_modules/.bin first run this shim for `npx tsgan`; npm 11 links the folder
// into npx's cache instead (see scripts/build.mjs), and the shim still serves scripts and shells that put
// node_modules/.bin on their PATH.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const initCwd = process.env.INIT_CWD;
if (initCwd !== undefined && resolve(initCwd) !== root) process.exit(0);
try {
  const bin = join(root, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  const shim = join(bin, 'tsgan');
  writeFileSync(shim, '#!/bin/sh\nexec node "$(dirname "$0")/../../dist/src/cli/main.js" "$@"\n');
  chmodSync(shim, 0o755);
  if (process.platform === 'win32') writeFileSync(`${shim}.cmd`, '@node "%~dp0\\..\\..\\dist\\src\\cli\\main.js" %*\r\n');
} catch (e) {
  console.warn(`tsgan: could not link node_modules/.bin/tsgan (${e.message}); run the CLI as \`node dist/src/cli/main.js\``);
}
