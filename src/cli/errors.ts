/**
 * How the CLI fails: input problems get one line and exit code 2; anything else is an internal error
 * (one line, exit 1; the stack only with TSGAN_DEBUG=1).
 */
import { DataError, SpecError, IdxError, ConfigError, DivergenceError } from '../index.js';
import { BackendError, CheckpointError, RunFolderError, RunLockError, FileSystemError, QueueError } from '../node/index.js';

/** A bad flag or argument; `message` is one line with the fix. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure already explained in one line (e.g. by a child process), with the exit code to end with. */
export class ExplainedError extends Error {
  override readonly name = 'ExplainedError';
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

const INPUT_ERRORS = [IdxError, UsageError, ConfigError, SpecError, DataError, CheckpointError, RunFolderError, RunLockError, BackendError, QueueError];

/** Prints `error` as one line on stderr and returns the exit code (2 bad input, 3 divergence, 4 environment failure such as a full disk, 1 otherwise; docs/reliability.md). */
export function reportError(error: unknown): number {
  const e = error instanceof Error ? error : new Error(String(error));
  const oneLine = e.message.replace(/\s*\n\s*/g, ' ').trim();
  if (e instanceof ExplainedError) {
    process.stderr.write(`tsgan: ${oneLine}\n`);
    return e.exitCode;
  }
  if (e instanceof FileSystemError) {
    process.stderr.write(`tsgan: ${oneLine}\n`);
    return e.exitCode;
  }
  if (e instanceof DivergenceError) {
    process.stderr.write(`tsgan: ${oneLine}\n`);
    return 3;
  }
  if (INPUT_ERRORS.some((c) => e instanceof c)) {
    process.stderr.write(`tsgan: ${oneLine}\n`);
    return 2;
  }
  process.stderr.write(`tsgan: internal error: ${oneLine} (set TSGAN_DEBUG=1 to see where; please report it)\n`);
  if (process.env.TSGAN_DEBUG) process.stderr.write(`${e.stack}\n`);
  return 1;
}
