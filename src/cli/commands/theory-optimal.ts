/**
 * `tsgan theory optimal-discriminator --real SPEC --fake SPEC`: trains a discriminator against a
 * fixed generator distribution and compares it with the exact D* (E3).
 */
import { startBackend } from '../start-backend.js';
import { Command } from 'commander';
import { DISCRIMINATOR_TRAINING_DEFAULTS, fitOptimalDiscriminator } from '../../index.js';
import { optimalJson, optimalReport, fmt } from '../../node/index.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';
import { checkOut, finish, readPair, textTable, type OutputOptions } from './theory-common.js';

interface OptimalOptions extends OutputOptions {
  readonly real?: string;
  readonly fake?: string;
  readonly steps?: number;
  readonly seed?: number;
}

const D = DISCRIMINATOR_TRAINING_DEFAULTS;

export function theoryOptimalCommand(): Command {
  return new Command('optimal-discriminator')
    .description('train a discriminator on P_r vs a FIXED P_g and compare it with the exact D* = p_r/(p_r + p_g) (E3)')
    .option('--real <spec>', 'the data distribution P_r: a name, a JSON spec or a spec file (1-D or 2-D)')
    .option('--fake <spec>', 'the fixed generator distribution P_g, same forms')
    .option('--steps <n>', `discriminator updates (default: ${D.steps})`, parseInteger)
    .option('--seed <s>', `seed of the initialization and the samples (default: ${D.seed})`, parseInteger)
    .option('--json', 'print JSON: meanAbsError, maxAbsError, valueGap, valueTrained, valueAtOptimum, … (see docs/theory.md)')
    .option('--out <dir>', 'write report.md and optimal-discriminator.png to this new or empty folder')
    .option('--overwrite', 'write into a non-empty --out folder (replacing the report)')
    .action(async (opts: OptimalOptions) => {
      const { real, fake } = readPair(opts.real, opts.fake);
      if (opts.steps !== undefined && !(opts.steps >= 1 && opts.steps <= 1_000_000)) throw new UsageError(`--steps ${opts.steps}: give a number of updates from 1 to 1000000`);
      if (opts.seed !== undefined && !(opts.seed >= 0 && opts.seed <= 2 ** 32 - 1)) throw new UsageError(`--seed ${opts.seed}: give a whole number from 0 to 4294967295`);
      checkOut(opts);
      await startBackend('native');
      const t0 = performance.now();
      const fit = fitOptimalDiscriminator(real, fake, { ...(opts.steps !== undefined ? { steps: opts.steps } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
      const seconds = (performance.now() - t0) / 1000;
      const text = () =>
        [
          `tsgan theory optimal-discriminator: ${real.label} vs fixed ${fake.label}, ${fit.training.options.steps} updates in ${seconds.toFixed(1)} s`,
          textTable([
            ['mean |D − D*| (weighted by (p_r + p_g)/2)', fmt(fit.meanAbsError, 4)],
            [`max |D − D*| (${100 * fit.hdrMass} % region)`, `${fmt(fit.maxAbsError, 4)} at (${fit.maxAbsErrorAt.map((v) => fmt(v, 4)).join(', ')})`],
            ['V(D, G), trained D', fmt(fit.valueTrained, 8)],
            ['V(D*, G)', fmt(fit.valueAtOptimum, 8)],
            ['value gap V(D*) − V(D) ≥ 0', fmt(fit.valueGap, 4)],
          ]),
        ].join('\n');
      await finish(opts, optimalJson(fit, seconds), text, () => optimalReport({ real, fake, realName: opts.real!, fakeName: opts.fake!, fit, seconds }));
    });
}
