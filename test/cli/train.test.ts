/** `tsgan train`, `eval` and `sample` end to end through the built CLI. */
import { loadNativeAddon } from '../../src/node/backend/native/addon.js';
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, tsgan, tempDir } from '../helpers/cli.js';
import { assertBadInput } from '../helpers/cli.js';
import { resolveConfig } from '../../src/training/config.js';
import { buildConfig } from '../../src/cli/config-options.js';
import { shortRunNote, summaryText } from '../../src/cli/commands/train.js';
import type { RunSummary } from '../../src/node/run/train-run.js';
import type { StepRecord } from '../../src/training/records.js';

const SMALL = ['--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '64', '--quiet'];
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const dir = join(tempDir(), 'run');
const train = tsgan(['train', '--steps', '60', '--snapshot-every', '30', '--seed', '3', '--out', dir, ...SMALL]);

test('a short `tsgan train` writes a complete, valid run folder', () => {
  assert.equal(train.code, 0, train.stderr);
  assert.match(train.stdout, /trained 60 steps on ring8 with the non-saturating loss/);
  assert.match(train.stdout, /modes captured \d\/8/);
  assert.match(train.stdout, /pictures: .*samples\.png, .*curves\.png/);
  for (const f of ['config.json', 'metrics.jsonl', 'checkpoint.json', 'samples.png', 'curves.png', 'summary.json']) {
    assert.ok(existsSync(join(dir, f)), f);
  }
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  assert.deepEqual(resolveConfig(config), config, 'config.json is the full resolved config');
  assert.equal(config.seed, 3);
  assert.deepEqual(config.generator.hidden, [16, 16]);
  const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const steps = lines.filter((l) => l.type === 'step');
  const evals = lines.filter((l) => l.type === 'eval');
  assert.equal(steps.length, 60);
  assert.deepEqual(evals.map((e) => e.step), [30, 60]);
  for (const s of steps) assert.ok(Number.isFinite(s.value) && Math.abs(s.value - (s.realTerm + s.fakeTerm)) < 1e-9);
  // The critic's Lipschitz estimate every lipschitzEvery = 10 steps (the default), the first and the last.
  assert.equal(config.lipschitzEvery, 10);
  assert.deepEqual(steps.filter((s) => s.lipschitzEstimate !== undefined).map((s) => s.step), [1, 10, 20, 30, 40, 50, 60]);
  assert.equal(evals[1].modes.totalModes, 8);
  assert.equal(evals[1].samples, 2500);
  for (const f of ['samples.png', 'curves.png']) assert.deepEqual(readFileSync(join(dir, f)).subarray(0, 8), PNG);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  assert.equal(summary.steps, 60);
  assert.equal(summary.backend, loadNativeAddon().addon !== undefined ? 'native' : 'wasm'); // the default engine, or its fallback
  assert.deepEqual(summary.last, steps[59]);
  assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')), 'no temporary files left');
});

test('`tsgan eval --json` reports the mode metrics of the trained generator', () => {
  const r = tsgan(['eval', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const ev = JSON.parse(r.stdout);
  assert.equal(ev.step, 60);
  assert.equal(ev.samples, 2500);
  assert.equal(ev.modes.totalModes, 8);
  assert.ok(ev.modes.highQualityFraction >= 0 && ev.modes.highQualityFraction <= 1);
  assert.ok(ev.w1 > 0 && ev.w1 < 5);
  // Same seeds as the final snapshot: the same numbers as the last eval record of training.
  const last = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'eval').pop();
  assert.deepEqual(ev.modes, last.modes);
  // W1 too (issue #22: eval said 0.1632 where training said 0.1043 for the same generator: other data draws).
  assert.equal(ev.w1, last.w1);
  assert.deepEqual(ev.fakeMean, last.fakeMean);
  const text = tsgan(['eval', dir]);
  assert.match(text.stdout, /2500 generated samples \(the draws of the training summary: the same numbers\)/);
  const other = tsgan(['eval', dir, '--json', '--seed', '99']);
  assert.notEqual(JSON.parse(other.stdout).w1, last.w1, 'another seed: other draws');
  assert.match(tsgan(['eval', dir, '--seed', '99']).stdout, /other draws than training's; W1 from 500 vs 500 samples varies/);
});

test('`tsgan sample` writes CSV/JSON/PNG, reproducibly for a seed, and refuses to overwrite', () => {
  const out = tempDir();
  const a = tsgan(['sample', dir, '--n', '100', '--seed', '5', '--out', join(out, 'a.csv')]);
  assert.equal(a.code, 0, a.stderr);
  const rows = readFileSync(join(out, 'a.csv'), 'utf8').trim().split('\n');
  assert.equal(rows[0], 'x0,x1');
  assert.equal(rows.length, 101);
  assert.ok(rows.slice(1).every((r) => r.split(',').length === 2 && r.split(',').every((v) => Number.isFinite(Number(v)))));
  assert.equal(tsgan(['sample', dir, '--n', '100', '--seed', '5', '--out', join(out, 'b.csv')]).code, 0);
  assert.equal(readFileSync(join(out, 'a.csv'), 'utf8'), readFileSync(join(out, 'b.csv'), 'utf8'));
  assert.equal(tsgan(['sample', dir, '--n', '100', '--seed', '6', '--out', join(out, 'c.csv')]).code, 0);
  assert.notEqual(readFileSync(join(out, 'a.csv'), 'utf8'), readFileSync(join(out, 'c.csv'), 'utf8'));
  const again = tsgan(['sample', dir, '--n', '100', '--out', join(out, 'a.csv')]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /exists already.*--overwrite/);
  assert.equal(tsgan(['sample', dir, '--n', '7', '--out', join(out, 's.json')]).code, 0);
  const js = JSON.parse(readFileSync(join(out, 's.json'), 'utf8'));
  assert.equal(js.dim, 2);
  assert.equal(js.samples.length, 7);
  assert.equal(tsgan(['sample', dir, '--n', '300', '--out', join(out, 's.png')]).code, 0);
  assert.deepEqual(readFileSync(join(out, 's.png')).subarray(0, 8), PNG);
});

const assertBad = (args: string[], pattern: RegExp) => assertBadInput([...args, '--quiet'], pattern);

test('bad flags and inputs: one line, exit 2, nothing written', () => {
  assertBad(['train', '--steps', 'abc'], /--steps.*whole number/);
  assertBad(['train', '--steps', '0'], /--steps: Too small/);
  assertBad(['train', '--loss', 'nope'], /--loss.*nope.*minimax, non-saturating, least-squares, hinge/);
  assertBad(['train', '--lr', '-1'], /--lr: Too small/);
  assertBad(['train', '--d-steps', '0'], /--d-steps/);
  assertBad(['train', '--lipschitz-every', '0'], /--lipschitz-every/);
  assertBad(['train', '--quick', '--data', 'spiral'], /--quick: the data "spiral" has no quick preset; the recipes with one: ring8, grid25/);
  assertBad(['train', '--g-hidden', '8,x'], /--g-hidden.*whole numbers/);
  assertBad(['train', '--data', 'ring9'], /ring9.*ring8/);
  assertBad(['train', '--data', 'mnsit'], /--data mnsit: unknown data name \(did you mean "mnist"\?\); known names: ring8, .*mnist, mnist-test, stacked-mnist; or a CSV\/JSON file/);
  assertBad(['train', '--data', './no-such-points.csv'], /--data \.\/no-such-points\.csv: no such file or folder \(.*no-such-points\.csv\): check the path/);
  assertBad(['train', '--data', '{"type":"normal","mean":[0],"std":[-1]}'], /std/);
  assertBad(['train', '--data', '{"type":"mixture","components":[{"weight":-1,"dist":{"type":"normal","mean":[0],"std":[1]}}]}'], /weight/);
  assertBad(['train', '--bogus'], /unknown option '--bogus'/);
  const cfg = join(tempDir(), 'c.json');
  writeFileSync(cfg, '{"steps": 10, "generator": {"hidden": [8], "widht": 3}}');
  assertBad(['train', '--config', cfg], /c\.json: generator: unknown field\(s\) "widht"/);
  writeFileSync(cfg, '{"stepz": 10}');
  assertBad(['train', '--config', cfg], /c\.json: \(top level\): unknown field\(s\) "stepz" \(did you mean "steps"\?\): rename or remove them/);
  writeFileSync(cfg, '{"generator": {"hiden": [8]}}');
  assertBad(['train', '--config', cfg], /c\.json: generator: unknown field\(s\) "hiden" \(did you mean "hidden"\?\)/);
  writeFileSync(cfg, '{"steps": ');
  assertBad(['train', '--config', cfg], /c\.json: not valid JSON/);
  const csv = join(tempDir(), 'p.csv');
  writeFileSync(csv, 'x,y\n1,2\n3,oops\n');
  assertBad(['train', '--data', csv], /p\.csv line 3.*oops/);
  writeFileSync(csv, '1,2\n3\n');
  assertBad(['train', '--data', csv], /p\.csv line 2/);
});

test('an --out folder that holds a run is refused without --overwrite', () => {
  const r = tsgan(['train', '--steps', '5', '--out', dir, ...SMALL]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /already holds a run.*--overwrite/);
  const other = tempDir();
  mkdirSync(join(other, 'x'));
  const r2 = tsgan(['train', '--steps', '5', '--out', other, ...SMALL]);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /not empty/);
});

test('eval and sample on a folder that is not a run: one line, exit 2', () => {
  const r = tsgan(['eval', tempDir()]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not a run folder/);
  const r2 = tsgan(['sample', join(tempDir(), 'nope'), '--out', join(tempDir(), 'x.csv')]);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /no such folder/);
});

test('user data from a CSV file trains, and --help lists every command and flag', () => {
  const d = tempDir();
  const csv = join(d, 'points.csv');
  const rows = ['a,b'];
  for (let i = 0; i < 200; i++) rows.push(`${Math.cos(i)},${Math.sin(i) * 0.5}`);
  writeFileSync(csv, rows.join('\n'));
  const r = tsgan(['train', '--data', csv, '--steps', '20', '--out', join(d, 'run'), ...SMALL]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /points\.csv/);
  const cfg = JSON.parse(readFileSync(join(d, 'run', 'config.json'), 'utf8'));
  assert.equal(cfg.data, csv, 'the stored data path is absolute');
  const h = tsgan(['--help']);
  for (const c of ['train', 'eval', 'sample']) assert.match(h.stdout, new RegExp(`\\b${c}\\b`));
  const th = tsgan(['train', '--help']);
  for (const f of ['--data', '--loss', '--steps', '--d-steps', '--seed', '--out', '--backend', '--config']) assert.match(th.stdout, new RegExp(f));
  assert.match(th.stdout.replace(/\s+/g, ' '), /--data <data> what to learn: a name \(ring8, .*mnist, mnist-test, stacked-mnist\)/);
  // The defaults --help shows are what `tsgan train` with no flag runs (the ring8 recipe), not the schema's.
  const help = th.stdout.replace(/\s+/g, ' ');
  for (const [flag, value] of [['--steps <n>', '16000'], ['--batch-size <n>', '512'], ['--g-hidden <sizes>', '256,256,256'], ['--pack <m>', '2'], ['--lr-decay <schedule>', 'linear'], ['--lr-decay-steps <H>', '16000'], ['--g-average <β>', '0.999']] as const) {
    const text = help.slice(help.indexOf(`${flag} `));
    assert.match(text.slice(text.indexOf('default: ')), new RegExp(`^default: ${value}[;)]`), `${flag} default ${value}`);
  }
  assert.match(help, /Data without a recipe \(a file, a JSON spec, spiral\) uses: 3000 steps, batch 256/);
});

test('recipes: a data set\'s recipe sets the defaults, and flags and config files override it', () => {
  const d = tempDir();
  const r = tsgan(['train', '--steps', '3', '--snapshot-every', '3', '--out', join(d, 'a'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /recipe for ring8: non-saturating GAN/);
  // A 3-step run is not the 16,000-step recipe: the summary says what this run changed of it.
  assert.match(r.stdout, /^ {2}this run changed the recipe: steps 3 \(recipe: 16000\)$/m);
  const changedRun = tsgan(['train', '--steps', '3', '--snapshot-every', '3', '--lr', '1e-3', '--g-hidden', '8', '--out', join(d, 'changed'), '--quiet']);
  assert.equal(changedRun.code, 0, changedRun.stderr);
  assert.match(changedRun.stdout, /this run changed the recipe: .*steps 3 \(recipe: 16000\)/);
  assert.match(changedRun.stdout, /generator\.hidden \[8\] \(recipe: \[256,256,256\]\)/);
  assert.match(changedRun.stdout, /optimizer\.generator\.learningRate 0\.001 \(recipe: 0\.0002\)/);
  const a = JSON.parse(readFileSync(join(d, 'a', 'config.json'), 'utf8'));
  assert.deepEqual(a.generator.hidden, [256, 256, 256]);
  assert.equal(a.batchSize, 512);
  assert.equal(a.optimizer.generator.learningRate, 2e-4);
  assert.equal(a.loss, 'non-saturating');
  assert.equal(a.learningRateDecay, 'linear');
  assert.equal(a.learningRateDecaySteps, 16000, 'the decay horizon is the recipe\'s, not --steps');
  assert.equal(a.generatorAverage, 0.999);
  assert.equal(a.pack, 2, 'PacGAN2');
  assert.equal(a.steps, 3, 'the flag wins over the recipe');
  const b = tsgan(['train', '--data', 'bimodal', '--steps', '3', '--snapshot-every', '3', '--batch-size', '32', '--out', join(d, 'b'), '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  const bc = JSON.parse(readFileSync(join(d, 'b', 'config.json'), 'utf8'));
  assert.equal(bc.noise.dim, 1, '1-D recipe: one noise dimension');
  assert.equal(bc.batchSize, 32);
  // A run's own config.json reproduces the run: the recipe does not change it.
  const c = tsgan(['train', '--config', join(d, 'b', 'config.json'), '--out', join(d, 'c'), '--quiet']);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(JSON.parse(readFileSync(join(d, 'c', 'config.json'), 'utf8')), bc);
  assert.equal(readFileSync(join(d, 'c', 'metrics.jsonl'), 'utf8').replace(/"stepMs":[0-9.e-]+/g, ''), readFileSync(join(d, 'b', 'metrics.jsonl'), 'utf8').replace(/"stepMs":[0-9.e-]+/g, ''));
  const h = tsgan(['train', '--help']);
  assert.match(h.stdout, /Recipes .*\n\s+ring8: non-saturating GAN/);
  assert.match(h.stdout, /\n\s+mnist: class-conditional GAN/);
});

test('the grid25 recipe: non-saturating GAN with R1 γ = 1, unpacked 256³ ReLU MLPs, batch 128, Adam 1e-3 for both players decayed over 16000 steps, averaged G; flags override it, ring8 keeps its own', () => {
  const g = buildConfig({ data: 'grid25' });
  assert.deepEqual(
    [g.loss, g.r1Gamma, g.pack, g.gradientPenaltyWeight, g.noise.dim, g.generator.hidden, g.discriminator.hidden, g.generator.activation, g.discriminator.activation],
    ['non-saturating', 1, 1, 0, 2, [256, 256, 256], [256, 256, 256], 'relu', 'relu'],
  );
  assert.deepEqual([g.batchSize, g.steps, g.learningRateDecay, g.learningRateDecaySteps, g.generatorAverage], [128, 16000, 'linear', 16000, 0.999]);
  assert.deepEqual(
    [g.optimizer.generator.name, g.optimizer.generator.learningRate, g.optimizer.discriminator.name, g.optimizer.discriminator.learningRate],
    ['adam', 1e-3, 'adam', 1e-3],
  );
  const mine = buildConfig({ data: 'grid25', r1: 0, dLr: 2e-4, pack: 2 });
  assert.deepEqual([mine.r1Gamma, mine.optimizer.discriminator.learningRate, mine.optimizer.generator.learningRate, mine.pack], [0, 2e-4, 1e-3, 2]);
  const both = buildConfig({ data: 'grid25', lr: 2e-4 });
  assert.deepEqual([both.optimizer.generator.learningRate, both.optimizer.discriminator.learningRate], [2e-4, 2e-4], '--lr sets both players');
  const ring = buildConfig({ data: 'ring8' });
  assert.deepEqual([ring.r1Gamma, ring.pack, ring.batchSize, ring.optimizer.discriminator.learningRate], [0, 2, 512, 2e-4], 'ring8 keeps its recipe');
  assert.match(tsgan(['train', '--help']).stdout, /\n\s+grid25: non-saturating GAN with the R1 penalty γ = 1/);
});

test('the mnist recipe trains a class-conditional MLP GAN (image-sized LeakyReLU MLPs) with an averaged generator; --no-conditional, --model dcgan and other flags override it', () => {
  const mlp = buildConfig({ data: 'mnist' });
  assert.deepEqual([mlp.model, mlp.conditional, mlp.noise.dim], ['mlp', true, 100]);
  assert.deepEqual([mlp.generator.hidden, mlp.generator.activation, mlp.generator.output], [[256, 512, 1024], 'leakyRelu', 'tanh']);
  assert.deepEqual([mlp.discriminator.hidden, mlp.discriminator.activation], [[1024, 512, 256], 'leakyRelu']);
  assert.deepEqual([mlp.batchSize, mlp.steps, mlp.generatorAverage], [64, 10000, 0.999]);
  assert.deepEqual(buildConfig({ data: 'mnist', model: 'mlp' }), mlp, '--model mlp is the default');
  const plain = buildConfig({ data: 'mnist', conditional: false });
  assert.deepEqual({ ...plain, conditional: true, r1Gamma: 0, steps: 10000 }, mlp, '--no-conditional: that, and the unconditional variant (R1 γ 10, 30000 steps)');
  assert.deepEqual([plain.r1Gamma, plain.steps], [10, 30000]);
  const mine = buildConfig({ data: 'mnist', gHidden: [64], steps: 50 });
  assert.deepEqual([mine.generator.hidden, mine.generator.activation, mine.steps], [[64], 'leakyRelu', 50], 'flags override the recipe field by field');
  // --model dcgan: the DCGAN variant, without the MLP variant's fields (the schema's MLP defaults stay).
  const dcgan = buildConfig({ data: 'mnist', model: 'dcgan' });
  assert.deepEqual([dcgan.model, dcgan.conditional, dcgan.generatorAverage, dcgan.noise.dim, dcgan.batchSize, dcgan.steps], ['dcgan', true, 0.999, 100, 64, 8000]);
  assert.deepEqual(dcgan.generator, resolveConfig({}).generator);
  assert.equal(buildConfig({ data: 'mnist', model: 'dcgan', conditional: false }).conditional, false);
  // Other data: no variant (the schema's MLP defaults), unconditional.
  const ring = buildConfig({ data: 'ring8', model: 'mlp' });
  assert.deepEqual([ring.generator.activation, ring.conditional], ['relu', false]);
  const help = tsgan(['train', '--help']);
  assert.match(help.stdout, /mnist: class-conditional GAN .* unless --no-conditional .*\n {4}with --model mlp \(the default\): MLP GAN: noise 100 → G 256-512-1024 \(LeakyReLU\).*10000 steps\n {6}with --no-conditional: R1 γ 10 on D .*30000 steps\n {4}with --model dcgan: DCGAN: .*8000 steps/);
  assert.match(help.stdout, /--no-conditional +the unconditional GAN/);
});

test('--no-conditional reaches the run: `tsgan train --data mnist` is conditional, with --no-conditional it is not (config.json, summary line)', () => {
  const dir = tempDir();
  const tiny = ['train', '--data', 'mnist', '--noise-dim', '4', '--g-hidden', '16', '--d-hidden', '16', '--batch-size', '8', '--steps', '2', '--snapshot-every', '2'];
  for (const [flags, conditional] of [[[], true], [['--no-conditional'], false]] as const) {
    const out = join(dir, String(conditional));
    const r = tsgan([...tiny, ...flags, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).conditional, conditional);
    assert.match(r.stdout, /recipe for mnist: class-conditional GAN \(the label goes into G and D\) unless --no-conditional/);
    assert.equal(/; with --no-conditional: R1 γ 10 on D/.test(r.stdout), !conditional, 'the summary names the unconditional variant when it is used');
  }
});

test('the summary\'s last-step line: V(D, G) against −log 4 for a GAN; for a WGAN critic its estimate of W1 and Lipschitz constant instead (no probabilities)', () => {
  const last = { type: 'step', step: 5, dLoss: 0.1, realTerm: -0.5, fakeTerm: -0.9, value: -1.4, dRealMean: 0.6, dFakeMean: 0.4, dGradNorm: 1, criticEstimate: 0.25, penalty: 0, lipschitzEstimate: 0.75, gLoss: 1, gGradNorm: 1, dSteps: 1 } as unknown as StepRecord;
  const base = { outDir: 'r', steps: 5, interrupted: false, seconds: 1, stepsPerSecond: 5, backend: 'wasm', data: 'ring8', last, files: { metrics: 'm', summary: 's', checkpoint: 'c' } } as unknown as RunSummary;
  const gan = summaryText({ ...base, loss: 'non-saturating', last: { ...last, dTerms: { realTerm: -0.5, fakeTerm: -0.9 } } });
  assert.match(gan, /last step: V\(D, G\) = -1\.400 \(−log 4 = −1\.386 at the optimum\) · mean D\(x\) real 0\.600, fake 0\.400/);
  // Told apart by the critic's terms (isCriticRecord, as curves.png does), not by the loss's name.
  const wgan = summaryText({ ...base, loss: 'wgan', last: { ...last, dTerms: { criticReal: 0.5, criticFake: 0.25 } } });
  assert.match(wgan, /last step: critic estimate E\[f\(x\)\] − E\[f\(G\(z\)\)\] = 0\.250 \(W1 when f is 1-Lipschitz\) · empirical Lipschitz constant 0\.750/);
  assert.ok(!wgan.includes('V(D, G)') && !wgan.includes('mean D(x)'), wgan);
});

test('a reader that closes the pipe early (`tsgan train --help | head -1`) ends tsgan quietly: exit 0, no stack trace', () => {
  const r = spawnSync('/bin/sh', ['-c', `node ${JSON.stringify(CLI)} train --help | head -1`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Usage: tsgan train/);
  assert.equal(r.stderr, '', 'no EPIPE stack trace');
});

test('tsgan train --pack 2 (PacGAN) trains and plots without a D(x) field; --track-theory and a batch it does not divide are refused', () => {
  const out = join(tempDir(), 'packed');
  const r = tsgan(['train', '--data', 'ring8', '--pack', '2', '--steps', '3', '--g-hidden', '8', '--d-hidden', '8', '--batch-size', '32', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).pack, 2);
  assert.ok(existsSync(join(out, 'samples.png')));
  const ev = tsgan(['eval', out, '--json', '--samples', '200']);
  assert.equal(ev.code, 0, ev.stderr);
  assertBadInput(['train', '--data', 'ring8', '--pack', '2', '--track-theory', '--steps', '1'], /--track-theory: a packed discriminator \(pack 2\)/);
  assertBadInput(['theory', 'track', out], /packed: a packed discriminator \(pack 2\) judges 2 samples at once/);
  assertBadInput(['train', '--data', 'ring8', '--pack', '3', '--batch-size', '32', '--steps', '1'], /pack must divide the batch size/);
});

test('help texts state each option\'s default once (an option whose text gives it gets no second "(default: …)")', () => {
  for (const args of [['train'], ['eval'], ['sample'], ['bench'], ['benchmark', 'modes'], ['theory', 'critic'], ['classifier', 'train']]) {
    const h = tsgan([...args, '--help']);
    assert.equal(h.code, 0, h.stderr);
    const options = h.stdout.split('\n  -').slice(1).map((block) => block.split('\n\n')[0].replace(/\s+/g, ' '));
    assert.ok(options.length > 3, args.join(' '));
    for (const o of options) {
      const values = [...o.matchAll(/default: "?([^;,)"]+)/g)].map((m) => m[1].trim());
      assert.equal(new Set(values).size, values.length, `tsgan ${args.join(' ')} --help: -${o}`);
    }
  }
});

test('a run much shorter than its recipe says so, and that early images look alike (issue #22: 300 MNIST steps drew grey blobs with no hint)', () => {
  assert.equal(shortRunNote(16000, 16000, false), '');
  assert.equal(shortRunNote(4000, 16000, false), '', 'a quarter of the recipe is not flagged');
  assert.match(shortRunNote(300, 10000, true), /^\n {2}note: 300 of the recipe's 10000 steps: images this early are expected to look alike \(near-identical blurs/);
  assert.match(shortRunNote(100, 16000, false), /note: 100 of the recipe's 16000 steps: samples this early are expected to be rough; train the full recipe/);
  const r = tsgan(['train', '--steps', '4', '--snapshot-every', '4', '--out', join(tempDir(), 'short'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /note: 4 of the recipe's 16000 steps: samples this early are expected to be rough/);
});

test('--quick: the summary names the preset, what it costs, and how to get the full recipe', () => {
  const r = tsgan(['train', '--quick', '--steps', '6', '--snapshot-every', '3', '--out', join(tempDir(), 'quick'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ {2}quick preset \(--quick\): the recipe over 3000 steps \(decay too\), snapshots every 1000: ~\d+ s on the native engine.*; the full recipe \(drop --quick\) trains 16000 steps$/m);
  assert.match(r.stdout, /^ {2}this run changed the preset: steps 6 \(preset: 3000\), snapshotEvery 3 \(preset: 1000\)$/m);
  assert.doesNotMatch(r.stdout, /note: /, 'no short-run note: the preset says what it gives');
});
