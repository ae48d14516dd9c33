/**
 * What every `tsgan theory` report shares: the folder it goes to (report.md and PNG plots), number
 * formatting (∞ shown as ∞), Markdown tables, and the plotting range of a pair of densities.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { logDensityOf, sigmoid, type Box, type DensityModel } from '../../theory/index.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { makeFolder } from '../files/make-folder.js';

/** A report: the Markdown text of report.md and its pictures. */
export interface TheoryReport {
  readonly markdown: string;
  readonly images: readonly { readonly name: string; readonly png: Buffer }[];
}

/**
 * Why `dir` cannot receive a report (one line with the fix), or undefined: it must be new, empty,
 * or `overwrite` must be set (then report.md and the images are replaced, nothing else is touched).
 * Check it before any long computation; nothing is written here.
 */
export function reportFolderProblem(dir: string, overwrite: boolean): string | undefined {
  if (dir.trim() === '') return '--out is empty: give the name of a folder for the report';
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory()) return `--out ${dir}: is a file, not a folder: choose another --out`;
  if (readdirSync(dir).length > 0 && !overwrite) return `--out ${dir}: is not empty: choose an empty or new folder, or pass --overwrite`;
  return undefined;
}

/** Writes report.md and the images into `dir` (created if missing), each atomically; returns the paths. */
export function writeTheoryReport(dir: string, report: TheoryReport): string[] {
  makeFolder(dir);
  const paths = [join(dir, 'report.md')];
  writeFileAtomic(paths[0], report.markdown.endsWith('\n') ? report.markdown : `${report.markdown}\n`);
  for (const image of report.images) {
    const p = join(dir, image.name);
    writeFileAtomic(p, image.png);
    paths.push(p);
  }
  return paths;
}

/** A number for people: ∞ / −∞ for infinities, "—" for undefined or NaN, else `digits` significant digits. */
export function fmt(x: number | undefined | null, digits = 6): string {
  if (x === undefined || x === null || Number.isNaN(x)) return '—';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  const s = a >= 1e-4 && a < 1e6 ? Number(x.toPrecision(digits)).toString() : Number(x.toPrecision(digits)).toExponential().replace('e+', 'e');
  return s.replace(/^-/, '−');
}

/** A Markdown table (cells are written as given; `|` inside them is escaped). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(esc).join(' | ')} |`;
  const rule = `|${header.map((_, i) => ((align?.[i] ?? 'r') === 'l' ? ':---' : '---:')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A spec or label shown inline in Markdown. */
export function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

/**
 * The part of the union of two models' effective boxes where either density is above 1e-3 of the
 * larger peak (found on a grid), widened by 5 % each side: where a plot has something to show.
 */
export function plotBox(real: DensityModel, fake: DensityModel): Box {
  const dim = real.dim;
  const low = real.effectiveBounds.low.map((l, j) => Math.min(l, fake.effectiveBounds.low[j]));
  const high = real.effectiveBounds.high.map((h, j) => Math.max(h, fake.effectiveBounds.high[j]));
  const n = dim === 1 ? 4000 : 300;
  const count = dim === 1 ? n : n * n;
  const m = new Float64Array(count);
  const x = new Float64Array(dim);
  let peak = 0;
  for (let k = 0; k < count; k++) {
    x[0] = low[0] + ((k % n) + 0.5) * ((high[0] - low[0]) / n);
    if (dim === 2) x[1] = low[1] + (Math.floor(k / n) + 0.5) * ((high[1] - low[1]) / n);
    m[k] = Math.max(Math.exp(logDensityOf(real, x)), Math.exp(logDensityOf(fake, x)));
    if (m[k] > peak) peak = m[k];
  }
  const lo = new Array<number>(dim).fill(Infinity);
  const hi = new Array<number>(dim).fill(-Infinity);
  for (let k = 0; k < count; k++) {
    if (!(m[k] >= 1e-3 * peak)) continue;
    const idx = dim === 1 ? [k] : [k % n, Math.floor(k / n)];
    for (let j = 0; j < dim; j++) {
      const step = (high[j] - low[j]) / n;
      lo[j] = Math.min(lo[j], low[j] + idx[j] * step);
      hi[j] = Math.max(hi[j], low[j] + (idx[j] + 1) * step);
    }
  }
  for (let j = 0; j < dim; j++) {
    if (!(lo[j] < hi[j])) [lo[j], hi[j]] = [low[j], high[j]];
    const pad = 0.05 * (hi[j] - lo[j]);
    lo[j] -= pad;
    hi[j] += pad;
  }
  return { low: lo, high: hi };
}

/** p_r, p_g and D* = p_r/(p_r + p_g) (NaN where both are 0, E4) at one point. */
export function densitiesAt(real: DensityModel, fake: DensityModel, x: ArrayLike<number>): { pr: number; pg: number; dStar: number } {
  const lp = logDensityOf(real, x);
  const lq = logDensityOf(fake, x);
  const dStar = lp === -Infinity && lq === -Infinity ? NaN : sigmoid(lp - lq);
  return { pr: Math.exp(lp), pg: Math.exp(lq), dStar };
}

/** `n` evenly spaced points from low to high (both included). */
export function linspace(low: number, high: number, n: number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = low + ((high - low) * i) / (n - 1);
  return xs;
}
