/**
 * Starting the TF.js backend for a command: {@link useBackend}, then the one line on stderr when the
 * backend in use is not the one asked for (e.g. the native addon is not built, so wasm runs).
 */
import type { BackendName } from '../index.js';
import { backendNotice, useBackend, type BackendInfo, type BackendOptions, loadRun, type LoadedRun } from '../node/index.js';

export async function startBackend(name: BackendName, options: BackendOptions = {}): Promise<BackendInfo> {
  const info = await useBackend(name, options);
  const notice = backendNotice(info);
  if (notice !== undefined) process.stderr.write(`${notice}\n`);
  return info;
}

/** {@link loadRun} for a command, with the same one line on stderr when the run's backend is not the one it asked for. */
export async function loadRunForCommand(dir: string): Promise<LoadedRun> {
  const run = await loadRun(dir);
  const notice = backendNotice(run.backend);
  if (notice !== undefined) process.stderr.write(`${notice}\n`);
  return run;
}
