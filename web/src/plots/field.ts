/** Drawing on a 2-D canvas: a heatmap of an n×n grid of values, points, and arrows. */
import { toPixel, type ViewBox } from './box.js';

/**
 * Fills the canvas with an n×n heatmap (row-major from the top row, as {@link gridPoints}); each value
 * goes through `color` (values are the caller's, e.g. D(x) ∈ [0, 1]).
 */
export function drawHeatmap(canvas: HTMLCanvasElement, values: ArrayLike<number>, n: number, color: (v: number) => [number, number, number]): void {
  const ctx = canvas.getContext('2d')!;
  const img = new ImageData(n, n);
  for (let k = 0; k < n * n; k++) {
    const [r, g, b] = color(values[k]);
    img.data[4 * k] = r;
    img.data[4 * k + 1] = g;
    img.data[4 * k + 2] = b;
    img.data[4 * k + 3] = 255;
  }
  const tmp = document.createElement('canvas');
  tmp.width = n;
  tmp.height = n;
  tmp.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tmp, 0, 0, canvas.width, canvas.height);
}

/** Row-major (x, y) points as small discs. */
export function drawPoints(canvas: HTMLCanvasElement, box: ViewBox, points: ArrayLike<number>, color: string, radius = 2, max = 1000): void {
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = color;
  ctx.strokeStyle = 'rgba(0,0,0,0.35)';
  ctx.lineWidth = 0.5;
  const n = Math.min(max, points.length / 2);
  for (let i = 0; i < n; i++) {
    const [px, py] = toPixel(box, canvas.width, canvas.height, points[2 * i], points[2 * i + 1]);
    ctx.beginPath();
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}

/** Arrows from each point along its vector (row-major pairs), all scaled by `scale` (data units per vector unit). */
export function drawArrows(canvas: HTMLCanvasElement, box: ViewBox, points: ArrayLike<number>, vectors: ArrayLike<number>, scale: number, color = '#222'): void {
  const ctx = canvas.getContext('2d')!;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1;
  for (let i = 0; i < points.length / 2; i++) {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    const [x0, y0] = toPixel(box, canvas.width, canvas.height, x, y);
    const [x1, y1] = toPixel(box, canvas.width, canvas.height, x + scale * vectors[2 * i], y + scale * vectors[2 * i + 1]);
    drawArrowPx(ctx, x0, y0, x1, y1);
  }
}

/** One arrow between two pixel positions (nothing when shorter than half a pixel). */
export function drawArrowPx(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (!(len > 0.5)) return;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  const a = Math.atan2(y1 - y0, x1 - x0);
  const h = Math.min(5, len / 2);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - h * Math.cos(a - 0.45), y1 - h * Math.sin(a - 0.45));
  ctx.lineTo(x1 - h * Math.cos(a + 0.45), y1 - h * Math.sin(a + 0.45));
  ctx.closePath();
  ctx.fill();
}

/** A centred message on a grey canvas (for views that do not apply). */
export function drawMessage(canvas: HTMLCanvasElement, text: string): void {
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#eee';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#555';
  ctx.font = '13px sans-serif';
  ctx.textAlign = 'center';
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (ctx.measureText(`${line} ${w}`).width > canvas.width - 30 && line !== '') {
      lines.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  lines.push(line);
  lines.forEach((l, i) => ctx.fillText(l, canvas.width / 2, canvas.height / 2 + (i - (lines.length - 1) / 2) * 17));
}

/** Tick values over [lo, hi]: multiples of a round step (1, 2 or 5 × 10^k) giving about `target` of them. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const raw = (hi - lo) / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  // i × step, not a running sum, and 12 significant digits: 0.6, not 0.6000000000000001
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + 1e-9 * step; i++) out.push(Number((i * step).toPrecision(12)) + 0);
  return out;
}

const tickText = (v: number) => String(Number(v.toPrecision(4)));

/** Text with a white halo, readable over any heatmap. */
function haloText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(255,255,255,0.85)';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = '#222';
  ctx.fillText(text, x, y);
}

/** Axes of a 2-D view over `box`: ticks and their values along the bottom (x) and left (y) edges, drawn over the picture. */
export function drawAxes(canvas: HTMLCanvasElement, box: ViewBox): void {
  const ctx = canvas.getContext('2d')!;
  ctx.font = '10px sans-serif';
  ctx.strokeStyle = '#222';
  for (const x of niceTicks(box.low[0], box.high[0])) {
    const [px] = toPixel(box, canvas.width, canvas.height, x, box.low[1]);
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#222';
    ctx.beginPath();
    ctx.moveTo(px, canvas.height);
    ctx.lineTo(px, canvas.height - 5);
    ctx.stroke();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    haloText(ctx, tickText(x), px, canvas.height - 6);
  }
  for (const y of niceTicks(box.low[1], box.high[1])) {
    const [, py] = toPixel(box, canvas.width, canvas.height, box.low[0], y);
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#222';
    ctx.beginPath();
    ctx.moveTo(0, py);
    ctx.lineTo(5, py);
    ctx.stroke();
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    haloText(ctx, tickText(y), 7, py);
  }
}

/**
 * A colour bar at the right edge: `color(t)` for t from 0 (bottom) to 1 (top), labelled with the values
 * `lo` and `hi` the ends stand for and `label` (what the colours show).
 */
export function drawColorBar(canvas: HTMLCanvasElement, color: (t: number) => [number, number, number], lo: number, hi: number, label: string): void {
  const ctx = canvas.getContext('2d')!;
  const x = canvas.width - 16;
  const top = 28;
  const h = Math.min(120, canvas.height - 60);
  for (let i = 0; i < h; i++) {
    const [r, g, b] = color(1 - i / (h - 1));
    ctx.fillStyle = `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
    ctx.fillRect(x, top + i, 10, 1);
  }
  ctx.strokeStyle = '#222';
  ctx.lineWidth = 1;
  ctx.strokeRect(x - 0.5, top - 0.5, 11, h + 1);
  ctx.font = '10px sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  haloText(ctx, tickText(hi), x - 3, top + 4);
  haloText(ctx, tickText(lo), x - 3, top + h - 4);
  ctx.textBaseline = 'bottom';
  haloText(ctx, label, canvas.width - 4, top - 4);
}
