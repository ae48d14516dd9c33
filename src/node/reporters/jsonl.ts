/**
 * Appends every record to metrics.jsonl, one JSON object a line (snapshots are summarized: their
 * samples are not written). Lines are flushed in small batches and at close.
 */
import { appendFileSync } from 'node:fs';
import type { Reporter, RunEvent } from './reporter.js';

export function jsonlReporter(path: string, flushEvery = 50): Reporter {
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length === 0) return;
    appendFileSync(path, buffer.join(''));
    buffer = [];
  };
  return {
    onEvent(e: RunEvent) {
      if (e.type === 'snapshot') return;
      buffer.push(`${JSON.stringify(e)}\n`);
      if (buffer.length >= flushEvery || e.type === 'eval') flush();
    },
    close: flush,
  };
}
