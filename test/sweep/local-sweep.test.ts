/**
 * `tsgan sweep FILE` on this machine: the jobs' numbers are the benchmark's, a finished sweep run again
 * trains nothing, an interrupted one resumes its runs and ends exactly as one straight through, and bad
 * input is one line.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBadInput, CLI, tempDir, tsgan } from '../helpers/cli.js';

const stripTimes = (text: string) => text.replace(/"stepMs":[0-9.e+-]+/g, '');
const TINY = { data: 'ring8', steps: 60, generator: { hidden: [16, 16] }, discriminator: { hidden: [16, 16] }, batchSize: 32 };

function sweepFile(spec: unknown): string {
  const f = join(tempDir(), 'sweep.json');
  writeFileSync(f, JSON.stringify(spec));
  return f;
}

/** Every job result of a local sweep folder, by seed. */
function resultsBySeed(dir: string): Map<number, { metrics: Record<string, number> }> {
  const out = new Map<number, { metrics: Record<string, number> }>();
  for (const f of readdirSync(join(dir, 'results'))) {
    const r = JSON.parse(readFileSync(join(dir, 'results', f), 'utf8'));
    out.set(r.seed, r);
  }
  return out;
}

test('a sweep\'s "modes" jobs report exactly what `tsgan benchmark modes` reports for the same seeds; run again, it trains nothing', () => {
  const file = sweepFile({ name: 'same-as-benchmark', base: TINY, seeds: [3, 4], measure: ['modes', 'w1'] });
  const dir = join(tempDir(), 'sw');
  const r = tsgan(['sweep', file, '--out', dir, '--jobs', '2', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\| setting \| seeds \| modes \| high quality % \| reverse KL \| W1 \| seconds\/job \|$/m);
  assert.match(r.stdout, /^\| base \| 2\/2 \| /m);
  const bench = tsgan(['benchmark', 'modes', '--data', 'ring8', '--steps', '60', '--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '32', '--seeds', '2', '--first-seed', '3', '--json', '--quiet']);
  assert.equal(bench.code, 0, bench.stderr);
  const expected = JSON.parse(bench.stdout).results as { seed: number; modesCaptured: number; highQualityPercent: number; reverseKL: number | null }[];
  const got = resultsBySeed(dir);
  assert.equal(got.size, 2);
  for (const e of expected) {
    const m = got.get(e.seed)!.metrics;
    assert.equal(m.modesCaptured, e.modesCaptured, `seed ${e.seed}`);
    assert.equal(m.highQualityPercent, e.highQualityPercent, `seed ${e.seed}`);
    assert.equal(m.reverseKL ?? null, e.reverseKL, `seed ${e.seed}`);
    assert.ok(m.w1 > 0 && m.w1 < 5, `W1 ${m.w1}`);
  }
  assert.deepEqual(readdirSync(join(dir, 'runs')).filter((f) => !f.endsWith('.json')).length, 2);
  // Run again: every job has its result, nothing trains (the runs' checkpoints keep their times), the same table.
  const times = readdirSync(join(dir, 'runs')).map((f) => statSync(join(dir, 'runs', f)).mtimeMs);
  const again = tsgan(['sweep', file, '--out', dir, '--quiet']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, r.stdout);
  assert.deepEqual(readdirSync(join(dir, 'runs')).map((f) => statSync(join(dir, 'runs', f)).mtimeMs), times);
  // `tsgan sweep report DIR` prints the folder's table
  const rep = tsgan(['sweep', 'report', dir]);
  assert.equal(rep.code, 0, rep.stderr);
  assert.equal(rep.stdout, r.stdout);
});

test('Ctrl-C stops a sweep with its runs saved; run again, it resumes them and ends exactly like a sweep never stopped', async () => {
  const spec = { name: 'interrupted', base: { ...TINY, steps: 4000 }, seeds: [1], checkpointEvery: 200 };
  const file = sweepFile(spec);
  const dir = join(tempDir(), 'sw');
  const child = spawn(process.execPath, [CLI, 'sweep', file, '--out', dir, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  // wait for the first checkpoint of the job's run, then interrupt
  const runs = join(dir, 'runs');
  for (let i = 0; i < 600; i++) {
    const run = existsSync(runs) ? readdirSync(runs).find((f) => !f.endsWith('.json')) : undefined;
    if (run !== undefined && existsSync(join(runs, run, 'checkpoint.json'))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGINT');
  assert.equal(await closed, 130, stderr);
  assert.match(stderr, /stopped by SIGINT: 0 of 1 jobs done .*run `tsgan sweep .* --out .*` again to finish: unfinished runs resume from their last checkpoint$/m);
  const run = readdirSync(runs).find((f) => !f.endsWith('.json'))!;
  assert.ok(!existsSync(join(runs, run, 'summary.json')) || JSON.parse(readFileSync(join(runs, run, 'summary.json'), 'utf8')).interrupted === true, 'the run was stopped before its end');
  const resumed = tsgan(['sweep', file, '--out', dir, '--quiet', '--json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  const straight = join(tempDir(), 'sw');
  const one = tsgan(['sweep', file, '--out', straight, '--quiet', '--json']);
  assert.equal(one.code, 0, one.stderr);
  const noSeconds = (t: string) => JSON.stringify({ ...JSON.parse(t), rows: JSON.parse(t).rows.map((r: Record<string, unknown>) => ({ ...r, seconds: undefined })) });
  assert.equal(noSeconds(resumed.stdout), noSeconds(one.stdout));
  assert.equal(stripTimes(readFileSync(join(runs, run, 'metrics.jsonl'), 'utf8')), stripTimes(readFileSync(join(straight, 'runs', run, 'metrics.jsonl'), 'utf8')));
  assert.equal(JSON.parse(readFileSync(join(runs, run, 'checkpoint.json'), 'utf8')).sha256, JSON.parse(readFileSync(join(straight, 'runs', run, 'checkpoint.json'), 'utf8')).sha256);
});

test('bad sweeps: one line, exit 2, nothing written', () => {
  const dir = tempDir();
  assertBadInput(['sweep', join(dir, 'none.json')], /none\.json: no such file: give a sweep file/);
  writeFileSync(join(dir, 'broken.json'), '{ "name": ');
  assertBadInput(['sweep', join(dir, 'broken.json')], /broken\.json: not valid JSON/);
  assertBadInput(['sweep', sweepFile({ name: 's', base: TINY, measure: ['images'] })], /sweep\.json: setting "base": measure "images": ring8 is not 28×28 grey images \(MNIST\)/);
  assertBadInput(['sweep', sweepFile({ name: 's', base: { ...TINY, data: 'mnist' }, measure: ['modes'] })], /setting "base": measure "modes": mnist is not a mixture of Gaussian modes/);
  assertBadInput(['sweep', sweepFile({ name: 's', base: TINY, grid: { 'g-hidden': [[16, 'x']] } })], /setting "g-hidden=\[16,"x"\]": g-hidden\[1\]: Invalid input: expected number, received string/);
  assertBadInput(['sweep', sweepFile({ name: 's', base: TINY }), '--jobs', '0'], /--jobs 0: give a number of processes from 1 to 64/);
  assertBadInput(['sweep', sweepFile({ name: 's', base: TINY }), '--detach'], /--detach goes with a queue \(--queue URL or TSGAN_REDIS_URL\)/);
  // a sweep folder holding another sweep is never mixed with this one
  const other = join(tempDir(), 'sw');
  assert.equal(tsgan(['sweep', sweepFile({ name: 'a', base: { ...TINY, steps: 2 } }), '--out', other, '--quiet']).code, 0);
  const r = tsgan(['sweep', sweepFile({ name: 'b', base: { ...TINY, steps: 3 } }), '--out', other, '--quiet']);
  assert.equal(r.code, 2);
  assert.match(r.stderr.trim(), /^tsgan: --out .*: holds another sweep \(other settings, seeds or measures\): choose another --out, or remove the folder$/);
});
