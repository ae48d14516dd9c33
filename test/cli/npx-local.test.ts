/**
 * Issue #22: in a clone, `npx tsgan …` must run the clone's CLI at once — not install the folder into
 * npx's cache and rebuild it. `npm install` writes node_modules/.bin/tsgan (scripts/link-bin.mjs), which
 * npm exec runs directly; `--no` makes npm exec fail instead of installing anything, so this test cannot
 * pass through a silent install.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers/cli.js';

const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

test('npm install linked node_modules/.bin/tsgan, and `npm exec --no -- tsgan` runs the clone\'s CLI without installing anything', () => {
  const shim = join(ROOT, 'node_modules', '.bin', 'tsgan');
  assert.ok(existsSync(shim), 'node_modules/.bin/tsgan exists (npm install runs scripts/link-bin.mjs)');
  assert.ok((statSync(shim).mode & 0o111) !== 0, 'executable');
  const r = spawnSync('npm', ['exec', '--no', '--', 'tsgan', '--version'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), version);
  assert.doesNotMatch(r.stderr, /need to install/i);
});

test('link-bin links only in the project it is installed as (not inside another project\'s node_modules)', () => {
  const pkg = tempDir();
  mkdirSync(join(pkg, 'scripts'));
  cpSync(join(ROOT, 'scripts', 'link-bin.mjs'), join(pkg, 'scripts', 'link-bin.mjs'));
  const elsewhere = spawnSync(process.execPath, [join(pkg, 'scripts', 'link-bin.mjs')], { cwd: pkg, env: { ...process.env, INIT_CWD: tempDir() }, encoding: 'utf8' });
  assert.equal(elsewhere.status, 0, elsewhere.stderr);
  assert.ok(!existsSync(join(pkg, 'node_modules')), 'installed as a dependency: nothing written');
  const root = spawnSync(process.execPath, [join(pkg, 'scripts', 'link-bin.mjs')], { cwd: pkg, env: { ...process.env, INIT_CWD: pkg }, encoding: 'utf8' });
  assert.equal(root.status, 0, root.stderr);
  assert.match(readFileSync(join(pkg, 'node_modules', '.bin', 'tsgan'), 'utf8'), /^#!\/bin\/sh\nexec node "\$\(dirname "\$0"\)\/\.\.\/\.\.\/dist\/src\/cli\/main\.js" "\$@"\n$/);
});
