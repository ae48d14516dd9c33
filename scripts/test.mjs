#!/usr/bin/env node
// Runs every test/**/*.test.ts file with Node's test runner (Node 20 has no glob in --test).
// Extra arguments are passed through as file filters: `npm test -- objectives` runs files whose path contains "objectives".
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const filters = process.argv.slice(2);
const files = readdirSync('test', { recursive: true, withFileTypes: false })
  .map((f) => join('test', String(f)))
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort()
  // Longest first: the runner starts files in this order, two at a time, so the long ones (browsers, CLI
  // processes, npm pack) overlap with the many short ones instead of ending the run alone.
  .sort((a, b) => slowness(b) - slowness(a));
/** How long a test file takes, roughly: browser tests, then CLI processes and packaging, then the rest. */
function slowness(f) {
  const p = f.split(/[\\/]/).join('/');
  if (p.startsWith('test/web/lab') || p.includes('kill-resume') || p.startsWith('test/package/') || p.startsWith('test/sweep/queue')) return 3;
  if (p.startsWith('test/sweep/')) return 2;
  if (p.startsWith('test/web/') || p.startsWith('test/cli/')) return 2;
  if (p.startsWith('test/bench/') || p.startsWith('test/node/native')) return 1;
  return 0;
}
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}
// Every temporary folder the tests make (run folders, the browser's profile, …) goes under one root
// (TMPDIR, which os.tmpdir() and child processes honour), removed when the tests end: a test run leaves
// nothing behind in the system's temporary folder, whatever the tests forget to clean.
const root = mkdtempSync(join(tmpdir(), 'tsgan-test-run-'));
// Hermetic: tsgan's cache (the MNIST classifier) starts empty, whatever the developer has cached, so
// image runs in tests never pick up a real classifier; tests that need one make their own.
const cache = mkdtempSync(join(root, 'cache-'));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TMPDIR: root, TSGAN_CACHE_DIR: cache },
});
rmSync(root, { recursive: true, force: true });
process.exit(r.status ?? 1);
