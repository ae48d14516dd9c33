/**
 * Writes that cannot lose data. `writeFileAtomic(path, data)`:
 *
 *   1. writes every byte to a temporary file `.NAME.<pid>.tmp` in the same folder, in as many writes
 *      as it takes (a disk filling up takes fewer bytes than asked; a write taking none fails);
 *   2. flushes it to the disk (fsync) and closes it;
 *   3. reads it back and compares it with the bytes meant, byte for byte;
 *   4. renames it over `path` (atomic within a folder), then flushes the folder (best effort).
 *
 * So `path` holds the old file or the complete new one, never a part. On any failure the temporary
 * file is removed, `path` is untouched, and the error is a {@link FileSystemError} naming `path`
 * (disk full: exit code 4; a path that cannot be written: 2). Temporary files of processes that were
 * killed half-way (their pid no longer runs) are removed the next time their file is written.
 */
import { basename, dirname, join } from 'node:path';
import { explainFileSystemError, FileSystemError } from './file-system-error.js';
import { nodeFileLayer, writeAll, type FileLayer } from './file-layer.js';

/** Bytes compared at a time when reading a file back. */
const CHUNK = 1 << 20;

/** Writes `data` to `path` as described in the file comment; `layer` is the file system (tests inject failures). */
export function writeFileAtomic(path: string, data: string | Uint8Array, layer: FileLayer = nodeFileLayer): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const dir = dirname(path);
  const name = basename(path);
  removeDeadTemporaries(dir, name, layer);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  let fd: number | undefined;
  let created = false;
  try {
    fd = layer.open(tmp, 'w', 0o666);
    created = true;
    writeAll(layer, fd, bytes, 0);
    layer.fsync(fd);
    layer.close(fd);
    fd = undefined;
    verify(layer, tmp, bytes, path);
    layer.rename(tmp, path);
    created = false;
  } catch (e) {
    if (fd !== undefined) ignoreErrors(() => layer.close(fd as number));
    if (created) ignoreErrors(() => layer.unlink(tmp));
    throw explainFileSystemError(e, path, 'write');
  }
  // The rename lives in the folder: flush it too, so that the new name survives a power cut. Some file
  // systems cannot fsync a folder; the file itself is already safe then.
  ignoreErrors(() => {
    const dfd = layer.open(dir, 'r');
    try {
      layer.fsync(dfd);
    } finally {
      layer.close(dfd);
    }
  });
}

/** Reads `tmp` back and throws unless it holds exactly `bytes` (so a damaged write never replaces `path`). */
function verify(layer: FileLayer, tmp: string, bytes: Uint8Array, path: string): void {
  const fd = layer.open(tmp, 'r');
  try {
    const size = layer.fstat(fd).size;
    if (size !== bytes.byteLength) throw readBackError(path, `${size} bytes instead of ${bytes.byteLength}`);
    const chunk = Buffer.alloc(Math.min(CHUNK, Math.max(1, bytes.byteLength)));
    for (let at = 0; at < bytes.byteLength; ) {
      const n = layer.read(fd, chunk, 0, Math.min(chunk.byteLength, bytes.byteLength - at), at);
      if (n <= 0) throw readBackError(path, `it ended at byte ${at} of ${bytes.byteLength}`);
      if (Buffer.compare(chunk.subarray(0, n), bytes.subarray(at, at + n)) !== 0) throw readBackError(path, `a byte differs between ${at} and ${at + n}`);
      at += n;
    }
  } finally {
    layer.close(fd);
  }
}

function readBackError(path: string, detail: string): FileSystemError {
  return new FileSystemError(
    `cannot write ${path}: the file read back differs from what was written (${detail}), so the previous ${basename(path)} was kept: check the disk (dmesg) and run again`,
    4,
    'EIO',
    path,
  );
}

/** Removes `.NAME.<pid>.tmp` files in `dir` whose process is gone (left by a killed run); best effort. */
function removeDeadTemporaries(dir: string, name: string, layer: FileLayer): void {
  const prefix = `.${name}.`;
  ignoreErrors(() => {
    for (const f of layer.readdir(dir)) {
      if (!f.startsWith(prefix) || !f.endsWith('.tmp')) continue;
      const pid = f.slice(prefix.length, -'.tmp'.length);
      if (!/^[1-9]\d{0,9}$/.test(pid) || Number(pid) === process.pid || layer.processAlive(Number(pid))) continue;
      ignoreErrors(() => layer.unlink(join(dir, f)));
    }
  });
}

function ignoreErrors(f: () => void): void {
  try {
    f();
  } catch {
    /* best effort */
  }
}
