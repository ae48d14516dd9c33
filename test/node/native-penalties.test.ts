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
import { runOnNative } from '../helpers/on-native.js';
import { fixtureDirs, fixtureFilesIn } from '../helpers/fixtures.js';
import { loadNativeAddon } from '../../src/node/backend/native/addon.js';
import { FUSED_KERNELS } from '../../src/ops/fused-kernels.js';

const load = loadNativeAddon();
const skip = load.addon === undefined ? `the native addon is not available: ${load.reason}` : false;

test('test/objectives/penalties.test.ts passes on the native backend: every fixture, WGAN-GP and R1, values and gradients', { skip }, () => {
  const r = runOnNative('test/objectives/penalties.test.ts');
  // Its tests: one coverage check per fixture folder, WGAN-GP and R1 per file, and the leak test.
  const dirs = fixtureDirs('gradient-penalty');
  const expected = dirs.length + 2 * dirs.reduce((n, dir) => n + fixtureFilesIn(dir).length, 0) + 1;
  assert.equal(r.count('fail'), 0, r.failures());
  assert.equal(r.count('pass'), expected, 'every test of the file ran and passed');
  assert.equal(r.count('skipped') + r.count('todo') + r.count('cancelled'), 0);
  assert.equal(r.code, 0);
  assert.ok(r.calls.BatchMatMul > 0 && r.calls[FUSED_KERNELS.matMul] > 0, `the native matrix products ran (dense layers are TsganMatMul calls): ${JSON.stringify(r.calls)}`);
});
