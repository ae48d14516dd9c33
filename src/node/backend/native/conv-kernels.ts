/**
 * The native convolutions (native/cpu/conv.h) on the wasm heap: TF.js's Conv2D and FusedConv2D (NHWC,
 * any stride and padding, dilation 1, bias and the activations of NATIVE_ACTIVATIONS), and their
 * gradients (./conv-gradient-kernels.ts), and the per-channel kernels of convolutional layers
 * (./channel-kernels.ts). Anything else runs the wasm kernel they replace.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { NATIVE_ACTIVATIONS } from './addon.js';
import { convAddon, convShape } from './conv-addon.js';
import { CHANNEL_KERNELS } from './channel-kernels.js';
import { CONV_GRADIENT_KERNELS } from './conv-gradient-kernels.js';
import { heapOffset, sizeOf, wasmHeap, type NativeKernel } from './heap.js';

type ConvAttrs = { strides: number | [number, number]; pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding; dataFormat: 'NHWC' | 'NCHW'; dilations: number | [number, number]; dimRoundingMode?: 'floor' | 'round' | 'ceil'; activation?: string; leakyreluAlpha?: number };

/** The bias kind of gemm.h for a fused convolution's bias with `o` output channels: 0 none, 1 per channel, 2 one value; undefined: not handled. */
function biasKind(bias: tf.TensorInfo | undefined, o: number): number | undefined {
  if (bias === undefined) return 0;
  if (bias.dtype !== 'float32') return undefined;
  const size = sizeOf(bias.shape);
  if (size === 1) return 2;
  if (size === o && bias.shape.length > 0 && bias.shape[bias.shape.length - 1] === o) return 1;
  return undefined;
}

/** Conv2D (`fused` false) or FusedConv2D (`fused` true). */
function convKernel(kernelName: string, fused: boolean): NativeKernel {
  return {
    kernelName,
    make: (addon, fallback) => (args) => {
      const b = args.backend as BackendWasm;
      const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
      const attrs = args.attrs as unknown as ConvAttrs;
      const act = (NATIVE_ACTIVATIONS as Record<string, number>)[fused ? (attrs.activation ?? 'linear') : 'linear'];
      if (x === undefined || filter === undefined || x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4 || filter.shape.length !== 4) return fallback(args);
      if (act === undefined || preluActivationWeights !== undefined || sizeOf(x.shape) === 0 || sizeOf(filter.shape) === 0) return fallback(args);
      const kind = biasKind(fused ? bias : undefined, filter.shape[3]);
      if (kind === undefined) return fallback(args);
      const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat ?? 'NHWC');
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, false, dataFormat);
      const shape = convShape(info);
      if (shape === undefined) return fallback(args);
      const out = b.makeOutput(info.outShape, 'float32');
      if (sizeOf(info.outShape) > 0) {
        const heap = wasmHeap(b); // after makeOutput, which may have grown the heap
        const biasOffset = kind === 0 ? 0 : heapOffset(b, bias!);
        convAddon(addon).convForward(heap, shape, heapOffset(b, x), heapOffset(b, filter), heapOffset(b, out), biasOffset, kind, act, attrs.leakyreluAlpha ?? 0.2);
      }
      return out;
    },
  };
}

/** The convolutions, their gradients, and the per-channel kernels of convolutional layers (channel sums, batch norm). */
export const CONV_KERNELS: readonly NativeKernel[] = [convKernel('Conv2D', false), convKernel('FusedConv2D', true), ...CONV_GRADIENT_KERNELS, ...CHANNEL_KERNELS];
