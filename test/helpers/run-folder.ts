/** Helpers for tests of run folders: the CLI with extra environment (fault injection), folder hashes, polling. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT } from './cli.js';

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI with `env` added to the environment (e.g. TSGAN_FAULT_INJECT, see src/node/run/fault-injection.ts). */
export function tsganWith(args: string[], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000, killSignal: 'SIGKILL', env: { ...process.env, ...env } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** metrics.jsonl text without the timing fields, which differ from run to run. */
export const stripTimes = (text: string): string => text.replace(/"stepMs":[0-9.e+-]+,?/g, '');

/** The metrics.jsonl of `dir` without timing fields. */
export const metricsOf = (dir: string): string => stripTimes(readFileSync(join(dir, 'metrics.jsonl'), 'utf8'));

/** The step of the checkpoint in `dir`, or -1 when there is none. */
export function checkpointStep(dir: string): number {
  const f = join(dir, 'checkpoint.json');
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')).payload.step : -1;
}

/** SHA-256 of every file under `dir` (relative path → hash), to show a refusal changed nothing. */
export function hashFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (sub: string) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub === '' ? name : join(sub, name);
      if (statSync(join(dir, rel)).isDirectory()) visit(rel);
      else out[rel] = createHash('sha256').update(readFileSync(join(dir, rel))).digest('hex');
    }
  };
  visit('');
  return out;
}

/** Resolves once `ready()` is true (polled every 20 ms), or rejects after `timeoutMs`. */
export function waitFor(ready: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      let ok = false;
      try {
        ok = ready();
      } catch {
        ok = false;
      }
      if (ok) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - t0 > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}
