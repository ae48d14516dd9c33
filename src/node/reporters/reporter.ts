/**
 * A reporter consumes the training loop's records (and evaluation records) and shows or stores them.
 * The loop knows nothing of reporters; the host passes every record to each of them.
 */
import type { TrainEvent } from '../../training/records.js';
import type { EvalRecord } from '../../metrics/evaluate.js';
import type { TheoryRecord } from '../../experiments/theory-record.js';
import type { ImageTrackRecord } from '../../metrics/image/image-track-record.js';

/** Records that snapshot analyzers add (see `analyzers` in ../run/train-run.ts). */
export type AnalysisRecord = TheoryRecord | ImageTrackRecord;

export type RunEvent = TrainEvent | EvalRecord | AnalysisRecord;

export interface Reporter {
  /** Called with every record, in order. May be async (the host awaits it). */
  onEvent(event: RunEvent): void | Promise<void>;
  /** Called once at the end (also after an interruption). */
  close(): void | Promise<void>;
}
