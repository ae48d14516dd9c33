/**
 * The native thread pool (native/cpu/pool.c) under stress: hundreds of thousands of small jobs whose
 * task counts change from job to job, as the kernels make them. Every task must run exactly once and
 * never after its job returned. (A race here once let a worker claim a task of a finished job with the
 * next job's count, which ended jobs early: `tsgan classifier train` crashed in im2col about one run in
 * two; this check found 19 such events in 300,000 jobs before the fix, 0 after.)
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadNativeAddon } from '../../src/node/backend/native/addon.js';

const load = loadNativeAddon();
const skip = load.addon === undefined ? `the native addon is not available: ${load.reason}` : false;

test('the native thread pool runs every task of every job exactly once, and none after its job returned (2, 3 and 4 threads)', { skip }, () => {
  const addon = load.addon!;
  const threads = addon.info().threads;
  try {
    for (const t of [2, 3, 4]) {
      addon.setThreads(t);
      assert.equal(addon.poolCheck(300_000), 0, `${t} threads`);
    }
  } finally {
    addon.setThreads(threads);
  }
});
