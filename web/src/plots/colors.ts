/** Colour maps (viridis-like for values in [0, 1], a diverging one around 1/2) and series colours. */
const VIRIDIS: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** RGB of t ∈ [0, 1] (clamped) on a 5-stop viridis approximation. */
export function viridis(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}

/** RGB of t ∈ [0, 1] on a blue–white–red map (t = 1/2 is white): for D(x), whose neutral value is 1/2. */
export function diverging(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5));
  if (u < 0.5) {
    const f = u / 0.5;
    return [59 + f * (247 - 59), 76 + f * (247 - 76), 192 + f * (247 - 192)];
  }
  const f = (u - 0.5) / 0.5;
  return [247 + f * (180 - 247), 247 + f * (4 - 247), 247 + f * (38 - 247)];
}

export const SERIES = {
  real: '#1f77b4',
  fake: '#ff7f0e',
  d: '#1f77b4',
  g: '#ff7f0e',
  value: '#2ca02c',
  optimum: '#9467bd',
  reference: '#7f7f7f',
  w1: '#d62728',
} as const;
