/** A small line chart on a canvas: several named series over a shared x axis, with a legend. */
export interface Series {
  readonly name: string;
  readonly color: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Dashed (for reference lines such as −log 4). */
  readonly dashed?: boolean;
}

function niceRange(lo: number, hi: number): [number, number] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return [0, 1];
  if (hi - lo < 1e-9) return [lo - 0.5, hi + 0.5];
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** Options of {@link drawLineChart}. */
export interface ChartOptions {
  /** The x axis's unit after the right-hand label (default "steps"). */
  readonly xLabel?: string;
}

/** Data → pixel maps of a drawn chart (to draw more on it). */
export interface ChartFrame {
  readonly px: (x: number) => number;
  readonly py: (y: number) => number;
}

const fmt = (v: number) => (Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : v.toFixed(2));

/** Draws `series` (non-finite values skipped) with axes labelled by `title`; returns its frame (undefined when empty). */
export function drawLineChart(canvas: HTMLCanvasElement, title: string, series: readonly Series[], options: ChartOptions = {}): ChartFrame | undefined {
  const ctx = canvas.getContext('2d')!;
  const W = canvas.width;
  const H = canvas.height;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  const left = 48;
  const right = 8;
  const top = 20;
  const bottom = 34;
  let xlo = Infinity;
  let xhi = -Infinity;
  let ylo = Infinity;
  let yhi = -Infinity;
  for (const s of series) {
    s.x.forEach((x, i) => {
      const y = s.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      xlo = Math.min(xlo, x);
      xhi = Math.max(xhi, x);
      ylo = Math.min(ylo, y);
      yhi = Math.max(yhi, y);
    });
  }
  ctx.fillStyle = '#222';
  ctx.font = '12px sans-serif';
  ctx.textAlign = 'left';
  ctx.fillText(title, left, 13);
  if (xlo === Infinity) {
    ctx.fillStyle = '#777';
    ctx.fillText('no data yet', left + 10, H / 2);
    return undefined;
  }
  if (xhi === xlo) xhi = xlo + 1;
  [ylo, yhi] = niceRange(ylo, yhi);
  const px = (x: number) => left + ((x - xlo) / (xhi - xlo)) * (W - left - right);
  const py = (y: number) => top + (1 - (y - ylo) / (yhi - ylo)) * (H - top - bottom);
  ctx.strokeStyle = '#bbb';
  ctx.lineWidth = 1;
  ctx.strokeRect(left, top, W - left - right, H - top - bottom);
  ctx.fillStyle = '#555';
  ctx.font = '10px sans-serif';
  ctx.textAlign = 'right';
  for (const y of [ylo, (ylo + yhi) / 2, yhi]) ctx.fillText(fmt(y), left - 3, py(y) + 3);
  ctx.textAlign = 'center';
  const xText = (v: number) => (options.xLabel === undefined ? String(Math.round(v)) : fmt(v));
  ctx.fillText(xText(xlo), px(xlo), H - bottom + 12);
  ctx.fillText(`${xText(xhi)} ${options.xLabel ?? 'steps'}`, px(xhi) - 20, H - bottom + 12);
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(s.dashed ? [4, 3] : []);
    ctx.beginPath();
    let pen = false;
    /** Points with no finite neighbour draw no line: each is marked with a dot instead (e.g. a first evaluation). */
    const lone: [number, number][] = [];
    s.x.forEach((x, i) => {
      const y = s.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        return;
      }
      if (pen) ctx.lineTo(px(x), py(y));
      else ctx.moveTo(px(x), py(y));
      const next = i + 1 < s.x.length && Number.isFinite(s.x[i + 1]) && Number.isFinite(s.y[i + 1]);
      if (!pen && !next) lone.push([px(x), py(y)]);
      pen = true;
    });
    ctx.stroke();
    ctx.fillStyle = s.color;
    for (const [x, y] of lone) {
      ctx.beginPath();
      ctx.arc(x, y, 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.setLineDash([]);
  // Legend along the bottom.
  let lx = left;
  ctx.textAlign = 'left';
  ctx.font = '10px sans-serif';
  for (const s of series) {
    ctx.fillStyle = s.color;
    ctx.fillRect(lx, H - 12, 10, 3);
    ctx.fillStyle = '#333';
    ctx.fillText(s.name, lx + 13, H - 8);
    lx += 18 + ctx.measureText(s.name).width + 8;
  }
  return { px, py };
}
