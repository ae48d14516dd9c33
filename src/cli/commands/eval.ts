/**
 * `tsgan eval DIR`: evaluates a trained run's generator against its data. Runs on 28×28 grey images
 * (MNIST) get the image metrics (src/metrics/image) through the MNIST classifier (--classifier FILE,
 * else the user's own from `tsgan classifier train`, else the one shipped with tsgan); other runs get mode metrics, W1 and moments.
 */
import { loadRunForCommand } from '../start-backend.js';
import { dataShare } from '../high-quality-text.js';
import { freemem } from 'node:os';
import { Command } from 'commander';
import { evaluateSamples, imageMetrics, type ImageMetrics, createRng, deriveSeed, checkSampleCount, DEFAULT_MAX_SAMPLES, hasModeLabels } from '../../index.js';
import { evalStacked, STACKED_EVAL_SAMPLES } from './eval-stacked.js';
import { temperatureNote } from './eval-temperature.js';
import { isMnistLike, classifierToUse, loadClassifierModel, mnistDataset, type LoadedRun } from '../../node/index.js';
import { UsageError } from '../errors.js';
import { MAX_SEED, parseInteger, parsePositiveInteger, parseSeed, parseTemperature } from '../parse.js';

interface EvalOpts {
  samples?: number;
  seed?: number;
  maxSamples?: number;
  json?: boolean;
  classifier?: string;
  testImages: number;
  parzen: boolean;
  parzenTest: number;
  parzenSamples: number;
  parzenValidation: number;
  temperature: number;
}


const fmt = (v: number, digits = 4) => (Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : String(v));

function imageReport(dir: string, run: LoadedRun, m: ImageMetrics, classifier: { path: string; testAccuracy: number }): string {
  const r = m.reference!;
  const row = (label: string, gen: string, ref = '') => `  ${label.padEnd(29)}${`${gen} `.padEnd(12)}${ref}`.trimEnd();
  const lines = [
    `${dir}: ${run.dataset.label}, ${run.config.loss} loss, step ${run.trainer.step}: ${m.samples} generated images vs ${m.testImages} MNIST test images`,
    `  classifier ${classifier.path} (test accuracy ${(100 * classifier.testAccuracy).toFixed(2)} %)`,
    row('', 'generator', `MNIST training images (the last ${r.images})`),
    row('Fréchet distance (features)', fmt(m.frechetDistance), fmt(r.frechetDistance)),
    row('classifier score (max 10)', fmt(m.classifierScore), fmt(r.classifierScore)),
    row(`precision (k = ${m.k})`, fmt(m.precision, 3), fmt(r.precision, 3)),
    row(`recall (k = ${m.k})`, fmt(m.recall, 3), fmt(r.recall, 3)),
    row(`classes covered (≥ ${100 * m.coverage.threshold} %)`, `${m.coverage.classesCovered} / ${m.coverage.histogram.length}`, `${r.classesCovered} / ${m.coverage.histogram.length}`),
    row('KL(classes ‖ uniform)', `${fmt(m.coverage.klFromUniform)} nats`, `(generated classes: ${m.coverage.histogram.map((h) => (100 * h).toFixed(1)).join(' ')} %)`),
  ];
  if (m.labelAccuracy) {
    const a = m.labelAccuracy;
    lines.push(row('label accuracy (conditional)', `${(100 * a.accuracy).toFixed(1)} %`, `${r.labelAccuracy === undefined ? '' : `${(100 * r.labelAccuracy).toFixed(1)} %  `}(per digit: ${a.perClass.map((p) => (Number.isNaN(p) ? '–' : (100 * p).toFixed(0))).join(' ')} %)`));
  }
  if (m.parzen) {
    const p = m.parzen;
    lines.push(`  ${'Parzen log-likelihood'.padEnd(29)}${p.mean.toFixed(1)} ± ${p.standardError.toFixed(1)} nats (σ = ${fmt(p.sigma, 3)}; ${p.testCount} test images, ${p.sampleCount} samples; Goodfellow et al. 2014's GAN: 225 ± 2)`);
  }
  lines.push('  (features and probabilities of tsgan\'s MNIST classifier: not comparable with Inception-based FIDs/IS in papers)');
  return lines.join('\n');
}

export function evalCommand(): Command {
  return new Command('eval')
    .description('evaluate a trained run: PacGAN mode metrics on mixtures, W1 to the data, moments; on MNIST images: Fréchet distance, classifier score, class coverage, precision/recall, Parzen log-likelihood, and label accuracy of conditional runs; on Stacked MNIST: modes of 1,000 and KL to uniform and to the training labels')
    .argument('<dir>', 'run folder made by `tsgan train`')
    .option('--samples <n>', 'generated samples to evaluate (default: the run\'s snapshotSamples, 2500; 10000 for MNIST; 26000 for Stacked MNIST)', parseInteger)
    .option('--seed <s>', `seed of the evaluation noise and data draws, 0 to ${MAX_SEED} (default: the run's seed)`, parseSeed)
    .option('--json', 'print JSON')
    .option('--max-samples <n>', `limit: refuse --samples above this (default: ${DEFAULT_MAX_SAMPLES}; more also needs the free memory)`, parsePositiveInteger)
    .option('--classifier <file>', 'images: the MNIST classifier (default: your own from `tsgan classifier train` in $TSGAN_CACHE_DIR or ~/.cache/tsgan, else the one shipped with tsgan)')
    .option('--test-images <n>', 'images: MNIST test images to compare with (default: 10000)', parseInteger, 10_000)
    .option('--no-parzen', 'images: skip the Parzen-window log-likelihood (the slowest metric)')
    .option('--parzen-test <n>', 'images: test images of the Parzen estimate (default: 10000)', parseInteger, 10_000)
    .option('--parzen-samples <n>', 'images: generated samples in the Parzen window (default: 10000, at most --samples)', parseInteger, 10_000)
    .option('--parzen-validation <n>', 'images: held-out training images (the last ones) that choose σ (default: 10000)', parseInteger, 10_000)
    .option('--temperature <T>', 'draw z from the prior scaled by T, 0 < T ≤ 4 (below 1: the truncation trick; the numbers are then not those of p_g) (default: 1)', parseTemperature, 1)
    .action(async (dir: string, opts: EvalOpts) => {
      const run = await loadRunForCommand(dir);
      try {
        const image = isMnistLike(run.dataset);
        const dataset = run.dataset;
        const stacked = hasModeLabels(dataset);
        const n = opts.samples ?? (stacked ? STACKED_EVAL_SAMPLES : image ? 10_000 : run.config.snapshotSamples);
        if (n < 1) throw new UsageError('--samples must be at least 1');
        checkSampleCount(n, run.dataset.dim, '--samples', { maxSamples: opts.maxSamples ?? DEFAULT_MAX_SAMPLES, availableBytes: freemem() });
        const seed = opts.seed ?? run.config.seed;
        if (stacked) {
          evalStacked(dir, { ...run, dataset }, n, seed, opts.classifier, opts.json === true, opts.temperature);
          return;
        }
        if (image) {
          if (n < 4) throw new UsageError(`--samples ${n}: image metrics need at least 4 samples (precision/recall use 3 neighbours)`);
          for (const [flag, v, max] of [['--test-images', opts.testImages, 10_000], ['--parzen-test', opts.parzenTest, 10_000], ['--parzen-samples', opts.parzenSamples, Infinity], ['--parzen-validation', opts.parzenValidation, 60_000]] as const) {
            if (v < 4 || v > max) throw new UsageError(`${flag} ${v}: give a number from 4 to ${max === Infinity ? 'the number of samples' : max}`);
          }
          const classifierPath = classifierToUse(opts.classifier).path;
          if (!/^mnist(-test)?$/.test(run.dataset.label)) process.stderr.write(`tsgan: note: the image metrics compare ${run.dataset.label} with MNIST's test digits through a digit classifier\n`);
          const { model, info } = loadClassifierModel(classifierPath);
          try {
            const fake = run.trainer.sample(n, createRng(deriveSeed(seed, 'snapshot')), false, opts.temperature);
            const labels = run.trainer.sampleLabels(n); // conditional runs: the class of each sample
            const metrics = imageMetrics(model, fake, mnistDataset('test'), mnistDataset('train'), {
              testCount: opts.testImages,
              ...(labels === undefined ? {} : { labels }),
              parzen: opts.parzen ? { testCount: opts.parzenTest, sampleCount: Math.min(opts.parzenSamples, n), validationCount: opts.parzenValidation } : false,
            });
            const classifier = { path: classifierPath, testAccuracy: info.testAccuracy };
            if (opts.json) {
              process.stdout.write(`${JSON.stringify({ dir, data: run.dataset.label, loss: run.config.loss, step: run.trainer.step, temperature: opts.temperature, classifier, ...metrics }, null, 2)}\n`);
            } else {
              process.stdout.write(`${imageReport(dir, run, metrics, classifier)}${temperatureNote(opts.temperature)}\n`);
            }
          } finally {
            model.dispose();
          }
          return;
        }
        const fake = run.trainer.sample(n, createRng(deriveSeed(seed, 'snapshot')), false, opts.temperature);
        // The training loop's draws for this step's evaluation (train-run.ts: the snapshot noise, data from
        // `eval:<step>`), so with the run's seed and sample count this prints what training printed for the
        // same generator — W1 from 500 vs 500 samples moves by ~±0.03 between draws, and two unexplained
        // values for one generator read as a bug.
        const ev = evaluateSamples(run.dataset, fake, run.trainer.step, createRng(deriveSeed(seed, `eval:${run.trainer.step}`)));
        const result = { dir, data: run.dataset.label, loss: run.config.loss, temperature: opts.temperature, ...ev };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        const same = seed === run.config.seed && n === run.config.snapshotSamples && opts.temperature === 1;
        const lines = [
          `${dir}: ${run.dataset.label}, ${run.config.loss} loss, step ${ev.step}, ${ev.samples} generated samples` +
            (same ? ' (the draws of the training summary: the same numbers)' : ` (--seed / --samples: other draws than training's; W1 from 500 vs 500 samples varies by a few hundredths between draws)`),
        ];
        if (ev.modes) {
          lines.push(`  modes captured      ${ev.modes.modesCaptured} / ${ev.modes.totalModes}`);
          lines.push(`  high quality        ${(100 * ev.modes.highQualityFraction).toFixed(1)} %${dataShare(ev.modes.highQualityFraction, ev.dataHighQualityFraction)}`);
          lines.push(`  reverse KL (modes)  ${ev.modes.reverseKL.toFixed(4)}`);
        }
        if (ev.w1 !== undefined) lines.push(`  W1(data, G)         ${ev.w1.toFixed(4)}  (${ev.w1Method})`);
        lines.push(`  generated mean      [${ev.fakeMean.map((v) => v.toFixed(3)).join(', ')}]`);
        lines.push(`  generated std       [${ev.fakeStd.map((v) => v.toFixed(3)).join(', ')}]`);
        process.stdout.write(`${lines.join('\n')}${temperatureNote(opts.temperature)}\n`);
      } finally {
        run.trainer.dispose();
      }
    });
}
