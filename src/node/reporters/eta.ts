/**
 * The progress bar's time left: from the average rate since the bar started (snapshot evaluations
 * included, in proportion), not from the last few hundred steps, whose rate jumps when a snapshot
 * stalls the loop or V8 finishes optimizing; and a duration written with carried seconds (cli-progress's
 * own formatter printed "6m60s").
 */

/**
 * Seconds left to reach `total` steps after `done` of them in `elapsedSeconds`, or undefined while the
 * estimate means nothing (fewer than `minSteps` steps, or no time elapsed yet).
 */
export function secondsLeft(done: number, total: number, elapsedSeconds: number, minSteps = 20): number | undefined {
  if (done < minSteps || elapsedSeconds <= 0) return undefined;
  return Math.max(0, ((total - done) * elapsedSeconds) / done);
}

/** A duration for people: "45s", "4m05s", "1h02m" (rounded to the shown unit, so never "6m60s"); "?" if undefined. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
