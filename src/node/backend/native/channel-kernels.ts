/**
 * The native per-channel kernels of convolutional layers (native/cpu/channels.h) on the wasm heap:
 * tsgan's fused kernels TsganChannelSums, TsganBatchNorm and TsganBatchNormGrad
 * (src/ops/fused-kernels.ts, used by src/models/channel-sums.ts and batch-norm.ts where registered).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { FUSED_KERNELS, type BatchNormKernelAttrs } from '../../../ops/fused-kernels.js';
import type { NativeAddon } from './addon.js';
import { heapOffset, sizeOf, wasmHeap, type NativeKernel } from './heap.js';

/** The per-channel functions of the addon (native/cpu/addon-conv.inc); arrays are float32 at byte offsets of `buffer`. */
interface ChannelAddon {
  channelSums(buffer: ArrayBuffer, x: number, out: number, rows: number, channels: number): void;
  batchNorm(buffer: ArrayBuffer, x: number, gamma: number, beta: number, y: number, xHat: number, mean: number, variance: number, invStd: number, rows: number, channels: number, epsilon: number, relu: number): void;
  /** mask −1: none. */
  batchNormGrad(buffer: ArrayBuffer, dy: number, mask: number, xHat: number, gamma: number, invStd: number, dx: number, gammaGrad: number, betaGrad: number, rows: number, channels: number): void;
}

const channelAddon = (addon: NativeAddon): ChannelAddon => addon as unknown as ChannelAddon;

/** Rows and channels of x seen as [rows, channels] (the last axis the channels). */
function rowsAndChannels(x: tf.TensorInfo): [number, number] {
  const channels = x.shape[x.shape.length - 1];
  return [channels === 0 ? 0 : sizeOf(x.shape) / channels, channels];
}

const float32 = (...ts: (tf.TensorInfo | undefined)[]): boolean => ts.every((t) => t !== undefined && t.dtype === 'float32');
const vectorOf = (t: tf.TensorInfo, channels: number): boolean => t.shape.length === 1 && t.shape[0] === channels;
const sameShape = (a: tf.TensorInfo, b: tf.TensorInfo): boolean => a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

const channelSums: NativeKernel = {
  kernelName: FUSED_KERNELS.channelSums,
  make: (addon, fallback) => (args) => {
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    if (!float32(x) || x.shape.length < 1) return fallback(args);
    const b = args.backend as BackendWasm;
    const [rows, channels] = rowsAndChannels(x);
    const out = b.makeOutput([channels], 'float32');
    if (channels > 0) channelAddon(addon).channelSums(wasmHeap(b), heapOffset(b, x), heapOffset(b, out), rows, channels);
    return out;
  },
};

const batchNorm: NativeKernel = {
  kernelName: FUSED_KERNELS.batchNorm,
  make: (addon, fallback) => (args) => {
    const { x, gamma, beta } = args.inputs as Record<string, tf.TensorInfo>;
    const a = args.attrs as unknown as BatchNormKernelAttrs;
    if (!float32(x, gamma, beta) || x.shape.length < 1) return fallback(args);
    const [rows, channels] = rowsAndChannels(x);
    if (!vectorOf(gamma, channels) || !vectorOf(beta, channels) || rows < 1) throw new RangeError(`${FUSED_KERNELS.batchNorm}: x [${x.shape}] needs gamma and beta of [${channels}] and at least one row`);
    const b = args.backend as BackendWasm;
    const y = b.makeOutput([...x.shape], 'float32');
    const xHat = b.makeOutput([...x.shape], 'float32');
    const [mean, variance, invStd] = [0, 1, 2].map(() => b.makeOutput([channels], 'float32'));
    const o = (t: tf.TensorInfo) => heapOffset(b, t);
    if (channels > 0) {
      channelAddon(addon).batchNorm(wasmHeap(b), o(x), o(gamma), o(beta), o(y), o(xHat), o(mean), o(variance), o(invStd), rows, channels, a.epsilon, a.activation === 'relu' ? 1 : 0);
    }
    return [y, xHat, mean, variance, invStd];
  },
};

const batchNormGrad: NativeKernel = {
  kernelName: FUSED_KERNELS.batchNormGrad,
  make: (addon, fallback) => (args) => {
    const { dy, xHat, gamma, invStd, reluOutput } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    if (!float32(dy, xHat, gamma, invStd) || (reluOutput !== undefined && !float32(reluOutput)) || dy!.shape.length < 1) return fallback(args);
    const [rows, channels] = rowsAndChannels(dy!);
    if (!sameShape(dy!, xHat!) || (reluOutput !== undefined && !sameShape(dy!, reluOutput)) || !vectorOf(gamma!, channels) || !vectorOf(invStd!, channels)) {
      throw new RangeError(`${FUSED_KERNELS.batchNormGrad}: dy [${dy!.shape}] needs xHat (and reluOutput) of its shape and gamma, invStd of [${channels}]`);
    }
    const b = args.backend as BackendWasm;
    const dx = b.makeOutput([...dy!.shape], 'float32');
    const gammaGrad = b.makeOutput([channels], 'float32');
    const betaGrad = b.makeOutput([channels], 'float32');
    const o = (t: tf.TensorInfo) => heapOffset(b, t);
    if (channels > 0) {
      channelAddon(addon).batchNormGrad(wasmHeap(b), o(dy!), reluOutput === undefined ? -1 : o(reluOutput), o(xHat!), o(gamma!), o(invStd!), o(dx), o(gammaGrad), o(betaGrad), rows, channels);
    }
    return [dx, gammaGrad, betaGrad];
  },
};

export const CHANNEL_KERNELS: readonly NativeKernel[] = [channelSums, batchNorm, batchNormGrad];
