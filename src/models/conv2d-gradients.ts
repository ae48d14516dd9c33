/**
 * The two gradients of a 2-D convolution y = conv2d(x, W) (NHWC, stride s, padding 'same' or
 * 'valid'), written as forward convolutions.
 *
 * Why not TF.js's own gradient kernels: on the wasm backend `Conv2DBackpropInput` (what
 * `tf.conv2dTranspose` runs) is a naive loop, and `Conv2DBackpropFilter` does not exist there at all
 * (`Conv3DBackpropFilterV2` does, slower still). The forms below run through the fast conv2d kernel
 * (XNNPACK) only. Measured in one run (n 64, 14×14, 32 → 64 channels, 5×5, 'same'; a busy 2-core
 * machine, so compare the ratios): forward 203 ms, ∂L/∂W here 216 ms, ∂L/∂x here 173 ms;
 * `tf.conv2dTranspose` 1,725 ms, `Conv3DBackpropFilterV2` 17,435 ms. Tests check both against
 * TF.js autodiff (cpu backend) and finite differences.
 *
 * With TF's padding rule (`'same'`: output ⌈h/s⌉, padTotal = max((oh − 1)s + k − h, 0), top =
 * ⌊padTotal/2⌋; `'valid'`: output ⌊(h − k)/s⌋ + 1, no padding) and xp the padded input:
 *   y[n, i, j, o]   = Σ_{a,b,c} xp[n, i·s + a, j·s + b, c] · W[a, b, c, o]
 *   ∂L/∂W[a,b,c,o]  = Σ_{n,i,j} xp[n, i·s + a, j·s + b, c] · dy[n, i, j, o]
 *   ∂L/∂xp[n,p,q,c] = Σ_{a,b,o} D[n, p − a, q − b, o] · W[a, b, c, o],  D = dy dilated by s
 * (s − 1 zeros between rows and columns). The filter gradient is a convolution of xp with dy in
 * which the batch plays the role of the channels (xp as [c, H, W, n], dy as [i, j, n, o] with
 * dilation s); the input gradient is a full correlation of D with W flipped in space and its
 * channels swapped, cropped to x's rows and columns.
 *
 * Where the fused kernels TsganConv2DFilterGrad / TsganConv2DInputGrad are registered (the native
 * engine: an im2col product and a col2im gather, native/cpu/conv.h) both functions run them instead;
 * the forms above stay the reference (and what runs under a gradient tape).
 */
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNELS, fusedKernelUsable, runFusedKernel, type Conv2dFilterGradKernelAttrs, type Conv2dInputGradKernelAttrs } from '../ops/fused-kernels.js';

export type ConvPadding = 'same' | 'valid';

/** Output size and padding of one spatial axis (TF's rule, see the file comment). */
export interface AxisGeometry {
  readonly out: number;
  /** Zeros before and after the input along this axis. */
  readonly before: number;
  readonly after: number;
}

/** Output size and padding along one axis of length `size` for kernel `k`, stride `s`. */
export function convAxisGeometry(size: number, k: number, s: number, padding: ConvPadding): AxisGeometry {
  if (padding === 'valid') {
    if (size < k) throw new RangeError(`a ${k}-wide kernel does not fit an input of ${size} with 'valid' padding`);
    return { out: Math.floor((size - k) / s) + 1, before: 0, after: 0 };
  }
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
}

/**
 * The padded input restricted to the rows and columns the convolution reads: xp of height
 * (oh − 1)s + kh and width (ow − 1)s + kw ('valid' may leave trailing rows unread).
 */
function readInput(x: tf.Tensor4D, gy: AxisGeometry, gx: AxisGeometry, kh: number, kw: number, s: number): tf.Tensor4D {
  const [n, , , c] = x.shape;
  const padded = gy.before + gy.after + gx.before + gx.after > 0 ? tf.pad(x, [[0, 0], [gy.before, gy.after], [gx.before, gx.after], [0, 0]]) : x;
  const hp = (gy.out - 1) * s + kh;
  const wp = (gx.out - 1) * s + kw;
  if (padded.shape[1] === hp && padded.shape[2] === wp) return padded;
  return tf.slice(padded, [0, 0, 0, 0], [n, hp, wp, c]);
}

/**
 * ∂L/∂W of y = conv2d(x, W, stride, padding), for dy = ∂L/∂y: shape [kh, kw, inChannels,
 * outChannels] like W. x is [n, h, w, inChannels], dy [n, oh, ow, outChannels]. A new tensor.
 */
export function conv2dFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: readonly [number, number], stride: number, padding: ConvPadding): tf.Tensor4D {
  if (fusedKernelUsable(FUSED_KERNELS.conv2dFilterGrad)) {
    const attrs: Conv2dFilterGradKernelAttrs = { kernelSize: [kernel[0], kernel[1]], stride, padding };
    return runFusedKernel<tf.Tensor4D>(FUSED_KERNELS.conv2dFilterGrad, { x, dy }, attrs);
  }
  return tf.tidy(() => {
    const [kh, kw] = kernel;
    const gy = convAxisGeometry(x.shape[1], kh, stride, padding);
    const gx = convAxisGeometry(x.shape[2], kw, stride, padding);
    const xp = readInput(x, gy, gx, kh, kw, stride);
    const xT = tf.transpose(xp, [3, 1, 2, 0]); // [c, H, W, n]: the batch becomes the channels
    const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [oh, ow, n, o]: dy becomes the filter
    const g = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', stride); // [c, kh, kw, o]
    return tf.transpose(g, [1, 2, 0, 3]);
  });
}

/** dy with s − 1 zero rows and columns between its own: [n, (oh − 1)s + 1, (ow − 1)s + 1, o]. */
function dilate(dy: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return dy;
  const [n, oh, ow, o] = dy.shape;
  const spread = tf.pad(tf.reshape(dy, [n, oh, 1, ow, 1, o]), [[0, 0], [0, 0], [0, s - 1], [0, 0], [0, s - 1], [0, 0]]);
  return tf.slice(tf.reshape(spread, [n, oh * s, ow * s, o]) as tf.Tensor4D, [0, 0, 0, 0], [n, (oh - 1) * s + 1, (ow - 1) * s + 1, o]);
}

/**
 * ∂L/∂x of y = conv2d(x, W, stride, padding), for dy = ∂L/∂y: shape `inputShape` = [n, h, w,
 * inChannels]. W is [kh, kw, inChannels, outChannels]. A new tensor.
 */
export function conv2dInputGradient(dy: tf.Tensor4D, w: tf.Tensor4D, inputShape: readonly [number, number, number, number], stride: number, padding: ConvPadding): tf.Tensor4D {
  if (fusedKernelUsable(FUSED_KERNELS.conv2dInputGrad)) {
    const attrs: Conv2dInputGradKernelAttrs = { inputShape: [inputShape[0], inputShape[1], inputShape[2], inputShape[3]], stride, padding };
    return runFusedKernel<tf.Tensor4D>(FUSED_KERNELS.conv2dInputGrad, { dy, filter: w }, attrs);
  }
  return tf.tidy(() => {
    const [kh, kw] = w.shape;
    const [, h, wd] = inputShape;
    const gy = convAxisGeometry(h, kh, stride, padding);
    const gx = convAxisGeometry(wd, kw, stride, padding);
    const d = dilate(dy, stride);
    // Row p of xp is the correlation of rows p − kh + 1 … p of D with the flipped W; x's row r is
    // xp's row r + before. Pad D so that exactly x's h rows come out (rows past D's end are 0).
    const pads = (g: AxisGeometry, k: number, size: number, dSize: number): [number, number] => {
      const before = k - 1 - g.before;
      return [before, size + k - 1 - before - dSize];
    };
    let py = pads(gy, kh, h, d.shape[1]);
    let px = pads(gx, kw, wd, d.shape[2]);
    let dd = d;
    // Negative "after" padding ('valid' with unread trailing rows never needs it, but a stride
    // larger than the kernel can): crop instead.
    if (py[1] < 0 || px[1] < 0) {
      dd = tf.slice(dd, [0, 0, 0, 0], [dd.shape[0], dd.shape[1] + Math.min(py[1], 0), dd.shape[2] + Math.min(px[1], 0), dd.shape[3]]);
      py = [py[0], Math.max(py[1], 0)];
      px = [px[0], Math.max(px[1], 0)];
    }
    const dPad = tf.pad(dd, [[0, 0], py, px, [0, 0]]);
    const wFlip = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]); // [kh, kw, out, in]
    return tf.conv2d(dPad, wFlip, 1, 'valid');
  });
}
