/**
 * A transposed 2-D convolution ("fractionally-strided convolution", the upsampling layer of the DCGAN
 * generator, Radford et al. 2016), NHWC, 'same' padding, with a hand-written backward pass.
 *
 * With A the linear map of a stride-s convolution with filter W [k, k, outChannels, inChannels]
 * (from [n, s·h, s·w, outChannels] to [n, h, w, inChannels]), the layer is y = Aᵀx + b:
 * an input of [n, h, w, inChannels] becomes [n, s·h, s·w, outChannels] (what `tf.conv2dTranspose`
 * computes). So, for dy = ∂L/∂y, since ⟨dy, Aᵀx⟩ = ⟨A·dy, x⟩:
 *   forward  y     = Aᵀx = conv2dInputGradient(x, W)      (./conv2d-gradients.ts; computed sub-pixel, below)
 *   ∂L/∂x          = A·dy = conv2d(dy, W, s, 'same')
 *   ∂L/∂W          = conv2dFilterGradient(dy, x)          (the convolution's input is dy, its output gradient x)
 *   ∂L/∂b          = Σ_{n,i,j} dy.
 * Every step runs through TF.js's fast forward conv2d kernel (see ./conv2d-gradients.ts for why).
 *
 * The forward pass is computed "sub-pixel" (Shi et al. 2016): conv2dInputGradient would correlate W
 * with x dilated by s, s² times more positions than it has values. Output row s·m + r (phase r) only
 * meets the taps a ≡ r + p (mod s) of W (p the convolution's top padding), at input rows m + (r + p − a)/s.
 * So a stride-1 convolution of x (padded) with a T × T kernel holding, for each of the s² phases,
 * its taps of W (zeros elsewhere) gives every phase as a block of channels z, interleaved by a
 * reshape and transpose (depthToSpace): y[n, s·m + r, s·l + c, o] = z[n, m, l, (r·s + c)·outChannels + o].
 * With ≥ 8 output channels each phase gets its own convolution with only its taps (for k = 4, s = 2:
 * four 2×2 kernels instead of one 3×3 with zeros). Measured on the wasm backend (n 128, 7×7×64 → 14×14×32):
 * 73 ms against 157 ms for the dilated form; 14×14×32 → 28×28×1: 15 ms against 107 ms.
 * Tests check it against `tf.conv2dTranspose` and conv2dInputGradient. Where the input-gradient kernel
 * is registered (the native engine) the forward pass is that kernel (a product and a col2im gather, no
 * zero taps either) and the sub-pixel form is not used.
 * Parameters are named `<prefix>/w` and, with a bias, `<prefix>/b`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { channelSums } from './channel-sums.js';
import { conv2dFilterGradient, conv2dInputGradient } from './conv2d-gradients.js';
import { FUSED_KERNELS, fusedKernelUsable } from '../ops/fused-kernels.js';
import type { NamedWeights } from './mlp.js';
import { assignNamedVariables, copyNamedVariables } from './named-tensors.js';

/** Shape of a transposed convolution. */
export interface TransposedConv2dShape {
  readonly inChannels: number;
  readonly outChannels: number;
  /** Side k of the square kernel. */
  readonly kernelSize: number;
  /** Upsampling factor s: an h × w input becomes s·h × s·w. */
  readonly stride: number;
  /** Add a bias per output channel (leave it out before a batch norm, which cancels it). */
  readonly bias: boolean;
}

/** Gradients of the layer's parameters (b only with a bias). */
export interface TransposedConv2dGrads {
  readonly w: tf.Tensor4D;
  readonly b?: tf.Tensor1D;
}

let instanceCounter = 0;

/**
 * Aᵀx for A the stride-s, 'same'-padded convolution with filter w [k, k, outChannels, inChannels]
 * from [n, s·h, s·w, outChannels] to [n, h, w, inChannels]: x [n, h, w, inChannels] becomes
 * [n, s·h, s·w, outChannels] (`tf.conv2dTranspose(x, w, …, s, 'same')`), computed sub-pixel (see the
 * file comment). It is also ∂L/∂u of that convolution u ↦ Au for x = ∂L/∂(Au). A new tensor.
 */
export function transposedConv2d(x: tf.Tensor4D, w: tf.Tensor4D, s: number): tf.Tensor4D {
  const [k, kw, co, ci] = w.shape;
  if (k !== kw) throw new RangeError(`transposedConv2d needs a square kernel, got ${k}×${kw}`);
  if (x.shape[3] !== ci) throw new RangeError(`the input has ${x.shape[3]} channels, the filter expects ${ci}`);
  if (fusedKernelUsable(FUSED_KERNELS.conv2dInputGrad)) {
    const [n, h, wd] = x.shape;
    return conv2dInputGradient(x, w, [n, h * s, wd * s, co], s, 'same');
  }
  const plan = subPixelPlan(k, s);
  const t = plan.size;
  return tf.tidy(() => {
    const taps = tf.reshape(tf.transpose(w, [0, 1, 3, 2]), [k * k, ci * co]); // [k·k, in·out]
    // The sub-pixel kernel's taps [T·T·s², in·out] as a 0/1 selection of W's (a matrix product: the
    // wasm backend's gather takes ~7 ms for this size, the product ~0.2 ms).
    const picked = tf.matMul(tapSelection(plan, k, s), taps); // [T·T·s², in·out]
    const kernel = tf.reshape(tf.transpose(tf.reshape(picked, [t, t, s * s, ci, co]), [0, 1, 3, 2, 4]), [t, t, ci, s * s * co]) as tf.Tensor4D;
    if (s === 1) return tf.conv2d(tf.pad(x, [[0, 0], [plan.before, plan.after], [plan.before, plan.after], [0, 0]]), kernel, 1, 'valid');
    const [n, h, wd] = x.shape;
    // Phase blocks of channels → pixels: [n, h, w, s, s, co] → [n, h, s, w, s, co] (faster than the
    // wasm backend's depthToSpace, which gives the same).
    const interleave = (z: tf.Tensor4D) => tf.reshape(tf.transpose(tf.reshape(z, [n, h, wd, s, s, co]), [0, 1, 3, 2, 4, 5]), [n, h * s, wd * s, co]) as tf.Tensor4D;
    const pads = plan.used.map(([t0, t1]) => [plan.before - t0, plan.after - (t - 1 - t1)]);
    if (co < PER_PHASE_MIN_CHANNELS || pads.some(([b, a]) => b < 0 || a < 0)) {
      const xp = tf.pad(x, [[0, 0], [plan.before, plan.after], [plan.before, plan.after], [0, 0]]);
      return interleave(tf.conv2d(xp, kernel, 1, 'valid'));
    }
    // One convolution per phase over only the window rows and columns it uses (its own taps: for k = 4,
    // s = 2 a 2×2 kernel instead of 3×3), each on x padded for its window.
    const phases: tf.Tensor4D[] = [];
    for (let r = 0; r < s; r++) for (let c = 0; c < s; c++) {
      const [r0, r1] = plan.used[r];
      const [c0, c1] = plan.used[c];
      const kr = tf.slice(kernel, [r0, c0, 0, (r * s + c) * co], [r1 - r0 + 1, c1 - c0 + 1, ci, co]);
      phases.push(tf.conv2d(tf.pad(x, [[0, 0], pads[r] as [number, number], pads[c] as [number, number], [0, 0]]), kr, 1, 'valid'));
    }
    return interleave(tf.concat(phases, 3));
  });
}

/**
 * The 0/1 matrix [T·T·s², k·k] whose row ((ty·T + tx)·s + r)·s + c selects the tap of W at window
 * position (ty, tx) of phase (r, c) (all zeros where the phase has no tap there). A new tensor.
 */
function tapSelection(plan: SubPixelPlan, k: number, s: number): tf.Tensor2D {
  const t = plan.size;
  const m = new Float32Array(t * t * s * s * k * k);
  for (let ty = 0; ty < t; ty++) for (let tx = 0; tx < t; tx++) for (let r = 0; r < s; r++) for (let c = 0; c < s; c++) {
    const a = plan.taps[r][ty];
    const b = plan.taps[c][tx];
    if (a >= 0 && b >= 0) m[(((ty * t + tx) * s + r) * s + c) * k * k + a * k + b] = 1;
  }
  return tf.tensor2d(m, [t * t * s * s, k * k]);
}

/**
 * From this many output channels on, one convolution per phase is faster than one convolution with
 * s²·outChannels outputs and zero taps (measured on the wasm backend; XNNPACK is slow with 1–4 outputs).
 */
const PER_PHASE_MIN_CHANNELS = 8;

/** The sub-pixel plan of one axis (see the file comment): window size T, padding, and per phase the tap of W at each window position. */
interface SubPixelPlan {
  readonly size: number;
  readonly before: number;
  readonly after: number;
  /** taps[r][t]: the tap a of W that phase r uses at window position t, or −1. */
  readonly taps: number[][];
  /** used[r]: the first and last window positions phase r uses. */
  readonly used: [number, number][];
}

/** The plan for kernel k, stride s, 'same' padding (top padding ⌊max(k − s, 0)/2⌋, whatever the size). */
function subPixelPlan(k: number, s: number): SubPixelPlan {
  const p = Math.floor(Math.max(k - s, 0) / 2);
  const uses: { r: number; a: number; offset: number }[] = [];
  for (let r = 0; r < s; r++) {
    for (let a = (((r + p) % s) + s) % s; a < k; a += s) uses.push({ r, a, offset: (r + p - a) / s });
  }
  const lo = Math.min(0, ...uses.map((u) => u.offset));
  const hi = Math.max(0, ...uses.map((u) => u.offset));
  const size = hi - lo + 1;
  const taps = Array.from({ length: s }, () => new Array<number>(size).fill(-1));
  for (const u of uses) taps[u.r][u.offset - lo] = u.a;
  const used = taps.map((row): [number, number] => {
    const at = row.flatMap((a, t) => (a >= 0 ? [t] : []));
    return at.length === 0 ? [0, 0] : [at[0], at[at.length - 1]];
  });
  return { size, before: -lo, after: hi, taps, used };
}

export class TransposedConv2d {
  /** W [k, k, outChannels, inChannels]: the filter of the convolution this layer transposes. */
  readonly w: tf.Variable<tf.Rank.R4>;
  readonly b?: tf.Variable<tf.Rank.R1>;

  private constructor(readonly shape: TransposedConv2dShape, w: tf.Variable<tf.Rank.R4>, b: tf.Variable<tf.Rank.R1> | undefined) {
    this.w = w;
    this.b = b;
  }

  /** A new layer with weights `w` (k·k·outChannels·inChannels values, layout of W) and a zero bias. */
  static create(shape: TransposedConv2dShape, w: Float32Array, name: string): TransposedConv2d {
    const { inChannels: c, outChannels: o, kernelSize: k, stride: s } = shape;
    for (const v of [c, o, k, s]) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`transposed convolution sizes must be positive integers, got in ${c}, out ${o}, kernel ${k}, stride ${s}`);
    }
    if (w.length !== k * k * c * o) throw new RangeError(`a ${k}×${k} transposed convolution ${c} → ${o} needs ${k * k * c * o} weights, got ${w.length}`);
    const id = `${name}#${instanceCounter++}`;
    const wInit = tf.tensor4d(w, [k, k, o, c]);
    const wv = tf.variable(wInit, true, `${id}/w`);
    wInit.dispose();
    let bv: tf.Variable<tf.Rank.R1> | undefined;
    if (shape.bias) {
      const bInit = tf.zeros([o]) as tf.Tensor1D;
      bv = tf.variable(bInit, true, `${id}/b`);
      bInit.dispose();
    }
    return new TransposedConv2d(shape, wv, bv);
  }

  /** Output shape [n, s·h, s·w, outChannels] for an input [n, h, w, inChannels]. */
  outputShape(inputShape: readonly number[]): [number, number, number, number] {
    const s = this.shape.stride;
    return [inputShape[0], inputShape[1] * s, inputShape[2] * s, this.shape.outChannels];
  }

  /** y = Aᵀx + b for x of shape [n, h, w, inChannels] (a new tensor), computed sub-pixel (file comment). */
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const y = transposedConv2d(x, this.w, this.shape.stride);
      return this.b === undefined ? y : (tf.add(y, this.b) as tf.Tensor4D);
    });
  }

  /** y = Aᵀx + b computed as conv2dInputGradient (the dilated form; for tests of {@link forward}). */
  forwardDilated(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const y = conv2dInputGradient(x, this.w, this.outputShape(x.shape), this.shape.stride, 'same');
      return this.b === undefined ? y : (tf.add(y, this.b) as tf.Tensor4D);
    });
  }

  /**
   * Backpropagation of dy = ∂L/∂y, for the input x of the forward pass: the parameter gradients when
   * `weights` is true, ∂L/∂x when `input` is true (new tensors; see the file comment).
   */
  backward(x: tf.Tensor4D, dy: tf.Tensor4D, want: { weights: boolean; input: boolean }): { grads?: TransposedConv2dGrads; dInput?: tf.Tensor4D } {
    const k = this.shape.kernelSize;
    const s = this.shape.stride;
    const grads = want.weights
      ? { w: conv2dFilterGradient(dy, x, [k, k], s, 'same'), ...(this.b === undefined ? {} : { b: channelSums(dy) }) }
      : undefined;
    const dInput = want.input ? tf.conv2d(dy, this.w, s, 'same') : undefined;
    return { grads, dInput };
  }

  /** The trainable variables, named `<prefix>/w` (and `<prefix>/b`). */
  parameters(prefix: string): { name: string; variable: tf.Variable }[] {
    return [{ name: `${prefix}/w`, variable: this.w as tf.Variable }, ...(this.b === undefined ? [] : [{ name: `${prefix}/b`, variable: this.b as tf.Variable }])];
  }

  /** A copy of the weights, named as in {@link parameters}. */
  getWeights(prefix: string): NamedWeights[] {
    return copyNamedVariables(this.parameters(prefix));
  }

  /** Replaces the weights from `weights` (other names are ignored); shapes must match. */
  setWeights(weights: readonly NamedWeights[], prefix: string): void {
    assignNamedVariables(this.parameters(prefix), weights);
  }

  dispose(): void {
    this.w.dispose();
    this.b?.dispose();
  }
}
