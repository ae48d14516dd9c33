/**
 * `tsgan bench [--preset toy2d|mnist-mlp|all] [--steps N] [--warmup N] [--json]`: times the training
 * step on the presets of the PyTorch reference (bench/torch_reference.py), through the same
 * `GanTrainer.trainStep()` that `tsgan train` runs, with the same backend choice (and wasm thread
 * counts, see trainingThreads) as `tsgan train` would make for that config.
 *
 * `--preset all` (the default) runs each preset in a process of its own, so that each starts with a
 * fresh backend (its own thread count) and memory.
 */
import { spawnSync } from 'node:child_process';
import { Command, Option } from 'commander';
import { BENCH_PRESET_NAMES, benchConfig, benchPreset, runBench, BACKENDS, type BackendName } from '../../index.js';
import { trainingThreads, benchKernels, type KernelReport } from '../../node/index.js';
import { startBackend } from '../start-backend.js';
import { UsageError } from '../errors.js';
import { parseInteger, parsePositiveNumber } from '../parse.js';

interface BenchOpts {
  preset: string;
  steps?: number;
  warmup: number;
  seed: number;
  backend: BackendName;
  json?: boolean;
  kernels?: boolean;
  seconds: number;
}

/** Runs `tsgan bench` for one preset in a child process with the same flags; its output goes to ours. */
function benchInChild(preset: string, opts: BenchOpts): void {
  const args = [process.argv[1], 'bench', '--preset', preset, '--warmup', String(opts.warmup), '--seed', String(opts.seed), '--backend', opts.backend];
  if (opts.steps !== undefined) args.push('--steps', String(opts.steps));
  if (opts.json === true) args.push('--json');
  const r = spawnSync(process.execPath, [...process.execArgv, ...args], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`the ${preset} benchmark failed (exit code ${r.status ?? r.signal})`);
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('time the training step (one D update + one G update) on the presets of the PyTorch reference benchmark')
    .addOption(new Option('--preset <name>', 'benchmark preset, or all of them, each in its own process').choices([...BENCH_PRESET_NAMES, 'all']).default('all'))
    .option('--steps <n>', `timed steps (default: ${BENCH_PRESET_NAMES.map((n) => `${n} ${benchPreset(n).defaultSteps}`).join(', ')})`, parseInteger)
    .option('--warmup <n>', 'untimed steps before timing (default: 20)', parseInteger, 20)
    .option('--seed <s>', 'random seed (default: 0)', parseInteger, 0)
    .addOption(new Option('--backend <name>', 'compute backend (default: native, the wasm backend when the addon is not built; tensorflow needs @tensorflow/tfjs-node installed by you)').choices(BACKENDS).default('native'))
    .option('--json', 'print one JSON line per preset: {"impl","preset","steps","stepsPerSec","backend","threads","kernels"}')
    .option('--kernels', 'time the hot compute kernels (matrix products, convolutions) instead: GFLOP/s on the native engine (1 thread and all) and on wasm, beside one core\'s peak')
    .option('--seconds <s>', 'with --kernels: time each kernel for this long per setting, the best of three equal windows (default: 0.6)', parsePositiveNumber, 0.6)
    .action(async (opts: BenchOpts) => {
      if (opts.kernels === true) {
        printKernelReport(await benchKernels(opts.seconds), opts.json === true);
        return;
      }
      if (opts.steps !== undefined && opts.steps < 1) throw new UsageError(`--steps ${opts.steps}: give a number of steps ≥ 1`);
      if (opts.warmup < 0) throw new UsageError(`--warmup ${opts.warmup}: give a number of steps ≥ 0`);
      if (opts.preset === 'all') {
        for (const name of BENCH_PRESET_NAMES) benchInChild(name, opts);
        return;
      }
      const preset = benchPreset(opts.preset);
      const dataset = preset.dataset();
      const backend = await startBackend(opts.backend, trainingThreads(benchConfig(preset), dataset.dim));
      if (backend.threadsNote) process.stderr.write(`tsgan: wasm runs on ${backend.threadsNote}\n`);
      const r = runBench(preset, { steps: opts.steps, warmup: opts.warmup, seed: opts.seed, dataset });
      const stepsPerSec = Math.round(r.stepsPerSec * 100) / 100;
      if (opts.json === true) {
        process.stdout.write(`${JSON.stringify({ impl: 'tsgan', preset: r.preset, steps: r.steps, stepsPerSec, backend: backend.active, threads: backend.threads, ...(backend.kernelLevel === undefined ? {} : { kernels: backend.kernelLevel }) })}\n`);
      } else {
        process.stdout.write(`tsgan bench ${r.preset}: ${stepsPerSec.toFixed(2)} steps/s (${r.msPerStep.toFixed(2)} ms/step, ${r.steps} steps after ${r.warmup} warm-up, ${backend.active} backend${backend.kernelLevel === undefined ? '' : ` (${backend.kernelLevel} kernels)`}, ${backend.threads} thread${backend.threads === 1 ? '' : 's'})\n`);
      }
    });
}

/** Prints `tsgan bench --kernels`: a table, or one JSON line per kernel. */
function printKernelReport(r: KernelReport, json: boolean): void {
  const round = (x: number | undefined): number | null => (x === undefined ? null : Math.round(x * 10) / 10);
  if (json) {
    for (const row of r.rows) {
      process.stdout.write(
        `${JSON.stringify({ kernel: row.kernel, shape: row.shape, gflopsNative1: round(row.native1), gflopsNative: round(row.native), gflopsWasm: round(row.wasm), peakGflopsPerCore: round(r.peakPerCore), level: r.level ?? null, threads: r.threads })}\n`,
      );
    }
    return;
  }
  const lines: string[] = [];
  if (r.nativeMissing !== undefined) lines.push(`native engine not available (${r.nativeMissing}): wasm only`);
  else lines.push(`native kernels: ${r.level}, one core's float32 multiply-add peak ${r.peakPerCore?.toFixed(0)} GFLOP/s; GFLOP/s per kernel (as training calls it, TF.js overhead included):`);
  const header = ['kernel', 'shape', 'native 1 thread', `native ${r.threads} threads`, '% of 1-core peak', 'wasm 1 thread'];
  const cells = r.rows.map((row) => [
    row.kernel,
    row.shape,
    row.native1?.toFixed(1) ?? '—',
    row.native?.toFixed(1) ?? '—',
    row.native1 === undefined || r.peakPerCore === undefined ? '—' : `${((100 * row.native1) / r.peakPerCore).toFixed(0)} %`,
    row.wasm.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  for (const row of [header, ...cells]) lines.push(row.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  process.stdout.write(`${lines.join('\n')}\n`);
}
