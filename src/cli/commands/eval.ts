/**
 * `tsgan eval DIR`: evaluates a trained run's generator against its data.
 */
import { Command } from 'commander';
import { evaluateSamples } from '../../metrics/evaluate.js';
import { loadRun } from '../../node/load-run.js';
import { createRng, deriveSeed } from '../../random/rng.js';
import { parseInteger } from '../parse.js';

export function evalCommand(): Command {
  return new Command('eval')
    .description('evaluate a trained run: PacGAN mode metrics on mixtures, W1 to the data, moments')
    .argument('<dir>', 'run folder made by `tsgan train`')
    .option('--samples <n>', 'generated samples to evaluate (default: the run\'s snapshotSamples, 2500)', parseInteger)
    .option('--seed <s>', 'seed of the evaluation noise and data draws (default: the run\'s seed)', parseInteger)
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: { samples?: number; seed?: number; json?: boolean }) => {
      const run = await loadRun(dir);
      try {
        const n = opts.samples ?? run.config.snapshotSamples;
        if (n < 1) throw new RangeError('--samples must be at least 1');
        const seed = opts.seed ?? run.config.seed;
        const fake = run.trainer.sample(n, createRng(deriveSeed(seed, 'snapshot')));
        const ev = evaluateSamples(run.dataset, fake, run.trainer.step, createRng(deriveSeed(seed, 'eval')));
        const result = { dir, data: run.dataset.label, loss: run.config.loss, ...ev };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        const lines = [`${dir}: ${run.dataset.label}, ${run.config.loss} loss, step ${ev.step}, ${ev.samples} generated samples`];
        if (ev.modes) {
          lines.push(`  modes captured      ${ev.modes.modesCaptured} / ${ev.modes.totalModes}`);
          lines.push(`  high quality        ${(100 * ev.modes.highQualityFraction).toFixed(1)} %`);
          lines.push(`  reverse KL (modes)  ${ev.modes.reverseKL.toFixed(4)}`);
        }
        if (ev.w1 !== undefined) lines.push(`  W1(data, G)         ${ev.w1.toFixed(4)}  (${ev.w1Method})`);
        lines.push(`  generated mean      [${ev.fakeMean.map((v) => v.toFixed(3)).join(', ')}]`);
        lines.push(`  generated std       [${ev.fakeStd.map((v) => v.toFixed(3)).join(', ')}]`);
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        run.trainer.dispose();
      }
    });
}
