/**
 * A float64 reference for the native convolutions (native/cpu/conv.h) and their gradients, with the
 * scale each value is rounded at (Σ of the absolute terms, + |bias|, or the value itself when larger),
 * for worstError of ./native-reference.ts.
 *
 * Geometry, written here independently of TF.js: 'same' gives ⌈size/s⌉ outputs and
 * max((out − 1)s + k − size, 0) zeros, ⌊half⌋ before; 'valid' ⌊(size − k)/s⌋ + 1 and none; explicit
 * [before, after] zeros give ⌊(size + before + after − k)/s⌋ + 1.
 */
import { activate, type FusedActivation } from './native-reference.js';

export type ConvPad = 'same' | 'valid' | [[number, number], [number, number]];

/** A convolution: x [n, h, w, c], W [kh, kw, c, o], strides, padding; and its output size and padding. */
export interface ConvGeometry {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly kh: number;
  readonly kw: number;
  readonly o: number;
  readonly sh: number;
  readonly sw: number;
  readonly top: number;
  readonly left: number;
  readonly oh: number;
  readonly ow: number;
}

/** Output size and zeros before, along one axis (file comment). */
function axis(size: number, k: number, s: number, pad: 'same' | 'valid' | [number, number]): { out: number; before: number } {
  if (pad === 'same') {
    const out = Math.ceil(size / s);
    return { out, before: Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) };
  }
  const [before, after] = pad === 'valid' ? [0, 0] : pad;
  return { out: Math.floor((size + before + after - k) / s) + 1, before };
}

/** The geometry of conv(x of `xShape`, W of `wShape`, strides, pad). */
export function convGeometry(xShape: readonly number[], wShape: readonly number[], strides: readonly [number, number], pad: ConvPad): ConvGeometry {
  const [n, h, w, c] = xShape;
  const [kh, kw, , o] = wShape;
  const [sh, sw] = strides;
  const y = axis(h, kh, sh, pad === 'same' || pad === 'valid' ? pad : pad[0]);
  const x = axis(w, kw, sw, pad === 'same' || pad === 'valid' ? pad : pad[1]);
  return { n, h, w, c, kh, kw, o, sh, sw, top: y.before, left: x.before, oh: y.out, ow: x.out };
}

/** Calls f(n, i, j, a, b, xIndex) for every output pixel (n, i, j) and tap (a, b) that reads inside x (xIndex: x's offset of channel 0). */
function forEachTap(g: ConvGeometry, f: (n: number, i: number, j: number, a: number, b: number, xi: number) => void): void {
  for (let n = 0; n < g.n; n++) for (let i = 0; i < g.oh; i++) for (let j = 0; j < g.ow; j++) {
    for (let a = 0; a < g.kh; a++) {
      const p = i * g.sh + a - g.top;
      if (p < 0 || p >= g.h) continue;
      for (let b = 0; b < g.kw; b++) {
        const q = j * g.sw + b - g.left;
        if (q < 0 || q >= g.w) continue;
        f(n, i, j, a, b, ((n * g.h + p) * g.w + q) * g.c);
      }
    }
  }
}

/** y = act(conv(x, W) + bias) in float64 (bias per output channel, or of length 1), and its scale. */
export function referenceConv(g: ConvGeometry, x: Float32Array, wt: Float32Array, bias: Float32Array | undefined, act: FusedActivation = 'linear', alpha = 0.2): { value: Float64Array; scale: Float64Array } {
  const size = g.n * g.oh * g.ow * g.o;
  const value = new Float64Array(size);
  const scale = new Float64Array(size);
  forEachTap(g, (n, i, j, a, b, xi) => {
    const yi = ((n * g.oh + i) * g.ow + j) * g.o;
    for (let ch = 0; ch < g.c; ch++) {
      const xv = x[xi + ch];
      const wi = ((a * g.kw + b) * g.c + ch) * g.o;
      for (let o = 0; o < g.o; o++) {
        const t = xv * wt[wi + o];
        value[yi + o] += t;
        scale[yi + o] += Math.abs(t);
      }
    }
  });
  for (let e = 0; e < size; e++) {
    if (bias !== undefined) {
      const bv = bias[bias.length === 1 ? 0 : e % g.o];
      value[e] += bv;
      scale[e] += Math.abs(bv);
    }
    value[e] = activate(value[e], act, alpha);
    scale[e] = Math.max(scale[e], Math.abs(value[e]));
  }
  return { value, scale };
}

/** ∂L/∂W [kh, kw, c, o] = Σ_{n,i,j} x[…]·dy[n, i, j, :] in float64, and its scale. */
export function referenceFilterGrad(g: ConvGeometry, x: Float32Array, dy: Float32Array): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(g.kh * g.kw * g.c * g.o);
  const scale = new Float64Array(value.length);
  forEachTap(g, (n, i, j, a, b, xi) => {
    const yi = ((n * g.oh + i) * g.ow + j) * g.o;
    for (let ch = 0; ch < g.c; ch++) {
      const wi = ((a * g.kw + b) * g.c + ch) * g.o;
      for (let o = 0; o < g.o; o++) {
        const t = x[xi + ch] * dy[yi + o];
        value[wi + o] += t;
        scale[wi + o] += Math.abs(t);
      }
    }
  });
  return { value, scale };
}

/** ∂L/∂x [n, h, w, c] = Σ over the taps that read x[n, p, q, :] of W[a, b, :, :]·dy[n, i, j, :] in float64, and its scale. */
export function referenceInputGrad(g: ConvGeometry, dy: Float32Array, wt: Float32Array): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(g.n * g.h * g.w * g.c);
  const scale = new Float64Array(value.length);
  forEachTap(g, (n, i, j, a, b, xi) => {
    const yi = ((n * g.oh + i) * g.ow + j) * g.o;
    for (let ch = 0; ch < g.c; ch++) {
      const wi = ((a * g.kw + b) * g.c + ch) * g.o;
      for (let o = 0; o < g.o; o++) {
        const t = wt[wi + o] * dy[yi + o];
        value[xi + ch] += t;
        scale[xi + ch] += Math.abs(t);
      }
    }
  });
  return { value, scale };
}
