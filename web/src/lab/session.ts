/**
 * One Lab experiment running: the library's GanTrainer on the Lab's data, the log of operations (for
 * the URL) and the history of records (for the curves). It only calls the trainer; the page draws.
 */
import { createRng, deriveSeed, GanTrainer, type TrainConfig } from 'tsgan';
import { appendOp, type DataSource, type Edit, type Experiment, type Op } from './experiment.js';
import { labData, type LabData } from './data.js';
import { fitBox, type ViewBox } from '../plots/box.js';

/** One row of the curves: a full step, or a D-only / G-only update (the other player's fields NaN). */
export interface HistoryRow {
  readonly op: Op;
  readonly step: number;
  readonly dLoss: number;
  readonly gLoss: number;
  /** V(D, G) on the discriminator's batch (E1). */
  readonly value: number;
  readonly criticEstimate: number;
}

export class LabSession {
  readonly trainer: GanTrainer;
  readonly data: LabData;
  readonly history: HistoryRow[] = [];
  /** The theory views' numbers at the steps they were computed (V(D*, G), JS and both KLs by Monte Carlo, W1 for WGANs). */
  readonly evals = { step: [] as number[], valueAtOptimum: [] as number[], w1: [] as number[], js: [] as number[], klRealToGen: [] as number[], klGenToReal: [] as number[] };
  /** Fixed real samples for the plots (drawn once, from the seed). */
  readonly realView: Float64Array;
  private opsLog: string;
  private readonly edits: Edit[] = [];
  /** The box the 2-D views (or the 1-D axis) show: the data's, widened when the samples leave it ({@link fitViewBox}). */
  viewBox: ViewBox;

  constructor(
    /** The config at step 0 (the trainer's {@link config} has the edits made since). */
    readonly initialConfig: TrainConfig,
    readonly source: DataSource,
  ) {
    this.data = labData(source);
    this.trainer = new GanTrainer(initialConfig, this.data.dataset);
    this.realView = this.data.dataset.sample(createRng(deriveSeed(initialConfig.seed, 'lab:real-view')), 512);
    this.opsLog = '';
    this.viewBox = this.data.box;
  }

  /** Widens {@link viewBox} to hold 98 % of `fake` (plots/box.ts fitBox); drawn points keep theirs, where the pointer draws. */
  fitViewBox(fake: Float64Array): void {
    if (this.source.kind === 'points' && this.source.label === 'drawn points') return;
    this.viewBox = fitBox(this.viewBox, fake, this.data.dataset.dim);
  }

  get step(): number {
    return this.trainer.step;
  }

  /** The config in use: the initial one with the edits made while training. */
  get config(): TrainConfig {
    return this.trainer.config;
  }

  get experiment(): Experiment {
    return { config: this.initialConfig, source: this.source, ops: this.opsLog, edits: [...this.edits] };
  }

  /**
   * Changes tunable settings from the next update on (the library's GanTrainer.retune) and records the
   * edit where it happened, so the experiment's link replays it at the same point. Throws the
   * library's one-line ConfigError (naming `source`, the form's field) and changes nothing when refused.
   */
  retune(edit: Edit, source?: string): void {
    this.trainer.retune(Object.entries(edit).map(([path, value]) => ({ path: path.split('.'), value: value ?? undefined, source })));
    this.opsLog = appendOp(this.opsLog, 'e', this.edits.length);
    this.edits.push(edit);
  }

  /** Runs one operation (t: full step, d: D only, g: G only) and records it. */
  run(op: Op): HistoryRow {
    let row: HistoryRow;
    if (op === 't') {
      const r = this.trainer.trainStep();
      row = { op, step: r.step, dLoss: r.dLoss, gLoss: r.gLoss, value: r.value, criticEstimate: r.criticEstimate };
    } else if (op === 'd') {
      const r = this.trainer.discriminatorStep();
      row = { op, step: r.step, dLoss: r.dLoss, gLoss: NaN, value: r.value, criticEstimate: r.criticEstimate };
    } else {
      const r = this.trainer.generatorStep();
      row = { op, step: r.step, dLoss: NaN, gLoss: r.gLoss, value: NaN, criticEstimate: NaN };
    }
    this.history.push(row);
    this.opsLog = appendOp(this.opsLog, op);
    return row;
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
