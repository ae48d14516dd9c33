/**
 * A run folder: what `tsgan train` writes and `tsgan eval` / `sample` / `theory track` read.
 *
 *   config.json      the full resolved config
 *   metrics.jsonl    one JSON object a line: step records, eval records
 *   checkpoint.json  both networks, both optimizers' state, random streams, step (checksummed)
 *   samples.png      real and generated samples (2-D: over the D(x) heatmap; 1-D: densities and D(x))
 *   curves.png       losses, V(D, G) and metrics over steps
 *   summary.json     the final numbers
 *   grids/           image runs: step-NNNNNNNN.png, the snapshot's grid of images at every snapshot
 *                    (the same fixed noise batch each time, so the same digits can be watched forming)
 *   run-options.json the options that shape what the run writes (checkpointEvery, trackTheory,
 *                    plotEverySnapshot), reused by `--resume` (./run-options.ts)
 *   run.lock         while a tsgan process writes the folder: its pid, host and start time (./run-lock.ts)
 *
 * A run is unfinished while summary.json is missing (or says it was interrupted): `--resume` continues
 * it from checkpoint.json, or from config.json alone when it was stopped before its first checkpoint.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { explainFileSystemError } from '../files/file-system-error.js';
import { makeFolder } from '../files/make-folder.js';
import { resolveConfig, type TrainConfig } from '../../training/config.js';

export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint.json',
  samples: 'samples.png',
  curves: 'curves.png',
  summary: 'summary.json',
} as const;

/** The saved run options, written before config.json (./run-options.ts). */
export const RUN_OPTIONS_FILE = 'run-options.json';

/** The lock of the process writing the folder (./run-lock.ts). */
export const LOCK_FILE = 'run.lock';

/** Files a folder may hold before its run's config.json is written: they do not make it a run. */
const BOOKKEEPING_FILES: readonly string[] = [RUN_OPTIONS_FILE, LOCK_FILE];

/** The folder of an image run's per-snapshot grids, inside the run folder. */
export const GRIDS_DIR = 'grids';

/** The grid of images of the snapshot at `step`: grids/step-00000500.png (zero-padded so names sort by step). */
export function gridPath(dir: string, step: number): string {
  return join(dir, GRIDS_DIR, `step-${String(step).padStart(8, '0')}.png`);
}

/** A problem with a run folder; `message` is one line with the fix. */
export class RunFolderError extends Error {
  override readonly name = 'RunFolderError';
}

/** Paths of a run folder's files. */
export function runPaths(dir: string): { -readonly [K in keyof typeof RUN_FILES]: string } {
  const out = {} as { -readonly [K in keyof typeof RUN_FILES]: string };
  for (const [k, f] of Object.entries(RUN_FILES)) out[k as keyof typeof RUN_FILES] = join(dir, f);
  return out;
}

/**
 * Makes sure `dir` can receive a new run: it is created if missing; an existing folder must be empty
 * unless `overwrite` is set (then the run's own files are replaced, nothing else is touched).
 * Call only after all input has been validated, so bad input writes nothing. A path that cannot be a
 * folder (empty, under a file, read-only, too long, under /proc, …) is a FileSystemError naming it.
 */
export function prepareRunFolder(dir: string, overwrite: boolean): void {
  if (dir.trim() === '') throw new RunFolderError('--out is empty: give the name of a folder for the run');
  try {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new RunFolderError(`--out ${dir}: is a file, not a folder: choose another --out`);
      const hasRun = [...Object.values(RUN_FILES), GRIDS_DIR].some((f) => existsSync(join(dir, f)));
      if (hasRun && !overwrite) throw new RunFolderError(`--out ${dir}: already holds a run: choose another --out, or pass --overwrite to replace it`);
      if (!hasRun && readdirSync(dir).some((f) => !BOOKKEEPING_FILES.includes(f)) && !overwrite) throw new RunFolderError(`--out ${dir}: is not empty: choose an empty or new folder, or pass --overwrite`);
      // Replacing a run: remove its files so that nothing of the old run is mistaken for the new one.
      if (overwrite) {
        for (const f of Object.values(RUN_FILES)) rmSync(join(dir, f), { force: true });
        rmSync(join(dir, GRIDS_DIR), { recursive: true, force: true });
        rmSync(join(dir, RUN_OPTIONS_FILE), { force: true });
      }
    }
  } catch (e) {
    throw explainFileSystemError(e, dir, 'use the --out folder');
  }
  makeFolder(dir);
}

/**
 * Checks that `dir` holds a run that has begun: its config.json (written before anything else of the
 * run, so a run killed at any later moment can be resumed from it).
 */
export function requireRunStarted(dir: string): void {
  const p = runPaths(dir);
  if (!existsSync(dir)) throw new RunFolderError(`${dir}: no such folder: give a run folder made by \`tsgan train --out DIR\``);
  if (!existsSync(p.config)) {
    if (existsSync(join(dir, LOCK_FILE)) || existsSync(join(dir, RUN_OPTIONS_FILE))) {
      throw new RunFolderError(`${dir}: the run was stopped before it wrote config.json, so there is nothing to resume: run the original \`tsgan train --out ${dir} …\` command again`);
    }
    throw new RunFolderError(`${dir}: not a run folder (no config.json): give a folder made by \`tsgan train\``);
  }
}

/** Checks that `dir` holds a run's config and checkpoint (for `tsgan eval`, `sample`, `theory track`). */
export function requireRun(dir: string): void {
  const p = runPaths(dir);
  if (!existsSync(dir)) throw new RunFolderError(`${dir}: no such folder: give a run folder made by \`tsgan train --out DIR\``);
  if (existsSync(p.config) && !existsSync(p.checkpoint) && !isRunFinished(dir)) {
    throw new RunFolderError(`${dir}: the run has no checkpoint yet (it was stopped before its first one): continue it with \`tsgan train --resume ${dir}\``);
  }
  if (!existsSync(p.checkpoint) || !existsSync(p.config)) throw new RunFolderError(`${dir}: not a run folder (no config.json / checkpoint.json): give a folder made by \`tsgan train\``);
}

/** The run's config.json, resolved (one-line errors: RunFolderError for JSON, ConfigError for content). */
export function readRunConfig(dir: string): TrainConfig {
  const path = runPaths(dir).config;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e instanceof SyntaxError) throw new RunFolderError(`${path}: not valid JSON (${e.message}): the run's config was damaged; train again`);
    throw explainFileSystemError(e, path, 'read');
  }
  return resolveConfig(json, path);
}

/**
 * Whether the run in `dir` is finished: summary.json is there, was not written by an interrupted run,
 * and counts the steps config.json asks for. A run killed before its summary, stopped by Ctrl-C, or
 * resumed to train longer is unfinished (`--resume` continues or completes it).
 */
export function isRunFinished(dir: string): boolean {
  const p = runPaths(dir);
  try {
    const summary = JSON.parse(readFileSync(p.summary, 'utf8')) as { interrupted?: unknown; steps?: unknown };
    const config = JSON.parse(readFileSync(p.config, 'utf8')) as { steps?: unknown };
    return summary.interrupted === false && summary.steps === config.steps;
  } catch {
    return false;
  }
}

/** The records of a run's metrics.jsonl (lines that do not parse, e.g. a cut last line, are skipped). */
export function readMetrics(dir: string): Record<string, unknown>[] {
  const path = runPaths(dir).metrics;
  if (!existsSync(path)) return [];
  const out: Record<string, unknown>[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      /* a line cut by a crash: skip it */
    }
  }
  return out;
}
