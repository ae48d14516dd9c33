/**
 * A CSV file of points is read in pieces (no string of the whole file, so a CSV above V8's ~512 MB
 * string limit can be read when --max-data-mb allows it): the same points and the same messages as
 * parsing the whole text, wherever the pieces are cut.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, parsePoints } from '../../src/data/index.js';
import { readPointsFile } from '../../src/node/data/points-file.js';
import { tempDir } from '../helpers/cli.js';

const texts = [
  '\ufeff# comment\r\n"éx";"y"\r\n1;2\r\n\r\n3.5;-4e-1\r\n5;6',
  'a b\n1 2\n3\t4\n\n\n5 6\n',
  '1\r2\r3\r',
  '0.125,1e-3,-7\n8,9,10\n',
];

test('pieces of every size give the points of the whole text', () => {
  const dir = tempDir();
  texts.forEach((text, t) => {
    const path = join(dir, `p${t}.csv`);
    writeFileSync(path, text);
    const whole = parsePoints(text, 'p.csv');
    for (let chunkBytes = 1; chunkBytes <= text.length + 1; chunkBytes++) {
      const d = readPointsFile(path, 'p.csv', { chunkBytes });
      assert.deepEqual([...d.points], [...whole.points], `text ${t}, pieces of ${chunkBytes} bytes`);
      assert.equal(d.dim, whole.dim);
      assert.equal(d.label, whole.label);
    }
  });
});

test('errors name the same line and column as for the whole text', () => {
  const dir = tempDir();
  const cases = ['x,y\n1,2\n3,oops\n', '1,2\r\n3,4\r\n5\r\n', '1,2\n3,1e308\n', 'x,y\n', '1,2\n'];
  for (const text of cases) {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, text);
    let want = '';
    try {
      parsePoints(text, 'bad.csv');
    } catch (e) {
      want = (e as Error).message;
    }
    assert.notEqual(want, '');
    for (const chunkBytes of [1, 2, 3, 5, 64]) {
      assert.throws(() => readPointsFile(path, 'bad.csv', { chunkBytes }), (e: unknown) => e instanceof DataError && e.message === want, `${JSON.stringify(text)} in pieces of ${chunkBytes}`);
    }
  }
});

test('a JSON points file is read whole', () => {
  const path = join(tempDir(), 'p.json');
  writeFileSync(path, '  [[1, 2], [3, 4]]');
  assert.deepEqual([...readPointsFile(path, 'p.json', { chunkBytes: 3 }).points], [1, 2, 3, 4]);
});
