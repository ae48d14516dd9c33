/** An output file's place is checked before long work: a missing, file or read-only folder is one line, exit 2. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { checkOutputFile } from '../../src/node/files/output-file.js';
import { FileSystemError } from '../../src/node/files/file-system-error.js';

function assertRefused(path: string, code: string, words: RegExp): void {
  assert.throws(
    () => checkOutputFile(path),
    (e: unknown) => e instanceof FileSystemError && e.exitCode === 2 && e.code === code && e.path === path && e.message.includes(path) && words.test(e.message),
  );
}

test('a file in an existing writable folder passes (whether it exists yet or not)', () => {
  const dir = tempDir();
  checkOutputFile(join(dir, 'new.json'));
  writeFileSync(join(dir, 'old.json'), '{}');
  checkOutputFile(join(dir, 'old.json'));
});

test('a missing folder, a folder that is a file, an empty name and a 300-character folder are refused, naming the path', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'file'), 'x');
  assertRefused(join(dir, 'missing', 'dir', 'out.json'), 'ENOENT', /folder .*missing\/dir does not exist/);
  assertRefused(join(dir, 'file', 'out.json'), 'ENOTDIR', /is a file, not a folder/);
  assertRefused('', 'EINVAL', /empty name/);
  assertRefused(join(dir, 'd'.repeat(300), 'out.json'), 'ENAMETOOLONG', /too long/);
});
