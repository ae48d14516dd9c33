/**
 * `tsgan eval` on a Stacked MNIST run (data with 1,000 labelled modes): the protocol of VEEGAN and
 * PacGAN — 26,000 samples by default, each channel's digit named by the MNIST classifier (yours, else
 * the shipped one), the modes found of 1,000, KL to uniform and KL to the training labels — printed
 * beside the published rows.
 */
import { PUBLISHED_STACKED_MNIST, stackedGeneratorModes, type ModeLabelled, type StackedModeMetrics } from '../../index.js';
import { classifierToUse, loadClassifierModel, type LoadedRun } from '../../node/index.js';
import { temperatureNote } from './eval-temperature.js';

/** Samples of the Stacked MNIST protocol (VEEGAN, PacGAN). */
export const STACKED_EVAL_SAMPLES = 26_000;

/** Evaluates `run` (on data with mode labels) with `n` samples drawn with `seed`; writes the report (or JSON) to stdout. */
export function evalStacked(dir: string, run: LoadedRun & { readonly dataset: ModeLabelled }, n: number, seed: number, asked: string | undefined, json: boolean, temperature = 1): void {
  const classifier = classifierToUse(asked);
  const { model, info } = loadClassifierModel(classifier.path);
  let m: StackedModeMetrics;
  try {
    m = stackedGeneratorModes(run.trainer, run.dataset, model, n, seed, temperature);
  } finally {
    model.dispose();
  }
  const result = { dir, data: run.dataset.label, loss: run.config.loss, step: run.trainer.step, temperature, classifier: { path: classifier.path, kind: classifier.kind, testAccuracy: info.testAccuracy }, ...m, totalModes: run.dataset.modeCount, published: PUBLISHED_STACKED_MNIST };
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const lines = [
    `${dir}: ${run.dataset.label}, ${run.config.loss} loss, step ${run.trainer.step}: ${m.samples} generated images, each channel's digit named by the MNIST classifier`,
    `  classifier ${classifier.path} (${classifier.kind === 'shipped' ? 'shipped with tsgan, ' : ''}test accuracy ${(100 * info.testAccuracy).toFixed(2)} %)`,
    `  modes found                  ${m.modes} / ${run.dataset.modeCount}`,
    `  KL(modes ‖ uniform)          ${m.klUniform.toFixed(4)} nats`,
    `  KL(modes ‖ training labels)  ${m.klTraining === undefined ? '–' : `${m.klTraining.toFixed(4)} nats`}`,
    `  published (modes / KL to uniform, ${STACKED_EVAL_SAMPLES.toLocaleString('en')} samples):`,
    ...PUBLISHED_STACKED_MNIST.map((r) => `    ${r.method.padEnd(28)}${String(r.modes).padStart(5)} / ${r.klUniform.toFixed(3)}   ${r.source}`),
  ];
  if (m.samples !== STACKED_EVAL_SAMPLES) lines.push(`  (${m.samples} samples, not the protocol's ${STACKED_EVAL_SAMPLES.toLocaleString('en')}: the numbers are not comparable with the rows above)`);
  process.stdout.write(`${lines.join('\n')}${temperatureNote(temperature)}\n`);
}
