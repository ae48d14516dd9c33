/**
 * The native backend in place of test/helpers/backend.ts, for running an existing test file unchanged on
 * it (test/helpers/native-backend-hooks.ts swaps the import; test/node/native-penalties.test.ts uses it).
 * Every kernel the native engine registered is wrapped to count its calls, and the counts are printed
 * on stderr at exit as one line `native kernel calls: {"BatchMatMul":…}`, so that the caller can check
 * that the checks did run through the native kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend/backend.js';
import { NATIVE_KERNELS } from '../../src/node/backend/native/kernels.js';

const calls: Record<string, number> = {};

export async function setupBackend(): Promise<typeof tf> {
  const info = await useBackend('native');
  if (info.active !== 'native') throw new Error(`tests expect the native backend, got ${info.active}: ${info.fallbackReason}`);
  for (const { kernelName } of NATIVE_KERNELS) {
    const config = tf.getKernel(kernelName, 'wasm');
    if (config === undefined) continue;
    calls[kernelName] = 0;
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: (args) => (calls[kernelName]++, config.kernelFunc(args)) });
  }
  process.on('exit', () => process.stderr.write(`native kernel calls: ${JSON.stringify(calls)}\n`));
  return tf;
}
