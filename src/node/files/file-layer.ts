/**
 * The few file-system calls tsgan's writers make, as one small interface. The default is node:fs;
 * tests pass a layer that writes short, runs out of space or corrupts a byte, to check that no writer
 * loses data when the disk misbehaves (test/node/atomic-write.test.ts).
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';

/** What the writers need to know of a file: its size and whether it is a folder. */
export interface FileInfo {
  readonly size: number;
  isDirectory(): boolean;
}

/** File-system calls, each with node:fs's synchronous meaning (errors are thrown with a `code`). */
export interface FileLayer {
  open(path: string, flags: string, mode?: number): number;
  /** Writes up to `length` bytes of `data` from `offset`, at `position` (null: at the current one); returns how many were written. */
  write(fd: number, data: Uint8Array, offset: number, length: number, position: number | null): number;
  /** Reads up to `length` bytes into `buffer` at `offset`, from `position`; returns how many were read (0 at the end). */
  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  fsync(fd: number): void;
  close(fd: number): void;
  ftruncate(fd: number, length: number): void;
  fstat(fd: number): FileInfo;
  stat(path: string): FileInfo;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  /** Creates one folder; its parent must exist (never node's `recursive`, which spins forever under /proc). */
  mkdir(path: string): void;
  readdir(path: string): string[];
  /** Whether the process `pid` is running (for removing the temporary files of killed processes). */
  processAlive(pid: number): boolean;
}

/** The layer of the real file system (node:fs). */
export const nodeFileLayer: FileLayer = {
  open: (path, flags, mode) => openSync(path, flags, mode),
  write: (fd, data, offset, length, position) => writeSync(fd, data, offset, length, position),
  read: (fd, buffer, offset, length, position) => readSync(fd, buffer, offset, length, position),
  fsync: (fd) => fsyncSync(fd),
  close: (fd) => closeSync(fd),
  ftruncate: (fd, length) => ftruncateSync(fd, length),
  fstat: (fd) => fstatSync(fd),
  stat: (path) => statSync(path),
  rename: (from, to) => renameSync(from, to),
  unlink: (path) => unlinkSync(path),
  mkdir: (path) => mkdirSync(path),
  readdir: (path) => readdirSync(path),
  processAlive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      // EPERM: it runs, as another user. Only ESRCH says it is gone.
      return (e as { code?: unknown }).code !== 'ESRCH';
    }
  },
};

/** An error as node:fs throws it, with `code`, for failures the layer itself detects. */
export function systemError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/**
 * Writes all of `data` to `fd` from `position` on (null: at the current position, or the end of a file
 * opened to append), in as many writes as it takes: a write may take
 * fewer bytes than it is given (Linux does so when the disk fills up), and a write that takes none
 * would never end, so it fails as ENOSPC.
 */
export function writeAll(layer: FileLayer, fd: number, data: Uint8Array, position: number | null): void {
  let done = 0;
  while (done < data.byteLength) {
    const n = layer.write(fd, data, done, data.byteLength - done, position === null ? null : position + done);
    if (!(n > 0)) throw systemError('ENOSPC', `the device took no bytes of the ${data.byteLength - done} left to write`);
    done += n;
  }
}
