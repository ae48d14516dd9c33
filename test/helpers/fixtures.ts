/**
 * Where the reference fixtures live. The repository's own `test/fixtures/<kind>/` is always checked
 * (made by scripts/make-fixtures, see test/fixtures/README.md). When the environment variable
 * TSGAN_FIXTURES names a folder, its `<kind>/` is an EXTRA folder of the same layout whose files the
 * same tests check too; if it lacks that kind's folder, the tests fail with a message saying so.
 * Paths are resolved from this file's location, never from the working directory.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The kinds of fixture, one folder each. */
export type FixtureKind = 'theory' | 'gradient-penalty';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The repository's fixture folder for `kind` (absolute). */
export function repoFixtureDir(kind: FixtureKind): string {
  return join(REPO_ROOT, 'test', 'fixtures', kind);
}

/**
 * Every folder whose files the `kind` tests check: the repository's, then `$TSGAN_FIXTURES/<kind>`
 * when TSGAN_FIXTURES is set (throws when that folder does not exist).
 */
export function fixtureDirs(kind: FixtureKind): string[] {
  const dirs = [repoFixtureDir(kind)];
  const extra = process.env.TSGAN_FIXTURES;
  if (extra !== undefined && extra !== '') {
    const dir = resolve(extra, kind);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new Error(`TSGAN_FIXTURES=${extra} has no ${kind}/ folder (looked for ${dir}; it needs the layout of test/fixtures)`);
    }
    dirs.push(dir);
  }
  return dirs;
}

/** One fixture file: its folder, its name, its absolute path and a label for test titles. */
export interface FixtureFile {
  readonly dir: string;
  readonly file: string;
  readonly path: string;
  /** The path relative to the repository root when inside it (test/fixtures/theory/equal.json), else absolute. */
  readonly label: string;
}

/** How a folder is named in test titles: relative to the repository root when inside it. */
export function dirLabel(dir: string): string {
  const rel = relative(REPO_ROOT, dir);
  return rel.startsWith('..') || resolve(rel) === rel ? dir : rel;
}

/** The `*.json` files of one folder, sorted by name (throws when there are none). */
export function fixtureFilesIn(dir: string): FixtureFile[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (names.length === 0) throw new Error(`no *.json fixture in ${dir}`);
  return names.map((file) => ({ dir, file, path: join(dir, file), label: join(dirLabel(dir), file) }));
}

/** The `*.json` files of every folder of `kind` (fixtureDirs), folder by folder. */
export function fixtureFiles(kind: FixtureKind): FixtureFile[] {
  return fixtureDirs(kind).flatMap(fixtureFilesIn);
}
