#!/usr/bin/env node
// Makes assets/mnist-classifier.bin, the MNIST classifier shipped with tsgan (docs/images.md): runs
// `tsgan classifier train --seed 0` with its defaults (the built CLI, native engine) into a temporary
// file, then writes that classifier in the shipped binary format (src/node/image-metrics/shipped-classifier.ts).
// Run `npm run build` first. Takes a few minutes on 2 cores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const dir = mkdtempSync(join(tmpdir(), 'tsgan-classifier-'));
try {
  const cache = join(dir, 'mnist-classifier.json');
  const r = spawnSync(process.execPath, ['dist/src/cli/main.js', 'classifier', 'train', '--seed', '0', '--out', cache], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const { loadClassifier, writeShippedClassifier, shippedClassifierPath, loadShippedClassifier } = await import('../dist/src/node/index.js');
  const out = shippedClassifierPath();
  writeShippedClassifier(out, loadClassifier(cache));
  const shipped = loadShippedClassifier(out);
  console.log(`wrote ${out}: test accuracy ${(100 * shipped.info.testAccuracy).toFixed(2)} %, weights SHA-256 ${shipped.weightsSha256}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
