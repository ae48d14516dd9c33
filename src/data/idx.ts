/**
 * The IDX file format of MNIST (LeCun et al.): a big-endian header — two zero bytes, a type code,
 * the number of dimensions — then one 32-bit big-endian size per dimension, then the values.
 * Only unsigned bytes (type 0x08) are used by image data sets; the other types are read too.
 */

/** An IDX file that cannot be read; `message` is one line naming the file, the place and the fix. */
export class IdxError extends Error {
  override readonly name = 'IdxError';
}

const TYPES: Record<number, { name: string; bytes: number }> = {
  0x08: { name: 'uint8', bytes: 1 },
  0x09: { name: 'int8', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
};

/** A parsed IDX file: its dimensions and its values in row-major order. */
export interface IdxArray {
  readonly type: string;
  readonly dims: readonly number[];
  /** uint8 data stays a Uint8Array view of the input; other types are converted to numbers. */
  readonly data: Uint8Array | Float64Array;
}

/**
 * Parses an uncompressed IDX file (decompress `.gz` first). Throws {@link IdxError} with one line
 * on a wrong magic number, an unknown type, a truncated header or body, or trailing bytes.
 */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  const fix = 'give an uncompressed or .gz IDX file such as train-images-idx3-ubyte';
  if (bytes.length < 4) throw new IdxError(`${source}: only ${bytes.length} bytes, too short for an IDX header: ${fix}`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxError(`${source}: wrong magic number 0x${[...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('')} (an IDX file starts with 0x0000): ${fix}`);
  }
  const type = TYPES[bytes[2]];
  if (type === undefined) throw new IdxError(`${source}: unknown IDX value type 0x${bytes[2].toString(16)} (known: 0x08 uint8, 0x09 int8, 0x0b int16, 0x0c int32, 0x0d float32, 0x0e float64)`);
  const ndim = bytes[3];
  if (ndim === 0) throw new IdxError(`${source}: IDX header says 0 dimensions: ${fix}`);
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) throw new IdxError(`${source}: truncated header: ${ndim} dimensions need ${headerBytes} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const bodyBytes = count * type.bytes;
  const actual = bytes.length - headerBytes;
  if (actual < bodyBytes) throw new IdxError(`${source}: truncated: dimensions [${dims.join(', ')}] need ${bodyBytes} bytes of values, the file has ${actual}; download the file again`);
  if (actual > bodyBytes) throw new IdxError(`${source}: ${actual - bodyBytes} bytes after the values: dimensions [${dims.join(', ')}] disagree with the file size`);
  if (type.name === 'uint8') return { type: type.name, dims, data: bytes.subarray(headerBytes) };
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = headerBytes + i * type.bytes;
    data[i] =
      type.name === 'int8' ? view.getInt8(o)
      : type.name === 'int16' ? view.getInt16(o, false)
      : type.name === 'int32' ? view.getInt32(o, false)
      : type.name === 'float32' ? view.getFloat32(o, false)
      : view.getFloat64(o, false);
  }
  return { type: type.name, dims, data };
}

/** Writes uint8 values as an IDX file (for tests and for users making their own data). */
export function encodeIdxUint8(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
