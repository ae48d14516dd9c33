/** Runs the built `tsgan` CLI (dist/, built by `npm test` before the tests) in a child process. */
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNativeAddon } from '../../src/node/backend/native/addon.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist/src/cli/main.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The line a tsgan process prints when it falls back from the native engine (`tsgan: running on the wasm backend: …`), if any. */
export function fallbackLine(stderr: string | null | undefined): string | undefined {
  return /^tsgan: running on the \w+ backend: .*$/m.exec(stderr ?? '')?.[0];
}

export function tsgan(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', timeout: options.timeoutMs ?? 180_000, killSignal: 'SIGKILL' });
  // Where the native engine loads in this process, a CLI that fell back to another backend is a fault to
  // see at once (its records differ in the last bits, and comparisons of runs would fail far from the
  // cause). Tests of the fallback itself use tsganWith (./run-folder.ts) with TSGAN_NATIVE=off.
  const fallback = fallbackLine(r.stderr);
  if (fallback !== undefined && loadNativeAddon().addon !== undefined) {
    throw new Error(`tsgan ${args.join(' ')}: fell back from the native engine, which loads in the test process: ${fallback}`);
  }
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'tsgan-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Asserts the CLI's contract for bad input: exit code 2, exactly one line on stderr matching `pattern`,
 * no stack trace, and nothing written to the `--out` folder it is given.
 */
export function assertBadInput(args: string[], pattern: RegExp): void {
  const out = join(tempDir(), 'never');
  const r = tsgan([...args, '--out', out]);
  assert.equal(r.code, 2, `exit code for ${args.join(' ')}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  assert.ok(!existsSync(out), 'nothing written');
}
