/**
 * The fonts every plot is drawn with: DejaVu Sans from the `dejavu-fonts-ttf` package, so a PNG
 * looks the same on every machine (system fonts are never loaded).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The family name used in every spec and given to resvg as its default and sans-serif family. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Absolute paths of the regular and bold DejaVu Sans TrueType files. */
export interface FontPaths {
  readonly regular: string;
  readonly bold: string;
}

let cached: FontPaths | undefined;

/** Resolves the DejaVu Sans files inside node_modules (once). */
export function fontPaths(): FontPaths {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const ttf = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    cached = { regular: join(ttf, 'DejaVuSans.ttf'), bold: join(ttf, 'DejaVuSans-Bold.ttf') };
  }
  return cached;
}
