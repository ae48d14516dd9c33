/** `tsgan train --model dcgan` end to end on MNIST (a tiny network, a few steps), and its one-line refusals. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { assertBadInput, tempDir, tsgan } from '../helpers/cli.js';

const small = join(tempDir(), 'small.json');
writeFileSync(small, JSON.stringify({ snapshotSamples: 50 })); // fewer images per snapshot, to keep the test short
const tiny = ['--config', small, '--data', 'mnist-test', '--model', 'dcgan', '--g-channels', '8,4', '--d-channels', '4,8', '--batch-size', '16', '--snapshot-every', '2', '--quiet'];

test('tsgan train --model dcgan (and --conditional) trains, writes a run folder with the DCGAN settings, and resumes', () => {
  for (const extra of [[], ['--conditional']]) {
    const out = join(tempDir(), 'run');
    const r = tsgan(['train', ...tiny, ...extra, '--steps', '2', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    assert.equal(config.model, 'dcgan');
    assert.equal(config.conditional, extra.length > 0);
    assert.deepEqual(config.dcgan, { generatorChannels: [8, 4], discriminatorChannels: [4, 8], kernelSize: 4 });
    assert.equal(config.noise.dim, 100, "the DCGAN's noise dimension when none is given");
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.equal(summary.steps, 2);
    assert.ok(Number.isFinite(summary.last.dLoss) && Number.isFinite(summary.last.gLoss));
    const resumed = tsgan(['train', '--resume', out, '--steps', '3', '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).steps, 3);
    // A grid per snapshot (every 2 steps and the last), the same as samples.png at the last one.
    assert.deepEqual(readdirSync(join(out, 'grids')), ['step-00000002.png', 'step-00000003.png']);
    assert.deepEqual(readFileSync(join(out, 'grids', 'step-00000003.png')), readFileSync(join(out, 'samples.png')));
    assert.match(resumed.stdout, /a grid per snapshot in .*grids\//);
    // grids and latent interpolation strips (conditional: row r is class r mod 10)
    const strip = join(tempDir(), 'strip.png');
    const s = tsgan(['sample', out, '--interpolate', '--n', '2', '--steps', '3', '--out', strip]);
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /wrote 2 latent interpolations of 3 images each/);
    const png = PNG.sync.read(readFileSync(strip));
    assert.ok(png.width > png.height, `a strip of 3 columns and 2 rows: ${png.width}×${png.height}`);
  }
});

test('tsgan train refuses a DCGAN on points and --conditional on unlabeled data, in one line', () => {
  assertBadInput(['train', '--model', 'dcgan', '--steps', '1'], /model dcgan needs image data/);
  assertBadInput(['train', '--conditional', '--steps', '1'], /conditional needs labeled data/);
});
