/**
 * Issue #22: in a clone, `npx tsgan …` must run the clone's own CLI, not a copy, and must not rebuild it.
 *
 * npm 11 runs a package's own bin by linking the folder into npx's cache (a symlink, so the clone's dist/
 * runs), and that first link re-runs the folder's install and prepare scripts. With `prepare` building
 * unconditionally, the first `npx tsgan` in a fresh clone rewrote dist/ for ~15 s, and in `npm test` a
 * resume test that started its CLI meanwhile failed ("./ring.js does not provide an export named
 * createRing"). `prepare` is now `scripts/build.mjs --if-stale`. A fresh npm cache makes every run of this
 * test the first `npx tsgan` ever; `--no` refuses any install from the registry.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers/cli.js';

const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

/** Every file under dist/ with its modification time: what a rebuild would change. */
function distTimes(): string {
  const dist = join(ROOT, 'dist');
  return readdirSync(dist, { recursive: true })
    .map(String)
    .sort()
    .map((f) => `${f} ${statSync(join(dist, f)).mtimeMs}`)
    .join('\n');
}

test('the first `npx tsgan` in a clone runs the clone\'s own build (linked, not copied) and rebuilds nothing', () => {
  const shim = join(ROOT, 'node_modules', '.bin', 'tsgan');
  assert.ok(existsSync(shim), 'node_modules/.bin/tsgan exists (npm install runs scripts/link-bin.mjs)');
  assert.ok((statSync(shim).mode & 0o111) !== 0, 'executable');
  assert.ok(existsSync(join(ROOT, 'dist', '.build-stamp')), 'npm run build wrote dist/.build-stamp');
  const before = distTimes();
  const cache = tempDir('tsgan-npm-cache-');
  const r = spawnSync('npm', ['exec', '--no', '--cache', cache, '--', 'tsgan', '--version'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), version);
  assert.doesNotMatch(r.stderr, /need to install/i);
  assert.equal(distTimes(), before, 'dist/ untouched: prepare found the build current');
  // what npx ran: the clone itself, through a link in its cache (or, on npm versions that use it, the shim)
  const npx = join(cache, '_npx');
  for (const entry of existsSync(npx) ? readdirSync(npx) : []) {
    const linked = join(npx, entry, 'node_modules', 'tsgan');
    if (!existsSync(linked)) continue;
    assert.ok(lstatSync(linked).isSymbolicLink(), 'a link, not a copy of the clone');
    assert.equal(realpathSync(linked), realpathSync(ROOT));
  }
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
