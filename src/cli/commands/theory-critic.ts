/**
 * `tsgan theory critic [--data SPEC] [--steps N] [--json]`: E8 on real critics: the WGAN critic's
 * estimate E_r f − E_g f beside the exact W1, under weight clipping, a gradient penalty and spectral
 * normalization (experiments/critic-vs-w1.ts).
 */
import { startBackend } from '../start-backend.js';
import { Command } from 'commander';
import { CRITIC_CONSTRAINTS, criticVersusW1, type CriticConstraint } from '../../index.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';
import { readDistribution, textTable } from './theory-common.js';

export function theoryCriticCommand(): Command {
  return new Command('critic')
    .description("E8: a WGAN critic trained against a fixed generator under clipping, a gradient penalty and spectral normalization: its estimate E_r f − E_g f beside the exact W1")
    .option('--data <spec>', 'the data distribution P_r (1-D or 2-D): a name or a JSON spec', '{"type":"normal","mean":[3],"std":[0.5]}')
    .option('--steps <n>', 'critic updates (default: 800)', parseInteger, 800)
    .option('--seed <s>', 'seed (default: 0)', parseInteger, 0)
    .option('--json', 'print JSON rows: constraint, w1, criticEstimate, lipschitzEstimate')
    .action(async (opts: { data: string; steps: number; seed: number; json?: boolean }) => {
      const data = readDistribution('--data', opts.data);
      if (data.dim !== 1 && data.dim !== 2) throw new UsageError(`--data is ${data.dim}-D: give 1-D or 2-D data`);
      if (opts.steps < 1 || opts.steps > 1_000_000) throw new UsageError(`--steps ${opts.steps}: give a number of updates from 1 to 1000000`);
      await startBackend('native');
      const rows = (Object.keys(CRITIC_CONSTRAINTS) as CriticConstraint[]).map((c) => criticVersusW1(data, c, { steps: opts.steps, seed: opts.seed }));
      if (opts.json === true) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const f = (x: number) => x.toPrecision(4);
      const cells = [
        ['constraint', 'W1 (exact)', 'E_r f − E_g f', 'K̂ = max ‖∇f‖', 'estimate / K̂'],
        ...rows.map((r) => [r.label, f(r.w1), f(r.criticEstimate), f(r.lipschitzEstimate), f(r.criticEstimate / r.lipschitzEstimate)]),
      ];
      const widths = cells[0].map((_, j) => Math.max(...cells.map((row) => row[j].length)));
      const table = textTable(cells.map((row) => row.map((x, j) => x.padEnd(widths[j]))));
      process.stdout.write(`tsgan theory critic: ${data.label} vs a fixed generator (its initialization), ${opts.steps} critic updates each\nE8: E_r f − E_g f ≤ K·W1 for every K-Lipschitz f, with equality for the best 1-Lipschitz f\n${table}\n`);
    });
}
