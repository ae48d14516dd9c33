/**
 * Test set-up: the wasm backend (the default users get). Test files that cross-check against TF.js's
 * own autodiff import test/helpers/tf-gradients.ts as well; the others do not, so that library code
 * that silently relied on TF.js's gradient registry would fail its tests (the library registers none).
 */
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend/backend.js';

export async function setupBackend(): Promise<typeof tf> {
  const info = await useBackend('wasm');
  if (info.active !== 'wasm') throw new Error(`tests expect the wasm backend, got ${info.active}`);
  return tf;
}
