/**
 * The checksum of checkpoints (and of the classifier cache): a second test beside checkpoint.test.ts.
 * The envelope's hash is the SHA-256 of exactly the payload text (checked against the FIPS 180-2 test
 * vector and a hash of the payload cut out of the file), and an edit that leaves valid JSON and valid
 * base64 behind (a changed weight, a changed step) is refused by the checksum alone.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupBackend } from '../helpers/backend.js';
import { tempDir } from '../helpers/cli.js';
import { parseChecksummedFile, writeChecksummedFile } from '../../src/node/files/checksummed-file.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CheckpointError, loadCheckpoint, saveCheckpoint } from '../../src/node/run/checkpoint.js';
import { GanTrainer } from '../../src/training/trainer.js';
import { resolveConfig } from '../../src/training/config.js';
import { distributionFromSpec } from '../../src/data/index.js';

await setupBackend();

const dir = tempDir();

test('the envelope holds the SHA-256 of the payload: "abc" gives FIPS 180-2\'s ba7816bf…15ad', () => {
  const p = join(dir, 'abc.json');
  writeChecksummedFile(p, 'test-format', 3, 'abc');
  const text = readFileSync(p, 'utf8');
  assert.equal(text, '{"format":"test-format","version":3,"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","payload":abc}\n');
  assert.deepEqual(parseChecksummedFile(text), { format: 'test-format', version: 3, checksumOk: true, payload: 'abc' });
});

test('a payload edited in place (same length, still JSON) or a changed hash fails the check', () => {
  const p = join(dir, 'json.json');
  writeChecksummedFile(p, 'f', 1, '{"step":10,"w":[1.5,2.5]}');
  const text = readFileSync(p, 'utf8');
  assert.equal(parseChecksummedFile(text)!.checksumOk, true);
  assert.equal(parseChecksummedFile(text.replace('"step":10', '"step":11'))!.checksumOk, false);
  assert.equal(parseChecksummedFile(text.replace('[1.5,2.5]', '[1.5,2.6]'))!.checksumOk, false);
  const hash = /"sha256":"([0-9a-f]{64})"/.exec(text)![1];
  const other = (hash[0] === '0' ? '1' : '0') + hash.slice(1);
  assert.equal(parseChecksummedFile(text.replace(hash, other))!.checksumOk, false);
  // Not an envelope at all: undefined (the caller says "not a … file").
  assert.equal(parseChecksummedFile(text.slice(0, -3)), undefined);
});

test('a checkpoint with one weight changed (valid base64, valid JSON) or its step changed is refused for its checksum', async () => {
  const config = resolveConfig({ data: 'ring8', steps: 4, batchSize: 16, generator: { hidden: [4] }, discriminator: { hidden: [4] } });
  const trainer = new GanTrainer(config, distributionFromSpec('ring8'));
  trainer.trainStep();
  const path = join(dir, 'checkpoint.json');
  saveCheckpoint(path, { config, state: await trainer.getState() });
  trainer.dispose();
  const good = readFileSync(path, 'utf8');
  // The hash in the file is that of the payload text between "payload": and the closing brace.
  const payload = good.slice(good.indexOf('"payload":') + '"payload":'.length, good.lastIndexOf('}'));
  assert.equal(/"sha256":"([0-9a-f]{64})"/.exec(good)![1], createHash('sha256').update(payload).digest('hex'));
  assert.equal(loadCheckpoint(path).state.step, 1);

  // The first stored tensor's first base64 character, changed to another base64 letter: the values change, the file still parses.
  const at = good.indexOf('"base64":"') + '"base64":"'.length;
  const edited = good.slice(0, at) + (good[at] === 'A' ? 'B' : 'A') + good.slice(at + 1);
  const steps = good.replace('"step":1,', '"step":2,');
  assert.notEqual(steps, good);
  for (const [name, text] of [['weight', edited], ['step', steps]] as const) {
    const p = join(dir, `${name}.json`);
    writeFileSync(p, text);
    assert.equal(parseChecksummedFile(text)!.checksumOk, false, name);
    assert.throws(
      () => loadCheckpoint(p),
      (e: unknown) => e instanceof CheckpointError && e.message.includes(p) && /checksum/.test(e.message),
      name,
    );
  }
  // Re-enveloped with a fresh hash, the same edited payload loads: the checksum was the only guard.
  const p = join(dir, 'rehashed.json');
  writeChecksummedFile(p, CHECKPOINT_FORMAT, CHECKPOINT_VERSION, steps.slice(steps.indexOf('"payload":') + '"payload":'.length, steps.lastIndexOf('}')));
  assert.equal(loadCheckpoint(p).state.step, 2);
});
