/** Sweep files, their jobs, job identities and the sweep's table (src/sweep: pure, no queue). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, jobIdentity, parseSweepSpec, sweepJobs, sweepSettings, sweepTable, sweepTableMarkdown, type JobResult } from '../../src/sweep/index.js';
import { recipeTrainConfig } from '../../src/training/config-layers.js';
import { jobId } from '../../src/node/sweep/job-id.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const FILE = 'sweep.json';
const plan = (json: unknown) => {
  const spec = parseSweepSpec(json, FILE);
  return { spec, jobs: sweepJobs(spec, FILE, () => ['modes', 'w1']) };
};

test('settings: every listed setting with every grid point (file order, the last grid key fastest), each with every seed', () => {
  const { spec, jobs } = plan({ name: 's', base: { data: 'ring8', steps: 100 }, grid: { lr: [1e-4, 2e-4], pack: [1, 2] }, settings: [{}, { loss: 'wgan', 'gradient-penalty': 10 }], seeds: 2, firstSeed: 5 });
  assert.deepEqual(
    sweepSettings(spec).map((s) => s.label),
    ['lr=0.0001 pack=1', 'lr=0.0001 pack=2', 'lr=0.0002 pack=1', 'lr=0.0002 pack=2', 'loss=wgan gradient-penalty=10 lr=0.0001 pack=1', 'loss=wgan gradient-penalty=10 lr=0.0001 pack=2', 'loss=wgan gradient-penalty=10 lr=0.0002 pack=1', 'loss=wgan gradient-penalty=10 lr=0.0002 pack=2'],
  );
  assert.equal(jobs.length, 16);
  assert.deepEqual(jobs.slice(0, 2).map((j) => j.seed), [5, 6]);
  // A job's config is what `tsgan train --data ring8 --steps 100 --lr … --pack … --seed s` runs: the recipe under the base, the flags on top.
  const j = jobs[6]; // lr=0.0002 pack=2, seed 5
  assert.equal(j.setting, 'lr=0.0002 pack=2');
  assert.deepEqual(j.config, recipeTrainConfig('ring8', { steps: 100, pack: 2, seed: 5, optimizer: { generator: { ...recipeTrainConfig('ring8').optimizer.generator, learningRate: 2e-4 }, discriminator: { ...recipeTrainConfig('ring8').optimizer.discriminator, learningRate: 2e-4 } } }));
  assert.equal(j.config.optimizer.generator.learningRate, 2e-4);
  assert.equal(j.config.optimizer.discriminator.learningRate, 2e-4); // `lr` is the flag: both players
  const w = jobs[8];
  assert.equal(w.config.loss, 'wgan');
  assert.equal(w.config.gradientPenaltyWeight, 10);
  // dotted config paths work as well as flag names
  const { jobs: dotted } = plan({ name: 's', base: { data: 'ring8' }, grid: { 'optimizer.generator.learningRate': [3e-4] } });
  assert.equal(dotted[0].config.optimizer.generator.learningRate, 3e-4);
  assert.equal(dotted[0].config.optimizer.discriminator.learningRate, recipeTrainConfig('ring8').optimizer.discriminator.learningRate);
  assert.deepEqual(parseSweepSpec({ name: 's', seeds: [3, 9] }, FILE).seeds, [3, 9]);
});

test('bad sweep files: one line naming the file and the field, with the fix', () => {
  const bad = (json: unknown, pattern: RegExp) =>
    assert.throws(
      () => plan(json),
      (e: Error) => e.name === 'ConfigError' && !e.message.includes('\n') && pattern.test(e.message),
    );
  bad({ base: {} }, /^sweep\.json: name: /);
  bad({ name: 'a b' }, /^sweep\.json: name: must be 1–64 letters, digits, - or _/);
  bad({ name: 's', grdi: {} }, /^sweep\.json: \(top level\): unknown field\(s\) "grdi" \(did you mean "grid"\?\)/);
  bad({ name: 's', grid: { lr: [] } }, /^sweep\.json: grid\.lr: give at least one value/);
  bad({ name: 's', seeds: 0 }, /^sweep\.json: seeds: /);
  bad({ name: 's', seeds: [1, 1] }, /seeds: a seed is listed twice/);
  bad({ name: 's', seeds: 3, firstSeed: 2 ** 32 - 2 }, /the last seed would be 4294967296, above the largest seed 4294967295/);
  bad({ name: 's', grid: { seed: [1, 2] } }, /^sweep\.json: seed: the sweep sets each job's seed: use "seeds"/);
  bad({ name: 's', grid: { lr: [1e-4] }, settings: [{ lr: 1e-3 }] }, /settings\[0\]\.lr: also a grid field/);
  bad({ name: 's', measure: ['fid'] }, /^sweep\.json: measure\[0\]: must be one of modes, w1, images, stacked/);
  bad({ name: 's', grid: { lr: [-1] } }, /^sweep\.json: setting "lr=-1": lr: /);
  bad({ name: 's', grid: { 'g-hidden': ['wide'] } }, /^sweep\.json: setting "g-hidden=wide": g-hidden: /);
  bad({ name: 's', base: { stesp: 10 } }, /^sweep\.json: base: \(top level\): unknown field\(s\) "stesp" \(did you mean "steps"\?\)/);
  bad({ name: 's', grid: { a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, seeds: 101 }, /10100 jobs .*: at most 10000: split the sweep/);
});

test('a job id hashes its config, seed, measures and checkpoint interval — nothing else (not the key order, the sweep or the setting\'s name)', () => {
  const a = plan({ name: 'one', base: { data: 'ring8', steps: 50 }, grid: { lr: [1e-4] }, seeds: 1 }).jobs[0];
  const b = plan({ name: 'two', base: { steps: 50, data: 'ring8' }, settings: [{ 'optimizer.discriminator.learningRate': 1e-4, 'optimizer.generator.learningRate': 1e-4 }], seeds: 1 }).jobs[0];
  assert.notEqual(a.setting, b.setting);
  assert.equal(jobId(a), jobId(b));
  assert.match(jobId(a), /^[0-9a-f]{32}$/);
  assert.notEqual(jobId({ ...a, seed: 1, config: { ...a.config, seed: 1 } }), jobId(a));
  assert.notEqual(jobId({ ...a, config: { ...a.config, steps: 51 } }), jobId(a));
  assert.notEqual(jobId({ ...a, measure: ['modes'] }), jobId(a));
  assert.notEqual(jobId({ ...a, checkpointEvery: 10 }), jobId(a));
  assert.equal(jobId({ ...a, measure: ['w1', 'modes'] }), jobId(a)); // the measures' order does not matter
  assert.equal(canonicalJson({ b: [1, { d: 2, c: 3 }], a: 'x', u: undefined }), '{"a":"x","b":[1,{"c":3,"d":2}]}');
  assert.ok(jobIdentity(a).includes('"seed":0'));
});

test('the table: mean ± standard error per setting over its finished seeds, failures with their reasons, jobs still to run', () => {
  const r = (setting: string, seed: number, modesCaptured: number, reverseKL: number, seconds: number): JobResult => ({ setting, seed, metrics: { modesCaptured, highQualityPercent: 90 + seed, reverseKL, totalModes: 8 }, seconds });
  const t = sweepTable('s', ['lr=1', 'lr=2', 'lr=3'], 3, ['modes'], [r('lr=1', 0, 8, 0.1, 10), r('lr=1', 1, 7, 0.3, 20), r('lr=1', 2, 6, 0.2, 30), r('lr=2', 0, 5, Infinity, 5)], [{ setting: 'lr=3', seed: 1, reason: 'diverged at step 40' }]);
  const row = t.rows[0];
  assert.equal(row.seedsDone, 3);
  assert.equal(row.metrics.modesCaptured.mean, 7);
  assert.ok(Math.abs(row.metrics.modesCaptured.se - 1 / Math.sqrt(3)) < 1e-12);
  assert.ok(Math.abs(row.metrics.reverseKL.mean - 0.2) < 1e-12);
  assert.ok(Math.abs(row.metrics.highQualityPercent.mean - 91) < 1e-12);
  assert.equal(row.seconds?.mean, 20);
  assert.equal(t.rows[1].metrics.reverseKL.mean, Infinity);
  assert.equal(t.rows[2].seedsDone, 0);
  assert.equal(t.pending, 9 - 4 - 1);
  const md = sweepTableMarkdown(t);
  assert.deepEqual(md.slice(0, 5), [
    '| setting | seeds | modes | high quality % | reverse KL | seconds/job |',
    '|---|---|---|---|---|---|',
    '| lr=1 | 3/3 | 7.00 ± 0.58 | 91.0 ± 0.6 | 0.200 ± 0.058 | 20 ± 6 |',
    '| lr=2 | 1/3 | 5.00 | 90.0 | ∞ | 5 |',
    '| lr=3 | 0/3 |  |  |  |  |',
  ]);
  assert.equal(md[5], 'failed: lr=3, seed 1: diverged at step 40');
  assert.equal(md[6], '4 job(s) not finished yet');
  assert.equal(sweepTableMarkdown(t, { seconds: false })[0], '| setting | seeds | modes | high quality % | reverse KL |');
});

test('the sweep file of docs/sweeps.md is valid as written: 8 settings × 3 seeds', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'sweeps.md'), 'utf8');
  const block = /```json\n([\s\S]*?)```/.exec(doc);
  assert.ok(block !== null, 'a ```json block');
  const { spec, jobs } = plan(JSON.parse(block[1]));
  assert.equal(spec.name, 'ring8-lr');
  assert.equal(jobs.length, 24);
  assert.equal(new Set(jobs.map(jobId)).size, 24);
  assert.equal(jobs[0].config.learningRateDecaySteps, 3000);
  assert.deepEqual(jobs[0].measure, ['modes', 'w1']);
  assert.equal(jobs[23].config.loss, 'wgan');
});
