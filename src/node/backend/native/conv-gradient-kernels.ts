/**
 * The native convolution gradients (native/cpu/conv.h) on the wasm heap: tsgan's fused kernels
 * TsganConv2DFilterGrad and TsganConv2DInputGrad (src/ops/fused-kernels.ts, used by
 * src/models/conv2d-gradients.ts), and TF.js's Conv2DBackpropFilter / Conv2DBackpropInput (what
 * autodiff of conv2d and tf.conv2dTranspose run; NHWC, dilation 1, else the wasm kernel).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { FUSED_KERNELS, type Conv2dFilterGradKernelAttrs, type Conv2dInputGradKernelAttrs } from '../../../ops/fused-kernels.js';
import { convAddon, convShape } from './conv-addon.js';
import { heapOffset, sizeOf, wasmHeap, type NativeKernel } from './heap.js';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

/** What a gradient kernel needs to know of its convolution, or why the native kernel cannot run it. */
type Plan = { readonly info: tf.backend_util.Conv2DInfo; readonly shape: Int32Array } | undefined;

/** TF.js's description of conv2d(x of `inShape`, W of `filterShape`) and conv.h's shape, if native. */
function plan(inShape: readonly number[], filterShape: readonly number[], strides: number | [number, number], pad: Pad, roundingMode?: 'floor' | 'round' | 'ceil', dataFormat: 'NHWC' | 'NCHW' = 'NHWC', dilations: number | [number, number] = 1): Plan {
  if (inShape.length !== 4 || filterShape.length !== 4 || sizeOf(inShape.slice(1)) === 0 || sizeOf(filterShape) === 0) return undefined; // a batch of 0 is fine
  const info = tf.backend_util.computeConv2DInfo(inShape as Shape4, filterShape as Shape4, strides, dilations, pad, roundingMode, false, tf.backend_util.convertConv2DDataFormat(dataFormat));
  const shape = convShape(info);
  return shape === undefined ? undefined : { info, shape };
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** dw [kh, kw, c, o] for x and dy on the native engine. */
function filterGrad(addon: Parameters<NativeKernel['make']>[0], b: BackendWasm, p: NonNullable<Plan>, x: tf.TensorInfo, dy: tf.TensorInfo): tf.TensorInfo {
  const out = b.makeOutput(p.info.filterShape, 'float32');
  const heap = wasmHeap(b); // after makeOutput, which may have grown the heap
  convAddon(addon).convFilterGrad(heap, p.shape, heapOffset(b, x), heapOffset(b, dy), heapOffset(b, out));
  return out;
}

/** dx [n, h, w, c] for dy and W on the native engine. */
function inputGrad(addon: Parameters<NativeKernel['make']>[0], b: BackendWasm, p: NonNullable<Plan>, dy: tf.TensorInfo, filter: tf.TensorInfo): tf.TensorInfo {
  const out = b.makeOutput(p.info.inShape, 'float32');
  const heap = wasmHeap(b);
  convAddon(addon).convInputGrad(heap, p.shape, heapOffset(b, dy), heapOffset(b, filter), heapOffset(b, out));
  return out;
}

const float32 = (...ts: (tf.TensorInfo | undefined)[]): boolean => ts.every((t) => t !== undefined && t.dtype === 'float32');

const tsganFilterGrad: NativeKernel = {
  kernelName: FUSED_KERNELS.conv2dFilterGrad,
  make: (addon, fallback) => (args) => {
    const { x, dy } = args.inputs as Record<string, tf.TensorInfo>;
    const a = args.attrs as unknown as Conv2dFilterGradKernelAttrs;
    const p = float32(x, dy) ? plan(x.shape, [a.kernelSize[0], a.kernelSize[1], x.shape[3], dy.shape[3]], a.stride, a.padding) : undefined;
    if (p === undefined) return fallback(args);
    if (!sameShape(dy.shape, p.info.outShape)) throw new RangeError(`${FUSED_KERNELS.conv2dFilterGrad}: dy is [${dy.shape}], the convolution's output [${p.info.outShape}]`);
    return filterGrad(addon, args.backend as BackendWasm, p, x, dy);
  },
};

const tsganInputGrad: NativeKernel = {
  kernelName: FUSED_KERNELS.conv2dInputGrad,
  make: (addon, fallback) => (args) => {
    const { dy, filter } = args.inputs as Record<string, tf.TensorInfo>;
    const a = args.attrs as unknown as Conv2dInputGradKernelAttrs;
    const p = float32(dy, filter) ? plan(a.inputShape, filter.shape, a.stride, a.padding) : undefined;
    if (p === undefined) return fallback(args);
    if (!sameShape(dy.shape, p.info.outShape)) throw new RangeError(`${FUSED_KERNELS.conv2dInputGrad}: dy is [${dy.shape}], the convolution's output [${p.info.outShape}]`);
    return inputGrad(addon, args.backend as BackendWasm, p, dy, filter);
  },
};

type BackpropAttrs = { strides: number | [number, number]; pad: Pad; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; dilations?: number | [number, number] };

const backpropFilter: NativeKernel = {
  kernelName: 'Conv2DBackpropFilter',
  make: (addon, fallback) => (args) => {
    const { x, dy } = args.inputs as Record<string, tf.TensorInfo>;
    const a = args.attrs as unknown as BackpropAttrs & { filterShape: Shape4 };
    const p = float32(x, dy) ? plan(x.shape, a.filterShape, a.strides, a.pad, a.dimRoundingMode, a.dataFormat, a.dilations) : undefined;
    if (p === undefined || !sameShape(dy.shape, p.info.outShape)) return fallback(args);
    return filterGrad(addon, args.backend as BackendWasm, p, x, dy);
  },
};

const backpropInput: NativeKernel = {
  kernelName: 'Conv2DBackpropInput',
  make: (addon, fallback) => (args) => {
    const { dy, filter } = args.inputs as Record<string, tf.TensorInfo>;
    const a = args.attrs as unknown as BackpropAttrs & { inputShape: Shape4 };
    const p = float32(dy, filter) ? plan(a.inputShape, filter.shape, a.strides, a.pad, a.dimRoundingMode, a.dataFormat, a.dilations) : undefined;
    if (p === undefined || !sameShape(dy.shape, p.info.outShape)) return fallback(args);
    return inputGrad(addon, args.backend as BackendWasm, p, dy, filter);
  },
};

export const CONV_GRADIENT_KERNELS: readonly NativeKernel[] = [tsganFilterGrad, tsganInputGrad, backpropFilter, backpropInput];
