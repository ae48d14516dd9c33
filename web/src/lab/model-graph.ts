/**
 * The model overview graph: noise → G → samples → D ← data, D → losses. The edges of the player the
 * last update moved are highlighted, and while training runs the data flows along them (an animated dash); in slow motion each substep lights the edges it uses — forward passes flow forward,
 * backward passes (the gradient) flow back in red into the player being updated.
 */
import type { Op } from './experiment.js';
import type { PointFocus } from './render.js';
import type { Phase, Substep } from './slow-motion.js';

type Edge = 'noise-g' | 'g-fake' | 'fake-d' | 'real-d' | 'd-loss';
const EDGES: readonly Edge[] = ['noise-g', 'g-fake', 'fake-d', 'real-d', 'd-loss'];

/** The markup (the Lab page puts it in its first figure). */
export const GRAPH_SVG = `<svg id="model-graph" class="model-graph" viewBox="0 0 360 120" role="img" aria-labelledby="cap-graph">
  <defs>
    <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L8,4 L0,8 z" /></marker>
    <marker id="arrow-back" class="back" viewBox="0 0 8 8" refX="1" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" /></marker>
  </defs>
  <g class="node noise"><rect x="4" y="12" width="58" height="30" rx="4" /><text x="33" y="31">z ~ P_z</text></g>
  <g class="node g-net"><rect x="84" y="12" width="40" height="30" rx="4" /><text x="104" y="31">G</text></g>
  <g class="node fake"><rect x="146" y="12" width="52" height="30" rx="4" /><text x="172" y="31">G(z)</text></g>
  <g class="node real"><rect x="146" y="72" width="52" height="30" rx="4" /><text x="172" y="91">x ~ p_r</text></g>
  <g class="node d-net"><rect x="222" y="42" width="40" height="30" rx="4" /><text x="242" y="61">D</text></g>
  <g class="node loss"><rect x="284" y="42" width="72" height="30" rx="4" /><text x="320" y="61">L_D, L_G</text></g>
  <path id="edge-noise-g" class="edge g-edge" d="M62,27 L84,27" />
  <path id="edge-g-fake" class="edge g-edge" d="M124,27 L146,27" />
  <path id="edge-fake-d" class="edge both-edge" d="M198,27 L222,50" />
  <path id="edge-real-d" class="edge d-edge" d="M198,87 L222,64" />
  <path id="edge-d-loss" class="edge both-edge" d="M262,57 L284,57" />
</svg>`;

/**
 * What each substep lights: the edges its forward pass uses, those its gradient flows back along, the
 * player it updates, and which points the main view draws larger (render.ts PointFocus).
 */
export const PHASE_FLOW: Readonly<Record<Phase, { forward: readonly Edge[]; backward: readonly Edge[]; updating?: 'd' | 'g'; focus: PointFocus; caption: string }>> = {
  'd-forward': {
    forward: ['noise-g', 'g-fake', 'fake-d', 'real-d', 'd-loss'],
    backward: [],
    focus: 'both',
    caption: "D forward: G (fixed) makes samples; D scores them and a batch of real points; L_D is computed",
  },
  'd-backward': {
    forward: [],
    backward: ['d-loss'],
    updating: 'd',
    focus: 'none',
    caption: "D backward: L_D's gradient flows into D's weights, and D takes a step (max over D of V, E1); G does not move",
  },
  'g-forward': {
    forward: ['noise-g', 'g-fake', 'fake-d', 'd-loss'],
    backward: [],
    focus: 'fake',
    caption: 'G forward: noise → G → samples → D (now fixed) → L_G',
  },
  'g-backward': {
    forward: [],
    backward: ['d-loss', 'fake-d', 'g-fake'],
    updating: 'g',
    focus: 'fake',
    caption: "G backward: −∂L_G/∂x at each sample (arrows) flows back through D into G's weights; G takes a step and its samples move",
  },
};

/** The edges a player's update uses (highlighted, and flowing while training runs). */
const PLAYER_EDGES: Readonly<Record<'d' | 'g', readonly Edge[]>> = { d: ['real-d', 'fake-d', 'd-loss'], g: ['noise-g', 'g-fake', 'fake-d', 'd-loss'] };

/** What the graph shows: a slow-motion substep, or the last update (`op`) and whether training runs. */
export interface GraphState {
  readonly substep?: Substep;
  readonly op?: Op;
  readonly running: boolean;
  readonly k: number;
}

/** Sets the graph's classes and caption for `state` (CSS in style.css animates the flowing edges). */
export function showGraph(svg: SVGElement, caption: HTMLElement, state: GraphState): void {
  const { substep, op, running, k } = state;
  const flow = substep === undefined ? undefined : PHASE_FLOW[substep.phase];
  svg.dataset.phase = substep?.phase ?? '';
  svg.dataset.running = String(running && substep === undefined);
  svg.dataset.op = flow !== undefined || op === undefined ? '' : op === 'd' ? 'd' : 'g';
  svg.dataset.updating = flow?.updating ?? '';
  for (const e of EDGES) {
    const path = svg.querySelector(`#edge-${e}`)!;
    const back = flow?.backward.includes(e) === true;
    path.classList.toggle('flow', flow === undefined ? running && op !== undefined && PLAYER_EDGES[op === 'd' ? 'd' : 'g'].includes(e) : back || flow.forward.includes(e));
    path.classList.toggle('back', back);
    path.setAttribute('marker-end', back ? 'none' : 'url(#arrow)');
    path.setAttribute('marker-start', back ? 'url(#arrow-back)' : 'none');
  }
  caption.textContent =
    flow !== undefined
      ? `${flow.caption}${substep!.k > 1 && substep!.phase.startsWith('d') ? ` (D update ${substep!.update} of k = ${substep!.k})` : ''}`
      : op === undefined
        ? "the model: noise → G → samples → D ← data; D's output gives both losses"
        : op === 'd'
          ? "last update: D (max over D of V, E1): L_D's gradient flows back into D only; G is fixed"
          : `last update: G${op === 't' ? ` (after k = ${k} D update${k === 1 ? '' : 's'})` : ''}: L_G's gradient flows back through D (fixed) into G`;
}
