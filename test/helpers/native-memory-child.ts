/**
 * Child process of test/node/native-memory.test.ts (run with --expose-gc): trains STEPS steps of a small
 * WGAN with both penalties, weight clipping and snapshots on the native backend, and prints one JSON line
 * per MEASURE_EVERY steps: the step, resident memory, V8's heap, memory outside it (array buffers, the
 * addon's), the wasm heap's size, and TF.js's tensor count and bytes, each after a full garbage collection.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { useBackend } from '../../src/node/backend/backend.js';
import { wasmHeap } from '../../src/node/backend/native/heap.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { distributionFromSpec } from '../../src/data/index.js';

const STEPS = Number(process.env.STEPS ?? 2000);
const MEASURE_EVERY = Number(process.env.MEASURE_EVERY ?? 100);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

/** `native`, or `wasm` to compare with the backend the native one builds on. */
const BACKEND = process.env.BACKEND === 'wasm' ? 'wasm' : 'native';
const info = await useBackend(BACKEND);
if (info.active !== BACKEND) throw new Error(`not on the ${BACKEND} backend: ${info.fallbackReason}`);
// Hidden products of 64·128·128 ≈ 1 M multiply-adds: above the size the native kernels split over threads.
const config = resolveConfig({
  batchSize: 64,
  generator: { hidden: [128, 128] },
  discriminator: { hidden: [128, 128] },
  loss: 'wgan',
  clipValue: 0.5,
  gradientPenaltyWeight: 1,
  r1Gamma: 1,
  steps: STEPS,
  snapshotEvery: 250,
  snapshotSamples: 100,
  seed: 3,
});
const trainer = new GanTrainer(config, distributionFromSpec('ring8'));
for await (const e of trainer.run()) {
  if (e.type !== 'step' || e.step % MEASURE_EVERY !== 0) continue;
  gc();
  const m = process.memoryUsage();
  const t = tf.memory();
  const line = { step: e.step, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, wasmHeap: wasmHeap(tf.backend() as BackendWasm).byteLength, numTensors: t.numTensors, numBytes: t.numBytes };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
trainer.dispose();
process.stdout.write(`${JSON.stringify({ done: true, numTensors: tf.memory().numTensors })}\n`);
