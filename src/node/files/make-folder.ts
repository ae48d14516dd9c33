/**
 * Creating a folder and its missing parents, with every failure one {@link FileSystemError} (exit
 * code 2) naming the path asked for. node's `mkdirSync(p, { recursive: true })` is not used: where
 * mkdir answers ENOENT although the parent exists (under /proc, or a link to a missing folder) it
 * goes back to the parent and forward again forever, and on a full disk it reports ENOENT, not ENOSPC.
 * Here the parents are found first (stat, going up), then created one at a time going down, so each
 * mkdir is tried once.
 */
import { dirname, normalize } from 'node:path';
import { errorCode, explainFileSystemError, FileSystemError } from './file-system-error.js';
import { nodeFileLayer, type FileInfo, type FileLayer } from './file-layer.js';

const ACTION = 'create the folder';

/** Makes sure the folder `path` exists, creating it and its missing parents (see the file comment). */
export function makeFolder(path: string, layer: FileLayer = nodeFileLayer): void {
  if (path.trim() === '') throw new FileSystemError('cannot create a folder with an empty name: give a folder name', 2, 'EINVAL', path);
  // Up from `path` to the first part that exists, which must be a folder.
  const missing: string[] = [];
  const start = normalize(path);
  for (let p = start; ; p = dirname(p)) {
    let info: FileInfo | undefined;
    try {
      info = layer.stat(p);
    } catch (e) {
      const code = errorCode(e);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw explainFileSystemError(e, path, ACTION);
    }
    if (info !== undefined) {
      if (!info.isDirectory()) throw new FileSystemError(`cannot ${ACTION} ${path}: ${p === start ? path : p} is a file, not a folder (ENOTDIR): choose a path whose parts are all folders`, 2, 'ENOTDIR', path);
      break;
    }
    missing.push(p);
    if (dirname(p) === p) break;
  }
  // Down again, creating each missing part once.
  for (const p of missing.reverse()) {
    try {
      layer.mkdir(p);
    } catch (e) {
      const code = errorCode(e);
      if (code === 'EEXIST' && isFolder(layer, p)) continue; // made by someone else meanwhile
      if (code === 'EEXIST') throw new FileSystemError(`cannot ${ACTION} ${path}: ${p} exists but is not a folder (a file, or a link to a missing folder) (EEXIST): choose another path`, 2, 'EEXIST', path);
      if (code === 'ENOENT') throw new FileSystemError(`cannot ${ACTION} ${path}: ${dirname(p)} cannot hold new folders (ENOENT; a virtual file system such as /proc?): choose a folder on an ordinary disk`, 2, 'ENOENT', path);
      throw explainFileSystemError(e, path, ACTION);
    }
  }
}

function isFolder(layer: FileLayer, p: string): boolean {
  try {
    return layer.stat(p).isDirectory();
  } catch {
    return false;
  }
}
