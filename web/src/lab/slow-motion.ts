/**
 * Slow motion: one training step shown as its substeps — for each of the k D updates, D forward (D scores
 * a batch of real points and G's samples) and D backward (L_D's gradient flows into D's weights: D is
 * updated); then G forward (noise → G → samples → D → L_G) and G backward (−∂L_G/∂x flows back through
 * D, held fixed, into G's weights: G is updated). The updates are the trainer's own D-only and G-only
 * updates (k of them then one G update is exactly one full step: same draws, same numbers), recorded
 * in the experiment's operations like any other, so a link made in slow motion replays exactly.
 */
import type { Op } from './experiment.js';

export type Phase = 'd-forward' | 'd-backward' | 'g-forward' | 'g-backward';

/** One substep: its phase, and for D's, which of the step's k D updates it belongs to (1-based). */
export interface Substep {
  readonly phase: Phase;
  readonly update: number;
  readonly k: number;
}

/** The substeps of one step with k D updates: (D forward, D backward) × k, G forward, G backward. */
export function substepsOf(k: number): Substep[] {
  const out: Substep[] = [];
  for (let i = 1; i <= k; i++) out.push({ phase: 'd-forward', update: i, k }, { phase: 'd-backward', update: i, k });
  out.push({ phase: 'g-forward', update: 1, k }, { phase: 'g-backward', update: 1, k });
  return out;
}

/**
 * Where slow motion is within a step. {@link advance} moves to the next substep and returns the update
 * to run on the way: 'd' on entering D backward (the view then shows the updated D), 'g' on leaving G
 * backward (its arrows are drawn on the samples before they move; the next substep shows them moved).
 */
export class SlowMotion {
  private list: Substep[] = [];
  private index = -1;

  /** The substep shown, or undefined before the first one and after a step was completed. */
  get current(): Substep | undefined {
    return this.index < 0 ? undefined : this.list[this.index];
  }

  /** "substep 3 of 4". */
  get position(): string {
    return this.index < 0 ? '' : `substep ${this.index + 1} of ${this.list.length}`;
  }

  /**
   * The next substep, given `k` (the D updates of the step about to start, read only when one starts):
   * returns the update to run before showing it (see the class comment), if any.
   */
  advance(k: number): Op | undefined {
    const leaving = this.current;
    if (leaving === undefined || this.index === this.list.length - 1) {
      this.list = substepsOf(k);
      this.index = 0;
      return leaving?.phase === 'g-backward' ? 'g' : undefined;
    }
    this.index++;
    return this.list[this.index].phase === 'd-backward' ? 'd' : undefined;
  }

  /** The updates that complete the step in progress (the rest of its D updates, then its G update), and a reset. */
  finish(): Op[] {
    const c = this.current;
    const rest: Op[] = [];
    if (c !== undefined) {
      const dDone = c.phase === 'd-forward' ? c.update - 1 : c.phase === 'd-backward' ? c.update : c.k;
      for (let i = dDone; i < c.k; i++) rest.push('d');
      rest.push('g');
    }
    this.list = [];
    this.index = -1;
    return rest;
  }
}
