/**
 * Writes that cannot lose data, through an injected file-system layer that writes short, runs out of
 * space, fails to flush or corrupts a byte, so these run everywhere (the real full disk is in
 * test/cli/disk-errors.test.ts): every byte is written or the write fails, the old file stays until
 * the new one is complete and read back, and each failure is one FileSystemError naming the target.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { writeFileAtomic } from '../../src/node/files/atomic-write.js';
import { nodeFileLayer, systemError, type FileLayer } from '../../src/node/files/file-layer.js';
import { FileSystemError } from '../../src/node/files/file-system-error.js';

/** 10,000 bytes that are not all alike, so a byte in the wrong place shows. */
const NEW = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 251));
const OLD = Buffer.from('{"the":"last good checkpoint"}\n');

/** A folder holding `name` with the old contents. */
function folderWithOld(name = 'checkpoint.json'): { dir: string; path: string } {
  const dir = tempDir();
  const path = join(dir, name);
  writeFileSync(path, OLD);
  return { dir, path };
}

/** A layer whose writes take at most `chunk` bytes; after `budget` bytes in all, a write throws ENOSPC. */
function fillingLayer(chunk: number, budget = Infinity): FileLayer & { writes: number } {
  let written = 0;
  const layer = {
    ...nodeFileLayer,
    writes: 0,
    write(fd: number, data: Uint8Array, offset: number, length: number, position: number | null): number {
      layer.writes++;
      const n = Math.min(chunk, length, budget - written);
      if (n <= 0) throw systemError('ENOSPC', 'no space left on device, write');
      written += n;
      return nodeFileLayer.write(fd, data, offset, n, position);
    },
  };
  return layer;
}

/** Asserts `f` throws a FileSystemError with `code` and `exitCode`, naming `path` in its one line. */
function assertFileSystemError(f: () => void, code: string, exitCode: number, path: string, words: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof FileSystemError, `a FileSystemError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.exitCode, exitCode);
    assert.equal(e.path, path);
    assert.ok(e.message.includes(path), `names ${path}: ${e.message}`);
    assert.match(e.message, words);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
}

test('short writes that then succeed give the full, correct file', () => {
  const { dir, path } = folderWithOld();
  const layer = fillingLayer(777);
  writeFileAtomic(path, NEW, layer);
  assert.deepEqual(readFileSync(path), NEW);
  assert.equal(layer.writes, Math.ceil(NEW.length / 777), 'one write per 777-byte piece');
  assert.deepEqual(readdirSync(dir), ['checkpoint.json']);
});

test('a short write then ENOSPC keeps the old file byte for byte, leaves no temporary file, and says "no space" (exit 4)', () => {
  const { dir, path } = folderWithOld();
  assertFileSystemError(() => writeFileAtomic(path, NEW, fillingLayer(4096, 6000)), 'ENOSPC', 4, path, /no space left/);
  assert.deepEqual(readFileSync(path), OLD);
  assert.deepEqual(readdirSync(dir), ['checkpoint.json']);
});

test('a write that takes 0 bytes fails as ENOSPC instead of looping; a new target is not created', () => {
  const dir = tempDir();
  const path = join(dir, 'samples.png');
  const layer: FileLayer = { ...nodeFileLayer, write: () => 0 };
  assertFileSystemError(() => writeFileAtomic(path, NEW, layer), 'ENOSPC', 4, path, /no space left/);
  assert.deepEqual(readdirSync(dir), []);
});

test('a byte corrupted on the way to the disk is caught by the read-back: refused, old file intact (exit 4)', () => {
  const { dir, path } = folderWithOld();
  const layer: FileLayer = {
    ...nodeFileLayer,
    write(fd, data, offset, length, position) {
      const copy = Buffer.from(data.subarray(offset, offset + length));
      if (offset <= 5000 && 5000 < offset + length) copy[5000 - offset] ^= 0x10;
      return nodeFileLayer.write(fd, copy, 0, length, position);
    },
  };
  assertFileSystemError(() => writeFileAtomic(path, NEW, layer), 'EIO', 4, path, /read back/);
  assert.deepEqual(readFileSync(path), OLD);
  assert.deepEqual(readdirSync(dir), ['checkpoint.json']);
});

test('a file that reads back shorter than written (lost on flush) is refused, old file intact', () => {
  const { dir, path } = folderWithOld();
  const layer: FileLayer = { ...nodeFileLayer, fsync: (fd) => nodeFileLayer.ftruncate(fd, 1234) };
  assertFileSystemError(() => writeFileAtomic(path, NEW, layer), 'EIO', 4, path, /read back/);
  assert.deepEqual(readFileSync(path), OLD);
  assert.deepEqual(readdirSync(dir), ['checkpoint.json']);
});

test('fsync failing with EIO, or the rename failing, keeps the old file and removes the temporary one', () => {
  for (const [layer, code, exitCode] of [
    [{ ...nodeFileLayer, fsync: () => { throw systemError('EIO', 'i/o error, fsync'); } }, 'EIO', 4],
    [{ ...nodeFileLayer, rename: () => { throw systemError('EACCES', 'permission denied, rename'); } }, 'EACCES', 2],
  ] as const) {
    const { dir, path } = folderWithOld();
    assertFileSystemError(() => writeFileAtomic(path, NEW, layer), code, exitCode, path, /cannot write/);
    assert.deepEqual(readFileSync(path), OLD);
    assert.deepEqual(readdirSync(dir), ['checkpoint.json']);
  }
});

test('a missing folder is one FileSystemError naming the target (exit 2), nothing created', () => {
  const dir = tempDir();
  const path = join(dir, 'missing', 'dir', 'file.json');
  assertFileSystemError(() => writeFileAtomic(path, NEW), 'ENOENT', 2, path, /no such file or folder/);
  assert.ok(!existsSync(join(dir, 'missing')));
});

test('temporary files of dead processes are removed when their file is written again; a live one and other files stay', () => {
  const { dir, path } = folderWithOld();
  const dead = '.checkpoint.json.999999.tmp';
  const alive = '.checkpoint.json.424242.tmp';
  const other = '.samples.png.999999.tmp';
  for (const f of [dead, alive, other]) writeFileSync(join(dir, f), 'left by a killed run');
  const layer: FileLayer = { ...nodeFileLayer, processAlive: (pid) => pid === 424242 };
  writeFileAtomic(path, NEW, layer);
  assert.deepEqual(readFileSync(path), NEW);
  assert.deepEqual(readdirSync(dir).sort(), [alive, other, 'checkpoint.json'].sort());
});
