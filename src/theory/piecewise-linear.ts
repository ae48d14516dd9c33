/**
 * The exact linear pieces of a 1-D → 1-D piecewise-linear map: a dense ReLU / leaky-ReLU network
 * with a linear output (its knots found by propagating the pieces through the layers), or any
 * function known to be linear between given knots.
 */

/** g(z) = slope·z + intercept for z ∈ [zLow, zHigh] (ends may be infinite). */
export interface LinearPiece {
  readonly zLow: number;
  readonly zHigh: number;
  readonly slope: number;
  readonly intercept: number;
}

/**
 * A dense network 1 → h₁ → … → 1: layer l computes act(x·W_l + b_l), the last layer without
 * activation (linear output). `weights[l]` is W_l of shape [in, out], either nested
 * (`weights[l][i][j]`: input i → output j) or flat row-major (TF.js `kernel.dataSync()` order);
 * `biases[l]` has length out. `alpha` is leakyRelu's slope for negative inputs (default 0.2).
 */
export interface DenseMlp1D {
  readonly weights: readonly (ArrayLike<number> | readonly ArrayLike<number>[])[];
  readonly biases: readonly ArrayLike<number>[];
  readonly activation: 'relu' | 'leakyRelu';
  readonly alpha?: number;
}

interface Layer {
  readonly inDim: number;
  readonly outDim: number;
  /** Row-major [in, out]. */
  readonly w: Float64Array;
  readonly b: Float64Array;
}

function layersOf(mlp: DenseMlp1D): Layer[] {
  if (mlp.weights.length === 0 || mlp.weights.length !== mlp.biases.length) {
    throw new RangeError(`an MLP needs one bias vector per weight matrix and at least one layer, got ${mlp.weights.length} and ${mlp.biases.length}`);
  }
  if (mlp.activation !== 'relu' && mlp.activation !== 'leakyRelu') {
    throw new RangeError(`piecewise-linear maps need activation 'relu' or 'leakyRelu', got '${String(mlp.activation)}'`);
  }
  const layers: Layer[] = [];
  let inDim = 1;
  mlp.weights.forEach((wl, l) => {
    const outDim = mlp.biases[l].length;
    const w = new Float64Array(inDim * outDim);
    const first = (wl as ArrayLike<unknown>)[0];
    if (typeof first === 'object' && first !== null) {
      const rows = wl as readonly ArrayLike<number>[];
      if (rows.length !== inDim || rows.some((r) => r.length !== outDim)) {
        throw new RangeError(`layer ${l}: weights must be [in=${inDim}][out=${outDim}]`);
      }
      rows.forEach((r, i) => {
        for (let j = 0; j < outDim; j++) w[i * outDim + j] = r[j];
      });
    } else {
      const flat = wl as ArrayLike<number>;
      if (flat.length !== inDim * outDim) throw new RangeError(`layer ${l}: ${flat.length} weights, expected in·out = ${inDim}·${outDim}`);
      for (let k = 0; k < flat.length; k++) w[k] = flat[k];
    }
    layers.push({ inDim, outDim, w, b: Float64Array.from(mlp.biases[l]) });
    inDim = outDim;
  });
  if (inDim !== 1) throw new RangeError(`the network's output must be 1-D, got ${inDim}`);
  return layers;
}

/**
 * The network's map z ↦ g(z) as a function, by an ordinary forward pass in double precision (the
 * layers are read once). Independent of the piece propagation, so the two can check each other.
 */
export function mlpFunction1D(mlp: DenseMlp1D): (z: number) => number {
  const alpha = mlp.alpha ?? 0.2;
  const relu = mlp.activation === 'relu';
  const layers = layersOf(mlp);
  const width = Math.max(...layers.map((L) => L.outDim));
  let x = new Float64Array(width);
  let y = new Float64Array(width);
  return (z: number): number => {
    x[0] = z;
    for (let l = 0; l < layers.length; l++) {
      const L = layers[l];
      for (let j = 0; j < L.outDim; j++) y[j] = L.b[j];
      for (let i = 0; i < L.inDim; i++) {
        const xi = x[i];
        for (let j = 0; j < L.outDim; j++) y[j] += xi * L.w[i * L.outDim + j];
      }
      if (l < layers.length - 1) for (let j = 0; j < L.outDim; j++) if (!(y[j] > 0)) y[j] = relu ? 0 : alpha * y[j];
      [x, y] = [y, x];
    }
    return x[0];
  };
}

/** A point strictly inside (lo, hi) to read the sign of a pre-activation on that piece. */
function insidePoint(lo: number, hi: number): number {
  if (lo === -Infinity && hi === Infinity) return 0;
  if (lo === -Infinity) return hi - 1;
  if (hi === Infinity) return lo + 1;
  return 0.5 * (lo + hi);
}

/**
 * The exact linear pieces of the network's map on [zLow, zHigh], in increasing z. Each unit's value
 * is kept as a linear function of z on every piece; at each hidden layer a piece is cut where a
 * unit's pre-activation s·z + c changes sign (z = −c/s), and the activation is applied piece by
 * piece. Adjacent pieces with the same line are merged. Exact up to rounding of the knots (the
 * linear regions of a ReLU network, Montúfar et al. 2014). Used to get the exact P_g for E3–E8.
 * Domain: zLow < zHigh (ends may be infinite); the network as {@link DenseMlp1D}.
 */
export function mlpPieces(mlp: DenseMlp1D, zLow = -Infinity, zHigh = Infinity): LinearPiece[] {
  if (!(zLow < zHigh)) throw new RangeError(`mlpPieces needs zLow < zHigh, got [${zLow}, ${zHigh}]`);
  const alpha = mlp.alpha ?? 0.2;
  const layers = layersOf(mlp);
  type State = { lo: number; hi: number; s: Float64Array; c: Float64Array };
  let states: State[] = [{ lo: zLow, hi: zHigh, s: Float64Array.of(1), c: Float64Array.of(0) }];
  layers.forEach((L, l) => {
    const last = l === layers.length - 1;
    const next: State[] = [];
    for (const st of states) {
      const S = new Float64Array(L.outDim);
      const C = Float64Array.from(L.b);
      for (let i = 0; i < L.inDim; i++) {
        const si = st.s[i];
        const ci = st.c[i];
        for (let j = 0; j < L.outDim; j++) {
          const wij = L.w[i * L.outDim + j];
          S[j] += si * wij;
          C[j] += ci * wij;
        }
      }
      if (last) {
        next.push({ lo: st.lo, hi: st.hi, s: S, c: C });
        continue;
      }
      const cuts: number[] = [];
      for (let j = 0; j < L.outDim; j++) {
        if (S[j] !== 0) {
          const z = -C[j] / S[j];
          if (z > st.lo && z < st.hi) cuts.push(z);
        }
      }
      const ends = [st.lo, ...[...new Set(cuts)].sort((a, b) => a - b), st.hi];
      for (let k = 0; k + 1 < ends.length; k++) {
        const m = insidePoint(ends[k], ends[k + 1]);
        const s2 = new Float64Array(L.outDim);
        const c2 = new Float64Array(L.outDim);
        for (let j = 0; j < L.outDim; j++) {
          const f = S[j] * m + C[j] > 0 ? 1 : mlp.activation === 'relu' ? 0 : alpha;
          s2[j] = f * S[j];
          c2[j] = f * C[j];
        }
        next.push({ lo: ends[k], hi: ends[k + 1], s: s2, c: c2 });
      }
    }
    states = next;
  });
  const pieces: LinearPiece[] = [];
  for (const st of states) {
    const p = { zLow: st.lo, zHigh: st.hi, slope: st.s[0], intercept: st.c[0] };
    const prev = pieces[pieces.length - 1];
    if (prev !== undefined && prev.slope === p.slope && prev.intercept === p.intercept) {
      pieces[pieces.length - 1] = { ...prev, zHigh: p.zHigh };
    } else pieces.push(p);
  }
  return pieces;
}

/**
 * The linear pieces of a function g known to be linear between consecutive `knots` on
 * On [zLow, zHigh], each piece's line is read from g at two interior points (so g may jump at a knot).
 * Domain: knots finite (those outside (zLow, zHigh) are ignored); g finite.
 */
export function piecesFromKnots(g: (z: number) => number, knots: readonly number[], zLow = -Infinity, zHigh = Infinity): LinearPiece[] {
  if (!(zLow < zHigh)) throw new RangeError(`piecesFromKnots needs zLow < zHigh, got [${zLow}, ${zHigh}]`);
  const inner = [...new Set(knots.filter((k) => Number.isFinite(k) && k > zLow && k < zHigh))].sort((a, b) => a - b);
  const ends = [zLow, ...inner, zHigh];
  const pieces: LinearPiece[] = [];
  for (let k = 0; k + 1 < ends.length; k++) {
    const lo = ends[k];
    const hi = ends[k + 1];
    let u: number;
    let v: number;
    if (lo === -Infinity && hi === Infinity) [u, v] = [0, 1];
    else if (lo === -Infinity) [u, v] = [hi - 2, hi - 1];
    else if (hi === Infinity) [u, v] = [lo + 1, lo + 2];
    else [u, v] = [lo + 0.25 * (hi - lo), lo + 0.75 * (hi - lo)];
    const gu = g(u);
    const gv = g(v);
    const slope = gu === gv ? 0 : (gv - gu) / (v - u);
    pieces.push({ zLow: lo, zHigh: hi, slope, intercept: gu - slope * u });
  }
  return pieces;
}
