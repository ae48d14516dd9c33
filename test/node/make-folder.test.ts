/**
 * Creating a folder and its parents: every path that cannot be a folder is one FileSystemError with
 * exit code 2 naming the path, in a few milliseconds (node's own recursive mkdir spins forever under
 * /proc, where mkdir says ENOENT although the parent exists).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { makeFolder } from '../../src/node/files/make-folder.js';
import { nodeFileLayer, systemError, type FileLayer } from '../../src/node/files/file-layer.js';
import { FileSystemError } from '../../src/node/files/file-system-error.js';

function assertPathError(f: () => void, path: string, code: string, words: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof FileSystemError, `a FileSystemError, got ${String(e)}`);
    assert.equal(e.exitCode, 2);
    assert.equal(e.code, code);
    assert.ok(e.message.includes(path), `names ${path}: ${e.message}`);
    assert.match(e.message, words);
    return true;
  });
}

test('creates a folder and its missing parents; an existing folder is fine', () => {
  const dir = tempDir();
  const path = join(dir, 'a', 'b', 'c');
  makeFolder(path);
  assert.ok(statSync(path).isDirectory());
  makeFolder(path);
  makeFolder(dir);
  assert.ok(statSync(path).isDirectory());
});

test('a path under a file, the file itself, an empty path and a 300-character name: exit 2, naming the path', () => {
  const dir = tempDir();
  const file = join(dir, 'file');
  writeFileSync(file, 'x');
  assertPathError(() => makeFolder(join(file, 'sub', 'run')), join(file, 'sub', 'run'), 'ENOTDIR', /is a file, not a folder/);
  assertPathError(() => makeFolder(file), file, 'ENOTDIR', /is a file, not a folder/);
  assertPathError(() => makeFolder(''), '', 'EINVAL', /empty/);
  const long = join(dir, 'n'.repeat(300));
  assertPathError(() => makeFolder(long), long, 'ENAMETOOLONG', /too long/);
  assert.ok(!existsSync(join(file, 'sub')));
});

test('a file system that says ENOENT under an existing folder (like /proc) fails at once, through the layer', () => {
  const dir = tempDir();
  let calls = 0;
  const layer: FileLayer = {
    ...nodeFileLayer,
    mkdir: (p) => {
      if (++calls > 10) throw new Error('mkdir called again and again');
      throw systemError('ENOENT', `no such file or directory, mkdir '${p}'`);
    },
  };
  const path = join(dir, 'x', 'y');
  assertPathError(() => makeFolder(path, layer), path, 'ENOENT', /cannot hold new folders/);
  assert.equal(calls, 1);
});

test('under /proc: fails in milliseconds, not a spin (Linux)', (t) => {
  if (!existsSync('/proc/self')) return t.skip('no /proc on this system');
  const t0 = performance.now();
  assertPathError(() => makeFolder('/proc/x/run'), '/proc/x/run', 'ENOENT', /cannot hold new folders/);
  assert.ok(performance.now() - t0 < 1000);
});
