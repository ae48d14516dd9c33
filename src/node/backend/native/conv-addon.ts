/**
 * The convolution functions of the native addon (native/cpu/addon-conv.inc, conv.h) and the shape
 * record they take.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';

/**
 * Convolution functions of the addon. `shape` is {@link convShape}'s Int32Array; arrays are float32 at
 * byte offsets of `buffer`, checked against it (a RangeError otherwise).
 */
export interface ConvAddon {
  /** y = act(conv(x, W) + bias); biasKind 0 none, 1 per output channel, 2 one value; activation codes of NATIVE_ACTIVATIONS. */
  convForward(buffer: ArrayBuffer, shape: Int32Array, x: number, filter: number, y: number, bias: number, biasKind: number, activation: number, alpha: number): void;
  /** dw = ∂L/∂W [kh, kw, c, o] for x and dy = ∂L/∂y. */
  convFilterGrad(buffer: ArrayBuffer, shape: Int32Array, x: number, dy: number, dw: number): void;
  /** dx = ∂L/∂x [n, h, w, c] for dy = ∂L/∂y and W. */
  convInputGrad(buffer: ArrayBuffer, shape: Int32Array, dy: number, filter: number, dx: number): void;
}

/** The addon's convolution functions (present in every build that has conv.c). */
export const convAddon = (addon: NativeAddon): ConvAddon => addon as unknown as ConvAddon;

/**
 * The conv_shape of native/cpu/conv.h for TF.js's description of an NHWC convolution: [n, h, w, c, kh,
 * kw, o, sh, sw, top, left, oh, ow]; undefined when the native kernels do not run it (channels first,
 * dilation other than 1, negative padding).
 */
export function convShape(info: tf.backend_util.Conv2DInfo): Int32Array | undefined {
  if (info.dataFormat !== 'channelsLast' || info.dilationHeight !== 1 || info.dilationWidth !== 1) return undefined;
  const { top, left } = info.padInfo;
  if (!(top >= 0 && left >= 0)) return undefined;
  return Int32Array.from([
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.filterHeight, info.filterWidth, info.outChannels,
    info.strideHeight, info.strideWidth, top, left, info.outHeight, info.outWidth,
  ]);
}
