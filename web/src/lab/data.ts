/**
 * The Lab's data: the data set the trainer samples, the real density the views compare with (exact for
 * presets and specs; a kernel estimate for drawn or uploaded points, labelled as such) and the box shown.
 */
import { distributionFromSpec, EmpiricalDataset, gaussianKde, hasDensity, type Dataset, type GaussianMode } from 'tsgan';
import type { ViewBox } from '../plots/box.js';
import type { DataSource } from './experiment.js';

export interface LabData {
  readonly dataset: Dataset;
  /** log p_r(x) for one 2-D point (−Infinity outside the support). */
  readonly realLogDensity: (x: ArrayLike<number>) => number;
  /** True when `realDensity` is the exact density; false for a kernel estimate. */
  readonly exactDensity: boolean;
  readonly modes?: readonly GaussianMode[];
  readonly box: ViewBox;
  readonly label: string;
}

/** The box drawn points live in (fixed, so drawing coordinates do not move). */
export const DRAW_BOX: ViewBox = { low: [-2, -2], high: [2, 2] };

/** A square box around [low, high] with a margin of `pad` of its size on each side. */
function squareBox(low: readonly number[], high: readonly number[], pad = 0.15): ViewBox {
  const cx = (low[0] + high[0]) / 2;
  const cy = (low[1] + high[1]) / 2;
  const half = (Math.max(high[0] - low[0], high[1] - low[1]) / 2) * (1 + 2 * pad) || 1;
  return { low: [cx - half, cy - half], high: [cx + half, cy + half] };
}

/**
 * The box of 1-D data: [low, high] (already generous: effectiveBounds) widened by `pad` of its size on
 * each side; the second coordinate is unused.
 */
function lineBox(low: number, high: number, pad = 0.02): ViewBox {
  const w = (high - low) * pad || 1;
  return { low: [low - w, 0], high: [high + w, 1] };
}

/** The data of a source; throws an Error with a one-line message for unusable data. */
export function labData(source: DataSource): LabData {
  if (source.kind === 'points') {
    const n = source.points.length / 2;
    if (n < 2) throw new Error('draw at least 2 points (click or drag on the plot)');
    const points = Float64Array.from(source.points);
    let kde;
    try {
      kde = gaussianKde(points, 2);
    } catch {
      kde = gaussianKde(points, 2, { bandwidth: 0.05 });
    }
    const low = [Infinity, Infinity];
    const high = [-Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 2; j++) {
        low[j] = Math.min(low[j], points[2 * i + j]);
        high[j] = Math.max(high[j], points[2 * i + j]);
      }
    }
    const box = source.label === 'drawn points' ? DRAW_BOX : squareBox(low, high, 0.2);
    return {
      dataset: new EmpiricalDataset(points, 2, `${source.label} (${n} × 2)`),
      realLogDensity: kde.logDensity,
      exactDensity: false,
      box,
      label: `${source.label}: ${n} points; p_r is a kernel estimate (bandwidth ${kde.bandwidth.map((h) => h.toFixed(3)).join(', ')})`,
    };
  }
  const dist = distributionFromSpec(source.kind === 'preset' ? source.name : source.spec);
  if (dist.dim !== 1 && dist.dim !== 2) throw new Error(`${dist.label} is ${dist.dim}-D: the Lab draws 1-D and 2-D data`);
  if (!hasDensity(dist)) throw new Error('this data has no density');
  const { low, high } = dist.effectiveBounds;
  return {
    dataset: dist,
    realLogDensity: (x) => dist.logDensity(x),
    exactDensity: true,
    modes: dist.modes,
    box: dist.dim === 1 ? lineBox(low[0], high[0]) : squareBox(low, high),
    label: `${dist.label}: exact density`,
  };
}
