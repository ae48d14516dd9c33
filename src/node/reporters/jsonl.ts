/**
 * Appends every record to metrics.jsonl, one JSON object a line (snapshots are summarized: their
 * samples are not written). Lines are flushed in small batches and at close.
 *
 * An append is all or nothing: the batch is written in as many writes as it takes, and if that fails
 * (disk full) the file is cut back to its length before the append, so no half line is left; the
 * error is a FileSystemError naming the file, and the batch stays buffered for the next flush.
 */
import { explainFileSystemError } from '../files/file-system-error.js';
import { nodeFileLayer, writeAll, type FileLayer } from '../files/file-layer.js';
import type { Reporter, RunEvent } from './reporter.js';

/** Appends `text` to `path` whole or not at all (see the file comment). */
function appendWhole(path: string, text: string, layer: FileLayer): void {
  let fd: number | undefined;
  let before: number | undefined;
  try {
    fd = layer.open(path, 'a');
    before = layer.fstat(fd).size;
    writeAll(layer, fd, Buffer.from(text), null);
  } catch (e) {
    if (fd !== undefined) {
      try {
        if (before !== undefined) layer.ftruncate(fd, before);
      } catch {
        // Cannot cut it back: a cut last line is left, which readers skip (../run/run-folder.ts readMetrics).
      }
    }
    throw explainFileSystemError(e, path, 'append to');
  } finally {
    if (fd !== undefined) {
      try {
        layer.close(fd);
      } catch {
        /* the bytes are written or cut back already */
      }
    }
  }
}

/** The metrics.jsonl reporter; `layer` is the file system (tests inject failures). */
export function jsonlReporter(path: string, flushEvery = 50, layer: FileLayer = nodeFileLayer): Reporter {
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length === 0) return;
    appendWhole(path, buffer.join(''), layer);
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
