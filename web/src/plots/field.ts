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
