/**
 * The run options that shape what a run writes but are not part of its TrainConfig (config.json stays
 * the config alone): how often it checkpoints, whether it tracks the theory at each snapshot, whether
 * it redraws samples.png at every snapshot. They are saved in the run folder as run-options.json, before
 * config.json, and `tsgan train --resume` reuses them (a flag given with --resume overrides one, and the
 * new value is saved), so a resumed run writes what the uninterrupted run would have written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatIssue } from '../../training/config.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { errorCode, explainFileSystemError } from '../files/file-system-error.js';
import { RUN_OPTIONS_FILE, RunFolderError } from './run-folder.js';

/** The schema of run-options.json. */
export const runOptionsSchema = z
  .object({
    /** Write checkpoint.json every this many steps (besides the end); absent: only at the end (and rollbacks). */
    checkpointEvery: z.number().int().min(1).optional(),
    /** Add a "theory" record at every snapshot (`--track-theory`). */
    trackTheory: z.boolean().default(false),
    /** Redraw samples.png at every snapshot (else only at the end). */
    plotEverySnapshot: z.boolean().default(true),
  })
  .strict();

/** The saved run options (see the file comment). */
export type SavedRunOptions = z.infer<typeof runOptionsSchema>;

/** The options of a run that saved none (made before run-options.json existed): tsgan's defaults. */
export const DEFAULT_RUN_OPTIONS: SavedRunOptions = { trackTheory: false, plotEverySnapshot: true };

/** Writes `options` to `dir`'s run-options.json (atomically). */
export function writeRunOptions(dir: string, options: SavedRunOptions): void {
  const { checkpointEvery, trackTheory, plotEverySnapshot } = options;
  writeFileAtomic(join(dir, RUN_OPTIONS_FILE), `${JSON.stringify({ ...(checkpointEvery === undefined ? {} : { checkpointEvery }), trackTheory, plotEverySnapshot }, null, 2)}\n`);
}

/** The options saved in `dir`, or undefined when it has no run-options.json; one-line RunFolderError if it is damaged. */
export function readRunOptions(dir: string): SavedRunOptions | undefined {
  const path = join(dir, RUN_OPTIONS_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    if (e instanceof SyntaxError) throw new RunFolderError(`${path}: not valid JSON (${e.message}): fix it or remove it (then give --checkpoint-every and --track-theory with --resume)`);
    throw explainFileSystemError(e, path, 'read');
  }
  const r = runOptionsSchema.safeParse(json);
  if (!r.success) throw new RunFolderError(`${formatIssue(r.error.issues[0], path)}: fix it or remove it (then give --checkpoint-every and --track-theory with --resume)`);
  return r.data;
}
