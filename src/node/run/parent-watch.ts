/**
 * A child process that must not outlive the process that started it: a benchmark's seed, a sweep job's
 * training. The parent passes its pid in {@link PARENT_ENV}; the child checks that its parent pid is
 * still that one (an orphan is adopted by another process: SIGKILL of the parent, which it cannot
 * handle, would otherwise leave the child training for nobody and holding its run folder's lock).
 */

/** The environment variable holding the parent's pid. */
export const PARENT_ENV = 'TSGAN_PARENT_PID';

/** The environment for a child watched by this process: `env` with this process's pid in {@link PARENT_ENV}. */
export function watchedChildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, [PARENT_ENV]: String(process.pid) };
}

/**
 * In a watched child: a function that returns true once the parent named in {@link PARENT_ENV} is gone
 * (this process's parent pid changed). Elsewhere (no such variable) one that always returns false.
 * The check is a getppid() call, cheap enough for every training step.
 */
export function parentGoneCheck(env: NodeJS.ProcessEnv = process.env): () => boolean {
  const parent = Number(env[PARENT_ENV]);
  if (!Number.isInteger(parent) || parent <= 0) return () => false;
  return () => process.ppid !== parent;
}
