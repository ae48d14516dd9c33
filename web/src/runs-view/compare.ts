/**
 * Several runs on shared axes, as TensorBoard users expect: each picked run's metrics.jsonl followed
 * live (server-sent events, one stream per run), one chart per quantity — both losses, V(D, G), W1 and
 * the critic's estimate, the modes captured, and the image metrics of image runs — with one colour per
 * run and a smoothing slider (an exponential moving average of the step curves, 0 = raw).
 */
import { drawLineChart, type Series } from '../plots/line-chart.js';
import { onRecords } from './records.js';

/** The runs' colours, in the order they were picked. */
export const RUN_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** At most this many runs on one chart (one event stream each). */
export const MAX_COMPARED = RUN_COLORS.length;

/** A quantity drawn per run: its chart, and where it is read from a record. */
interface Quantity {
  readonly id: string;
  readonly title: string;
  readonly type: 'step' | 'eval' | 'images';
  readonly read: (r: Record<string, unknown>) => number | undefined;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

const QUANTITIES: readonly Quantity[] = [
  { id: 'd-loss', title: "D's loss", type: 'step', read: (r) => num(r.dLoss) },
  { id: 'g-loss', title: "G's loss", type: 'step', read: (r) => num(r.gLoss) },
  { id: 'value', title: 'V(D, G) (−log 4 = −1.386 at the optimum)', type: 'step', read: (r) => num(r.value) },
  { id: 'critic', title: "the critic's estimate E_r f − E_g f", type: 'step', read: (r) => num(r.criticEstimate) },
  { id: 'w1', title: 'W1 to the data (evaluations)', type: 'eval', read: (r) => num(r.w1) },
  { id: 'modes', title: 'modes captured (evaluations)', type: 'eval', read: (r) => num((r.modes as Record<string, unknown> | undefined)?.modesCaptured) },
  { id: 'high-quality', title: 'high-quality samples (evaluations)', type: 'eval', read: (r) => num((r.modes as Record<string, unknown> | undefined)?.highQualityFraction) },
  { id: 'frechet', title: 'Fréchet distance (image runs)', type: 'images', read: (r) => num(r.frechetDistance) },
  { id: 'score', title: 'classifier score (image runs)', type: 'images', read: (r) => num(r.classifierScore) },
];

/** The exponential moving average of `y` with weight `w` ∈ [0, 1) on the past (TensorBoard's smoothing, debiased). */
export function smooth(y: readonly number[], w: number): number[] {
  if (!(w > 0)) return [...y];
  const out: number[] = [];
  let acc = 0;
  let weight = 0;
  for (const v of y) {
    acc = w * acc + (1 - w) * v;
    weight = w * weight + (1 - w);
    out.push(acc / weight);
  }
  return out;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Mounts the comparison of `runs` in `root`; returns the unmount function (closing the streams). */
export function mountCompare(root: HTMLElement, runs: readonly string[]): () => void {
  const picked = runs.slice(0, MAX_COMPARED);
  root.innerHTML = `<h2>Comparing ${picked.length} run${picked.length === 1 ? '' : 's'}</h2>
    <p class="small">${picked.map((r, i) => `<span class="swatch" style="background:${RUN_COLORS[i]}"></span> <a href="#/runs/${r.split('/').map(encodeURIComponent).join('/')}">${esc(r)}</a>`).join(' &nbsp; ')}
    ${runs.length > MAX_COMPARED ? `<span class="error">at most ${MAX_COMPARED} runs: the others are not drawn</span>` : ''}</p>
    <label>smoothing <input id="smoothing" type="range" min="0" max="0.99" step="0.01" value="0.6" /> <output id="smoothing-value">0.60</output></label>
    <div class="compare-charts">${QUANTITIES.map((q) => `<canvas id="cmp-${q.id}" width="420" height="200" role="img" aria-label="chart: ${esc(q.title)}, one line per run"></canvas>`).join('')}</div>`;
  const data = picked.map(() => new Map<string, { x: number[]; y: number[] }>());
  let dirty = true;
  const draw = () => {
    if (!dirty) return;
    dirty = false;
    const w = Number((document.getElementById('smoothing') as HTMLInputElement).value);
    document.getElementById('smoothing-value')!.textContent = w.toFixed(2);
    for (const q of QUANTITIES) {
      const canvas = document.getElementById(`cmp-${q.id}`) as HTMLCanvasElement;
      const series: Series[] = picked.flatMap((run, i) => {
        const s = data[i].get(q.id);
        return s === undefined || s.x.length === 0 ? [] : [{ name: run, color: RUN_COLORS[i], x: s.x, y: q.type === 'step' ? smooth(s.y, w) : s.y }];
      });
      canvas.hidden = series.length === 0;
      if (series.length > 0) drawLineChart(canvas, q.title, series);
    }
  };
  (document.getElementById('smoothing') as HTMLInputElement).oninput = () => {
    dirty = true;
    draw();
  };
  const timer = setInterval(draw, 300);
  const sources = picked.map((run, i) => {
    const source = new EventSource(`api/runs/events?run=${encodeURIComponent(run)}`);
    onRecords(source, (r) => {
      for (const q of QUANTITIES) {
        if (r.type !== q.type || typeof r.step !== 'number') continue;
        const v = q.read(r);
        if (v === undefined) continue;
        const s = data[i].get(q.id) ?? { x: [], y: [] };
        s.x.push(r.step);
        s.y.push(v);
        data[i].set(q.id, s);
        dirty = true;
      }
    });
    source.addEventListener('reset', () => {
      data[i].clear();
      dirty = true;
    });
    return source;
  });
  return () => {
    clearInterval(timer);
    for (const s of sources) s.close();
  };
}
