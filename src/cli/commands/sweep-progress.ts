/**
 * What `tsgan sweep` shows while jobs run, here or on a queue's workers: on a terminal a progress bar
 * over every job's steps (jobs finished, running and failed beside it) with a line above it per job that
 * ends; without one (a log, CI) only those lines.
 */
import cliProgress from 'cli-progress';
import { MEASURE_COLUMNS, type JobResult, type MeasureName } from '../../index.js';

/** A job's result in a line: its metrics with their table headings and its time. */
export function resultLine(r: JobResult, measure: readonly MeasureName[]): string {
  const cells = measure.flatMap((m) => MEASURE_COLUMNS[m]).map((c) => {
    const v = r.metrics[c.key];
    return `${c.heading} ${v === undefined ? '–' : Number.isFinite(v) ? v.toFixed(c.digits) : '∞'}`;
  });
  return `${r.setting}, seed ${r.seed}: ${cells.join(' · ')} (${r.seconds.toFixed(0)} s)`;
}

export class SweepProgress {
  private readonly steps = new Map<string, number>();
  private readonly total: number;
  private readonly bars?: cliProgress.MultiBar;
  private readonly bar?: cliProgress.SingleBar;
  private ended = 0;
  private failed = 0;

  /** `jobs` to follow (with their steps); `quiet`: no bar and no lines. */
  constructor(
    jobs: readonly { readonly id: string; readonly steps: number }[],
    private readonly quiet: boolean,
  ) {
    this.total = jobs.reduce((a, j) => a + j.steps, 0);
    for (const j of jobs) this.steps.set(j.id, 0);
    if (!quiet && process.stderr.isTTY === true && jobs.length > 0) {
      this.bars = new cliProgress.MultiBar({ stream: process.stderr, format: ' {bar} {percentage}% | ETA {eta_formatted} | {done}/{jobs} jobs done{failedText}', hideCursor: true, etaBuffer: 200, fps: 2 }, cliProgress.Presets.shades_classic);
      this.bar = this.bars.create(this.total, 0, { done: 0, jobs: jobs.length, failedText: '' });
    }
  }

  /** Job `id` reached `step`. */
  step(id: string, step: number): void {
    if (!this.steps.has(id)) return;
    this.steps.set(id, step);
    this.bar?.update([...this.steps.values()].reduce((a, b) => a + b, 0));
  }

  /** Job `id` of `steps` steps ended (`failed` or not); `line` says how. */
  end(id: string, steps: number, line: string, failed = false): void {
    this.ended++;
    if (failed) this.failed++;
    this.step(id, steps);
    if (this.quiet) return;
    const text = `${line} · ${this.ended}/${this.steps.size} jobs ended${this.failed > 0 ? `, ${this.failed} failed` : ''}`;
    if (this.bars !== undefined) {
      this.bars.log(`${text}\n`);
      this.bar?.update({ done: this.ended - this.failed, failedText: this.failed > 0 ? `, ${this.failed} failed` : '' });
    } else {
      process.stderr.write(`${text}\n`);
    }
  }

  /** A line above the bar (or on its own without one). */
  note(line: string): void {
    if (this.quiet) return;
    if (this.bars !== undefined) this.bars.log(`${line}\n`);
    else process.stderr.write(`${line}\n`);
  }

  stop(): void {
    this.bars?.stop();
  }
}
