/**
 * A sweep's table: one row per setting, each measured metric as mean ± standard error over the seeds
 * that finished, and the jobs that failed with their one-line reasons.
 */
import { meanSE, type MeanSE } from '../bench/modes-benchmark.js';
import { MEASURE_COLUMNS, type MeasureName, type MetricColumn } from './measure-names.js';

/** What a finished job reports: its seed, its metrics (by the keys of ./measure-names.ts) and its wall time. */
export interface JobResult {
  readonly setting: string;
  readonly seed: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** Training and measuring, in seconds (of the attempt that finished it). */
  readonly seconds: number;
}

/** A job's metrics read back from JSON, which has no ∞: a null (an infinite reverse KL, written as null) is +∞ again. */
export function metricsFromJson(metrics: Readonly<Record<string, number | null>>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, v ?? Infinity]));
}

/** A job that failed: its setting, seed and the one-line reason. */
export interface JobFailure {
  readonly setting: string;
  readonly seed: number;
  readonly reason: string;
}

/** One row of the table. */
export interface SweepRow {
  readonly setting: string;
  /** Seeds finished of the seeds planned. */
  readonly seedsDone: number;
  readonly seedsPlanned: number;
  readonly metrics: Readonly<Record<string, MeanSE>>;
  readonly seconds?: MeanSE;
}

export interface SweepTable {
  readonly sweep: string;
  readonly columns: readonly MetricColumn[];
  readonly rows: readonly SweepRow[];
  readonly failures: readonly JobFailure[];
  /** Jobs neither finished nor failed (waiting, running). */
  readonly pending: number;
}

/**
 * The table of a sweep: `settings` (in sweep order) with `seedsPlanned` seeds each, the `measure`s'
 * columns, from the results and failures so far. A metric that is not finite in some seed (a reverse
 * KL of +∞) makes that setting's mean +∞.
 */
export function sweepTable(sweep: string, settings: readonly string[], seedsPlanned: number, measure: readonly MeasureName[], results: readonly JobResult[], failures: readonly JobFailure[]): SweepTable {
  const columns = measure.flatMap((m) => MEASURE_COLUMNS[m]);
  const rows = settings.map((setting): SweepRow => {
    const mine = results.filter((r) => r.setting === setting).sort((a, b) => a.seed - b.seed);
    const metrics: Record<string, MeanSE> = {};
    if (mine.length > 0) {
      for (const c of columns) {
        const xs = mine.map((r) => r.metrics[c.key]).filter((x) => typeof x === 'number');
        if (xs.length === mine.length) metrics[c.key] = xs.every(Number.isFinite) ? meanSE(xs) : { mean: Math.max(...xs.filter((x) => !Number.isFinite(x))), se: NaN };
      }
    }
    return { setting, seedsDone: mine.length, seedsPlanned, metrics, ...(mine.length > 0 ? { seconds: meanSE(mine.map((r) => r.seconds)) } : {}) };
  });
  const pending = settings.length * seedsPlanned - results.length - failures.length;
  return { sweep, columns, rows, failures: [...failures].sort((a, b) => a.setting.localeCompare(b.setting) || a.seed - b.seed), pending };
}

const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : Number.isNaN(x) ? '–' : x > 0 ? '∞' : '−∞');
const cell = (m: MeanSE | undefined, digits: number) => (m === undefined ? '' : Number.isFinite(m.mean) && m.se > 0 ? `${num(m.mean, digits)} ± ${num(m.se, digits)}` : num(m.mean, digits));

/**
 * The table in Markdown: a row per setting (mean ± s.e. over its finished seeds), then one line per
 * failed job and a line for the jobs still to finish. `seconds: false` leaves out the time column
 * (tables of two runs then compare equal when their numbers do).
 */
export function sweepTableMarkdown(t: SweepTable, options: { seconds?: boolean } = {}): string[] {
  const showSeconds = options.seconds !== false;
  const heads = ['setting', 'seeds', ...t.columns.map((c) => c.heading), ...(showSeconds ? ['seconds/job'] : [])];
  const lines = [`| ${heads.join(' | ')} |`, `|${heads.map(() => '---').join('|')}|`];
  for (const r of t.rows) {
    const cells = [r.setting, `${r.seedsDone}/${r.seedsPlanned}`, ...t.columns.map((c) => cell(r.metrics[c.key], c.digits)), ...(showSeconds ? [cell(r.seconds, 0)] : [])];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  for (const f of t.failures) lines.push(`failed: ${f.setting}, seed ${f.seed}: ${f.reason}`);
  if (t.pending > 0) lines.push(`${t.pending} job(s) not finished yet`);
  return lines;
}
