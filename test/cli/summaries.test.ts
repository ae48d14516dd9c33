/**
 * What users read, through the built CLI on real (short) runs: every number of the `tsgan train`
 * summary, of `tsgan eval` and of `tsgan theory track` / `theory identity` against the records they
 * come from (summary.json, metrics.jsonl, the command's own --json), to the precision printed; and
 * the --json outputs against the files of the run.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, tsgan } from '../helpers/cli.js';
import { assertShown, assertShownSignificant, numberAfter, parseShown } from '../helpers/shown-numbers.js';

const SMALL = ['--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '64', '--quiet'];
// Four wide modes (3σ = 0.84 around points of the unit circle): the barely trained generator of seed 5
// puts ~80 % of its samples within 3σ of 2 of them, so every mode number of the summary is non-trivial
// (a percentage shown without its ×100, or a fraction for a count, cannot pass).
const WIDE_RING = '{"type":"ring","modes":4,"radius":1,"std":0.28}';
const root = tempDir();
const dir = join(root, 'ring');
const train = tsgan(['train', '--data', WIDE_RING, '--steps', '40', '--snapshot-every', '20', '--seed', '5', '--out', dir, ...SMALL]);

const records = (d: string) => readFileSync(join(d, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const lineWith = (text: string, s: string) => {
  const line = text.split('\n').find((l) => l.includes(s));
  assert.ok(line !== undefined, `no line with "${s}" in:\n${text}`);
  return line;
};

test('tsgan train: every number of the printed summary is summary.json\'s, and summary.json holds the last records of metrics.jsonl', () => {
  assert.equal(train.code, 0, train.stderr);
  const s = json(join(dir, 'summary.json'));
  const all = records(dir);
  assert.deepEqual(s.eval, all.filter((r) => r.type === 'eval').pop(), 'summary.eval is the last eval record');
  assert.deepEqual(s.last, all.filter((r) => r.type === 'step').pop(), 'summary.last is the last step record');
  assert.equal(s.steps, 40);
  const out = train.stdout;
  const first = out.split('\n')[0];
  assert.equal(numberAfter(first, 'trained '), 40);
  assertShown(numberAfter(first, 'loss in '), s.seconds, 1, 'seconds');
  assertShown(numberAfter(first, 's ('), s.stepsPerSecond, 1, 'steps/s');
  assertShown(s.stepsPerSecond, 40 / s.seconds, 6, 'steps/s = steps / seconds');

  const m = s.eval.modes;
  assert.ok(m.highQualityFraction > 0.05 && m.highQualityFraction < 0.99 && m.modesCaptured >= 2 && m.reverseKL > 0.01 && Number.isFinite(m.reverseKL), `a run with non-trivial mode numbers: ${JSON.stringify(m)}`);
  const modes = lineWith(out, 'modes captured');
  assert.equal(numberAfter(modes, 'modes captured '), m.modesCaptured);
  assert.equal(numberAfter(modes, `modes captured ${m.modesCaptured}/`), 4);
  assertShown(numberAfter(modes, 'high quality '), 100 * m.highQualityFraction, 1, 'high quality %');
  assertShown(numberAfter(modes, 'reverse KL '), m.reverseKL, 3, 'reverse KL');
  assert.equal(numberAfter(modes, 'PacGAN protocol, '), s.eval.samples);
  assertShown(numberAfter(lineWith(out, 'W1(data, generator)'), '≈ '), s.eval.w1, 4, 'W1');
  assert.ok(lineWith(out, 'W1(data, generator)').includes(`(${s.eval.w1Method})`));

  const lastLine = lineWith(out, 'last step');
  assertShown(numberAfter(lastLine, 'V(D, G) = '), s.last.value, 3, 'V(D, G)');
  assertShown(numberAfter(lastLine, 'real '), s.last.dRealMean, 3, 'mean D(x) real');
  assertShown(numberAfter(lastLine, 'fake '), s.last.dFakeMean, 3, 'mean D(G(z)) fake');
});

test('tsgan train --json prints summary.json\'s content, whose numbers are the run\'s records', () => {
  const d = join(root, 'json');
  const r = tsgan(['train', '--data', WIDE_RING, '--steps', '10', '--snapshot-every', '10', '--seed', '6', '--out', d, '--json', ...SMALL]);
  assert.equal(r.code, 0, r.stderr);
  const printed = JSON.parse(r.stdout);
  assert.deepEqual(printed, json(join(d, 'summary.json')));
  const all = records(d);
  assert.deepEqual(printed.eval, all.filter((x) => x.type === 'eval').pop());
  assert.deepEqual(printed.last, all.filter((x) => x.type === 'step').pop());
  assert.equal(printed.steps, 10);
});

test('tsgan eval: the text shows the numbers of --json, and --json\'s mode metrics and moments are the final snapshot\'s eval record', () => {
  const text = tsgan(['eval', dir]);
  const asJson = tsgan(['eval', dir, '--json']);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(asJson.code, 0, asJson.stderr);
  const ev = JSON.parse(asJson.stdout);
  // The final snapshot's noise: the same generated samples as the last eval record (the data draws for W1 differ).
  const last = records(dir).filter((r) => r.type === 'eval').pop();
  assert.deepEqual([ev.step, ev.samples, ev.modes, ev.fakeMean, ev.fakeStd], [last.step, last.samples, last.modes, last.fakeMean, last.fakeStd]);
  const out = text.stdout;
  assert.equal(numberAfter(lineWith(out, 'generated samples'), 'step '), 40);
  assert.equal(numberAfter(lineWith(out, 'generated samples'), 'step 40, '), ev.samples);
  const captured = lineWith(out, 'modes captured');
  assert.equal(numberAfter(captured, 'modes captured'.padEnd(20)), ev.modes.modesCaptured);
  assert.equal(numberAfter(captured, '/ '), ev.modes.totalModes);
  assertShown(numberAfter(lineWith(out, 'high quality'), 'high quality'.padEnd(20)), 100 * ev.modes.highQualityFraction, 1, 'high quality %');
  assertShown(numberAfter(lineWith(out, 'reverse KL'), 'reverse KL (modes)'.padEnd(20)), ev.modes.reverseKL, 4, 'reverse KL');
  assertShown(numberAfter(lineWith(out, 'W1(data, G)'), 'W1(data, G)'.padEnd(20)), ev.w1, 4, 'W1');
  for (const [label, values] of [['generated mean', ev.fakeMean], ['generated std', ev.fakeStd]] as const) {
    const shown = lineWith(out, label).split('[')[1].split(']')[0].split(',').map(parseShown);
    assert.equal(shown.length, 2, label);
    shown.forEach((v, j) => assertShown(v, values[j], 3, `${label}[${j}]`));
  }
});

test('tsgan theory track: every number of the table is the run\'s theory record (significant digits as printed)', () => {
  const d = join(root, 'theory');
  const t = tsgan(['train', '--data', 'bimodal', '--steps', '20', '--snapshot-every', '10', '--seed', '2', '--track-theory', '--g-hidden', '8', '--d-hidden', '8', '--batch-size', '32', '--out', d, '--quiet']);
  assert.equal(t.code, 0, t.stderr);
  const asJson = tsgan(['theory', 'track', d, '--json']);
  const text = tsgan(['theory', 'track', d]);
  assert.equal(asJson.code, 0, asJson.stderr);
  assert.equal(text.code, 0, text.stderr);
  const recs = JSON.parse(asJson.stdout).records;
  assert.deepEqual(recs, records(d).filter((r) => r.type === 'theory'), '--json: the records of metrics.jsonl');
  assert.equal(recs.length, 2);
  const rows = text.stdout.split('\n').filter((l) => /^\s+\d+\s/.test(l));
  assert.equal(rows.length, recs.length);
  // Columns: step, V(D, G), V(D*, G), −log 4 + 2·JS, JS, mean |D − D*|, W1, critic, K̂ (fmt's significant digits).
  const columns = [['valueDG', 5], ['valueAtOptimum', 5], ['minusLog4Plus2JS', 5], ['js', 3], ['meanAbsDStarError', 3], ['w1', 3], ['criticEstimate', 3], ['lipschitzEstimate', 2]] as const;
  rows.forEach((row, i) => {
    const cells = row.trim().split(/\s+/);
    assert.equal(cells.length, 1 + columns.length, row);
    assert.equal(Number(cells[0]), recs[i].step);
    columns.forEach(([field, digits], c) => assertShownSignificant(parseShown(cells[c + 1]), recs[i][field], digits, `step ${recs[i].step} ${field}`));
  });
});

test('tsgan theory identity: each row of the table is the --json value (10 significant digits; KL both ways differ here)', () => {
  const args = ['theory', 'identity', '--real', 'normal', '--fake', '{"type":"normal","mean":[1],"std":[2]}'];
  const text = tsgan(args);
  const asJson = tsgan([...args, '--json']);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(asJson.code, 0, asJson.stderr);
  const j = JSON.parse(asJson.stdout);
  // KL(N(0,1) ‖ N(1,4)) = log 2 + (1 + 1)/8 − ½ and KL(N(1,4) ‖ N(0,1)) = −log 2 + (4 + 1)/2 − ½ (closed forms).
  assert.ok(Math.abs(j.klRealFake - (Math.LN2 + 2 / 8 - 0.5)) < 1e-7 && Math.abs(j.klFakeReal - (-Math.LN2 + 2.5 - 0.5)) < 1e-7, JSON.stringify(j));
  const rows = [
    ['JS(P_r ‖ P_g)', j.js, 10],
    ['KL(P_r ‖ P_g)', j.klRealFake, 10],
    ['KL(P_g ‖ P_r)', j.klFakeReal, 10],
    ['total variation', j.tv, 10],
    ['W1(P_r, P_g)', j.w1, 10],
    ['V(D*, G), integrated', j.valueAtOptimum, 12],
    ['−log 4 + 2·JS', j.minusLog4Plus2JS, 12],
  ] as const;
  for (const [label, value, digits] of rows) {
    const line = lineWith(text.stdout, label);
    const shown = parseShown(line.slice(line.indexOf(label) + label.length).trim().split(/\s+/)[0]);
    assertShownSignificant(shown, value, digits, label);
  }
});
