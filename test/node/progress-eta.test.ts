/** The progress bar's time left (issue #22: the ETA jumped from 47 min to 4m35s, and printed "6m60s"). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, secondsLeft } from '../../src/node/reporters/eta.js';
import { progressReporter } from '../../src/node/reporters/progress.js';
import type { StepRecord } from '../../src/training/records.js';

test('formatDuration carries seconds into minutes and minutes into hours', () => {
  assert.equal(formatDuration(359.6), '6m00s');
  assert.equal(formatDuration(359.4), '5m59s');
  assert.equal(formatDuration(59.5), '1m00s');
  assert.equal(formatDuration(44.2), '44s');
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(245), '4m05s');
  assert.equal(formatDuration(3599.7), '1h00m');
  assert.equal(formatDuration(3725), '1h02m');
  assert.equal(formatDuration(7170), '2h00m');
  assert.equal(formatDuration(undefined), '?');
  assert.equal(formatDuration(Infinity), '?');
  for (let s = 0; s < 20000; s += 0.5) assert.doesNotMatch(formatDuration(s), /(^|[^\d])60[sm]$|m60s/, `${s}`);
});

test('secondsLeft uses the average rate since the start: a stall moves it by its share, not by a factor', () => {
  assert.equal(secondsLeft(10, 1000, 1), undefined, 'too few steps to say');
  assert.equal(secondsLeft(100, 1000, 0), undefined);
  assert.equal(secondsLeft(100, 1000, 10), 90);
  assert.equal(secondsLeft(1000, 1000, 50), 0);
  // 500 steps at 100 steps/s, then a 2 s snapshot: the estimate grows by 2 s × (500/500), from 5 s to 9 s —
  // a rate over the last few steps would have multiplied it.
  assert.equal(secondsLeft(500, 1000, 5), 5);
  assert.equal(secondsLeft(501, 1000, 7.01), (499 * 7.01) / 501);
});

test('the bar shows the time left in that format, on a terminal', () => {
  const written: string[] = [];
  const stream = Object.assign(Object.create(null), {
    isTTY: true,
    columns: 200,
    write: (s: string) => (written.push(s), true),
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    on: () => stream,
    removeListener: () => stream,
  }) as unknown as NodeJS.WriteStream;
  const r = progressReporter(1000, 0, stream);
  const step = (n: number) => ({ type: 'step', step: n, dLoss: 1, gLoss: 1, value: -1 }) as unknown as StepRecord;
  for (let i = 1; i <= 50; i++) r.onEvent(step(i));
  r.close();
  const text = written.join('');
  assert.match(text, /step 50\/1000 \| ETA (\d+s|\d+m\d\ds|\d+h\d\dm|\?) \|/);
  assert.doesNotMatch(text, /ETA [^|]*60s/);
});
