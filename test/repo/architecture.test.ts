/**
 * The architecture, as rules on the import graph of every .ts file in src/ and web/src/
 * (test/helpers/architecture.ts builds it with TypeScript's own scanner; type-only imports count):
 *
 *   (a) no deep imports: src/cli reaches the library only through the entries src/index.ts (`tsgan`) and
 *       src/node/index.ts (`tsgan/node`), web/src only as `tsgan`;
 *   (b) no import up a layer: text → random → theory → data → ops → models → objectives → training →
 *       metrics → experiments → bench → sweep → src/index.ts → node → cli, each importing only itself and those
 *       before it. This is src/index.ts's order with the two folders it leaves unnamed placed where the code
 *       puts them: `text` (plain string helpers, importing nothing) at the bottom, `ops` (tsgan's fused TF.js
 *       kernels: names and reference ops, importing no other layer) just below models, its first user;
 *   (c) no cycles between files.
 *
 * A failure names the file and the import. To fix one: import from the entry and export what is missing
 * there (a), move the code both sides need down a layer or pass it in (b), move what two files share into a
 * file of its own, often their types (c). docs/developers.md says the same.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildImportGraph,
  deepImports,
  filesOutsideLayers,
  importCycles,
  importSpecifiers,
  LAYERS,
  layerOf,
  readSources,
  unresolvedImports,
  upwardImports,
} from '../helpers/architecture.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const graph = buildImportGraph(readSources(ROOT, ['src', 'web/src']));

test('the import graph is the whole code: > 200 files in src, every layer and web/src present, every relative import resolved', () => {
  const src = graph.files.filter((f) => f.startsWith('src/'));
  assert.ok(src.length > 200, `only ${src.length} files found in src/`);
  assert.ok(graph.files.filter((f) => f.startsWith('web/src/')).length >= 10, 'web/src is missing');
  for (const layer of LAYERS) assert.ok(src.some((f) => layerOf(f) === layer), `no file in layer ${layer}`);
  assert.ok(graph.edges.length > 1000, `only ${graph.edges.length} imports found`);
  assert.ok(graph.edges.some((e) => e.from.startsWith('web/src/') && e.specifier === 'tsgan'), "the web app's imports of 'tsgan' are missing");
  assert.deepEqual(unresolvedImports(graph), []);
  assert.deepEqual(filesOutsideLayers(graph), []);
});

test('(a) src/cli and web/src reach the library through its public entries only', () => {
  assert.deepEqual(deepImports(graph, []), []);
});

test('(b) no import runs up a layer', () => {
  assert.deepEqual(upwardImports(graph), []);
});

test('(c) no import cycle between files', () => {
  assert.deepEqual(importCycles(graph), []);
});

// The checkers on small graphs: each rule reports what it is for, so the tests above cannot pass vacuously.

test('the scanner sees every import form: static, type-only, export-from, side effect, dynamic', () => {
  const source = [
    "import a from './a.js';",
    "import type { B } from './b.js';",
    "export { c } from './c.js';",
    "export type { D } from './d.js';",
    "export * from './e.js';",
    "import './f.js';",
    "const g = await import('./g.js');",
    "type H = typeof import('./h.js');",
  ].join('\n');
  assert.deepEqual(importSpecifiers(source).sort(), ['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js', './h.js']);
});

const clean = {
  'src/index.ts': "export * from './models/index.js';\nexport * from './training/index.js';",
  'src/models/index.ts': "export * from './mlp.js';",
  'src/models/mlp.ts': "import type { Rng } from '../random/rng.js';\nexport class Mlp {}",
  'src/random/rng.ts': 'export interface Rng {}',
  'src/training/index.ts': "export * from './trainer.js';",
  'src/training/trainer.ts': "import { Mlp } from '../models/mlp.js';\nimport * as tf from '@tensorflow/tfjs-core';",
  'src/node/index.ts': "export * from './run/train-run.js';",
  'src/node/run/train-run.ts': "import { GanTrainer } from '../../training/trainer.js';\nimport { readFileSync } from 'node:fs';",
  'src/cli/main.ts': "import { Mlp } from '../index.js';\nimport { runTraining } from '../node/index.js';\nimport { UsageError } from './errors.js';\nimport { Command } from 'commander';",
  'src/cli/errors.ts': 'export class UsageError extends Error {}',
  'web/src/main.ts': "import { Mlp } from 'tsgan';\nimport { view } from './view.js';\nimport * as tf from '@tensorflow/tfjs-core';",
  'web/src/view.ts': 'export const view = 1;',
};

test('a clean synthetic graph reports nothing', () => {
  const g = buildImportGraph(clean);
  assert.deepEqual(unresolvedImports(g), []);
  assert.deepEqual(filesOutsideLayers(g), []);
  assert.deepEqual(deepImports(g), []);
  assert.deepEqual(upwardImports(g), []);
  assert.deepEqual(importCycles(g), []);
  assert.equal(g.edges.find((e) => e.from === 'web/src/main.ts' && e.specifier === 'tsgan')?.target, 'src/index.ts');
});

test('deep imports are reported with the file and the import: CLI past the entries, web past tsgan; pending files are let off', () => {
  const g = buildImportGraph({
    ...clean,
    'src/cli/main.ts': "import { GanTrainer } from '../training/trainer.js';\nimport { runTraining } from '../node/run/train-run.js';\nconst m = await import('../models/mlp.js');",
    'src/cli/pending.ts': "import { Mlp } from '../models/mlp.js';",
    'web/src/main.ts': "import { Mlp } from '../../src/models/mlp.js';\nimport { runTraining } from 'tsgan/node';",
  });
  const problems = deepImports(g, ['src/cli/pending.ts']);
  assert.equal(problems.length, 5, problems.join('\n'));
  for (const [file, specifier] of [
    ['src/cli/main.ts', '../training/trainer.js'],
    ['src/cli/main.ts', '../node/run/train-run.js'],
    ['src/cli/main.ts', '../models/mlp.js'],
    ['web/src/main.ts', '../../src/models/mlp.js'],
    ['web/src/main.ts', 'tsgan/node'],
  ]) {
    assert.ok(problems.some((p) => p.startsWith(`${file} imports '${specifier}'`)), `${file} → ${specifier} not reported:\n${problems.join('\n')}`);
  }
  assert.equal(deepImports(g).length, 6, 'without the exception the pending file is reported too');
});

test('an import up a layer is reported with the file, the import and both layers; also a type-only one and one of the entry', () => {
  const g = buildImportGraph({
    ...clean,
    'src/random/rng.ts': "import type { Mlp } from '../models/mlp.js';\nexport interface Rng {}",
    'src/models/mlp.ts': "import { GanTrainer } from '../training/trainer.js';\nexport class Mlp {}",
    'src/training/trainer.ts': "import { runTraining } from '../node/index.js';\nimport { anything } from '../index.js';",
  });
  const problems = upwardImports(g);
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith("src/random/rng.ts imports '../models/mlp.js'") && p.includes('random imports models')), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith("src/models/mlp.ts imports '../training/trainer.js'") && p.includes('models imports training')), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith("src/training/trainer.ts imports '../node/index.js'") && p.includes('training imports node')), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith("src/training/trainer.ts imports '../index.js'") && p.includes('training imports index')), problems.join('\n'));
});

test('a file in no layer is reported', () => {
  assert.deepEqual(filesOutsideLayers(buildImportGraph({ ...clean, 'src/extras/thing.ts': 'export const x = 1;' })), ['src/extras/thing.ts: in no layer (add its folder to LAYERS)']);
});

test('an unresolved relative import is reported', () => {
  const problems = unresolvedImports(buildImportGraph({ ...clean, 'src/models/mlp.ts': "import { gone } from './gone.js';" }));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^src\/models\/mlp\.ts imports '\.\/gone\.js': no such source file$/);
});

test('cycles are reported once per strongly connected component, with every file and the imports that close it (type-only and re-exports included)', () => {
  const g = buildImportGraph({
    ...clean,
    // two files importing each other, one side type-only (the shape presets.ts ↔ spec.ts had)
    'src/data/spec.ts': "import { presets } from './presets.js';",
    'src/data/presets.ts': "import type { Spec } from './spec.js';",
    // three files in a ring, one edge an export-from, one a dynamic import
    'src/training/a.ts': "import { b } from './b.js';",
    'src/training/b.ts': "export { c } from './c.js';",
    'src/training/c.ts': "const a = await import('./a.js');",
    // a file importing itself is not a cycle between files
    'src/training/self.ts': "import { x } from './self.js';",
  });
  const cycles = importCycles(g);
  assert.equal(cycles.length, 2, cycles.join('\n'));
  const pair = cycles.find((c) => c.includes('src/data/presets.ts')) ?? '';
  assert.ok(pair.startsWith('import cycle among src/data/presets.ts, src/data/spec.ts:'), cycles.join('\n'));
  assert.ok(pair.includes("src/data/spec.ts → './presets.js'") && pair.includes("src/data/presets.ts → './spec.js'"), pair);
  const ring = cycles.find((c) => c.includes('src/training/a.ts')) ?? '';
  assert.ok(ring.startsWith('import cycle among src/training/a.ts, src/training/b.ts, src/training/c.ts:'), cycles.join('\n'));
  assert.ok(ring.includes("src/training/c.ts → './a.js'"), ring);
});
