/**
 * `tsgan eval` and `tsgan sample` on image runs: a tiny MNIST MLP GAN trained for a few steps and a
 * tiny classifier (a slice of MNIST), the image metrics as JSON, grids and interpolation strips,
 * and the one-line errors.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { CLI, ROOT, tempDir, tsgan } from '../helpers/cli.js';

function tsganEnv(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000, killSignal: 'SIGKILL', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function assertOneLineError(r: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], pattern);
}

const work = tempDir();
const run = join(work, 'mnist-run');
const pointsRun = join(work, 'ring-run');
const classifier = join(work, 'classifier.json');
const trained = tsgan(['train', '--data', 'mnist', '--no-conditional', '--model', 'mlp', '--noise-dim', '8', '--g-hidden', '32', '--g-output', 'tanh', '--d-hidden', '32', '--batch-size', '16', '--steps', '20', '--out', run]);
assert.equal(trained.code, 0, trained.stderr);
const cls = tsgan(['classifier', 'train', '--out', classifier, '--limit', '320', '--test-limit', '100', '--epochs', '2', '--lr', '3e-3']);
assert.equal(cls.code, 0, cls.stderr);
const small = ['--samples', '300', '--test-images', '300', '--parzen-test', '100', '--parzen-samples', '300', '--parzen-validation', '100'];

test('eval on an image run reports the image metrics as JSON', () => {
  const r = tsgan(['eval', run, '--classifier', classifier, '--json', ...small]);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout);
  assert.equal(m.data, 'mnist');
  assert.equal(m.step, 20);
  assert.equal(m.samples, 300);
  assert.equal(m.testImages, 300);
  assert.equal(m.classifier.path, classifier);
  assert.ok(m.frechetDistance > m.reference.frechetDistance, `20 steps of training are far from the data: ${m.frechetDistance} vs ${m.reference.frechetDistance}`);
  assert.ok(m.classifierScore >= 1 && m.classifierScore <= 10);
  assert.ok(m.precision >= 0 && m.precision <= 1 && m.recall >= 0 && m.recall <= 1);
  assert.ok(m.reference.recall > m.recall, 'real digits cover the test set better');
  assert.equal(m.coverage.histogram.length, 10);
  assert.ok(Math.abs(m.coverage.histogram.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-9);
  assert.equal(m.parzen.testCount, 100);
  assert.equal(m.parzen.sampleCount, 300);
  assert.ok(Number.isFinite(m.parzen.mean) && m.parzen.standardError > 0);
  assert.equal(m.parzen.validation.length, 10);
  // The text report names every metric, with the same numbers (same seed ⇒ same samples).
  const text = tsgan(['eval', run, '--classifier', classifier, ...small, '--no-parzen']);
  assert.equal(text.code, 0, text.stderr);
  for (const s of ['Fréchet distance', 'classifier score', 'precision (k = 3)', 'recall (k = 3)', 'classes covered', 'KL(classes ‖ uniform)', 'not comparable with Inception']) assert.ok(text.stdout.includes(s), s);
  assert.match(text.stdout, new RegExp(`Fréchet distance \\(features\\) +${Number(m.frechetDistance.toPrecision(4))} `));
  assert.ok(!text.stdout.includes('Parzen'), '--no-parzen skips it');
});

test('eval on a fresh install (an empty cache folder) uses the classifier shipped with tsgan, with no training first; a missing or damaged classifier file is one line, exit 2', () => {
  const empty = tempDir();
  const fresh = tsganEnv(['eval', run, '--json', ...small], { TSGAN_CACHE_DIR: empty });
  assert.equal(fresh.code, 0, fresh.stderr);
  const m = JSON.parse(fresh.stdout);
  assert.equal(m.classifier.path, join(ROOT, 'assets', 'mnist-classifier.bin'));
  assert.ok(m.classifier.testAccuracy >= 0.985, `the shipped classifier's test accuracy ${m.classifier.testAccuracy}`);
  assert.ok(m.reference.classifierScore > 9, `real test digits through the shipped classifier: score ${m.reference.classifierScore} (10 at most)`);
  // a sweep job's "images" measure is this eval's classifier metrics (the same draws, the same classifier)
  const measured = tsganEnv(['sweep', 'measure', run, '--measure', 'images', '--seed', String(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')).seed), '--samples', '300', '--test-images', '300'], { TSGAN_CACHE_DIR: empty });
  assert.equal(measured.code, 0, measured.stderr);
  const im = JSON.parse(measured.stdout).metrics;
  assert.deepEqual([im.classifierScore, im.frechetDistance, im.precision, im.recall, im.classesCovered, im.classKL], [m.classifierScore, m.frechetDistance, m.precision, m.recall, m.coverage.classesCovered, m.coverage.klFromUniform]);
  assert.ok(m.classifierScore < m.reference.classifierScore, '20 steps of training are far from the data');
  assertOneLineError(tsgan(['eval', run, '--classifier', join(empty, 'nope.json'), ...small]), /no MNIST classifier at .*nope\.json: give the path of one made by `tsgan classifier train`/);
  const damaged = join(work, 'damaged.json');
  writeFileSync(damaged, readFileSync(classifier, 'utf8').replace('"testAccuracy":', '"testAccuracy":1e-9+'));
  assertOneLineError(tsgan(['eval', run, '--classifier', damaged, ...small]), /damaged\.json: (checksum mismatch|not a tsgan classifier file)/);
  assertOneLineError(tsgan(['eval', run, '--classifier', classifier, '--samples', '2']), /--samples 2: image metrics need at least 4 samples/);
});

test('sample on an image run: a PNG grid and a latent interpolation strip; --interpolate needs images', () => {
  const grid = join(work, 'grid.png');
  const r = tsgan(['sample', run, '--out', grid]);
  assert.equal(r.code, 0, r.stderr);
  const g = PNG.sync.read(readFileSync(grid));
  assert.deepEqual([g.width, g.height], [10 * 56 + 11 * 2, 10 * 56 + 11 * 2], '100 images, 10 per row, scale 2, gap 2');
  const strip = join(work, 'strip.png');
  const s = tsgan(['sample', run, '--interpolate', '--n', '3', '--steps', '5', '--out', strip]);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /3 latent interpolations of 5 images/);
  const p = PNG.sync.read(readFileSync(strip));
  assert.deepEqual([p.width, p.height], [5 * 56 + 6 * 2, 3 * 56 + 4 * 2]);
  assertOneLineError(tsgan(['sample', run, '--interpolate', '--out', join(work, 'strip.json')]), /--interpolate draws a picture: give --out a \.png name/);
  const points = tsgan(['train', '--data', 'ring8', '--steps', '3', '--g-hidden', '8', '--d-hidden', '8', '--batch-size', '32', '--out', pointsRun]);
  assert.equal(points.code, 0, points.stderr);
  assertOneLineError(tsgan(['sample', pointsRun, '--interpolate', '--out', join(work, 'nope.png')]), /--interpolate needs a run trained on images/);
  // Points runs keep their evaluation.
  const ev = tsgan(['eval', pointsRun, '--json', '--samples', '200']);
  assert.equal(ev.code, 0, ev.stderr);
  const e = JSON.parse(ev.stdout);
  assert.equal(e.samples, 200);
  assert.ok(e.modes !== undefined && e.frechetDistance === undefined);
});

test('--temperature T draws z × T: near T = 0 every sample is G(0) (one class, KL log 10), the reports say so; a bad T is one line', () => {
  const cold = join(work, 'cold.json');
  const r = tsgan(['sample', run, '--n', '40', '--temperature', '0.0001', '--out', cold]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote 40 samples to .*cold\.json \(z at temperature 0\.0001\)/);
  const rows: number[][] = JSON.parse(readFileSync(cold, 'utf8')).samples;
  const spread = (xs: number[][]) => Math.max(...xs.map((x) => Math.max(...x.map((v, j) => Math.abs(v - xs[0][j])))));
  assert.ok(spread(rows) < 1e-2, `every sample is nearly G(0): largest pixel difference ${spread(rows)}`);
  const warm = join(work, 'warm.json');
  assert.equal(tsgan(['sample', run, '--n', '40', '--out', warm]).code, 0);
  assert.ok(spread(JSON.parse(readFileSync(warm, 'utf8')).samples) > 0.1, 'at T = 1 the samples differ');
  const e = tsgan(['eval', run, '--classifier', classifier, '--json', '--temperature', '0.0001', ...small, '--no-parzen']);
  assert.equal(e.code, 0, e.stderr);
  const m = JSON.parse(e.stdout);
  assert.equal(m.temperature, 0.0001);
  assert.equal(m.coverage.classesCovered, 1, 'one image, one class');
  assert.ok(Math.abs(m.coverage.klFromUniform - Math.log(10)) < 1e-9, `KL ${m.coverage.klFromUniform}`);
  assert.equal(JSON.parse(tsgan(['eval', run, '--classifier', classifier, '--json', ...small, '--no-parzen']).stdout).temperature, 1);
  const text = tsgan(['eval', run, '--classifier', classifier, '--temperature', '0.7', ...small, '--no-parzen']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /\n  z drawn at temperature 0\.7 \(z × 0\.7\): not samples of the trained p_g/);
  for (const bad of ['0', '5', 'warm', '-1']) {
    assertOneLineError(tsgan(['eval', run, '--temperature', bad]), /--temperature.*expected a temperature: a number > 0 and ≤ 4/);
    assertOneLineError(tsgan(['sample', run, '--temperature', bad, '--out', join(work, 'bad.png')]), /--temperature.*expected a temperature/);
  }
});

test('an image run scores its snapshots with the cached classifier (images records, summary, curves), else with the shipped one; a damaged one gives a note', () => {
  const cache = tempDir();
  copyFileSync(classifier, join(cache, 'mnist-classifier.json'));
  const out = join(work, 'tracked');
  const args = ['train', '--data', 'mnist', '--model', 'mlp', '--noise-dim', '8', '--g-hidden', '32', '--g-output', 'tanh', '--d-hidden', '32', '--batch-size', '16', '--steps', '6', '--snapshot-every', '3', '--quiet'];
  const r = tsganEnv([...args, '--out', out], { TSGAN_CACHE_DIR: cache });
  assert.equal(r.code, 0, r.stderr);
  const records = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.type === 'images');
  assert.deepEqual(records.map((x) => x.step), [3, 6], 'one images record per snapshot');
  for (const x of records) {
    assert.equal(x.testImages, 2000);
    assert.ok(x.classifierScore >= 1 && x.classifierScore <= 10 && x.frechetDistance > 0 && x.classesCovered >= 1 && x.classesCovered <= 10);
    assert.ok(x.classKL >= 0 && x.classKL <= Math.log(10) + 1e-9 && x.precision >= 0 && x.precision <= 1 && x.recall >= 0 && x.recall <= 1);
  }
  // The same samples through `tsgan eval` with the same test images give the same classifier metrics.
  const ev = tsgan(['eval', out, '--classifier', classifier, '--json', '--samples', String(records[1].samples), '--test-images', '2000', '--no-parzen']);
  assert.equal(ev.code, 0, ev.stderr);
  const m = JSON.parse(ev.stdout);
  assert.ok(Math.abs(m.frechetDistance - records[1].frechetDistance) < 1e-6 * m.frechetDistance, `${m.frechetDistance} vs ${records[1].frechetDistance}`);
  assert.ok(Math.abs(m.classifierScore - records[1].classifierScore) < 1e-9);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.deepEqual(summary.images, records[1]);
  assert.match(r.stdout, /images: classifier score [\d.]+ · Fréchet distance [\d.]+ · \d+\/10 classes/);
  // A fresh install (nothing in the cache): the shipped classifier scores the snapshots.
  const fresh = tsganEnv([...args, '--out', join(work, 'shipped')], { TSGAN_CACHE_DIR: tempDir() });
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.equal(fresh.stderr, '');
  const shipped = readFileSync(join(work, 'shipped', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.type === 'images');
  assert.deepEqual(shipped.map((x) => x.step), [3, 6]);
  // A damaged classifier of the user's own: training goes on, with one note, and no images records.
  const damagedCache = tempDir();
  writeFileSync(join(damagedCache, 'mnist-classifier.json'), readFileSync(classifier, 'utf8').replace('"testAccuracy":', '"testAccuracy":1e-9+'));
  const bare = tsganEnv([...args, '--out', join(work, 'untracked')], { TSGAN_CACHE_DIR: damagedCache });
  assert.equal(bare.code, 0, bare.stderr);
  assert.match(bare.stderr, /^tsgan: note: image metrics during training are off: .*mnist-classifier\.json: (checksum mismatch|not a tsgan classifier file)[^\n]*\n$/);
  assert.ok(!readFileSync(join(work, 'untracked', 'metrics.jsonl'), 'utf8').includes('"type":"images"'));
});

test('a conditional image run: snapshots and `tsgan eval` report label accuracy (sample i generated as digit i mod 10), the same number both ways', () => {
  const cache = tempDir();
  copyFileSync(classifier, join(cache, 'mnist-classifier.json'));
  const out = join(work, 'conditional');
  const r = tsganEnv(['train', '--data', 'mnist', '--conditional', '--model', 'mlp', '--noise-dim', '8', '--g-hidden', '32', '--g-output', 'tanh', '--d-hidden', '32', '--batch-size', '16', '--steps', '4', '--snapshot-every', '4', '--quiet', '--out', out], { TSGAN_CACHE_DIR: cache });
  assert.equal(r.code, 0, r.stderr);
  const record = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((x) => x.type === 'images');
  assert.ok(record.labelAccuracy >= 0 && record.labelAccuracy <= 1, JSON.stringify(record));
  assert.match(r.stdout, /images: .* · label accuracy [\d.]+ %/);
  assert.equal(record.samples, 2500);
  const ev = tsgan(['eval', out, '--classifier', classifier, '--json', '--samples', '2500', '--test-images', '2000', '--no-parzen']);
  assert.equal(ev.code, 0, ev.stderr);
  const m = JSON.parse(ev.stdout);
  assert.equal(m.labelAccuracy.accuracy, record.labelAccuracy, 'same samples, same labels');
  assert.equal(m.labelAccuracy.perClass.length, 10);
  // 2,500 samples, 250 per label: each per-label accuracy is a multiple of 1/250, and they average to the whole.
  for (const p of m.labelAccuracy.perClass) assert.ok(Math.abs(p * 250 - Math.round(p * 250)) < 1e-9, `${p}`);
  assert.ok(Math.abs(m.labelAccuracy.perClass.reduce((a: number, b: number) => a + b, 0) / 10 - m.labelAccuracy.accuracy) < 1e-12);
  assert.ok(m.reference.labelAccuracy > 0.5, `the classifier reads real digits: ${m.reference.labelAccuracy}`);
  const text = tsgan(['eval', out, '--classifier', classifier, '--samples', '2500', '--test-images', '2000', '--no-parzen']);
  assert.match(text.stdout, new RegExp(`label accuracy \\(conditional\\) +${(100 * m.labelAccuracy.accuracy).toFixed(1)} % `));
  // Unconditional runs have none.
  const plain = JSON.parse(tsgan(['eval', run, '--classifier', classifier, '--json', ...small, '--no-parzen']).stdout);
  assert.equal(plain.labelAccuracy, undefined);
});
