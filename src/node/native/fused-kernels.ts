/**
 * Native versions of tsgan's fused kernels (src/ops/fused-kernels.ts: Adam, global norm, transpose, bias-activation, dense delta).
 */
import type { NativeKernel } from './heap.js';

export const NATIVE_FUSED_KERNELS: readonly NativeKernel[] = [];
