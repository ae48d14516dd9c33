/**
 * `tsgan theory track RUN_DIR`: a run's theory records (from `tsgan train --track-theory`) over
 * training steps; for a run without them, the same quantities for its final checkpoint only.
 */
import { loadRunForCommand } from '../start-backend.js';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { type Distribution, type TheoryRecord, theoryAnalysis, theoryTrackingProblem, createRng, deriveSeed } from '../../index.js';
import {
  resolveDataset,
  readMetrics,
  requireRun,
  runPaths,
  fmt,
  CHECKPOINT_ONLY_NOTE,
  trackReport,
  type CheckpointPicture,
  type TrackSource,
} from '../../node/index.js';
import { UsageError } from '../errors.js';
import { checkOut, finish, type OutputOptions } from './theory-common.js';

/** The data's label and the loss of a run, for titles, from its config.json. */
function runLabels(dir: string): { data: string; loss: string } {
  let c: { data?: unknown; loss?: unknown } = {};
  try {
    c = JSON.parse(readFileSync(runPaths(dir).config, 'utf8'));
    return { data: resolveDataset(c.data as string | Record<string, unknown>).dataset.label, loss: String(c.loss) };
  } catch {
    return { data: typeof c.data === 'string' ? c.data : JSON.stringify(c.data ?? '?'), loss: String(c.loss ?? '?') };
  }
}

export function theoryTrackCommand(): Command {
  return new Command('track')
    .description('the theory over a run\'s training steps: V(D, G) of the trained D beside V(D*, G) = −log 4 + 2·JS, JS, mean |D − D*|, W1 (from `tsgan train --track-theory`)')
    .argument('<dir>', 'run folder made by `tsgan train` (with --track-theory for the whole history)')
    .option('--json', 'print JSON: {run, source: "metrics" | "checkpoint", records: [theory records], note?}')
    .option('--out <dir>', 'write report.md and theory.png to this new or empty folder')
    .option('--overwrite', 'write into a non-empty --out folder (replacing the report)')
    .action(async (dir: string, opts: OutputOptions) => {
      requireRun(dir);
      checkOut(opts);
      let records = readMetrics(dir).filter((r) => r.type === 'theory') as unknown as TheoryRecord[];
      let source: TrackSource = 'metrics';
      let picture: CheckpointPicture | undefined;
      const labels = runLabels(dir);
      if (records.length === 0) {
        const run = await loadRunForCommand(dir);
        try {
          const problem = theoryTrackingProblem(run.dataset, run.config.pack);
          if (problem !== undefined) throw new UsageError(`${dir}: ${problem}`);
          // The final snapshot's noise stream: the same generated samples as the run's last eval.
          const fake = run.trainer.sample(run.config.snapshotSamples, createRng(deriveSeed(run.config.seed, 'snapshot')));
          const analysis = theoryAnalysis(run.trainer, run.dataset as Distribution, fake, run.trainer.step);
          records = [analysis.record];
          picture = { real: run.dataset as Distribution, fake: analysis.generator.density, discriminator: analysis.grid };
          source = 'checkpoint';
        } finally {
          run.trainer.dispose();
        }
      }
      const json = { run: dir, source, ...(source === 'checkpoint' ? { note: CHECKPOINT_ONLY_NOTE } : {}), records };
      const text = () =>
        [
          `tsgan theory track: ${dir} (${labels.data}, ${labels.loss} loss), ${records.length} snapshot${records.length === 1 ? '' : 's'}, P_g ${records[0].generatorDensity}`,
          ...(source === 'checkpoint' ? [`  note: ${CHECKPOINT_ONLY_NOTE}`] : []),
          `  ${'step'.padStart(8)}  ${'V(D, G)'.padStart(10)}  ${'V(D*, G)'.padStart(10)}  ${'−log4+2JS'.padStart(10)}  ${'JS'.padStart(8)}  ${'|D − D*|'.padStart(8)}  ${'W1'.padStart(8)}  ${'critic'.padStart(8)}  ${'K̂'.padStart(7)}`,
          ...records.map(
            (r) =>
              `  ${String(r.step).padStart(8)}  ${fmt(r.valueDG, 5).padStart(10)}  ${fmt(r.valueAtOptimum, 5).padStart(10)}  ${fmt(r.minusLog4Plus2JS, 5).padStart(10)}  ${fmt(r.js, 3).padStart(8)}  ${fmt(r.meanAbsDStarError, 3).padStart(8)}  ${fmt(r.w1, 3).padStart(8)}  ${fmt(r.criticEstimate, 3).padStart(8)}  ${fmt(r.lipschitzEstimate, 2).padStart(7)}`,
          ),
        ].join('\n');
      await finish(opts, json, text, () => trackReport({ run: dir, data: labels.data, loss: labels.loss, source, records, picture }));
    });
}
