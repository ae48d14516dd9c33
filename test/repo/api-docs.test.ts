/**
 * Issue #22: the API reference is generated from the doc comments by `npm run docs` (TypeDoc, typedoc.json:
 * both entries, `tsgan` and `tsgan/node`, warnings as errors). A type an export refers to but the entries
 * do not export, or a doc comment TypeDoc cannot read, fails this test.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers/cli.js';

test('npm run docs builds the API reference with no warning', { timeout: 180_000 }, () => {
  const out = join(tempDir('tsgan-api-'), 'api');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /warning/i);
  const configured = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8'));
  assert.equal(configured.treatWarningsAsErrors, true);
  for (const page of ['index.html', 'classes/index.GanTrainer.html', 'functions/index.recipeTrainConfig.html', 'functions/node.useBackend.html']) {
    assert.ok(existsSync(join(out, page)), page);
  }
});
