/**
 * The native convolutions (Conv2D, FusedConv2D) and convolution gradients.
 */
import type { NativeKernel } from './heap.js';

export const CONV_KERNELS: readonly NativeKernel[] = [];
