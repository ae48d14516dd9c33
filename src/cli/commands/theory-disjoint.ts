/**
 * `tsgan theory disjoint`: WGAN Example 1 over θ, and the vanishing generator gradient on disjoint
 * supports beside a WGAN critic's (E7, E8).
 */
import { startBackend } from '../start-backend.js';
import { Command } from 'commander';
import { EXAMPLE1_WIDTH, wganExample1Table, vanishingGradients, VANISHING_GRADIENT_DEFAULTS } from '../../index.js';
import { disjointReport, example1Rows, fmt } from '../../node/index.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';
import { checkOut, finish, textTable, type OutputOptions } from './theory-common.js';

interface DisjointOptions extends OutputOptions {
  readonly steps?: number;
  readonly seed?: number;
}

const V = VANISHING_GRADIENT_DEFAULTS;

export function theoryDisjointCommand(): Command {
  return new Command('disjoint')
    .description('disjoint supports (E7): WGAN Example 1 over θ, and the generator gradient vanishing against a near-optimal D (saturating loss) but not against a WGAN critic')
    .option('--steps <n>', `discriminator and critic updates (default: ${V.steps})`, parseInteger)
    .option('--seed <s>', `seed (default: ${V.seed})`, parseInteger)
    .option('--json', 'print JSON: example1 (rows; null = +∞), vanishing (rows of gradient norms, ratios, fallFromPeak)')
    .option('--out <dir>', 'write report.md and disjoint.png to this new or empty folder')
    .option('--overwrite', 'write into a non-empty --out folder (replacing the report)')
    .action(async (opts: DisjointOptions) => {
      if (opts.steps !== undefined && !(opts.steps >= 1 && opts.steps <= 100_000)) throw new UsageError(`--steps ${opts.steps}: give a number of updates from 1 to 100000`);
      if (opts.seed !== undefined && !(opts.seed >= 0 && opts.seed <= 2 ** 32 - 1)) throw new UsageError(`--seed ${opts.seed}: give a whole number from 0 to 4294967295`);
      checkOut(opts);
      const example1 = wganExample1Table();
      await startBackend('native');
      const vanishing = vanishingGradients({
        ...(opts.steps !== undefined ? { steps: opts.steps, every: Math.max(1, Math.round(opts.steps / 30)) } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      });
      const json = { example1: { width: EXAMPLE1_WIDTH, rows: example1 }, vanishing };
      const text = () => {
        const last = vanishing.rows[vanishing.rows.length - 1];
        const first = vanishing.rows[0];
        return [
          'tsgan theory disjoint: (a) WGAN Example 1, P_0 on {0}×[0,1], P_θ on {θ}×[0,1]: closed form and numerical (num.)',
          textTable([['θ', 'JS', 'JS num.', 'KL', 'KL num.', 'TV', 'TV num.', 'W1', 'W1 num.'], ...example1Rows(example1)].map((r) => [r[0].padStart(6), ...r.slice(1).map((c) => c.padStart(11))])),
          `(b) ‖∇_θ L_G‖ after 0 → ${last.step} discriminator / critic updates (supports disjoint):`,
          textTable([
            ['saturating', `${fmt(first.saturating, 3)} → ${fmt(last.saturating, 3)}`, `(÷${fmt(vanishing.ratios.saturating, 3)})`],
            ['non-saturating', `${fmt(first.nonSaturating, 3)} → ${fmt(last.nonSaturating, 3)}`],
            ['WGAN critic', `${fmt(first.wgan, 3)} → ${fmt(last.wgan, 3)}`, `(fell ÷${fmt(vanishing.fallFromPeak.wgan, 3)} from its peak; ${fmt(last.wganNormalized, 3)} × K̂)`],
          ]),
        ].join('\n');
      };
      await finish(opts, json, text, () => disjointReport({ example1, width: EXAMPLE1_WIDTH, vanishing }));
    });
}
