/** The README's library example runs as written (with fewer steps), through the package's own entry. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from './helpers/cli.js';

test('README: the library example runs and prints step records and mode metrics', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it as a library'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(code, 'the README has a ts example under "Use it as a library"');
  assert.match(code, /steps: 3000/);
  const file = join(ROOT, 'scratch-readme-example.mts');
  writeFileSync(file, code.replace('steps: 3000', 'steps: 500'));
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^500 -?\d/, 'a step record line: step, V(D, G), mean D(x)');
    assert.match(r.stdout, /modesCaptured: \d/);
  } finally {
    rmSync(file, { force: true });
  }
});
