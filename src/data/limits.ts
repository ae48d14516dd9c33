/**
 * Limits on data, so that input too large to handle is refused in one line before it is read or
 * allocated, not met as an out-of-memory crash or a stack overflow (docs/reliability.md, "Limits on
 * input"). Two kinds:
 *
 * - hard limits, the same for everyone: values must fit in float32 (the precision tsgan trains in),
 *   mixtures nest at most {@link MAX_MIXTURE_DEPTH} deep;
 * - limits a host sets ({@link DataLimits}): the CLI's training commands use {@link DEFAULT_DATA_LIMITS}
 *   unless their flags (`--max-data-dim`, `--max-data-mb`) raise them.
 */
import { DataError } from './data-error.js';

/** The largest finite float32, (2 − 2⁻²³)·2¹²⁷ ≈ 3.4028235e38. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** True when `x` is a finite number whose float32 rounding is finite too (|x| ≤ FLOAT32_MAX, up to rounding). */
export function fitsFloat32(x: number): boolean {
  return Number.isFinite(Math.fround(x));
}

/** Why `x` does not fit in float32, for messages, e.g. "1e308 does not fit in float32 (…)"; `text` is how the user wrote it. */
export function float32Problem(text: string): string {
  return `${text} does not fit in float32 (|x| ≤ 3.4028235e38, the precision tsgan trains in): scale the data down`;
}

/**
 * The most mixtures nested within each other in a spec. Parsing and building a spec recurse once per
 * level: deeper specs are refused before that recursion could overflow the stack. A mixture of
 * mixtures is a mixture of their components (with the weights multiplied), so nothing needs more.
 */
export const MAX_MIXTURE_DEPTH = 32;

/** Limits on the data a host reads into memory. */
export interface DataLimits {
  /** The most coordinates of one point (an image: height × width × channels). */
  readonly maxDataDim: number;
  /** The most bytes read into memory for a data set: a file's size, an IDX file's unpacked size, a PNG folder's decoded pixels. */
  readonly maxDataBytes: number;
}

/**
 * The CLI's defaults: 65,536 coordinates (a 256×256 grey image; 147×147 RGB) and 512 MB (MNIST's
 * training images are 47 MB). Raise them with `--max-data-dim` and `--max-data-mb`.
 */
export const DEFAULT_DATA_LIMITS: DataLimits = { maxDataDim: 65_536, maxDataBytes: 512 * 2 ** 20 };

/** No limits (the library's default: the hard limits above still hold). */
export const NO_DATA_LIMITS: DataLimits = { maxDataDim: Infinity, maxDataBytes: Infinity };

/** Bytes as MB in messages: whole MB from 10 MB up, else 3 significant digits. */
export function megabytes(bytes: number): string {
  const mb = bytes / 2 ** 20;
  return mb >= 10 ? mb.toFixed(0) : String(Number(mb.toPrecision(3)));
}

/** The `--max-data-mb` value that admits `bytes` (whole MB, rounded up). */
function neededMegabytes(bytes: number): number {
  return Math.ceil(bytes / 2 ** 20);
}

/** Throws a one-line DataError (naming `--max-data-dim`) when points of `dim` coordinates exceed the limit; `source` starts the message. */
export function checkDataDimension(dim: number, limits: DataLimits, source: string, what = 'coordinates per point'): void {
  if (dim > limits.maxDataDim) {
    throw new DataError(`${source}: ${dim} ${what}, more than the limit of ${limits.maxDataDim}: raise it with --max-data-dim ${dim} if the machine has the memory`);
  }
}

/** Throws a one-line DataError (naming `--max-data-mb`) when `bytes` read into memory exceed the limit; `what` says what they are ("the file is"). */
export function checkDataBytes(bytes: number, limits: DataLimits, source: string, what = 'the file is'): void {
  if (bytes > limits.maxDataBytes) {
    throw new DataError(
      `${source}: ${what} ${megabytes(bytes)} MB, more than the limit of ${megabytes(limits.maxDataBytes)} MB on data read into memory: raise it with --max-data-mb ${neededMegabytes(bytes)} if the machine has the memory`,
    );
  }
}
