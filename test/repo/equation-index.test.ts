/**
 * Issue #23, the equation index (docs/equations.md): every tag E1–E9 has its functions and tests, each
 * listed function is exported by the file named and its doc comment names the tag, and each listed test
 * file has a test whose title names the tag. The page is read as the index, so code and page cannot drift.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

interface Row {
  readonly tag: string;
  readonly functions: { name: string; file: string }[];
  readonly tests: string[];
}

/** The table rows of docs/equations.md: tag, equation, functions (`name`, … (file)), test files. */
function indexRows(): Row[] {
  const text = readFileSync(join(ROOT, 'docs', 'equations.md'), 'utf8');
  return text
    .split('\n')
    .filter((l) => /^\| E[1-9] \|/.test(l))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      const [tag, , functionsCell, testsCell] = cells.slice(1);
      const functions: { name: string; file: string }[] = [];
      // groups like "`a`, `b` (src/x.ts)"
      for (const m of functionsCell.matchAll(/((?:`[A-Za-z0-9_]+`(?:, )?)+) \((src\/[^)]+\.ts)\)/g)) {
        for (const n of m[1].matchAll(/`([A-Za-z0-9_]+)`/g)) functions.push({ name: n[1], file: m[2] });
      }
      return { tag, functions, tests: testsCell.split(',').map((t) => t.trim()).filter(Boolean) };
    });
}

/** The doc comment right before `export … name` in `source`, or undefined when the export is not there. */
function docOf(source: string, name: string): string | undefined {
  const m = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:async )?(?:function|class|const) ${name}\\b`).exec(source);
  return m?.[1];
}

const rows = indexRows();

test('the index has one row per tag E1–E9, each with functions and tests', () => {
  assert.deepEqual(rows.map((r) => r.tag), ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9']);
  for (const r of rows) {
    assert.ok(r.functions.length > 0, `${r.tag}: functions`);
    assert.ok(r.tests.length > 0, `${r.tag}: tests`);
  }
});

for (const r of rows) {
  test(`${r.tag}: every function the index lists is exported by its file, with a doc comment that names ${r.tag}`, () => {
    for (const { name, file } of r.functions) {
      const path = join(ROOT, file);
      assert.ok(existsSync(path), `${r.tag}: ${file} exists`);
      const doc = docOf(readFileSync(path, 'utf8'), name);
      assert.ok(doc !== undefined, `${r.tag}: ${file} exports ${name} with a doc comment`);
      assert.match(doc, new RegExp(`\\b${r.tag}\\b`), `${r.tag}: the doc comment of ${name} (${file}) names the tag`);
    }
  });

  test(`${r.tag}: every test file the index lists has a test whose title names ${r.tag}`, () => {
    for (const file of r.tests) {
      const path = join(ROOT, file);
      assert.ok(existsSync(path), `${r.tag}: ${file} exists`);
      const titles = [...readFileSync(path, 'utf8').matchAll(/\btest\((`|'|")((?:(?!\1)[\s\S])*)\1/g)].map((m) => m[2]);
      assert.ok(titles.some((t) => new RegExp(`\\b${r.tag}\\b`).test(t)), `${r.tag}: a test title in ${file} names the tag (titles: ${titles.length})`);
    }
  });
}

test('the core implementation of each equation is in the index', () => {
  const listed = new Set(rows.flatMap((r) => r.functions.map((f) => f.name)));
  for (const core of ['valueFunction', 'optimalDiscriminator', 'valueAtOptimum', 'jsDivergence', 'wasserstein1D', 'gradientPenalty', 'r1Penalty', 'minimax', 'nonSaturating', 'wgan']) {
    assert.ok(listed.has(core), core);
  }
});
