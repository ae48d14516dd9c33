/**
 * Child process for thread tests: trains a few steps of a small feature-major GAN on the wasm backend
 * with TSGAN_WASM_THREADS threads and prints {threads, layout, records} (stepMs left out) as JSON.
 */
import { useBackend } from '../../src/node/backend/backend.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { uniformTableDataset } from '../../src/bench/uniform-table.js';
import { createRng } from '../../src/random/rng.js';

const backend = await useBackend('wasm');
const config = resolveConfig({ noise: { dim: 20 }, generator: { hidden: [96, 160], output: 'tanh' }, discriminator: { hidden: [128] }, batchSize: 16, seed: 5 });
const trainer = new GanTrainer(config, uniformTableDataset(100, 120, createRng(1)));
const records = [];
for (let i = 0; i < 4; i++) {
  const { stepMs, ...r } = trainer.trainStep();
  records.push(r);
}
process.stdout.write(`${JSON.stringify({ threads: backend.threads, layout: trainer.layout, records })}\n`);
