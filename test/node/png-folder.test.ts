/** `--data DIR`: a folder of PNG images (flat, or one subfolder per class) as an image data set. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { imageDatasetFromPngFolder } from '../../src/node/data/png-folder.js';
import { resolveDataset } from '../../src/node/data/data-source.js';
import { DataError } from '../../src/data/index.js';
import { tempDir, tsgan } from '../helpers/cli.js';

/** A w×h PNG whose pixel (x, y) is rgb(x·10 + seed, y·10, same or seed·3). */
function png(w: number, h: number, seed: number, grey: boolean): Buffer {
  const p = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const v = (x * 10 + y * 3 + seed) % 256;
      p.data[i] = v;
      p.data[i + 1] = grey ? v : (y * 10) % 256;
      p.data[i + 2] = grey ? v : (seed * 3) % 256;
      p.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(p);
}

test('a flat folder of grey PNGs: 1 channel, sorted by name, the exact bytes, no labels', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'b.png'), png(6, 4, 7, true));
  writeFileSync(join(dir, 'a.png'), png(6, 4, 1, true));
  writeFileSync(join(dir, 'notes.txt'), 'ignored');
  const d = imageDatasetFromPngFolder(dir, 'pngs');
  assert.deepEqual([d.count, d.height, d.width, d.channels, d.dim], [2, 4, 6, 1, 24]);
  assert.equal(d.labels, undefined);
  assert.equal(d.pixels[0], 1, 'a.png first');
  assert.equal(d.pixels[24], 7);
  assert.equal(d.pixels[1 * 6 + 2], (2 * 10 + 3 + 1) % 256, 'row-major pixel (x 2, y 1) of a.png');
});

test('class subfolders give labels in the order of their names; colour images give 3 channels', () => {
  const dir = tempDir();
  for (const [c, n] of [['cat', 2], ['ant', 1]] as const) {
    mkdirSync(join(dir, c));
    for (let i = 0; i < n; i++) writeFileSync(join(dir, c, `${i}.png`), png(3, 3, i, false));
  }
  const d = resolveDataset(dir).dataset as ReturnType<typeof imageDatasetFromPngFolder>;
  assert.equal(d.channels, 3);
  assert.deepEqual(Array.from(d.labels!), [0, 1, 1], 'ant = 0, cat = 1');
});

test('bad folders: one line naming the file and the fix', () => {
  const empty = tempDir();
  assert.throws(() => imageDatasetFromPngFolder(empty, 'e'), (e: unknown) => e instanceof DataError && /holds no \.png images/.test(e.message));
  const mixed = tempDir();
  writeFileSync(join(mixed, 'a.png'), png(4, 4, 0, true));
  writeFileSync(join(mixed, 'b.png'), png(5, 4, 0, true));
  assert.throws(() => imageDatasetFromPngFolder(mixed, 'm'), (e: unknown) => e instanceof DataError && /b\.png is 5×4 but .*a\.png is 4×4: all images must have one size/.test(e.message));
  const broken = tempDir();
  writeFileSync(join(broken, 'a.png'), Buffer.from('not a png at all'));
  assert.throws(() => imageDatasetFromPngFolder(broken, 'b'), (e: unknown) => e instanceof DataError && /a\.png is not a readable PNG/.test(e.message) && !e.message.includes('\n'));
});

test('tsgan train --data DIR trains on the folder; a broken one is one line, exit 2, nothing written', () => {
  const dir = tempDir();
  for (let i = 0; i < 4; i++) writeFileSync(join(dir, `${i}.png`), png(4, 4, i * 20, true));
  const out = join(tempDir(), 'run');
  const r = tsgan(['train', '--data', dir, '--steps', '2', '--noise-dim', '3', '--g-hidden', '8', '--d-hidden', '8', '--g-output', 'tanh', '--batch-size', '4', '--quiet', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(out, 'samples.png')));
  writeFileSync(join(dir, 'x.png'), Buffer.from('broken'));
  const out2 = join(tempDir(), 'run2');
  const bad = tsgan(['train', '--data', dir, '--steps', '2', '--quiet', '--out', out2]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /x\.png is not a readable PNG/);
  assert.ok(!existsSync(out2));
});
