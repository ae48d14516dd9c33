/**
 * The folder tsgan is installed in (its package root): the nearest folder above this file that holds
 * binding.gyp — the same from src/ (tsx) and from dist/src/ (the built package), whose depths differ.
 * Files the package ships beside its code (the native addon's build, the MNIST classifier in assets/)
 * are found from it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null | undefined;

/** The package root, or undefined when no folder above holds binding.gyp (a copied-out file). */
export function packageRoot(): string | undefined {
  if (root === undefined) {
    root = null;
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
      if (existsSync(join(dir, 'binding.gyp'))) {
        root = dir;
        break;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return root ?? undefined;
}

/** The installed tsgan's version (package.json's), or 'unknown' when it cannot be read. */
export function packageVersion(): string {
  const dir = packageRoot();
  if (dir === undefined) return 'unknown';
  try {
    return String((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}
