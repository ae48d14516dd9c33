/**
 * The run folders under RUNS_DIR, as the web app's Runs view lists them: every folder (RUNS_DIR
 * itself, its sub-folders and theirs, two levels deep, symbolic links not followed) that holds a
 * config.json or a metrics.jsonl.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RUN_FILES } from '../run-folder.js';

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

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The run entry of folder `dir` (a real path inside `root`), or undefined when it holds no run. */
export function runEntry(root: string, dir: string): RunEntry | undefined {
  const files = Object.values(RUN_FILES).filter((f) => existsSync(join(dir, f)));
  if (!files.includes(RUN_FILES.config) && !files.includes(RUN_FILES.metrics)) return undefined;
  const config = readJson(join(dir, RUN_FILES.config));
  return {
    name: relative(root, dir).split(sep).join('/'),
    files,
    modified: Math.max(...files.map((f) => statSync(join(dir, f)).mtimeMs)),
    ...(config === undefined ? {} : { data: config.data, loss: String(config.loss), steps: Number(config.steps) }),
    finished: files.includes(RUN_FILES.summary),
  };
}

/** Every run folder under `root` (itself and two levels of sub-folders), newest first. */
export function listRuns(root: string): RunEntry[] {
  const out: RunEntry[] = [];
  const visit = (dir: string, depth: number) => {
    const entry = runEntry(root, dir);
    if (entry !== undefined) out.push(entry);
    if (depth === 2) return;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      if (n.startsWith('.')) continue;
      const p = join(dir, n);
      try {
        // Not through symbolic links: they may lead out of RUNS_DIR (whose files are not served either).
        if (lstatSync(p).isDirectory()) visit(p, depth + 1);
      } catch {
        /* vanished or unreadable: skip */
      }
    }
  };
  if (existsSync(root)) visit(root, 0);
  return out.sort((a, b) => b.modified - a.modified);
}
