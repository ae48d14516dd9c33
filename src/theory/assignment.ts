/**
 * The linear assignment problem: a minimum-cost perfect matching of an n × n cost matrix, by the
 * shortest-augmenting-path method of Jonker & Volgenant (1987) in the form of Crouse (2016, the
 * algorithm behind SciPy's linear_sum_assignment): O(n³) worst case, O(n²) memory for the costs.
 */

/** An optimal assignment: row i is matched to column `rowToColumn[i]`. */
export interface Assignment {
  readonly rowToColumn: Int32Array;
  /** Σ_i cost[i][rowToColumn[i]], the minimum over all permutations. */
  readonly totalCost: number;
}

/**
 * The permutation σ minimizing Σ_i cost[i·n + σ(i)] and that minimum. Domain: `cost` of length n²,
 * row-major, finite entries; n ≥ 0. Rows are matched one at a time: each by a shortest augmenting
 * path in reduced costs c(i, j) − u_i − v_j (Dijkstra over the columns, preferring a free column
 * on ties), then the dual potentials u, v are updated so the reduced costs stay ≥ 0 — after row i
 * the first i rows are matched optimally. This is the discrete form of E8's primal problem
 * (inf over couplings) for two uniform point sets of equal size.
 */
export function solveAssignment(cost: ArrayLike<number>, n: number): Assignment {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (cost.length !== n * n) throw new RangeError(`cost must have n² = ${n * n} entries, got ${cost.length}`);
  const c = Float64Array.from(cost);
  for (let k = 0; k < c.length; k++) {
    if (!Number.isFinite(c[k])) throw new RangeError(`cost entries must be finite (entry ${k} is ${c[k]})`);
  }
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  const dist = new Float64Array(n); // shortest reduced path cost to each column
  const path = new Int32Array(n); // the row before each column on the shortest path
  const colOfRow = new Int32Array(n).fill(-1);
  const rowOfCol = new Int32Array(n).fill(-1);
  const scannedRow = new Uint8Array(n);
  const scannedCol = new Uint8Array(n);
  const remaining = new Int32Array(n);

  for (let curRow = 0; curRow < n; curRow++) {
    // Dijkstra from curRow over the columns, until it reaches a free column (the sink).
    let minVal = 0;
    let numRemaining = n;
    for (let it = 0; it < n; it++) remaining[it] = n - it - 1;
    scannedRow.fill(0);
    scannedCol.fill(0);
    dist.fill(Infinity);
    let i = curRow;
    let sink = -1;
    while (sink === -1) {
      scannedRow[i] = 1;
      let index = -1;
      let lowest = Infinity;
      const row = i * n;
      const base = minVal - u[i];
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it];
        let d = dist[j];
        const r = base + c[row + j] - v[j];
        if (r < d) {
          path[j] = i;
          dist[j] = r;
          d = r;
        }
        if (d < lowest || (d === lowest && rowOfCol[j] === -1)) {
          lowest = d;
          index = it;
        }
      }
      minVal = lowest;
      const j = remaining[index];
      if (rowOfCol[j] === -1) sink = j;
      else i = rowOfCol[j];
      scannedCol[j] = 1;
      remaining[index] = remaining[--numRemaining];
    }
    // Dual update: keeps every reduced cost ≥ 0 and those on the matching at 0.
    u[curRow] += minVal;
    for (let r = 0; r < n; r++) if (scannedRow[r] && r !== curRow) u[r] += minVal - dist[colOfRow[r]];
    for (let j = 0; j < n; j++) if (scannedCol[j]) v[j] -= minVal - dist[j];
    // Augment along the path back from the sink.
    let j = sink;
    for (;;) {
      const r = path[j];
      rowOfCol[j] = r;
      const previous = colOfRow[r];
      colOfRow[r] = j;
      if (r === curRow) break;
      j = previous;
    }
  }
  let totalCost = 0;
  for (let r = 0; r < n; r++) totalCost += c[r * n + colOfRow[r]];
  return { rowToColumn: colOfRow, totalCost };
}
