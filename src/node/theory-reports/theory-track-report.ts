/**
 * The report of `tsgan theory track RUN_DIR`: a run's theory records over training steps.
 */
import type { TheoryRecord } from '../../experiments/theory-record.js';
import type { DensityModel, LogitDiscriminator } from '../../theory/index.js';
import { curvesPng, type CurvePanel } from '../plots/index.js';
import { discriminatorVsOptimalPlot } from './theory-optimal-report.js';
import { fmt, markdownTable, type TheoryReport } from './theory-report.js';

/** Where the records came from: the run's metrics.jsonl, or computed now for its final checkpoint. */
export type TrackSource = 'metrics' | 'checkpoint';

/** The note shown when a run has no theory records of its own. */
export const CHECKPOINT_ONLY_NOTE =
  'the run has no theory records (it was trained without --track-theory): these are computed for its final checkpoint only; `tsgan train --track-theory` records the whole history';

/**
 * The panels of theory.png, one point per record: V(D, G) beside −log 4 + 2·JS (reference line −log 4,
 * E6), JS (reference log 2, its largest value), mean |D − D*|, and W1 (beside the critic's estimate
 * when the records have one) when any record has a W1.
 */
export function trackPanels(records: readonly TheoryRecord[]): CurvePanel[] {
  const at = (f: (r: TheoryRecord) => number | undefined) =>
    records.filter((r) => f(r) !== undefined).map((r) => ({ step: r.step, value: f(r) as number }));
  const panels: CurvePanel[] = [
    {
      title: 'V(D, G) of the trained D and V(D*, G) = −log 4 + 2·JS (E3, E5)',
      series: [
        { name: 'V(D, G), trained D', values: at((r) => r.valueDG) },
        { name: '−log 4 + 2·JS', values: at((r) => r.minusLog4Plus2JS), reference: { label: '−log 4 (E6)', value: -Math.log(4) } },
      ],
    },
    { title: 'JS(P_r ‖ P_g): 0 exactly when P_g = P_r (E6)', series: [{ name: 'JS', values: at((r) => r.js), reference: { label: 'log 2', value: Math.LN2 } }] },
    { title: 'mean |D − D*| over (P_r + P_g)/2 (E3)', series: [{ name: 'mean |D − D*|', values: at((r) => r.meanAbsDStarError) }] },
  ];
  if (records.some((r) => r.w1 !== undefined)) {
    const withCritic = records.some((r) => r.criticEstimate !== undefined);
    panels.push({
      title: withCritic ? "W1(P_r, P_g) beside the critic's E_r f − E_g f (E8)" : 'W1(P_r, P_g) (E8)',
      series: [{ name: 'W1', values: at((r) => r.w1) }, ...(withCritic ? [{ name: 'E_r f − E_g f', values: at((r) => r.criticEstimate) }] : [])],
    });
  }
  return panels;
}

/** theory.png: {@link trackPanels} in two columns under `title`. */
export async function trackPlot(records: readonly TheoryRecord[], title: string): Promise<Buffer> {
  return curvesPng(trackPanels(records), { title, columns: 2 });
}

/** The final checkpoint's D and densities, drawn when a run has no theory records of its own. */
export interface CheckpointPicture {
  readonly real: DensityModel;
  readonly fake: DensityModel;
  readonly discriminator: LogitDiscriminator;
}

/**
 * report.md and theory.png: the records over steps, or (one record computed for the final
 * checkpoint, `picture` given) the trained D beside D* for the final generator.
 */
export async function trackReport(input: {
  run: string;
  data: string;
  loss: string;
  source: TrackSource;
  records: readonly TheoryRecord[];
  picture?: CheckpointPicture;
}): Promise<TheoryReport> {
  const r = input.records;
  const kinds = [...new Set(r.map((x) => x.generatorDensity))];
  const md = [
    `# Theory over training: ${input.run}`,
    '',
    `Data ${input.data}, ${input.loss} loss. P_g's density: ${kinds.map((k) => (k === 'exact' ? 'exact (pushforward of the noise through the ReLU generator)' : `kernel density estimate of ${r.find((x) => x.kdeSamples !== undefined)?.kdeSamples ?? '?'} generated samples (an estimate)`)).join(', ')}.`,
    ...(input.source === 'checkpoint' ? ['', `Note: ${CHECKPOINT_ONLY_NOTE}.`] : []),
    '',
    markdownTable(
      ['step', 'V(D, G)', 'V(D*, G)', '−log 4 + 2·JS', 'JS', 'mean |D − D*|', 'W1'],
      r.map((x) => [String(x.step), fmt(x.valueDG, 6), fmt(x.valueAtOptimum, 8), fmt(x.minusLog4Plus2JS, 8), fmt(x.js, 5), fmt(x.meanAbsDStarError, 4), fmt(x.w1, 4)]),
    ),
    '',
    'V(D, G) ≤ V(D*, G) for every D (E3); V(D*, G) = −log 4 + 2·JS (E5); both tend to −log 4 and JS',
    'to 0 as P_g → P_r (E6). mean |D − D*| shows how far the trained D is from the optimum the',
    'theory assumes: when it is large, V(D, G) is not the JS divergence the generator is said to minimize.',
    '',
    input.picture !== undefined ? '![the trained D beside D* at the final checkpoint](theory.png)' : '![theory over steps](theory.png)',
    '',
  ].join('\n');
  const last = r[r.length - 1];
  const png =
    input.picture !== undefined
      ? await discriminatorVsOptimalPlot(
          input.picture.real,
          input.picture.fake,
          input.picture.discriminator,
          `${input.data}, final checkpoint (step ${last.step}): trained D vs D* for P_g ${last.generatorDensity === 'exact' ? '(exact)' : '(KDE)'}; mean |D − D*| = ${fmt(last.meanAbsDStarError, 3)}`,
        )
      : await trackPlot(r, `${input.data} · ${input.loss}: theory at each snapshot`);
  return { markdown: md, images: [{ name: 'theory.png', png }] };
}
