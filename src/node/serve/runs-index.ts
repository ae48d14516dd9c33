/**
 * The run folders under RUNS_DIR, as the web app's Runs view lists them: every folder (RUNS_DIR
 * itself, its sub-folders and theirs, two levels deep, symbolic links not followed) that holds a
 * config.json or a metrics.jsonl. A run file that is a symbolic link leading out of RUNS_DIR counts
 * as absent (it is neither listed nor read), like the files route refuses it (safe-path.ts).
 */
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { RUN_FILES } from '../run/run-folder.js';
import { findInside, openInside } from './safe-path.js';

/** One run folder, as listed by GET /api/runs. */
export interface RunEntry {
  /** Its path relative to RUNS_DIR, with "/" separators ("" for RUNS_DIR itself). */
  readonly name: string;
  /** The run files present (config.json, metrics.jsonl, samples.png, …). */
  readonly files: string[];
  /** Last modification of any of them, ms since the epoch. */
  readonly modified: number;
  /** From config.json, when present: what it trains. */
  readonly data?: unknown;
  readonly loss?: string;
  readonly steps?: number;
  /** True once summary.json is written (the run has finished). */
  readonly finished: boolean;
}

/** A config.json larger than this is not read (a real one is a few kB): the list stays cheap. */
const MAX_CONFIG_BYTES = 1 << 20;

/** The JSON object in the file at `path` (inside `root`), or undefined when missing, refused, too large or not an object. */
async function readJsonInside(root: string, path: string): Promise<Record<string, unknown> | undefined> {
  const file = await openInside(root, path);
  if (file === undefined) return undefined;
  try {
    if (file.stats.size > MAX_CONFIG_BYTES) return undefined;
    const v = JSON.parse(await file.handle.readFile('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  } finally {
    await file.handle.close().catch(() => undefined);
  }
}

/** The run entry of folder `dir` (a real path inside `root`), or undefined when it holds no run. */
export async function runEntry(root: string, dir: string): Promise<RunEntry | undefined> {
  const found = await Promise.all(Object.values(RUN_FILES).map(async (f) => ({ f, found: await findInside(root, join(dir, f), 'file') })));
  const present = found.filter((x) => x.found !== undefined);
  const files: string[] = present.map((x) => x.f);
  if (!files.includes(RUN_FILES.config) && !files.includes(RUN_FILES.metrics)) return undefined;
  const config = files.includes(RUN_FILES.config) ? await readJsonInside(root, join(dir, RUN_FILES.config)) : undefined;
  return {
    name: relative(root, dir).split(sep).join('/'),
    files,
    modified: Math.max(...present.map((x) => x.found!.stats.mtimeMs)),
    ...(config === undefined ? {} : { data: config.data, loss: String(config.loss), steps: Number(config.steps) }),
    finished: files.includes(RUN_FILES.summary),
  };
}

/** Every run folder under `root` (itself and two levels of sub-folders), newest first. */
export async function listRuns(root: string): Promise<RunEntry[]> {
  const realRoot = await findInside(root, root, 'dir');
  if (realRoot === undefined) return [];
  const out: RunEntry[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entry = await runEntry(realRoot.path, dir);
    if (entry !== undefined) out.push(entry);
    if (depth === 2) return;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      if (n.startsWith('.')) continue;
      const p = join(dir, n);
      try {
        // Not through symbolic links: they may lead out of RUNS_DIR (whose files are not served either).
        if ((await lstat(p)).isDirectory()) await visit(p, depth + 1);
      } catch {
        /* vanished or unreadable: skip */
      }
    }
  };
  await visit(realRoot.path, 0);
  return out.sort((a, b) => b.modified - a.modified);
}
