#!/usr/bin/env node
// Mutation check of the test suite: applies each one-line mutation of scripts/mutations.json (a bug a
// developer could plausibly make) to a COPY of the repository, runs the test files listed for it there,
// and reports whether the tests caught it (some test failed) or it survived (all passed).
//
//   npm run mutate                 every mutation, on the working tree as it is (tracked and new files)
//   npm run mutate -- eval plots   only mutations whose id or file contains "eval" or "plots"
//   npm run mutate -- --head       on the last commit instead of the working tree
//   npm run mutate -- --check      only check that every `find` string occurs exactly once
//   options: --no-baseline (skip the unmutated run), --keep (keep the copy), --timeout SECONDS (per mutation, default 600)
//
// Each mutation: {id, file, find (a string that must occur exactly once in file), replace, tests
// [test files], why, build?}. With build: true its tests run the built CLI: dist/ is built once in the
// copy and the mutated file is re-emitted into it (TypeScript's transpileModule with the project's
// compiler options), then restored. Nothing is ever written to the tree this is run from.
//
// Exit code: 0 when every mutation was caught; 1 when one survived or a `find` string does not occur
// exactly once (the list is out of step with the code); 2 when the unmutated tests already fail.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LIST = join(ROOT, 'scripts', 'mutations.json');

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
};
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const fromHead = flag('--head');
const checkOnly = flag('--check');
const baseline = !flag('--no-baseline');
const keep = flag('--keep');
const timeoutSeconds = Number(option('--timeout', '600'));
const filters = args;

const all = JSON.parse(readFileSync(LIST, 'utf8'));
const ids = new Set();
for (const m of all) {
  for (const k of ['id', 'file', 'find', 'replace', 'why']) if (typeof m[k] !== 'string') throw new Error(`mutations.json: ${m.id ?? '?'}: "${k}" must be a string`);
  if (!Array.isArray(m.tests) || m.tests.length === 0) throw new Error(`mutations.json: ${m.id}: "tests" must list at least one test file`);
  if (m.find === m.replace) throw new Error(`mutations.json: ${m.id}: "replace" equals "find"`);
  if (ids.has(m.id)) throw new Error(`mutations.json: duplicate id ${m.id}`);
  ids.add(m.id);
}
const selected = all.filter((m) => filters.length === 0 || filters.some((f) => m.id.includes(f) || m.file.includes(f)));
if (selected.length === 0) {
  console.error(`mutate: no mutation matches ${filters.join(' ')}`);
  process.exit(1);
}

const git = (...a) => {
  const r = spawnSync('git', a, { cwd: ROOT, encoding: 'buffer', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

// 1. The copy: the working tree's tracked and untracked (not ignored) files, or the last commit.
const work = mkdtempSync(join(tmpdir(), 'tsgan-mutate-'));
const copy = join(work, 'repo');
mkdirSync(copy);
if (fromHead) {
  const tar = git('archive', '--format=tar', 'HEAD');
  const r = spawnSync('tar', ['-x', '-C', copy], { input: tar });
  if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
} else {
  const files = git('ls-files', '-z', '--cached', '--others', '--exclude-standard').toString('utf8').split('\0').filter(Boolean);
  for (const f of files) {
    const from = join(ROOT, f);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    copyFileSync(from, join(copy, f));
  }
}
symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
const cleanup = () => {
  if (!keep) rmSync(work, { recursive: true, force: true });
};

// 2. Every `find` string must occur exactly once in its file.
const occurrences = (text, s) => text.split(s).length - 1;
const stale = [];
for (const m of selected) {
  const path = join(copy, m.file);
  const n = existsSync(path) ? occurrences(readFileSync(path, 'utf8'), m.find) : -1;
  if (n !== 1) stale.push({ m, why: n < 0 ? `${m.file} does not exist` : `"find" occurs ${n} times in ${m.file}` });
  for (const t of m.tests) if (!existsSync(join(copy, t))) stale.push({ m, why: `test file ${t} does not exist` });
}
for (const s of stale) console.error(`mutate: ${s.m.id}: ${s.why}`);
if (checkOnly) {
  console.log(`mutate --check: ${selected.length - new Set(stale.map((s) => s.m.id)).size} of ${selected.length} mutations apply exactly once`);
  cleanup();
  process.exit(stale.length === 0 ? 0 : 1);
}
const runnable = selected.filter((m) => !stale.some((s) => s.m === m));

// 3. dist/ in the copy, when a mutation's tests run the CLI.
const testRoot = join(work, 'tmp');
mkdirSync(testRoot);
const env = { ...process.env, TMPDIR: testRoot, TSGAN_CACHE_DIR: join(work, 'cache') };
const needsBuild = runnable.some((m) => m.build === true);
let emitFile;
if (needsBuild) {
  process.stdout.write('mutate: building dist/ in the copy … ');
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(copy, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: copy, encoding: 'utf8' });
  console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (!existsSync(join(copy, 'dist/src/cli/main.js'))) {
    console.error(`mutate: the build failed:\n${r.stdout}${r.stderr}`);
    cleanup();
    process.exit(2);
  }
  if (r.status !== 0) console.error(`mutate: note: tsc reported type errors (files were emitted anyway):\n${r.stdout.split('\n').slice(0, 5).join('\n')}`);
  const ts = createRequire(join(copy, 'package.json'))('typescript');
  const config = ts.getParsedCommandLineOfConfigFile(join(copy, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  // ESNext: transpileModule cannot see package.json's "type": "module", which makes NodeNext emit ES modules
  // here; with it the output is byte for byte tsc's (checked when this script was written).
  const compilerOptions = { ...config.options, module: ts.ModuleKind.ESNext, sourceMap: false, declaration: false };
  /** Re-emits one source file into dist/ (its .js only: the tests run JavaScript). */
  emitFile = (file) => {
    const out = ts.transpileModule(readFileSync(join(copy, file), 'utf8'), { compilerOptions, fileName: join(copy, file) });
    writeFileSync(join(copy, 'dist', file.replace(/\.ts$/, '.js')), out.outputText);
  };
}

/** Runs test files in the copy: {ok, seconds, summary}. */
function runTests(files) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
    cwd: copy,
    env,
    encoding: 'utf8',
    timeout: timeoutSeconds * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 28,
  });
  const seconds = (Date.now() - t0) / 1000;
  const count = (k) => Number(new RegExp(`^# ${k} (\\d+)`, 'm').exec(r.stdout ?? '')?.[1] ?? NaN);
  const timedOut = r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL';
  return { ok: r.status === 0, timedOut, seconds, pass: count('pass'), fail: count('fail'), output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

// 4. The unmutated tests must pass, or nothing can be concluded.
if (baseline && runnable.length > 0) {
  const files = [...new Set(runnable.flatMap((m) => m.tests))].sort();
  process.stdout.write(`mutate: baseline, ${files.length} test files unmutated … `);
  const b = runTests(files);
  console.log(`${b.ok ? 'pass' : 'FAIL'} (${b.pass} passed, ${b.fail} failed, ${b.seconds.toFixed(0)} s)`);
  if (!b.ok) {
    console.error(b.output.split('\n').filter((l) => /^\s*not ok|error:|Error/.test(l)).slice(0, 30).join('\n'));
    console.error('mutate: the tests fail without any mutation: fix them first (or run with --head)');
    cleanup();
    process.exit(2);
  }
}

// 5. Each mutation in turn, in the copy, restored afterwards.
const results = [];
for (const m of runnable) {
  const path = join(copy, m.file);
  const original = readFileSync(path, 'utf8');
  writeFileSync(path, original.replace(m.find, () => m.replace));
  if (m.build === true) emitFile(m.file);
  process.stdout.write(`mutate: ${m.id} … `);
  const r = runTests(m.tests);
  writeFileSync(path, original);
  if (m.build === true) emitFile(m.file);
  const result = r.timedOut ? 'caught (timeout)' : r.ok ? 'SURVIVED' : 'caught';
  console.log(`${result} (${Number.isNaN(r.fail) ? '?' : r.fail} of ${Number.isNaN(r.pass + r.fail) ? '?' : r.pass + r.fail} tests failed, ${r.seconds.toFixed(0)} s)`);
  results.push({ m, result, failed: r.fail, total: r.pass + r.fail, seconds: r.seconds });
}
for (const m of selected.filter((x) => stale.some((s) => s.m === x))) {
  results.push({ m, result: 'STALE', failed: NaN, total: NaN, seconds: 0, note: stale.filter((s) => s.m === m).map((s) => s.why).join('; ') });
}

// 6. The table.
const rows = results.map((r) => [r.m.id, r.m.file, r.result, Number.isNaN(r.total) ? '–' : `${r.failed}/${r.total}`, r.note ?? r.m.tests.join(' ')]);
const header = ['mutation', 'file', 'result', 'failed', 'tests'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => (i === 4 ? c : c.padEnd(widths[i]))).join(' | ')} |`;
console.log(`\n${line(header)}\n|${widths.map((w, i) => '-'.repeat(i === 4 ? 7 : w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
const caught = results.filter((r) => r.result.startsWith('caught')).length;
const survived = results.filter((r) => r.result === 'SURVIVED').length;
const staleCount = results.filter((r) => r.result === 'STALE').length;
console.log(`\n${caught} caught, ${survived} survived${staleCount > 0 ? `, ${staleCount} stale` : ''} of ${selected.length} mutations (${fromHead ? 'HEAD' : 'working tree'}; ${(results.reduce((s, r) => s + r.seconds, 0) / 60).toFixed(1)} min of tests)`);
cleanup();
process.exit(survived === 0 && stale.length === 0 ? 0 : 1);
