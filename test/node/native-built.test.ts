/**
 * The native tests skip when the addon is not available (a machine without a compiler), so that path
 * must be a real exception: on Linux x86-64, where every machine of this project builds it during
 * `npm install`, the addon must load, at the level the CPU reports — else those tests would silently
 * test nothing.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadNativeAddon } from '../../src/node/backend/native/addon.js';

const expected = process.platform === 'linux' && process.arch === 'x64' && process.env.TSGAN_NATIVE === undefined && process.env.TSGAN_NATIVE_LEVEL === undefined;

test('npm install built the native addon and it loads at the best level the CPU reports (Linux x86-64)', { skip: expected ? false : 'not Linux x86-64, or TSGAN_NATIVE / TSGAN_NATIVE_LEVEL set' }, () => {
  const load = loadNativeAddon();
  assert.ok(load.addon !== undefined, `the native addon did not load: ${load.reason}`);
  const info = load.addon.info();
  assert.equal(info.level, info.detected);
  assert.ok(['avx512', 'avx2', 'portable'].includes(info.level));
  assert.ok(info.threads >= 1);
});
