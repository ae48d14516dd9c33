/**
 * `tsgan sample DIR --n N --out F.json|F.csv|F.png`: draws samples from a trained generator. For image
 * runs the PNG is a grid of generated images, and `--interpolate` draws latent interpolations.
 */
import { loadRunForCommand } from '../start-backend.js';
import { existsSync } from 'node:fs';
import { freemem } from 'node:os';
import { extname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Command } from 'commander';
import { ImageDataset, createRng, noiseValues, checkSampleCount, DEFAULT_MAX_SAMPLES } from '../../index.js';
import { type LoadedRun, writeFileAtomic, checkOutputFile, density1dPng, imageGridPng, scatter2dPng, MAX_STRING_LENGTH } from '../../node/index.js';
import { UsageError } from '../errors.js';
import { MAX_SEED, parseInteger, parsePositiveInteger, parseSeed, parseTemperature } from '../parse.js';

const FORMATS = ['.json', '.csv', '.png'];

interface SampleOpts {
  out: string;
  n?: number;
  maxSamples?: number;
  seed: number;
  overwrite?: boolean;
  interpolate?: boolean;
  steps: number;
  temperature: number;
}

/**
 * `rows` latent interpolations of `steps` images each: row r goes linearly from z_a to z_b (two
 * prior draws, times `temperature`), z(t) = (1 − t) z_a + t z_b for t = 0, 1/(steps − 1), …, 1; returns the images row-major.
 */
function interpolationImages(run: LoadedRun, rows: number, steps: number, seed: number, temperature: number): Float32Array {
  const dim = run.config.noise.dim;
  const ends = noiseValues(createRng(seed), 2 * rows, dim, run.config.noise.prior, temperature);
  const z = new Float32Array(rows * steps * dim);
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < steps; s++) {
      const t = steps === 1 ? 0 : s / (steps - 1);
      for (let j = 0; j < dim; j++) z[(r * steps + s) * dim + j] = (1 - t) * ends[2 * r * dim + j] + t * ends[(2 * r + 1) * dim + j];
    }
  }
  // A conditional run draws row r as class r mod classes (the label stays fixed along a row).
  const classes = run.trainer.labeled?.classes ?? 1;
  const labels = Int32Array.from({ length: rows * steps }, (_, i) => Math.floor(i / steps) % classes);
  const images = tf.tidy(() => run.trainer.generate(tf.tensor2d(z, [rows * steps, dim]), labels));
  const out = images.dataSync() as Float32Array;
  images.dispose();
  return out;
}

/** Characters of one value in the text files, at most ("-0.12345678901234567," or an exponent form). */
const CHARS_PER_VALUE = 24;

/**
 * Refuses (one line) `n` samples of `dim` values as .json or .csv text longer than one string can be
 * (V8: 2²⁹ − 24 characters, ~512 MB), saying how many fit.
 */
function checkTextSize(n: number, dim: number, ext: string): void {
  const perSample = dim * CHARS_PER_VALUE + 4;
  if (n * perSample > MAX_STRING_LENGTH) {
    throw new UsageError(`--n ${n}: the ${ext} text would take about ${Math.round((n * perSample) / 2 ** 20)} MB, more than one string holds (512 MB): write at most ${Math.floor(MAX_STRING_LENGTH / perSample)} samples per file`);
  }
}

export function sampleCommand(): Command {
  return new Command('sample')
    .description('draw samples from a trained generator, as JSON, CSV or a PNG picture (image runs: a grid of images, or latent interpolations with --interpolate)')
    .argument('<dir>', 'run folder made by `tsgan train`')
    .requiredOption('--out <file>', 'output file: .json ({"dim", "samples": [[…], …]}), .csv or .png')
    .option('--n <n>', 'number of samples (default: 1000; 100 for a PNG grid of images); with --interpolate, the number of rows (default: 8)', parseInteger)
    .option('--seed <s>', `seed of the noise z, 0 to ${MAX_SEED} (default: 1)`, parseSeed, 1)
    .option('--interpolate', 'image runs: a PNG of latent interpolations, one row per pair of noise draws z_a → z_b, linear in z')
    .option('--steps <k>', 'with --interpolate: images per row, z_a and z_b included (default: 10)', parseInteger, 10)
    .option('--temperature <T>', 'draw z from the prior scaled by T, 0 < T ≤ 4 (below 1: the truncation trick, digits nearer the middle and less varied) (default: 1)', parseTemperature, 1)
    .option('--overwrite', 'replace --out if it exists')
    .option('--max-samples <n>', `limit: refuse --n above this (default: ${DEFAULT_MAX_SAMPLES}; more also needs the free memory)`, parsePositiveInteger)
    .action(async (dir: string, opts: SampleOpts) => {
      const ext = extname(opts.out).toLowerCase();
      if (!FORMATS.includes(ext)) throw new UsageError(`--out ${opts.out}: unknown format "${ext || '(none)'}": end the name with ${FORMATS.join(', ')}`);
      if (opts.n !== undefined && opts.n < 1) throw new UsageError(`--n ${opts.n}: give a number of samples ≥ 1`);
      if (opts.n !== undefined) checkSampleCount(opts.n, 0, '--n', { maxSamples: opts.maxSamples ?? DEFAULT_MAX_SAMPLES });
      if (opts.interpolate && ext !== '.png') throw new UsageError(`--interpolate draws a picture: give --out a .png name, not ${opts.out}`);
      if (opts.interpolate && (opts.steps < 2 || opts.steps > 100)) throw new UsageError(`--steps ${opts.steps}: give 2 to 100 images per interpolation row`);
      if (existsSync(opts.out) && !opts.overwrite) throw new UsageError(`--out ${opts.out}: exists already: choose another name or pass --overwrite`);
      checkOutputFile(opts.out); // its folder exists and can be written, before any sampling
      const atTemperature = opts.temperature === 1 ? '' : ` (z at temperature ${opts.temperature})`;
      const run = await loadRunForCommand(dir);
      try {
        const dim = run.dataset.dim;
        const images = run.dataset instanceof ImageDataset ? run.dataset : undefined;
        if (opts.interpolate) {
          if (images === undefined) throw new UsageError(`--interpolate needs a run trained on images; ${dir} was trained on ${dim}-D points (${run.dataset.label})`);
          const rows = opts.n ?? 8;
          if (rows > 1000) throw new UsageError(`--n ${rows}: at most 1000 interpolation rows`);
          const png = imageGridPng({ images: interpolationImages(run, rows, opts.steps, opts.seed, opts.temperature), height: images.height, width: images.width, channels: images.channels, columns: opts.steps });
          writeFileAtomic(opts.out, png);
          process.stdout.write(`tsgan: wrote ${rows} latent interpolations of ${opts.steps} images each to ${opts.out}${atTemperature}\n`);
          return;
        }
        const n = opts.n ?? (images !== undefined && ext === '.png' ? 100 : 1000);
        if (images !== undefined && ext === '.png' && n > 10_000) throw new UsageError(`--n ${n}: at most 10000 images in a PNG grid`);
        checkSampleCount(n, dim, '--n', { maxSamples: opts.maxSamples ?? DEFAULT_MAX_SAMPLES, availableBytes: freemem() });
        if (ext === '.json' || ext === '.csv') checkTextSize(n, dim, ext);
        const x = run.trainer.sample(n, createRng(opts.seed), false, opts.temperature);
        if (ext === '.json' || ext === '.csv') {
          const rows: number[][] = [];
          for (let i = 0; i < n; i++) rows.push(Array.from(x.subarray(i * dim, (i + 1) * dim)));
          if (ext === '.json') {
            writeFileAtomic(opts.out, `${JSON.stringify({ dim, samples: rows })}\n`);
          } else {
            const header = Array.from({ length: dim }, (_, i) => `x${i}`).join(',');
            writeFileAtomic(opts.out, `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
          }
        } else {
          let png: Buffer;
          if (images !== undefined) png = imageGridPng({ images: x, height: images.height, width: images.width, channels: images.channels });
          else {
            const real = run.dataset.sample(createRng(opts.seed + 1), n);
            if (dim === 2) png = await scatter2dPng({ real, fake: x, title: `${run.dataset.label}: ${n} generated samples (seed ${opts.seed}) and data` });
            else if (dim === 1) png = await density1dPng({ curves: [], histograms: [{ name: 'real samples', samples: real }, { name: 'generated samples', samples: x }], title: `${run.dataset.label}: ${n} generated samples (seed ${opts.seed})`, xLabel: 'x', leftLabel: 'density' });
            else throw new UsageError(`--out ${opts.out}: PNG output needs 1-D or 2-D points or images, this run's data has ${dim} dimensions: use .json or .csv`);
          }
          writeFileAtomic(opts.out, png);
        }
        process.stdout.write(`tsgan: wrote ${n} samples to ${opts.out}${atTemperature}\n`);
      } finally {
        run.trainer.dispose();
      }
    });
}
