/**
 * Issue #21: the gradient-penalty fixtures (WGAN-GP and R1 against PyTorch float64 autograd, every file
 * of test/fixtures/gradient-penalty/ and of $TSGAN_FIXTURES/gradient-penalty/ when set) pass on the
 * native backend. Not a copy of their checks: test/objectives/penalties.test.ts itself runs, unchanged,
 * in a child process whose import of test/helpers/backend.ts resolves to test/helpers/native-backend.ts
 * (test/helpers/native-backend-hooks.ts); every one of its tests must pass, and the native matrix
 * products must have run (the kernel call counts native-backend.ts prints).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/cli.js';
import { fixtureDirs, fixtureFilesIn } from '../helpers/fixtures.js';
import { loadNativeAddon } from '../../src/node/native/addon.js';

const load = loadNativeAddon();
const skip = load.addon === undefined ? `the native addon is not available: ${load.reason}` : false;

/** Runs one existing test file on the native backend; returns its TAP output and the kernel call counts. */
function onNative(file: string): { code: number | null; tap: string; calls: Record<string, number> } {
  const hooks = pathToFileURL(join(ROOT, 'test/helpers/native-backend-hooks.ts')).href;
  const registerHooks = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hooks)});`)}`;
  const env: NodeJS.ProcessEnv = { ...process.env, TSGAN_NATIVE: '', TSGAN_NATIVE_LEVEL: '' };
  delete env.NODE_TEST_CONTEXT; // a test run of its own, reporting in TAP, not to this one's runner
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', registerHooks, '--test', '--test-reporter=tap', join(ROOT, file)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    killSignal: 'SIGKILL',
    env,
  });
  const line = /^# native kernel calls: (\{.*\})$/m.exec(r.stdout);
  return { code: r.status, tap: r.stdout, calls: line === null ? {} : JSON.parse(line[1]) };
}

test('test/objectives/penalties.test.ts passes on the native backend: every fixture, WGAN-GP and R1, values and gradients', { skip }, () => {
  const r = onNative('test/objectives/penalties.test.ts');
  // Its tests: one coverage check per fixture folder, WGAN-GP and R1 per file, and the leak test.
  const dirs = fixtureDirs('gradient-penalty');
  const expected = dirs.length + 2 * dirs.reduce((n, dir) => n + fixtureFilesIn(dir).length, 0) + 1;
  const count = (what: string) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(r.tap)?.[1]);
  assert.equal(count('fail'), 0, r.tap.split('\n').filter((l) => /^not ok|error:/.test(l.trim())).join('\n'));
  assert.equal(count('pass'), expected, 'every test of the file ran and passed');
  assert.equal(count('skipped') + count('todo') + count('cancelled'), 0);
  assert.equal(r.code, 0);
  assert.ok(r.calls.BatchMatMul > 0 && r.calls._FusedMatMul > 0, `the native matrix products ran: ${JSON.stringify(r.calls)}`);
});
