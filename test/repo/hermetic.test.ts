/**
 * The repository is self-contained: a fresh clone, with nothing beside it, has everything the code and
 * the tests read. No tracked file of the code, the tests, the web app, the CI or package.json refers to
 * a folder beside the repository (such as the neighbour the fixtures once lived in), and the fixtures the tests
 * check are tracked in test/fixtures (made by scripts/make-fixtures, see test/fixtures/README.md).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The trees that must not reach outside the repository. */
const SCOPE = ['src/', 'test/', 'web/', '.ci/', 'scripts/make-fixtures/', 'package.json'];
/** The neighbour's name, split so that this file does not match its own patterns. */
const NEIGHBOUR = ['sha', 'red'].join('');
const FORBIDDEN: [string, RegExp][] = [
  [`../${NEIGHBOUR}`, new RegExp(`\\.\\.[\\\\/]${NEIGHBOUR}\\b`)],
  [`/work/${NEIGHBOUR}`, new RegExp(`/work/${NEIGHBOUR}\\b`)],
  [`'..', '${NEIGHBOUR}' (a path built in pieces)`, new RegExp(`['"]\\.\\.['"]\\s*,\\s*['"]${NEIGHBOUR}['"]`)],
];

const git = spawnSync('git', ['ls-files', '-z', '--', ...SCOPE], { cwd: ROOT, encoding: 'utf8' });
const isCheckout = git.status === 0;
const tracked = isCheckout ? git.stdout.split('\0').filter((f) => f !== '') : [];

test('no tracked file of src/, test/, web/, .ci/, scripts/make-fixtures/ or package.json refers to a folder beside the repository', { skip: isCheckout ? false : `not a git checkout (${git.stderr || git.error})` }, () => {
  assert.ok(tracked.some((f) => f.startsWith('src/')) && tracked.includes('package.json'), `git ls-files found ${tracked.length} files`);
  const hits: string[] = [];
  for (const file of tracked) {
    const path = join(ROOT, file);
    if (!existsSync(path) || !statSync(path).isFile()) continue; // deleted in the working tree
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const [what, re] of FORBIDDEN) if (re.test(line)) hits.push(`${file}:${i + 1}: ${what}: ${line.trim().slice(0, 160)}`);
      });
  }
  assert.deepEqual(hits, [], `references to a folder beside the repository:\n${hits.join('\n')}`);
});

for (const kind of ['theory', 'gradient-penalty']) {
  test(`test/fixtures/${kind}/ holds fixtures, every one tracked by git`, { skip: isCheckout ? false : 'not a git checkout' }, () => {
    const dir = join(ROOT, 'test', 'fixtures', kind);
    const onDisk = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    const inGit = tracked
      .filter((f) => f.startsWith(`test/fixtures/${kind}/`) && f.endsWith('.json'))
      .map((f) => f.slice(`test/fixtures/${kind}/`.length))
      .sort();
    assert.ok(onDisk.length >= 4, `${onDisk.length} fixtures in ${dir}`);
    assert.deepEqual(onDisk, inGit, 'the fixtures on disk and the ones a clone gets');
    for (const f of onDisk) assert.ok(statSync(join(dir, f)).size > 100, `${f} is not empty`);
  });
}

test('the fixture script and its README are tracked', { skip: isCheckout ? false : 'not a git checkout' }, () => {
  for (const f of ['scripts/make-fixtures/theory.py', 'scripts/make-fixtures/gradient_penalty.py', 'test/fixtures/README.md']) {
    assert.ok(tracked.includes(f), `${f} is tracked`);
  }
});
