/**
 * User data: a list of points given as CSV or JSON text, sampled with replacement.
 */
import type { Rng } from '../random/rng.js';
import type { Dataset } from './distribution.js';
import { DataError } from './data-error.js';
import { float32Problem, fitsFloat32 } from './limits.js';

export { DataError };

/** A finite set of points, sampled uniformly with replacement (the empirical distribution). */
export class EmpiricalDataset implements Dataset {
  /** The points, row-major: point i is `points[i*dim … i*dim+dim-1]`. */
  readonly points: Float64Array;
  /** Number of points (≥ 1). */
  readonly count: number;
  readonly dim: number;
  readonly label: string;

  /**
   * points: row-major, length a positive multiple of dim, all finite; dim: a positive integer;
   * label: e.g. "points.csv (1000 × 2)". Throws RangeError otherwise. The array is used as is (not copied).
   */
  constructor(points: Float64Array, dim: number, label: string) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
    if (points.length === 0 || points.length % dim !== 0) {
      throw new RangeError(`points must hold a positive whole number of rows of ${dim}, got ${points.length} numbers`);
    }
    if (!points.every(Number.isFinite)) throw new RangeError('every coordinate of every point must be finite');
    this.points = points;
    this.dim = dim;
    this.count = points.length / dim;
    this.label = label;
  }

  /** n points drawn uniformly with replacement (one `rng.int(count)` per point), row-major. n: integer ≥ 0. */
  sample(rng: Rng, n: number): Float64Array {
    const d = this.dim;
    const out = new Float64Array(n * d);
    for (let r = 0; r < n; r++) {
      const i = rng.int(this.count);
      out.set(this.points.subarray(i * d, i * d + d), r * d);
    }
    return out;
  }
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Tokens that look like numbers but are not finite: never taken for header names. */
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const FIX = 'every value must be a finite number';

/** A short quoted rendering of a token for messages. */
function quote(token: string): string {
  return JSON.stringify(token.length > 30 ? `${token.slice(0, 27)}...` : token);
}

/**
 * Parses user data into an {@link EmpiricalDataset} labelled "source (count × dim)".
 *
 * text: CSV or JSON, told apart by the first non-blank character (`[` or `{` means JSON).
 * - CSV: one point per line; values separated by commas (or semicolons), or else by spaces/tabs;
 *   blank lines and lines starting with `#` are skipped; an optional first row of non-numeric
 *   column names (a header, quotes allowed) must have as many names as the rows have values.
 * - JSON: an array of points, each an array of numbers (`[[0, 1], [2, 3]]`), or an object
 *   `{"points": [[…], …]}`; a flat array of numbers (`[0.5, 1.2]`) is read as 1-D points.
 * Every value must be a finite decimal number that fits in float32 (|x| ≤ 3.4028235e38), every row
 * must have the same number (≥ 1) of coordinates, and there must be at least 2 rows.
 * source: the file name or other origin, used in messages and the label.
 * Throws {@link DataError} with a one-line message naming the source, the line (CSV) or row (JSON)
 * and column, and how to fix it. A CSV too large for one string is read in pieces with {@link CsvPointsParser}.
 */
export function parsePoints(text: string, source: string): EmpiricalDataset {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first === '[' || first === '{') {
    const rows = jsonRows(body, source);
    return pointsDataset(Float64Array.from(rows.values), rows.dim, source);
  }
  const csv = new CsvPointsParser(source);
  csv.push(body);
  return csv.end();
}

/** The data set of `values` (row-major, `dim` per row), refusing fewer than 2 rows. */
function pointsDataset(values: Float64Array, dim: number, source: string): EmpiricalDataset {
  if (values.length < 2 * dim) {
    const n = values.length / dim;
    throw new DataError(
      `${source}: ${n === 0 ? 'no data rows' : 'only 1 row'}; give at least 2 points, one row of numbers each (e.g. "0.5,1.2" per line)`,
    );
  }
  return new EmpiricalDataset(values, dim, `${source} (${values.length / dim} × ${dim})`);
}

interface Rows {
  readonly values: number[];
  readonly dim: number;
}

function splitCsvLine(line: string): string[] {
  return /[,;]/.test(line) ? line.split(/[,;]/).map((s) => s.trim()) : line.trim().split(/\s+/);
}

/** Numbers are kept in blocks that double from 1,024 up to this many: a large file needs no number[] and no copies as it grows. */
const MAX_BLOCK = 1 << 20;

/**
 * CSV points (the format of {@link parsePoints}) given piece by piece, e.g. a file read in chunks: the
 * same points and the same messages as the whole text, wherever the pieces are cut (a line, a CRLF or a
 * number may be split). Values are kept in float64 blocks, not in one string or a number[].
 */
export class CsvPointsParser {
  private pending = '';
  private lineNo = 0;
  private started = false;
  private dim = 0;
  private dimLine = 0;
  private header: { names: number; line: number } | undefined;
  private readonly blocks: Float64Array[] = [];
  private block = new Float64Array(1024);
  private used = 0;
  private count = 0;

  /** source: the file name, used in messages and the label. */
  constructor(private readonly source: string) {}

  /** The next piece of the text. */
  push(text: string): void {
    let s = this.pending + text;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    // Lines end at \r\n, \n or \r; a \r at the very end may be the first half of a \r\n: keep it.
    let start = 0;
    const re = /\r\n|\n|\r/g;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      if (m[0] === '\r' && m.index === s.length - 1) break;
      this.line(s.slice(start, m.index));
      start = m.index + m[0].length;
    }
    this.pending = s.slice(start);
  }

  /** The data set, after the last piece. Throws DataError like {@link parsePoints}. */
  end(): EmpiricalDataset {
    this.started = true;
    const rest = this.pending;
    this.pending = '';
    if (rest.endsWith('\r')) {
      this.line(rest.slice(0, -1));
      this.line('');
    } else this.line(rest);
    const dim = Math.max(this.dim, 1);
    const values = new Float64Array(this.count);
    let offset = 0;
    for (const b of this.blocks) {
      values.set(b, offset);
      offset += b.length;
    }
    values.set(this.block.subarray(0, this.used), offset);
    return pointsDataset(values, dim, this.source);
  }

  private append(v: number): void {
    if (this.used === this.block.length) {
      this.blocks.push(this.block);
      this.block = new Float64Array(Math.min(2 * this.block.length, MAX_BLOCK));
      this.used = 0;
    }
    this.block[this.used++] = v;
    this.count++;
  }

  private line(raw: string): void {
    const lineNo = ++this.lineNo;
    const source = this.source;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const tokens = splitCsvLine(line);
    if (this.dim === 0 && this.header === undefined && tokens.every((t) => !NUMBER.test(t) && !NON_FINITE.test(t))) {
      if (tokens.some((t) => t === '')) {
        const c = tokens.findIndex((t) => t === '') + 1;
        throw new DataError(`${source} line ${lineNo}, column ${c}: empty column name in the header; name every column or remove the header`);
      }
      this.header = { names: tokens.length, line: lineNo };
      return;
    }
    for (let c = 0; c < tokens.length; c++) {
      const t = tokens[c];
      const where = `${source} line ${lineNo}, column ${c + 1}`;
      if (t === '') throw new DataError(`${where}: empty value; ${FIX} (check for a doubled or trailing separator)`);
      if (!NUMBER.test(t)) throw new DataError(`${where}: ${quote(t)} is not a number; ${FIX}`);
      const v = Number(t);
      if (!Number.isFinite(v)) throw new DataError(`${where}: ${quote(t)} is too large for a double; ${FIX}`);
      if (!fitsFloat32(v)) throw new DataError(`${where}: ${float32Problem(t)}`);
    }
    if (this.dim === 0) {
      this.dim = tokens.length;
      this.dimLine = lineNo;
      const header = this.header;
      if (header && header.names !== this.dim) {
        throw new DataError(
          `${source} line ${lineNo}: ${this.dim} value${this.dim === 1 ? '' : 's'} but the header (line ${header.line}) names ${header.names} columns; give every row one value per column`,
        );
      }
    } else if (tokens.length !== this.dim) {
      throw new DataError(
        `${source} line ${lineNo}: ${tokens.length} value${tokens.length === 1 ? '' : 's'} but line ${this.dimLine} has ${this.dim}; every row needs the same number of coordinates`,
      );
    }
    for (const t of tokens) this.append(Number(t));
  }
}

/** "line L, column C" of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\n|\r/).length;
  const column = offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return `line ${line}, column ${column}`;
}

function jsonRows(text: string, source: string): Rows {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /at position (\d+)/.exec(msg);
    // V8 quotes the whole input in some messages; keep only the reason, on one line.
    const reason = msg.replace(/,?\s*"[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/s, '').replace(/\s+/g, ' ');
    const where = pos ? ` ${lineColumn(text, Number(pos[1]))}` : '';
    throw new DataError(`${source}${where}: not valid JSON (${reason}); write the points as [[x, y], …] or {"points": [[x, y], …]}`);
  }
  let list: unknown = data;
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    if (!('points' in data)) {
      throw new DataError(`${source}: the JSON object has no "points" field; write {"points": [[x, y], …]} or just the array [[x, y], …]`);
    }
    list = (data as { points: unknown }).points;
  }
  if (!Array.isArray(list)) {
    throw new DataError(`${source}: "points" must be an array of points like [[0, 1], [2, 3]]`);
  }
  const flat = list.length > 0 && list.every((v) => !Array.isArray(v));
  const values: number[] = [];
  let dim = flat ? 1 : 0;
  for (let r = 0; r < list.length; r++) {
    const row: unknown = flat ? [list[r]] : list[r];
    if (!Array.isArray(row)) {
      throw new DataError(`${source} row ${r + 1}: expected an array of numbers like [0.5, 1.2], got ${show(row)}; write every point as an array`);
    }
    if (row.length === 0) throw new DataError(`${source} row ${r + 1}: empty point []; give every point at least one coordinate`);
    for (let c = 0; c < row.length; c++) {
      const v: unknown = row[c];
      if (typeof v !== 'number') throw new DataError(`${source} row ${r + 1}, column ${c + 1}: ${show(v)} is not a number; ${FIX}`);
      if (!Number.isFinite(v)) throw new DataError(`${source} row ${r + 1}, column ${c + 1}: ${v} is not finite; ${FIX}`);
      if (!fitsFloat32(v)) throw new DataError(`${source} row ${r + 1}, column ${c + 1}: ${float32Problem(String(v))}`);
    }
    if (dim === 0) dim = row.length;
    else if (row.length !== dim) {
      throw new DataError(
        `${source} row ${r + 1}: ${row.length} coordinate${row.length === 1 ? '' : 's'} but row 1 has ${dim}; every point needs the same number of coordinates`,
      );
    }
    for (const v of row) values.push(v as number);
  }
  return { values, dim: Math.max(dim, 1) };
}

/** A short one-line rendering of a JSON value. */
function show(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    // JSON.stringify recurses: a value nested ~10,000 deep overflows the stack.
    s = Array.isArray(v) ? '[[[[...' : String(v);
  }
  return s.length > 30 ? `${s.slice(0, 27)}...` : s;
}
