/**
 * Reading a file of points (CSV or JSON, see parsePoints in ../../data/points.ts). A CSV file is read in
 * pieces, so that no string holds the whole file: V8's strings stop at 2²⁹ − 24 characters (~512 MB),
 * and a larger CSV would otherwise end in an internal error. JSON is parsed whole, so a JSON file must
 * fit in one string.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { CsvPointsParser, DataError, parsePoints, type EmpiricalDataset } from '../../data/points.js';
import { megabytes } from '../../data/limits.js';
import { explainFileSystemError } from '../files/file-system-error.js';

/** The longest string V8 makes (in UTF-16 units; at least one per byte of a UTF-8 file). */
export const MAX_STRING_LENGTH = 0x1fffffe8;

/** Throws a one-line DataError when a JSON file of `bytes` cannot be read as one string. */
export function checkJsonSize(bytes: number, source: string): void {
  if (bytes > MAX_STRING_LENGTH) {
    throw new DataError(`${source}: a JSON file is read as one string, at most ${megabytes(MAX_STRING_LENGTH + 24)} MB; this one is ${megabytes(bytes)} MB: give the points as CSV (read in pieces)`);
  }
}

/**
 * The points in the file `path` (CSV read in pieces of `chunkBytes`, default 16 MB; JSON whole);
 * `source` names it in messages and the label. Throws DataError like parsePoints.
 */
export function readPointsFile(path: string, source: string, options: { chunkBytes?: number } = {}): EmpiricalDataset {
  const chunkBytes = options.chunkBytes ?? 16 * 2 ** 20;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw explainFileSystemError(e, path, 'read');
  }
  try {
    const buffer = Buffer.alloc(chunkBytes);
    const decoder = new StringDecoder('utf8');
    let head = '';
    let bytes = 0;
    const next = (): boolean => {
      const n = readSync(fd, buffer, 0, chunkBytes, null);
      bytes += n;
      head += n > 0 ? decoder.write(buffer.subarray(0, n)) : decoder.end();
      return n > 0;
    };
    // The first non-blank character tells JSON ([ or {) from CSV, as in parsePoints.
    let more = true;
    while (more && head.replace(/^\ufeff/, '').trimStart() === '') more = next();
    const first = head.replace(/^\ufeff/, '').trimStart()[0];
    if (first === '[' || first === '{') {
      while (more) {
        checkJsonSize(bytes, source);
        more = next();
      }
      return parsePoints(head, source);
    }
    const parser = new CsvPointsParser(source);
    parser.push(head);
    while (more) {
      head = '';
      more = next();
      parser.push(head);
    }
    return parser.end();
  } catch (e) {
    throw explainFileSystemError(e, path, 'read');
  } finally {
    closeSync(fd);
  }
}

/** `readFileSync(path, 'utf8')` with a system error explained in one line. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw explainFileSystemError(e, path, 'read');
  }
}
