/**
 * `tsgan benchmark modes --jobs N` trains its seeds in child processes; killing or interrupting the
 * benchmark ends them (issue #20, finding 8): SIGTERM/SIGINT stop them and exit 143/130 with one line;
 * after a SIGKILL, which the parent cannot handle, the children notice they lost it and stop.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI } from '../helpers/cli.js';

/** Long enough that the children are still training when killed; tiny networks keep each step cheap. */
const LONG = ['benchmark', 'modes', '--data', 'ring8', '--steps', '1000000', '--seeds', '2', '--jobs', '2', '--g-hidden', '4', '--d-hidden', '4', '--batch-size', '8', '--quiet'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pids of `pid`'s children. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/** Whether `pid` runs (a zombie, dead but not yet reaped by its new parent, does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(100)) if (cond()) return true;
  return cond();
}

for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130], ['SIGKILL', null]] as const) {
  test(`${signal} to \`benchmark modes --jobs 2\` ends its child trainings within seconds`, async () => {
    const parent = spawn(process.execPath, [CLI, ...LONG], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    parent.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => parent.on('close', (c) => resolve(c)));
    let kids: number[] = [];
    try {
      assert.ok(await until(() => (kids = childrenOf(parent.pid!)).length === 2, 30_000), `two children started: ${stderr}`);
      await sleep(1500); // let them get into training
      parent.kill(signal);
      const exitCode = await closed;
      if (code !== null) {
        assert.equal(exitCode, code, stderr);
        const lines = stderr.trim().split('\n');
        assert.equal(lines.length, 1, stderr);
        assert.match(lines[0], new RegExp(`^tsgan: stopped by ${signal}: ended the 2 running seeds \\(0 finished\\); pass --out FILE to keep finished seeds$`));
      }
      assert.ok(await until(() => kids.every((k) => !alive(k)), 5_000), `children ${kids.join(', ')} ended (still running: ${kids.filter(alive).join(', ')})`);
    } finally {
      // A failing run must not leave million-step trainings behind.
      for (const k of [parent.pid!, ...kids]) if (alive(k)) process.kill(k, 'SIGKILL');
    }
  });
}
