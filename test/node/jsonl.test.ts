/**
 * metrics.jsonl appends are all or nothing: an append that fails half-way (disk full) is cut back to
 * the file's previous bytes, so no cut line is ever left, and the lines are written on the next try.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { jsonlReporter } from '../../src/node/reporters/jsonl.js';
import type { RunEvent } from '../../src/node/reporters/reporter.js';
import { nodeFileLayer, systemError, type FileLayer } from '../../src/node/files/file-layer.js';
import { FileSystemError } from '../../src/node/files/file-system-error.js';

const EARLIER = '{"type":"step","step":1}\n{"type":"step","step":2}\n';
const step = (s: number) => ({ type: 'step', step: s, note: 'x'.repeat(200) }) as unknown as RunEvent;

/** A layer that, while `full.now` is set, writes 50 bytes and then fails with ENOSPC. */
function layerRunningFull(): { layer: FileLayer; full: { now: boolean }; truncations: number[] } {
  const full = { now: true };
  const truncations: number[] = [];
  let given = 0;
  const layer: FileLayer = {
    ...nodeFileLayer,
    write(fd, data, offset, length, position) {
      if (!full.now) return nodeFileLayer.write(fd, data, offset, length, position);
      if (given >= 50) throw systemError('ENOSPC', 'no space left on device, write');
      const n = Math.min(50 - given, length);
      given += n;
      return nodeFileLayer.write(fd, data, offset, n, position);
    },
    ftruncate(fd, length) {
      truncations.push(length);
      nodeFileLayer.ftruncate(fd, length);
    },
  };
  return { layer, full, truncations };
}

test('an append failing half-way leaves metrics.jsonl at its previous bytes and throws "no space" (exit 4) naming it', async () => {
  const path = join(tempDir(), 'metrics.jsonl');
  writeFileSync(path, EARLIER);
  const { layer, full, truncations } = layerRunningFull();
  const reporter = jsonlReporter(path, 2, layer);
  await reporter.onEvent(step(3));
  assert.throws(
    () => reporter.onEvent(step(4)),
    (e: unknown) => e instanceof FileSystemError && e.exitCode === 4 && e.code === 'ENOSPC' && e.path === path && e.message.includes(path) && /no space left/.test(e.message),
  );
  assert.deepEqual(truncations, [Buffer.byteLength(EARLIER)], 'cut back once, to the length before the append');
  assert.equal(readFileSync(path, 'utf8'), EARLIER);
  // Space again: the lines that failed are written by the next flush, whole.
  full.now = false;
  await reporter.close();
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { step: number }).step), [1, 2, 3, 4]);
});

test('short appends that then succeed write every line whole', async () => {
  const path = join(tempDir(), 'metrics.jsonl');
  writeFileSync(path, EARLIER);
  const layer: FileLayer = { ...nodeFileLayer, write: (fd, data, offset, length, position) => nodeFileLayer.write(fd, data, offset, Math.min(length, 33), position) };
  const reporter = jsonlReporter(path, 3, layer);
  for (let s = 3; s <= 9; s++) await reporter.onEvent(step(s));
  await reporter.close();
  const text = readFileSync(path, 'utf8');
  assert.ok(text.startsWith(EARLIER));
  assert.deepEqual(text.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { step: number }).step), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});
