/**
 * A test hook: kill the process with SIGKILL at a named point of a training run, so that tests can
 * crash a run in an exact window and check that `--resume` recovers it (test/cli/crash-windows.test.ts,
 * test/cli/kill-resume.property.test.ts). Off unless the environment variable is set:
 *
 *   TSGAN_FAULT_INJECT=after-config            config.json (and run-options.json) written, nothing else yet
 *   TSGAN_FAULT_INJECT=after-step:N            step N trained and handled (its record emitted, its checkpoint written if one was due)
 *   TSGAN_FAULT_INJECT=after-final-checkpoint  the last checkpoint written, curves.png and summary.json not yet
 *
 * Not a user feature: it exists only to make crash windows testable.
 */

/** The points of a run where {@link faultPoint} may kill it. */
export type FaultPointName = 'after-config' | `after-step:${number}` | 'after-final-checkpoint';

/** Kills this process at once with SIGKILL if TSGAN_FAULT_INJECT names `point` (see the file comment). */
export function faultPoint(point: FaultPointName): void {
  if (process.env.TSGAN_FAULT_INJECT !== point) return;
  process.kill(process.pid, 'SIGKILL');
  // The signal may take a moment to land: do nothing more until it does.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
}
