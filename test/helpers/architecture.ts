/**
 * The import graph of tsgan's sources and the three rules test/repo/architecture.test.ts holds it to.
 * Each checker takes a graph and returns one line per violation (empty: none), naming the file and the
 * import, so that the test can feed them small synthetic graphs too.
 *
 * Imports are read with TypeScript's own scanner (`ts.preProcessFile`), which sees every form that
 * makes a dependency: `import … from`, `import type`, `export … from`, `export type … from`, side-effect
 * imports, dynamic `import()` and `require()`. Type-only imports count like the others: they are
 * erased at run time, but they still tie two files together (one cannot be read, moved or changed
 * without the other), which is what the layers and the rule against cycles are about.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import ts from 'typescript';

/**
 * The library's layers, bottom to top: a file may import its own layer and those before it, never one
 * after it. `text` (plain string helpers) and `ops` (TF.js kernel names and their reference ops, used
 * by models and training) import no other layer; `index` is the entry `tsgan` (src/index.ts), above
 * everything it re-exports; `node` is the host (`tsgan/node`); `cli` the command line on top of both.
 */
export const LAYERS = ['text', 'random', 'theory', 'data', 'ops', 'models', 'objectives', 'training', 'metrics', 'experiments', 'bench', 'sweep', 'index', 'node', 'cli'] as const;
export type Layer = (typeof LAYERS)[number];

/** The public entries: `tsgan` and `tsgan/node`. */
export const LIBRARY_ENTRY = 'src/index.ts';
export const NODE_ENTRY = 'src/node/index.ts';

/** One import of a file: its specifier as written, and the source file it resolves to (undefined: an npm or node: package). */
export interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  readonly target?: string;
  /** A relative specifier that names no source file. */
  readonly unresolved?: boolean;
}

export interface ImportGraph {
  /** Every source file, as a repository path with `/` (src/…, web/src/…). */
  readonly files: readonly string[];
  readonly edges: readonly ImportEdge[];
}

/** The specifiers a TypeScript source imports, in every form (see the file comment). */
export function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/**
 * The import graph of `sources` (path → text). Relative specifiers resolve among the given paths (a
 * `.js` specifier to its `.ts` file, a folder to its index.ts); `tsgan` and `tsgan/node` to the entries,
 * as the web app's alias and the package's exports do; anything else is a package.
 */
export function buildImportGraph(sources: Readonly<Record<string, string>>): ImportGraph {
  const files = Object.keys(sources).sort();
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    for (const specifier of importSpecifiers(sources[from])) {
      if (specifier === 'tsgan') edges.push({ from, specifier, target: LIBRARY_ENTRY });
      else if (specifier === 'tsgan/node') edges.push({ from, specifier, target: NODE_ENTRY });
      else if (specifier.startsWith('.')) {
        const base = posix.normalize(posix.join(posix.dirname(from), specifier));
        const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, `${base}/index.ts`];
        const target = candidates.find((c) => known.has(c));
        edges.push(target === undefined ? { from, specifier, unresolved: true } : { from, specifier, target });
      } else edges.push({ from, specifier });
    }
  }
  return { files, edges };
}

/** Every .ts file under `folders` of the repository at `root`, path → text. */
export function readSources(root: string, folders: readonly string[]): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const folder of folders) {
    for (const relative of readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })) {
      if (!relative.endsWith('.ts')) continue;
      const path = posix.join(folder, relative.split(sep).join('/'));
      sources[path] = readFileSync(join(root, path), 'utf8');
    }
  }
  return sources;
}

/** The layer of a file of src/ (undefined for a file outside the layers, e.g. web/src or a new top-level folder). */
export function layerOf(file: string): Layer | undefined {
  if (file === LIBRARY_ENTRY) return 'index';
  const m = /^src\/([^/]+)\//.exec(file);
  return m !== null && (LAYERS as readonly string[]).includes(m[1]) ? (m[1] as Layer) : undefined;
}

const shown = (e: ImportEdge) => `${e.from} imports '${e.specifier}'${e.target !== undefined && e.target !== e.specifier ? ` (${e.target})` : ''}`;

/** Relative imports that name no source file (a broken path would otherwise hide an edge from the rules). */
export function unresolvedImports(graph: ImportGraph): string[] {
  return graph.edges.filter((e) => e.unresolved).map((e) => `${shown(e)}: no such source file`);
}

/**
 * Rule (a), deep imports: a file of src/cli may import its own folder, the entries src/index.ts and
 * src/node/index.ts (by relative path) and packages; a file of web/src its own folder, packages and the
 * library as `tsgan` only. `pending` lists files let off for now.
 */
export function deepImports(graph: ImportGraph, pending: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const e of graph.edges) {
    if (pending.includes(e.from)) continue;
    if (e.from.startsWith('src/cli/')) {
      if (e.specifier.startsWith('tsgan')) problems.push(`${shown(e)}: the CLI reaches the entries by relative path (../index.js, ../node/index.js)`);
      else if (e.target !== undefined && !e.target.startsWith('src/cli/') && e.target !== LIBRARY_ENTRY && e.target !== NODE_ENTRY) {
        problems.push(`${shown(e)}: a deep import; the CLI uses the library through src/index.ts or src/node/index.ts only (export what it needs there)`);
      }
    } else if (e.from.startsWith('web/src/')) {
      if (e.specifier === 'tsgan') continue;
      if (e.specifier.startsWith('tsgan/') || (e.target !== undefined && !e.target.startsWith('web/src/'))) {
        problems.push(`${shown(e)}: a deep import; the web app uses the library as 'tsgan' only (export what it needs from src/index.ts)`);
      }
    }
  }
  return problems;
}

/** Rule (b), the layers: an import of a layer after the importing file's own (see {@link LAYERS}). */
export function upwardImports(graph: ImportGraph): string[] {
  const problems: string[] = [];
  for (const e of graph.edges) {
    if (e.target === undefined) continue;
    const from = layerOf(e.from);
    const to = layerOf(e.target);
    if (from === undefined || to === undefined) continue;
    if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
      problems.push(`${shown(e)}: ${from} imports ${to}, a layer above it (order: ${LAYERS.join(' → ')}); move the code it needs down, or pass it in`);
    }
  }
  return problems;
}

/** Files of src/ in no layer (a new top-level folder must be placed in {@link LAYERS}). */
export function filesOutsideLayers(graph: ImportGraph): string[] {
  return graph.files.filter((f) => f.startsWith('src/') && layerOf(f) === undefined).map((f) => `${f}: in no layer (add its folder to LAYERS)`);
}

/**
 * Rule (c), cycles: every strongly connected component of more than one file (Tarjan's algorithm over
 * the resolved edges), as one line listing its files and the imports that close it.
 */
export function importCycles(graph: ImportGraph): string[] {
  const next = new Map<string, ImportEdge[]>(graph.files.map((f) => [f, []]));
  for (const e of graph.edges) if (e.target !== undefined && next.has(e.target)) next.get(e.from)?.push(e);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  // Iterative Tarjan (the real graph is deep enough that recursion is best avoided).
  for (const root of graph.files) {
    if (index.has(root)) continue;
    const work: { file: string; edge: number }[] = [{ file: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = next.get(frame.file)!;
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++].target!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ file: to, edge: 0 });
        } else if (onStack.has(to)) low.set(frame.file, Math.min(low.get(frame.file)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].file;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.file)!));
      }
      if (low.get(frame.file) === index.get(frame.file)) {
        const component: string[] = [];
        let f: string;
        do {
          f = stack.pop()!;
          onStack.delete(f);
          component.push(f);
        } while (f !== frame.file);
        if (component.length > 1) components.push(component.sort());
      }
    }
  }
  return components.map((c) => {
    const inside = graph.edges.filter((e) => e.target !== undefined && c.includes(e.from) && c.includes(e.target));
    return `import cycle among ${c.join(', ')}: ${inside.map((e) => `${e.from} → '${e.specifier}'`).join('; ')}; break it by moving what both need into a file of its own (e.g. the shared types)`;
  });
}
