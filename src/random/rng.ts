/**
 * Seeded random number generation. Every random draw in tsgan goes through an `Rng`, so a run is a
 * pure function of its seed, and an `Rng`'s full state can be saved and restored (checkpoints).
 *
 * The generator is xoroshiro128+ from `pure-rand`; normals use the Box–Muller transform with the
 * second value of each pair kept as a spare (part of the state).
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Serializable state of an {@link Rng}: restoring it reproduces every later draw exactly. */
export interface RngState {
  readonly algorithm: 'xoroshiro128plus';
  readonly words: readonly number[];
  /** Box–Muller's second value, not yet returned, or null. */
  readonly spareNormal: number | null;
}

/** A seeded, stateful random source. */
export interface Rng {
  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in {0, …, n − 1}; n must be a positive integer. */
  int(n: number): number;
  /** Fills `out` with independent N(0, 1) draws and returns it. */
  fillNormal<T extends Float32Array | Float64Array>(out: T): T;
  /** Fills `out` with independent U[low, high) draws and returns it. */
  fillUniform<T extends Float32Array | Float64Array>(out: T, low?: number, high?: number): T;
  /** A snapshot of the full state. */
  getState(): RngState;
}

class XoroshiroRng implements Rng {
  private spare: number | null;
  constructor(private readonly gen: RandomGenerator, spare: number | null) {
    this.spare = spare;
  }
  uniform(): number {
    return uniformFloat64(this.gen);
  }
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    // Box–Muller: u1 in (0, 1] so that log(u1) is finite.
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int needs a positive integer, got ${n}`);
    return Math.floor(this.uniform() * n);
  }
  fillNormal<T extends Float32Array | Float64Array>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }
  fillUniform<T extends Float32Array | Float64Array>(out: T, low = 0, high = 1): T {
    const w = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + w * this.uniform();
    return out;
  }
  getState(): RngState {
    return { algorithm: 'xoroshiro128plus', words: [...this.gen.getState()], spareNormal: this.spare };
  }
}

/** A new generator from an integer seed (any safe integer; the same seed gives the same stream). */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  return new XoroshiroRng(xoroshiro128plus((seed | 0) ^ (Math.floor(seed / 2 ** 32) | 0)), null);
}

/** Restores a generator saved with {@link Rng.getState}. */
export function rngFromState(state: RngState): Rng {
  if (state.algorithm !== 'xoroshiro128plus' || state.words.length !== 4) {
    throw new RangeError('unknown random generator state: expected xoroshiro128plus with 4 words');
  }
  return new XoroshiroRng(xoroshiro128plusFromState(state.words), state.spareNormal);
}

/**
 * A seed for an independent stream derived from a base seed and a label (e.g. "noise", "data",
 * "init:generator"), so that adding a new random consumer never shifts the draws of another.
 * FNV-1a over the label, mixed with the seed.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.floor(seed / 2 ** 32) | 0;
  return h >>> 0;
}
