/**
 * tsgan's fused wasm kernels against their TF.js references: the same bits (the global norm: the same
 * value to float32 rounding), for sizes with SIMD tails; differentiable references under a tape; no leaks.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import '../helpers/tf-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { FUSED_KERNELS, fusedKernelUsable } from '../../src/ops/fused-kernels.js';
import { WASM_FUSED_KERNEL_NAMES } from '../../src/node/backend/wasm-kernels/register.js';
import { biasActivation, biasActivationReference, denseDelta, denseDeltaReference, transpose2d } from '../../src/models/dense-ops.js';
import type { ActivationName } from '../../src/models/activations.js';
import { adamUpdate, adamUpdateReference } from '../../src/training/adam-op.js';
import { globalNorm, globalNormReference } from '../../src/training/global-norm.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();
const rng = createRng(11);
const normal = (shape: number[]) => tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);

/** Equal values; ±0 count as equal. */
function sameBits(a: tf.Tensor, b: tf.Tensor, what: string): void {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  const x = a.dataSync();
  const y = b.dataSync();
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !(Number.isNaN(x[i]) && Number.isNaN(y[i]))) assert.fail(`${what}: [${i}] ${x[i]} vs ${y[i]}`);
}

const SHAPES: [number, number][] = [[1, 1], [3, 5], [8, 4], [33, 130], [64, 100], [130, 7]];
const ACTS: ActivationName[] = ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'softplus', 'elu', 'linear'];

test('the backend has the fused kernels of tsgan\'s wasm module registered (so these tests exercise them)', () => {
  assert.deepEqual([...WASM_FUSED_KERNEL_NAMES].sort(), [FUSED_KERNELS.adam, FUSED_KERNELS.biasActivation, FUSED_KERNELS.denseDelta, FUSED_KERNELS.globalNorm, FUSED_KERNELS.transpose2d].sort());
  for (const name of WASM_FUSED_KERNEL_NAMES) assert.ok(fusedKernelUsable(name), name);
});

test('transpose2d equals tf.transpose', () => {
  for (const [r, c] of [...SHAPES, [1024, 784] as [number, number]]) {
    tf.tidy(() => {
      const x = normal([r, c]) as tf.Tensor2D;
      sameBits(transpose2d(x), tf.transpose(x), `${r}×${c}`);
    });
  }
});

test('biasActivation equals act(z + b) written with TF.js ops, for every activation', () => {
  for (const act of ACTS) {
    for (const [u, n] of SHAPES) {
      tf.tidy(() => {
        const z = normal([u, n]) as tf.Tensor2D;
        const b = normal([u]) as tf.Tensor1D;
        sameBits(biasActivation(z, b, act), biasActivationReference(z, b, act), `${act} ${u}×${n}`);
      });
    }
  }
});

test('denseDelta equals dy ⊙ act′(y) and its batch sum written with TF.js ops, in both layouts', () => {
  for (const act of ACTS) {
    for (const layout of ['batch-major', 'feature-major'] as const) {
      for (const [r, c] of SHAPES) {
        tf.tidy(() => {
          const dy = normal([r, c]) as tf.Tensor2D;
          // outputs of the activation (so that act′ through y is meaningful): relu/elu ≥ 0 or −1…, tanh in (−1, 1), …
          const y = (act === 'linear' ? normal([r, c]) : tf.tidy(() => {
            const z = normal([r, c]);
            return act === 'relu' ? tf.relu(z) : act === 'leakyRelu' ? tf.leakyRelu(z, 0.2) : act === 'tanh' ? tf.tanh(z) : act === 'sigmoid' ? tf.sigmoid(z) : act === 'softplus' ? tf.softplus(z) : tf.elu(z);
          })) as tf.Tensor2D;
          const got = denseDelta(dy, y, act, layout);
          const want = denseDeltaReference(dy, y, act, layout);
          sameBits(got.delta, want.delta, `${act} ${layout} ${r}×${c} δ`);
          sameBits(got.biasGrad, want.biasGrad, `${act} ${layout} ${r}×${c} ∂b`);
        });
      }
    }
  }
});

test('adamUpdate equals the Adam rule written with TF.js ops, bit for bit', () => {
  for (const size of [1, 3, 4, 7, 1000, 33 * 130]) {
    tf.tidy(() => {
      const [p, g] = [normal([size]), normal([size])];
      const m = tf.mul(normal([size]), 0.1);
      const v = tf.abs(tf.mul(normal([size]), 0.01));
      const t = 7;
      const attrs = { beta1: 0.5, oneMinusBeta1: 0.5, beta2: 0.999, oneMinusBeta2: 1 - 0.999, sqrtBiasCorrection2: Math.sqrt(1 - 0.999 ** t), epsilon: 1e-8, stepSize: 1e-4 / (1 - 0.5 ** t) };
      const got = adamUpdate(p, m, v, g, attrs);
      const want = adamUpdateReference(p, m, v, g, attrs);
      for (const k of ['p', 'm', 'v'] as const) sameBits(got[k], want[k], `${k} (size ${size})`);
    });
  }
});

test('globalNorm equals √(Σ Σ t²) with TF.js ops to float32 rounding', () => {
  tf.tidy(() => {
    const ts = [normal([33, 130]), normal([7]), normal([1]), normal([64, 100])];
    const got = globalNorm(ts).dataSync()[0];
    const want = globalNormReference(ts).dataSync()[0];
    assert.ok(Math.abs(got - want) <= 1e-5 * want, `${got} vs ${want}`);
  });
});

test('under a gradient tape the ops use their differentiable references', () => {
  const x = normal([5, 3]) as tf.Tensor2D;
  const b = normal([5]) as tf.Tensor1D;
  const c = normal([3, 5]);
  // d/dx Σ(xᵀ ⊙ c) = cᵀ;  d/db Σ relu(x + b) = number of positive entries in each row
  const gx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(transpose2d(t as tf.Tensor2D), c)))(x);
  sameBits(gx, tf.transpose(c), 'transpose gradient');
  const gb = tf.grad((t: tf.Tensor) => tf.sum(biasActivation(x, t as tf.Tensor1D, 'relu')))(b);
  sameBits(gb, tf.sum(tf.cast(tf.greater(tf.add(x, tf.reshape(b, [5, 1])), 0), 'float32'), 1), 'bias gradient');
  tf.dispose([x, b, c, gx, gb]);
});

test('the fused ops leak no tensors', () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const x = normal([9, 6]) as tf.Tensor2D;
    transpose2d(x);
    biasActivation(x, normal([9]) as tf.Tensor1D, 'tanh');
    denseDelta(x, x, 'relu', 'feature-major');
    adamUpdate(x, x, tf.abs(x), x, { beta1: 0.5, oneMinusBeta1: 0.5, beta2: 0.9, oneMinusBeta2: 0.1, sqrtBiasCorrection2: 0.5, epsilon: 1e-8, stepSize: 0.1 });
    globalNorm([x, x]);
  });
  assert.equal(tf.memory().numTensors, before);
});
