/**
 * Where the shared reference fixtures live: the folder named by the environment variable
 * TSGAN_FIXTURES when it is set, else `../shared/fixtures` next to the repository root (resolved
 * from this file's location, not from the working directory).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the fixtures folder (it holds `theory/`, `gradient-penalty/`, …). */
export function fixturesDir(): string {
  const fromEnv = process.env.TSGAN_FIXTURES;
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return resolve(repoRoot, '..', 'shared', 'fixtures');
}
