/**
 * Issue #22, "the library installs": `npm pack` → install the tarball into an empty project → the README's
 * library snippet (the ```js block under "Use it as a library"), run as written, trains with a recipe and
 * prints its results, with nothing on stderr: no missing module, no "Platform node has already been set",
 * no install-script warning for an approved tsgan. Installs from npm's cache (`--prefer-offline`: npm ci
 * filled it), builds the native engine in the new project (~10 s), and trains 1,000 steps.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers/cli.js';

/** The README's library snippet, verbatim. */
function readmeSnippet(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it as a library'));
  const m = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(m !== null, 'a ```js block under "Use it as a library"');
  return m[1];
}

test('npm pack, install into an empty project, and the README snippet runs as written with no warning', { timeout: 300_000 }, () => {
  const work = tempDir('tsgan-pack-');
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  const project = join(work, 'project');
  spawnSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-tsgan', version: '1.0.0', private: true, type: 'module', allowScripts: { [`file:${tarball}`]: true } }));
  const install = spawnSync('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project, encoding: 'utf8', timeout: 240_000 });
  assert.equal(install.status, 0, install.stderr);
  assert.doesNotMatch(install.stderr, /warn/i, 'npm install printed a warning');
  writeFileSync(join(project, 'snippet.mjs'), readmeSnippet());
  const run = spawnSync(process.execPath, ['snippet.mjs'], { cwd: project, encoding: 'utf8', timeout: 240_000, env: { ...process.env, TSGAN_NATIVE: '', TSGAN_NATIVE_LEVEL: '' } });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '', 'nothing on stderr (no warning, no fallback notice: the native engine was built)');
  assert.match(run.stdout, /^step 250: V\(D, G\) = -?\d+\.\d{3}$/m);
  const last = /^step 1000: (\d) of 8 modes, ([\d.]+) % high quality$/m.exec(run.stdout);
  assert.ok(last !== null, run.stdout);
  assert.ok(Number(last[1]) >= 6, `the 1,000-step recipe finds most modes: ${last[0]}`);
  assert.match(run.stdout, /^1000 samples$/m);
  // the MNIST classifier ships in the package: the installed copy finds and verifies its own
  writeFileSync(join(project, 'classifier.mjs'), "import { loadShippedClassifier, shippedClassifierPath } from 'tsgan/node';\nconsole.log(shippedClassifierPath());\nconsole.log(loadShippedClassifier().info.testAccuracy);\n");
  const cls = spawnSync(process.execPath, ['classifier.mjs'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  assert.equal(cls.status, 0, cls.stderr);
  const [where, accuracy] = cls.stdout.trim().split('\n');
  assert.equal(where, join(project, 'node_modules', 'tsgan', 'assets', 'mnist-classifier.bin'));
  assert.ok(Number(accuracy) >= 0.985, cls.stdout);
});
