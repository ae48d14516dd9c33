/**
 * Checks on a data file before it is read (`--data FILE`): it must be a regular file (not a device such
 * as /dev/zero, a pipe or a socket, which would be read without end), no larger than the limit on data
 * read into memory (../../data/limits.ts, `--max-data-mb`).
 */
import { statSync, type Stats } from 'node:fs';
import { DataError } from '../../data/data-error.js';
import { checkDataBytes, type DataLimits } from '../../data/limits.js';
import { explainFileSystemError } from '../files/file-system-error.js';

/** What `st` is, in words, when it is not a regular file or a folder. */
function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

/** `statSync(path)`, with a system error explained in one line (FileSystemError). */
export function statData(path: string): Stats {
  try {
    return statSync(path);
  } catch (e) {
    throw explainFileSystemError(e, path, 'read');
  }
}

/**
 * The size in bytes of the data file `path`, after checking that it is a regular file within
 * `limits.maxDataBytes`; else a one-line DataError starting with `source` (e.g. "--data points.csv").
 */
export function dataFileSize(path: string, source: string, limits: DataLimits): number {
  const st = statData(path);
  if (!st.isFile()) {
    throw new DataError(`${source}: not a regular file (${kindOf(st)}): give a file of points, a JSON spec file, an IDX file or a folder of PNG images`);
  }
  checkDataBytes(st.size, limits, source);
  return st.size;
}
