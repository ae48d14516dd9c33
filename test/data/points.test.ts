/**
 * User data: CSV and JSON points, and one-line DataErrors with the line or row and column.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DataError, EmpiricalDataset, parsePoints } from '../../src/data/index.js';
import { createRng } from '../../src/random/rng.js';

/** Asserts that parsing throws a one-line DataError whose message contains every fragment. */
function rejects(text: string, source: string, ...fragments: string[]): void {
  let error: unknown;
  try {
    parsePoints(text, source);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof DataError, `expected a DataError for ${JSON.stringify(text)}, got ${error}`);
  assert.equal(error.name, 'DataError');
  assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
  assert.ok(error.message.startsWith(source), `starts with the source: ${error.message}`);
  for (const f of fragments) assert.ok(error.message.includes(f), `"${error.message}" should mention ${f}`);
}

describe('parsePoints reads', () => {
  it('CSV with a header row', () => {
    const d = parsePoints('x,y\n1,2\n3.5,-4e-1\n', 'points.csv');
    assert.deepEqual([...d.points], [1, 2, 3.5, -0.4]);
    assert.equal(d.count, 2);
    assert.equal(d.dim, 2);
    assert.equal(d.label, 'points.csv (2 × 2)');
  });

  it('CSV without a header, with CRLF, a BOM, blank lines, comments and spaces around commas', () => {
    const d = parsePoints('\ufeff# my data\r\n1, 2 ,3\r\n\r\n4,5,6\r\n', 'a.csv');
    assert.deepEqual([...d.points], [1, 2, 3, 4, 5, 6]);
    assert.equal(d.dim, 3);
  });

  it('whitespace-separated values and quoted header names', () => {
    const d = parsePoints('"x"\t"y"\n 1   2\n3\t4\n', 'w.txt');
    assert.deepEqual([...d.points], [1, 2, 3, 4]);
  });

  it('1-D CSV', () => {
    const d = parsePoints('value\n0.5\n1.5\n-2\n', 'one.csv');
    assert.equal(d.dim, 1);
    assert.deepEqual([...d.points], [0.5, 1.5, -2]);
  });

  it('JSON: an array of points, {"points": …}, and a flat array as 1-D points', () => {
    assert.deepEqual([...parsePoints('[[1, 2], [3, 4], [5, 6]]', 'p.json').points], [1, 2, 3, 4, 5, 6]);
    const o = parsePoints(' {"points": [[1], [2]]}', 'p.json');
    assert.equal(o.dim, 1);
    assert.deepEqual([...o.points], [1, 2]);
    const flat = parsePoints('[0.5, 1.5, 2.5]', 'flat.json');
    assert.equal(flat.dim, 1);
    assert.equal(flat.count, 3);
  });
});

describe('parsePoints rejects, with the line/row and column', () => {
  const cases: [string, string, string, ...string[]][] = [
    ['text in CSV', 'x,y\n1,2\n3,abc\n', 'points.csv', 'points.csv line 3, column 2: "abc" is not a number; every value must be a finite number'],
    ['NaN in CSV', '1,2\n3,4\n5,6\n7,8\n9,10\n11,12\nNaN,1\n', 'points.csv', 'line 7, column 1', '"NaN" is not a number'],
    ['a first line of NaN is not a header', 'NaN\n1\n2\n', 'n.csv', 'line 1, column 1', '"NaN"'],
    ['Infinity in CSV', '1,2\n3,Infinity\n', 'p.csv', 'line 2, column 2', '"Infinity"'],
    ['overflow in CSV', '1,2\n3,1e999\n', 'p.csv', 'line 2, column 2', 'too large'],
    ['ragged rows', '1,2\n3,4\n5\n', 'r.csv', 'r.csv line 3: 1 value but line 1 has 2', 'same number of coordinates'],
    ['a header with the wrong number of names', 'x,y,z\n1,2\n3,4\n', 'h.csv', 'line 2', 'header (line 1) names 3 columns'],
    ['an empty value', '1,2\n3,,4\n', 'e.csv', 'line 2, column 2: empty value'],
    ['an empty file', '', 'empty.csv', 'empty.csv: no data rows', 'at least 2 points'],
    ['a header only', 'x,y\n', 'h.csv', 'no data rows'],
    ['a single row', '1,2\n', 'one.csv', 'only 1 row'],
    ['invalid JSON', '[[1, 2],\n [3, }', 'p.json', 'p.json', 'not valid JSON'],
    ['JSON with a position', '{"points" [[1]]}', 'p.json', 'p.json line 1, column 11', 'not valid JSON'],
    ['JSON text', '[[1, 2], [3, "4"]]', 'p.json', 'p.json row 2, column 2: "4" is not a number'],
    ['JSON null', '[[1, null], [3, 4]]', 'p.json', 'row 1, column 2: null is not a number'],
    ['JSON ragged', '[[1, 2], [3]]', 'p.json', 'row 2: 1 coordinate but row 1 has 2'],
    ['JSON overflow', '[[1, 2], [3, 1e999]]', 'p.json', 'row 2, column 2: Infinity is not finite'],
    ['JSON object without points', '{"data": [[1]]}', 'p.json', 'no "points" field'],
    ['JSON empty point', '[[], []]', 'p.json', 'row 1: empty point'],
    ['JSON one point', '[[1, 2]]', 'p.json', 'only 1 row'],
    ['JSON mixed flat and nested', '[1, [2]]', 'p.json', 'row 1: expected an array of numbers'],
  ];
  for (const [name, text, source, ...fragments] of cases) {
    it(name, () => rejects(text, source, ...fragments));
  }

  it('random strings only ever throw DataError', () => {
    const check = (text: string) => {
      try {
        const d = parsePoints(text, 'fuzz');
        assert.ok(d.count >= 2 && d.points.every(Number.isFinite));
      } catch (e) {
        assert.ok(e instanceof DataError, String(e));
        assert.ok(!e.message.includes('\n'), e.message);
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 80 }), check), { numRuns: 500 });
    fc.assert(fc.property(fc.json(), check), { numRuns: 300 });
    // CSV-like strings built from numbers, junk and separators.
    const token = fc.oneof(fc.double().map(String), fc.integer().map(String), fc.constantFrom('', 'x', 'NaN', '-', '1e', '.', '"a"', '1e999'));
    const line = fc.array(token, { maxLength: 4 }).chain((ts) => fc.constantFrom(',', ' ', '\t', ';').map((sep) => ts.join(sep)));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (lines, nl) => check(lines.join(nl))),
      { numRuns: 500 },
    );
  });
});

describe('EmpiricalDataset', () => {
  it('samples rows uniformly with replacement, reproducibly', () => {
    const d = parsePoints('0,0\n1,10\n2,20\n3,30\n', 'p.csv');
    const x = d.sample(createRng(9), 20000);
    assert.deepEqual(x, d.sample(createRng(9), 20000));
    const counts = [0, 0, 0, 0];
    for (let r = 0; r < 20000; r++) {
      assert.equal(x[2 * r + 1], 10 * x[2 * r], 'rows are kept whole');
      counts[x[2 * r]]++;
    }
    // Each row has probability 1/4: within 5 standard errors.
    const se = Math.sqrt((0.25 * 0.75) / 20000);
    for (const c of counts) assert.ok(Math.abs(c / 20000 - 0.25) < 5 * se, `${counts}`);
  });

  it('rejects inconsistent construction with RangeError', () => {
    assert.throws(() => new EmpiricalDataset(new Float64Array(3), 2, 'x'), RangeError);
    assert.throws(() => new EmpiricalDataset(Float64Array.of(1, NaN), 1, 'x'), RangeError);
    assert.throws(() => new EmpiricalDataset(new Float64Array(2), 0, 'x'), RangeError);
  });
});
