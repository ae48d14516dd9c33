/**
 * Text widths for Vega's layout, measured from the DejaVu Sans files that resvg draws with.
 *
 * Headless Vega (no canvas) guesses a string's width as 0.8 × fontSize × length, about 40 % too wide
 * for DejaVu Sans; axis titles then drift away from their labels and legends get padded. Vega lets
 * a host replace `textMetrics.width` (vl-convert does the same); this module reads each font's
 * advance widths (TrueType `cmap` format 4 and `hmtx` tables) and installs a measuring function.
 * Kerning is ignored (a fraction of a pixel per pair).
 */
import { readFileSync } from 'node:fs';
import { fontPaths } from './fonts.js';

/** Advance width, in em, of one code point (0.6 em when the font has no glyph for it). */
type AdvanceOf = (codePoint: number) => number;

/** Parses the advance widths of a TrueType font (BMP code points; others get 0.6 em). */
export function parseAdvanceWidths(font: Buffer): AdvanceOf {
  const tables = new Map<string, number>();
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(font.toString('latin1', rec, rec + 4), font.readUInt32BE(rec + 8));
  }
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  const cmap = tables.get('cmap');
  if (head === undefined || hhea === undefined || hmtx === undefined || cmap === undefined) {
    throw new Error('not a TrueType font with head, hhea, hmtx and cmap tables');
  }
  const unitsPerEm = font.readUInt16BE(head + 18);
  const numberOfHMetrics = font.readUInt16BE(hhea + 34);
  const advance = (glyph: number): number =>
    font.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1)) / unitsPerEm;

  // Find the Windows Unicode BMP subtable (platform 3, encoding 1), which is format 4.
  let sub = -1;
  const numSub = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < numSub; i++) {
    const rec = cmap + 4 + 8 * i;
    if (font.readUInt16BE(rec) === 3 && font.readUInt16BE(rec + 2) === 1) sub = cmap + font.readUInt32BE(rec + 4);
  }
  if (sub < 0 || font.readUInt16BE(sub) !== 4) throw new Error('font has no cmap format 4 subtable');
  const segCount = font.readUInt16BE(sub + 6) / 2;
  const endCodes = sub + 14;
  const startCodes = endCodes + 2 * segCount + 2;
  const idDeltas = startCodes + 2 * segCount;
  const idRangeOffsets = idDeltas + 2 * segCount;

  const glyphOf = (c: number): number => {
    for (let s = 0; s < segCount; s++) {
      if (c > font.readUInt16BE(endCodes + 2 * s)) continue;
      const start = font.readUInt16BE(startCodes + 2 * s);
      if (c < start) return 0;
      const delta = font.readUInt16BE(idDeltas + 2 * s);
      const rangeOffset = font.readUInt16BE(idRangeOffsets + 2 * s);
      if (rangeOffset === 0) return (c + delta) & 0xffff;
      const g = font.readUInt16BE(idRangeOffsets + 2 * s + rangeOffset + 2 * (c - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };

  const cache = new Map<number, number>();
  return (c) => {
    let w = cache.get(c);
    if (w === undefined) {
      const g = c <= 0xffff ? glyphOf(c) : 0;
      w = g === 0 ? 0.6 : advance(g);
      cache.set(c, w);
    }
    return w;
  };
}

/** The fields of a Vega scenegraph text item that its width depends on. */
interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

let installed = false;

/**
 * Makes Vega (the loaded `vega` module) measure text with DejaVu Sans (regular, or bold for weights
 * ≥ 600 and "bold"). Idempotent; it replaces Vega's process-wide `textMetrics.width`.
 */
export function installTextMetrics(vega: object): void {
  if (installed) return;
  const paths = fontPaths();
  const regular = parseAdvanceWidths(readFileSync(paths.regular));
  const bold = parseAdvanceWidths(readFileSync(paths.bold));
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const s = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const weight = item.fontWeight;
    const advanceOf = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600 ? bold : regular;
    let em = 0;
    for (const ch of s) em += advanceOf(ch.codePointAt(0) ?? 0);
    const w = em * size;
    // Vega truncates text to `limit` when it draws; the drawn width is then at most the limit.
    // (Truncating here would recurse: Vega's truncation calls this function.)
    return item.limit != null && item.limit > 0 ? Math.min(w, item.limit) : w;
  };
  installed = true;
}
