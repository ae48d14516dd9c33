/**
 * `tsgan sample DIR --n N --out F.json|F.csv|F.png`: draws samples from a trained generator.
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { Command } from 'commander';
import { loadRun } from '../../node/load-run.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { density1dPng, scatter2dPng } from '../../node/plots/index.js';
import { createRng } from '../../random/rng.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';

const FORMATS = ['.json', '.csv', '.png'];

export function sampleCommand(): Command {
  return new Command('sample')
    .description('draw samples from a trained generator, as JSON, CSV or a PNG picture')
    .argument('<dir>', 'run folder made by `tsgan train`')
    .requiredOption('--out <file>', 'output file: .json ({"dim", "samples": [[…], …]}), .csv or .png')
    .option('--n <n>', 'number of samples (default: 1000)', parseInteger, 1000)
    .option('--seed <s>', 'seed of the noise z (default: 1)', parseInteger, 1)
    .option('--overwrite', 'replace --out if it exists')
    .action(async (dir: string, opts: { out: string; n: number; seed: number; overwrite?: boolean }) => {
      const ext = extname(opts.out).toLowerCase();
      if (!FORMATS.includes(ext)) throw new UsageError(`--out ${opts.out}: unknown format "${ext || '(none)'}": end the name with ${FORMATS.join(', ')}`);
      if (opts.n < 1 || opts.n > 10_000_000) throw new UsageError(`--n ${opts.n}: give a number of samples from 1 to 10000000`);
      if (existsSync(opts.out) && !opts.overwrite) throw new UsageError(`--out ${opts.out}: exists already: choose another name or pass --overwrite`);
      const run = await loadRun(dir);
      try {
        const dim = run.dataset.dim;
        const x = run.trainer.sample(opts.n, createRng(opts.seed));
        const rows: number[][] = [];
        for (let i = 0; i < opts.n; i++) rows.push(Array.from(x.subarray(i * dim, (i + 1) * dim)));
        if (ext === '.json') {
          writeFileAtomic(opts.out, `${JSON.stringify({ dim, samples: rows })}\n`);
        } else if (ext === '.csv') {
          const header = Array.from({ length: dim }, (_, i) => `x${i}`).join(',');
          writeFileAtomic(opts.out, `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
        } else {
          const real = run.dataset.sample(createRng(opts.seed + 1), opts.n);
          let png: Buffer;
          if (dim === 2) png = await scatter2dPng({ real, fake: x, title: `${run.dataset.label}: ${opts.n} generated samples (seed ${opts.seed}) and data` });
          else if (dim === 1) png = await density1dPng({ curves: [], histograms: [{ name: 'real samples', samples: real }, { name: 'generated samples', samples: x }], title: `${run.dataset.label}: ${opts.n} generated samples (seed ${opts.seed})`, xLabel: 'x', leftLabel: 'density' });
          else throw new UsageError(`--out ${opts.out}: PNG output needs 1-D or 2-D data, this run's data has ${dim} dimensions: use .json or .csv`);
          writeFileAtomic(opts.out, png);
        }
        process.stdout.write(`tsgan: wrote ${opts.n} samples to ${opts.out}\n`);
      } finally {
        run.trainer.dispose();
      }
    });
}
