/** `tsgan theory identity | optimal-discriminator | disjoint` end to end through the built CLI. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, tsgan } from '../helpers/cli.js';
import { assertBadInput } from '../helpers/cli.js';
import { fixtureFiles, fixtureFilesIn, repoFixtureDir, type FixtureFile } from '../helpers/fixtures.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A fixture's values, with `file` = its label (test/fixtures/theory/equal.json, or the extra folder's path). */
const load = (f: FixtureFile) => ({ ...JSON.parse(readFileSync(f.path, 'utf8')), file: f.label, fileName: f.file });
/** The repository's theory fixtures (the ones the single-fixture tests below use). */
const fixtures = fixtureFilesIn(repoFixtureDir('theory')).map(load);
const KEYS = ['js', 'klRealFake', 'klFakeReal', 'tv', 'w1', 'valueAtOptimum', 'minusLog4Plus2JS', 'identityError'];

for (const fx of fixtureFiles('theory').map(load)) {
  test(`identity --json on ${fx.file} equals the SciPy reference values to 1e-6`, () => {
    const r = tsgan(['theory', 'identity', '--real', JSON.stringify(fx.real), '--fake', JSON.stringify(fx.fake), '--json']);
    assert.equal(r.code, 0, `${fx.file}: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), KEYS, 'the JSON keys, exactly');
    for (const k of KEYS.filter((k) => k in fx)) {
      if (fx[k] === null) assert.equal(out[k], null, `${fx.file} ${k}: null = +∞`);
      else assert.ok(Math.abs(out[k] - fx[k]) <= 1e-6, `${fx.file} ${k}: ${out[k]} vs ${fx[k]}`);
    }
    assert.ok(out.identityError <= 1e-9, `${fx.file}: E5 holds to ${out.identityError}`);
  });
}

test('identity text shows ∞; --out writes report.md and identity.png and refuses a non-empty folder', () => {
  const u = fixtures.find((f) => f.klRealFake === null)!;
  const out = join(tempDir(), 'id');
  const r = tsgan(['theory', 'identity', '--real', JSON.stringify(u.real), '--fake', JSON.stringify(u.fake), '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /KL\(P_r ‖ P_g\)\s+∞/);
  assert.match(r.stdout, /report: .*report\.md/);
  assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /V\(D\*, G\), integrated[\s\S]*−log 4 \+ 2·JS[\s\S]*!\[.*\]\(identity\.png\)/);
  assert.deepEqual(readFileSync(join(out, 'identity.png')).subarray(0, 8), PNG);
  const again = tsgan(['theory', 'identity', '--real', 'normal', '--fake', 'uniform', '--out', out]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /not empty.*--overwrite/);
  assert.equal(tsgan(['theory', 'identity', '--real', 'normal', '--fake', 'uniform', '--out', out, '--overwrite']).code, 0);
  const twoD = join(tempDir(), 'id2');
  const r2 = tsgan(['theory', 'identity', '--real', '{"type":"normal","mean":[0,0],"std":[1,1]}', '--fake', '{"type":"normal","mean":[1,0],"std":[1,1]}', '--json', '--out', twoD]);
  assert.equal(r2.code, 0, r2.stderr);
  const j = JSON.parse(r2.stdout);
  assert.equal(j.w1, null, 'no W1 in 2-D');
  assert.ok(Math.abs(j.klRealFake - 0.5) < 1e-6 && Math.abs(j.js - 0.1114214821847) < 1e-6, '2-D normals one apart: KL = 1/2, JS as in 1-D');
  assert.ok(j.identityError < 1e-6);
  assert.deepEqual(readFileSync(join(twoD, 'identity.png')).subarray(0, 8), PNG);
});

test('optimal-discriminator on an overlapping fixture pair: mean |D − D*| ≤ 0.02, value gap ≥ 0 and small', () => {
  const fx = fixtures.find((f) => f.fileName === 'uniform-overlap.json')!;
  const out = join(tempDir(), 'od');
  const r = tsgan(['theory', 'optimal-discriminator', '--real', JSON.stringify(fx.real), '--fake', JSON.stringify(fx.fake), '--json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.meanAbsError <= 0.02, `${fx.file}: mean |D − D*| = ${j.meanAbsError}`);
  assert.ok(j.valueGap >= 0 && j.valueGap < 0.05, `value gap ${j.valueGap}`);
  assert.ok(Math.abs(j.valueAtOptimum - fx.valueAtOptimum) < 1e-6, 'V(D*, G) is the exact one');
  assert.ok(Math.abs(j.valueAtOptimum - j.valueTrained - j.valueGap) < 1e-6, 'gap = V(D*) − V(D)');
  assert.ok(j.maxAbsError >= j.meanAbsError && j.maxAbsError <= 1);
  assert.equal(j.training.steps, 1500);
  assert.deepEqual(readFileSync(join(out, 'optimal-discriminator.png')).subarray(0, 8), PNG);
  assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /mean \\?\|D − D\*\\?\| = ∫/);
});

test('disjoint --json --out: Example 1 closed forms (∞ as null in JSON, ∞ in the report) and the gradient series', () => {
  const out = join(tempDir(), 'dis');
  const r = tsgan(['theory', 'disjoint', '--json', '--steps', '20', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (const row of j.example1.rows) {
    const c = row.closedForm;
    if (row.theta === 0) assert.deepEqual([c.js, c.kl, c.tv, c.w1], [0, 0, 0, 0]);
    else {
      assert.deepEqual([c.js, c.kl, c.tv, c.w1], [Math.LN2, null, 1, Math.abs(row.theta)], `θ = ${row.theta}`);
      assert.equal(row.numeric.kl, null);
      assert.ok(Math.abs(row.numeric.js - Math.LN2) < 1e-9 && Math.abs(row.numeric.w1 - Math.abs(row.theta)) < 1e-9);
    }
  }
  const rows = j.vanishing.rows;
  assert.equal(rows[0].step, 0);
  assert.equal(rows[rows.length - 1].step, 20);
  for (const k of ['saturating', 'nonSaturating', 'wgan']) assert.ok(rows.every((x: Record<string, number>) => x[k] > 0), k);
  assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /\| 0\.5 \| 0\.693147 \| 0\.693147 \| ∞ \| ∞ \| 1 \| 1 \| 0\.5 \| 0\.5 \|/);
  assert.deepEqual(readFileSync(join(out, 'disjoint.png')).subarray(0, 8), PNG);
});

const assertBad = assertBadInput;

test('bad input: one line, exit 2, nothing written', () => {
  const threeD = '{"type":"normal","mean":[0,0,0],"std":[1,1,1]}';
  assertBad(['theory', 'identity', '--real', 'ring9', '--fake', 'normal'], /--real: unknown distribution name "ring9".*ring8/);
  assertBad(['theory', 'identity', '--real', 'normal', '--fake', '{"type":"normal","mean":[0],"std":[0]}'], /--fake: .*std/);
  assertBad(['theory', 'identity', '--real', 'normal', '--fake', 'ring8'], /--real is 1-D but --fake is 2-D/);
  assertBad(['theory', 'identity', '--real', threeD, '--fake', threeD], /3-D.*1-D or 2-D/);
  assertBad(['theory', 'optimal-discriminator', '--real', threeD, '--fake', threeD], /3-D.*1-D or 2-D/);
  assertBad(['theory', 'optimal-discriminator', '--real', 'normal', '--fake', 'uniform', '--steps', '0'], /--steps 0/);
  assertBad(['theory', 'track', join(tempDir(), 'nope')], /no such folder/);
  assertBad(['train', '--loss', 'wgan', '--clip-value', '0.01', '--spectral-norm', '--quiet'], /--clip-value: weight clipping and spectral normalization both bound the critic: choose one/);
  const full = tempDir();
  mkdirSync(join(full, 'x'));
  const r = tsgan(['theory', 'disjoint', '--out', full]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not empty/);
});
