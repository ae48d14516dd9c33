/**
 * A Lab experiment as plain data — the config (the library's one schema), where the data comes from,
 * and the operations done so far — and its encoding in the page's URL, so that a shared link rebuilds
 * the same experiment at the same step (same seed, same operations ⇒ the same numbers on one backend).
 */
import { browserConfig, findPreset, parseDistributionSpec, specDimension, trainConfigSchema, tunablePaths, type TrainConfig } from 'tsgan';

/** Where the real samples come from. Drawn and uploaded points are kept in the URL (3 decimals). */
export type DataSource =
  | { readonly kind: 'preset'; readonly name: string }
  | { readonly kind: 'spec'; readonly spec: Record<string, unknown> }
  | { readonly kind: 'points'; readonly label: string; readonly points: readonly number[] };

/** t = one full step (k D updates + one G update), d = one D update only, g = one G update only. */
export type Op = 't' | 'd' | 'g';

/**
 * A change of tunable settings while training (learning rates, k, penalties, clipping: the library's
 * `tunablePaths`): dotted config path → new value (null: unset, e.g. clipping off).
 */
export type Edit = Readonly<Record<string, number | null>>;

export interface Experiment {
  /** The config at step 0 (edits made while training are in `edits`, applied where `ops` says). */
  readonly config: TrainConfig;
  readonly source: DataSource;
  /** The operations since step 0, run-length encoded ("t50d3g1"); `e<i>` applies `edits[i]` there ("t50e0t20"). */
  readonly ops: string;
  /** The edits, in the order `ops` applies them. */
  readonly edits: readonly Edit[];
}

/** Most points kept from a drawing or an uploaded file (they travel in the URL). */
export const MAX_POINTS = 2000;

/** A new experiment: the library's browser recipe (small networks, a short run) on ring8. */
export function defaultExperiment(): Experiment {
  return { config: browserConfig('ring8'), source: { kind: 'preset', name: 'ring8' }, ops: '', edits: [] };
}

/** The `data` field of the config for a source (drawn points are exported as points.csv beside the config). */
export function dataDescriptor(source: DataSource): string | Record<string, unknown> {
  return source.kind === 'preset' ? source.name : source.kind === 'spec' ? source.spec : 'points.csv';
}

/** Appends one operation to a run-length encoded list (`'e'`: the edit of index `count`, never merged). */
export function appendOp(ops: string, op: Op | 'e', count = 1): string {
  if (op === 'e') return `${ops}e${count}`;
  const m = /([tdg])(\d+)$/.exec(ops);
  if (m !== null && m[1] === op) return ops.slice(0, m.index) + op + String(Number(m[2]) + count);
  return ops + op + String(count);
}

/** Most operations a list may hold (what "run N steps" allows at once): a link replays at most this many. */
export const MAX_OPS = 100_000;

/**
 * The operations of a run-length encoded list, in order (`e` entries: `count` is the edit's index, each
 * the next one: e0, e1, …); throws on anything else, and on more than {@link MAX_OPS} operations.
 */
export function decodeOps(ops: string): { op: Op | 'e'; count: number }[] {
  if (!/^([tdge]\d+)*$/.test(ops)) throw new Error(`ops "${ops.slice(0, 40)}" is not a list like t50d3g1`);
  const list = [...ops.matchAll(/([tdge])(\d+)/g)].map((m) => ({ op: m[1] as Op | 'e', count: Number(m[2]) }));
  const edits = list.filter((o) => o.op === 'e');
  if (edits.some((o, i) => o.count !== i)) throw new Error('ops: the edits must be applied in order (e0, e1, …)');
  const total = list.reduce((n, o) => n + (o.op === 'e' ? 0 : o.count), 0);
  if (total > MAX_OPS) throw new Error(`ops: ${total > 1e15 ? 'more than 10¹⁵' : total} operations; a link replays at most ${MAX_OPS}`);
  return list;
}

/** Generator updates in a list of operations (the step counter after replaying it). */
export function stepsOf(ops: string): number {
  return decodeOps(ops).reduce((s, o) => s + (o.op === 'd' || o.op === 'e' ? 0 : o.count), 0);
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Points rounded to 3 decimals (what the URL holds, so that a shared link gives the same data). */
export function roundPoints(points: readonly number[]): number[] {
  return points.map(round3);
}

/** The URL hash of an experiment: #/lab?exp=JSON&pts=x,y;x,y&ops=t50&step=50. */
export function experimentHash(e: Experiment): string {
  const { data: _data, backend: _backend, ...config } = e.config;
  const source = e.source.kind === 'points' ? { kind: 'points', label: e.source.label } : e.source;
  const q = new URLSearchParams();
  q.set('exp', JSON.stringify({ config, source }));
  if (e.source.kind === 'points') {
    const p = e.source.points;
    const pairs: string[] = [];
    for (let i = 0; i < p.length; i += 2) pairs.push(`${p[i]},${p[i + 1]}`);
    q.set('pts', pairs.join(';'));
  }
  if (e.edits.length > 0) q.set('edits', JSON.stringify(e.edits));
  if (e.ops !== '') q.set('ops', e.ops);
  q.set('step', String(stepsOf(e.ops)));
  return `#/lab?${q.toString()}`;
}

function parseSource(v: unknown, pts: string | null): DataSource {
  if (typeof v !== 'object' || v === null) throw new Error('exp.source must be an object');
  const s = v as Record<string, unknown>;
  if (s.kind === 'preset' && typeof s.name === 'string') {
    const p = findPreset(s.name);
    if (p === undefined) throw new Error(`unknown preset ${JSON.stringify(s.name)}`);

    return { kind: 'preset', name: p.name };
  }
  if (s.kind === 'spec' && typeof s.spec === 'object' && s.spec !== null && !Array.isArray(s.spec)) {
    const spec = parseDistributionSpec(s.spec);
    if (specDimension(spec) > 2) throw new Error('the spec is more than 2-D: the Lab draws 1-D and 2-D data');
    return { kind: 'spec', spec: s.spec as Record<string, unknown> };
  }
  if (s.kind === 'points') {
    const points = (pts ?? '')
      .split(';')
      .filter((x) => x !== '')
      .flatMap((pair) => {
        const xy = pair.split(',').map(Number);
        if (xy.length !== 2 || !xy.every(Number.isFinite)) throw new Error(`pts: "${pair.slice(0, 30)}" is not a point x,y`);
        return xy;
      });
    if (points.length / 2 > MAX_POINTS) throw new Error(`pts: more than ${MAX_POINTS} points`);
    return { kind: 'points', label: typeof s.label === 'string' ? s.label.slice(0, 80) : 'drawn points', points: roundPoints(points) };
  }
  throw new Error('exp.source.kind must be preset, spec or points');
}

/**
 * The experiment in a URL hash (see {@link experimentHash}); the config is validated by the library's
 * schema. Throws an Error whose message says what is wrong (the page then starts from the defaults).
 */
export function parseExperimentHash(hash: string): Experiment | undefined {
  const query = hash.split('?')[1];
  if (query === undefined) return undefined;
  const q = new URLSearchParams(query);
  const raw = q.get('exp');
  if (raw === null) return undefined;
  let exp: unknown;
  try {
    exp = JSON.parse(raw);
  } catch {
    throw new Error('the link\'s exp parameter is not valid JSON');
  }
  if (typeof exp !== 'object' || exp === null) throw new Error('exp must be an object');
  const { config: input, source: src } = exp as Record<string, unknown>;
  const source = parseSource(src, q.get('pts'));
  const r = trainConfigSchema.safeParse({ ...(typeof input === 'object' && input !== null ? input : {}), data: dataDescriptor(source) });
  if (!r.success) throw new Error(`config: ${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`);
  const ops = q.get('ops') ?? '';
  const edits = parseEdits(q.get('edits'));
  const used = decodeOps(ops).filter((o) => o.op === 'e').length;
  if (used !== edits.length) throw new Error(`ops apply ${used} edit(s), the link has ${edits.length}`);
  return { config: r.data, source, ops, edits };
}

/** The edits of a link (JSON: an array of {path: value} objects over tunable fields); throws on anything else. */
function parseEdits(raw: string | null): Edit[] {
  if (raw === null) return [];
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new Error("the link's edits parameter is not valid JSON");
  }
  const tunable = tunablePaths();
  if (!Array.isArray(v) || v.length > MAX_OPS) throw new Error('edits must be a list of {field: value} objects');
  return v.map((e) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new Error('edits must be a list of {field: value} objects');
    for (const [k, x] of Object.entries(e)) {
      if (!tunable.has(k)) throw new Error(`edits: "${k.slice(0, 40)}" cannot change while training`);
      if (x !== null && typeof x !== 'number') throw new Error(`edits: ${k} must be a number or null`);
    }
    return e as Edit;
  });
}
