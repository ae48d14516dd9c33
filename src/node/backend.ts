/**
 * Choosing the TF.js backend in Node (the library core never does: the host picks).
 *
 * - `wasm` (default): `@tensorflow/tfjs-backend-wasm`, single-threaded in Node; falls back to `cpu`
 *   if it cannot start.
 * - `cpu`: the pure-JavaScript backend (slow, always available).
 * - `tensorflow`: `@tensorflow/tfjs-node`, only if the user installed it (it downloads TensorFlow at
 *   install time, so it is never a dependency of tsgan).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../training/config.js';

/** A backend that cannot be used, with a one-line message that says how to fix it. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
}

/** What {@link useBackend} ended up with. */
export interface BackendInfo {
  readonly requested: BackendName;
  /** The backend actually in use (differs from `requested` only after the wasm → cpu fallback). */
  readonly active: string;
  /** Why the fallback happened, if it did. */
  readonly fallbackReason?: string;
}

/** Makes `name` the active TF.js backend (see the file comment for the fallback rule). */
export async function useBackend(name: BackendName): Promise<BackendInfo> {
  if (name === 'tensorflow') {
    const moduleName = '@tensorflow/tfjs-node';
    try {
      await import(moduleName);
    } catch {
      throw new BackendError(
        'backend "tensorflow" needs @tensorflow/tfjs-node, which is not installed: run `npm install @tensorflow/tfjs-node` on a machine with internet access, or use --backend wasm',
      );
    }
    if (!(await tf.setBackend('tensorflow'))) throw new BackendError('@tensorflow/tfjs-node is installed but its backend did not start: use --backend wasm');
    return { requested: name, active: tf.getBackend() };
  }
  if (name === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { requested: name, active: 'wasm' };
      }
    } catch (e) {
      await import('@tensorflow/tfjs-backend-cpu');
      await tf.setBackend('cpu');
      return { requested: name, active: 'cpu', fallbackReason: `wasm backend failed to start (${(e as Error).message.split('\n')[0]})` };
    }
  }
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new BackendError('the cpu backend did not start');
  return { requested: name, active: 'cpu', fallbackReason: name === 'wasm' ? 'wasm backend did not start' : undefined };
}
