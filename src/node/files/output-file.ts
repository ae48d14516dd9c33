/**
 * Checking an output file's place before long work (sampling, a benchmark, training a classifier), so
 * that a mistyped or read-only path fails at once with one line, not after the work is done. The
 * write itself (./atomic-write.ts) still reports anything that changes in between.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { explainFileSystemError, FileSystemError } from './file-system-error.js';

/** Throws a {@link FileSystemError} (exit code 2) naming `path` unless its folder exists and can be written. */
export function checkOutputFile(path: string): void {
  if (path.trim() === '') throw new FileSystemError('cannot write a file with an empty name: give a file name', 2, 'EINVAL', path);
  const dir = dirname(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileSystemError(`cannot write ${path}: the folder ${dir} does not exist (${code}): create it first, or choose another path`, 2, code, path);
    throw explainFileSystemError(e, path, 'write');
  }
  if (!isFolder) throw new FileSystemError(`cannot write ${path}: ${dir} is a file, not a folder (ENOTDIR): choose another path`, 2, 'ENOTDIR', path);
  try {
    accessSync(dir, constants.W_OK); // EROFS on a read-only file system, even for root
  } catch (e) {
    throw explainFileSystemError(e, path, 'write');
  }
}
