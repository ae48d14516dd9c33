/**
 * The Lab: settings, controls (play, pause, run N steps, step, step D only, step G only), the views
 * and the curves. Training runs in this page on the TF.js backend the app chose, through the library's
 * GanTrainer — the same code as `tsgan train`. Every change of the experiment is written to the URL.
 */
import { DivergenceError, parsePoints, valueAt } from 'tsgan';
import { toData, type ViewBox } from '../plots/box.js';
import { SERIES } from '../plots/colors.js';
import { drawMessage, drawPoints } from '../plots/field.js';
import { DRAW_BOX } from './data.js';
import { dataDescriptor, decodeOps, defaultExperiment, experimentHash, MAX_POINTS, parseExperimentHash, roundPoints, type DataSource, type Edit, type Experiment, type Op } from './experiment.js';
import { FORM_HTML, formFields, formMessage, initForm, readForm, readInput, writeForm } from './form.js';
import { LabSession } from './session.js';
import { clearViews, drawCurves, drawMainView, drawTheoryViews } from './render.js';
import { exportConfig } from './export.js';
import { GRAPH_SVG, PHASE_FLOW, showGraph } from './model-graph.js';
import { SlowMotion } from './slow-motion.js';

/** One item of a loop: an operation, an edit of tunable settings (replayed from a link), or the next slow-motion substep. */
type Step = Op | Edit | 'substep';

/** How long slow motion shows each substep while playing. */
const SUBSTEP_MS = 900;

const PAGE_HTML = `
<section class="lab">
  <div class="controls">
    <form id="settings" onsubmit="return false">${FORM_HTML}</form>
    <div class="buttons">
      <button type="button" id="play">play</button>
      <button type="button" id="step-once" title="k D updates, then one G update">step</button>
      <button type="button" id="step-d">step D only</button>
      <button type="button" id="step-g">step G only</button>
      <label>run <input id="run-count" type="number" min="1" value="50" size="4" /> steps</label>
      <button type="button" id="run-n">run</button>
    </div>
    <div class="buttons">
      <label>speed <select id="speed" title="how fast play runs; slow motion shows each substep of a step: D forward, D backward, G forward, G backward">
        <option value="full">full</option><option value="20">20 steps/s</option><option value="5">5 steps/s</option><option value="1">1 step/s</option><option value="slow">slow motion (substeps)</option>
      </select></label>
    </div>
    <p id="substep" class="substep small" aria-live="polite"></p>
    <div class="buttons">
      <button type="button" id="export">export config for tsgan train</button>
      <button type="button" id="copy-link">copy link</button>
    </div>
    <pre id="export-json" class="small"></pre>
    <table class="metrics">
      <tr><th>step</th><td><output id="step">0</output> <span id="status" class="muted"></span></td></tr>
      <tr><th>D loss / G loss</th><td><output id="d-loss">–</output> / <output id="g-loss">–</output></td></tr>
      <tr><th>V(D, G)</th><td><output id="value">–</output> <span class="muted">(−log 4 = −1.386)</span></td></tr>
      <tr><th id="v-opt-label">−log 4 + 2·JS</th><td><output id="v-opt">–</output> <span class="muted">≈, p_g by kernel estimate</span></td></tr>
      <tr><th>mean |D − D*|</th><td><output id="mean-gap">–</output></td></tr>
      <tr><th>W1</th><td><output id="w1">–</output> <span class="muted" id="w1-note"></span></td></tr>
      <tr><th>modes captured</th><td><output id="modes">–</output></td></tr>
    </table>
    <p id="data-label" class="muted small"></p>
  </div>
  <div class="views">
    <figure class="graph-figure">${GRAPH_SVG}<figcaption id="cap-graph">the model: noise → G → samples → D ← data; D's output gives both losses</figcaption></figure>
    <figure><canvas id="view-field" width="360" height="360" role="img" aria-labelledby="cap-field"></canvas>
      <figcaption><span id="cap-field">D(x) (blue 0 … white ½ … red 1), real points (blue), generated (orange),</span> <label><input type="checkbox" id="show-arrows" checked /> the generator's gradient −∂L_G/∂x on its samples</label></figcaption></figure>
    <figure><canvas id="view-dstar" width="360" height="360" role="img" aria-labelledby="cap-dstar"></canvas><figcaption id="cap-dstar">D*(x) = p_r/(p_r + p_g)</figcaption></figure>
    <figure><canvas id="view-gap" width="360" height="360" role="img" aria-labelledby="cap-gap"></canvas><figcaption id="cap-gap">|D − D*|</figcaption></figure>
    <figure><canvas id="view-manifold" width="360" height="360" role="img" aria-labelledby="cap-manifold"></canvas><figcaption id="cap-manifold">G's transformation of the noise</figcaption></figure>
    <figure><canvas id="chart-loss" width="360" height="200" role="img" aria-label="chart: D's and G's losses per step"></canvas></figure>
    <figure><canvas id="chart-value" width="360" height="200" role="img" aria-label="chart: V(D, G) per step beside −log 4 + 2·JS and −log 4"></canvas></figure>
    <figure><canvas id="chart-w1" width="360" height="200" role="img" aria-label="chart: W1 between the real and generated samples per evaluation"></canvas></figure>
    <figure><canvas id="chart-divergence" width="360" height="200" role="img" aria-label="chart: JS, KL(p_r‖p_g) and KL(p_g‖p_r) per evaluation"></canvas></figure>
  </div>
</section>`;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the page exposes for tests and the console (read-only numbers). */
export interface LabHandle {
  readonly step: number;
  readonly busy: boolean;
  readonly config: unknown;
  readonly history: readonly { op: Op; step: number; dLoss: number; gLoss: number; value: number }[];
  readonly exported: unknown;
  readonly error: string;
}

/** Mounts the Lab in `root`; returns the function that unmounts it (stopping training). */
export function mountLab(root: HTMLElement, hash: string): () => void {
  root.innerHTML = PAGE_HTML;
  initForm();
  // On a phone-sized window the settings start folded (each group opens by a tap or Enter on its title).
  if (window.matchMedia('(max-width: 600px)').matches) for (const d of root.querySelectorAll<HTMLDetailsElement>('details.form-group')) d.open = false;
  let session: LabSession | undefined;
  let source: DataSource = { kind: 'preset', name: 'ring8' };
  let drawn: number[] = [];
  let playing = false;
  let busy = false;
  let alive = true;
  let epoch = 0;
  let error = '';
  let lastSlow = 0;
  let lastRender = 0;
  /** Set by the play/pause button while a replay or a run of N steps goes on: the loop stops after its slice. */
  let stopRequested = false;
  /** Where slow motion is within the step in progress (./slow-motion.ts). */
  let slow = new SlowMotion();
  /** Updates that complete a step slow motion left in progress, run first by the playing loop when the speed changes. */
  const pending: Op[] = [];
  const speed = () => $<HTMLSelectElement>('speed').value;

  const handle: LabHandle = {
    get step() {
      return session?.step ?? 0;
    },
    get busy() {
      return busy || playing;
    },
    get config() {
      return session?.config;
    },
    get history() {
      return session?.history ?? [];
    },
    get exported() {
      return session === undefined ? undefined : exportConfig(session.experiment, session.config).config;
    },
    get error() {
      return error;
    },
  };
  (window as unknown as { tsganLab: LabHandle }).tsganLab = handle;

  const showError = (msg: string) => {
    error = msg;
    $('form-error').textContent = msg;
  };

  const showKind = (kind: string) => {
    $('row-preset').hidden = kind !== 'preset';
    $('row-spec').hidden = kind !== 'spec';
    $('row-csv').hidden = kind !== 'csv';
    $('row-draw').hidden = kind !== 'draw';
  };

  /** Starts `e` (replaying its operations); the form shows it. */
  const start = (e: Experiment) => {
    epoch++; // a loop still running on the previous experiment stops
    busy = false;
    stop();
    $('play').textContent = 'play';
    $('status').textContent = '';
    $('revert').hidden = true;
    session?.dispose();
    session = undefined;
    slow = new SlowMotion();
    pending.length = 0;
    source = e.source;
    writeForm(e.config);
    const kind = source.kind === 'preset' ? 'preset' : source.kind === 'spec' ? 'spec' : source.label === 'drawn points' ? 'draw' : 'csv';
    $<HTMLSelectElement>('data-kind').value = kind;
    showKind(kind);
    if (source.kind === 'preset') $<HTMLSelectElement>('data-preset').value = source.name;
    if (source.kind === 'spec') $<HTMLTextAreaElement>('data-spec').value = JSON.stringify(source.spec);
    if (source.kind === 'points' && kind === 'draw') drawn = [...source.points];
    try {
      session = new LabSession(e.config, e.source);
      showError('');
    } catch (err) {
      showError((err as Error).message);
      render(true);
      return;
    }
    $('data-label').textContent = session.data.label;
    const ops = decodeOps(e.ops);
    if (ops.length > 0) {
      // an edit made while training is replayed where it was made: a Step item applies e.edits[i]
      const todo = ops.flatMap((o): Step[] => (o.op === 'e' ? [e.edits[o.count]] : new Array<Op>(o.count).fill(o.op)));
      void runOps(todo, 'restoring');
    } else render(true);
  };

  /**
   * Runs the operations `next` gives (until it gives undefined) in slices of ~40 ms, so that the page
   * stays responsive, drawing every `drawEveryMs` between slices. A loop stops as soon as another
   * experiment starts (`epoch`) or the page is left.
   */
  const runLoop = async (next: (s: LabSession) => Step | undefined, label: string, drawEveryMs: number, paceMs: () => number = () => 0) => {
    const s = session;
    if (s === undefined || busy) return;
    const mine = epoch;
    const current = () => alive && epoch === mine;
    busy = true;
    stopRequested = false;
    $('status').textContent = label;
    $('play').textContent = 'pause';
    try {
      let op = next(s);
      while (op !== undefined && current() && !stopRequested) {
        const t0 = performance.now();
        const pace = paceMs();
        let done = 0;
        // paced (a chosen speed, slow motion): one item, drawn, then a wait; else a ~40 ms slice
        while (op !== undefined && (pace > 0 ? done++ === 0 : performance.now() - t0 < 40)) {
          if (op === 'substep') {
            const update = slow.advance(s.trainer.discriminatorStepsAt(s.step));
            if (update !== undefined) s.run(update);
          } else if (typeof op === 'string') s.run(op);
          else s.retune(op);
          op = next(s);
        }
        if (pace > 0 || performance.now() - lastRender > drawEveryMs) render(false);
        await new Promise((r) => setTimeout(r, pace));
      }
    } catch (err) {
      if (current()) showError(err instanceof DivergenceError ? err.message : `training stopped: ${(err as Error).message}`);
    } finally {
      if (current()) {
        if (label === 'restoring') writeForm(s.config); // a replayed link's edits: the form shows the settings in use
        busy = false;
        playing = false;
        $('play').textContent = 'play';
        $('status').textContent = '';
        render(true);
        // a change of speed while a loop ran left the step slow motion had in progress to complete
        if (pending.length > 0) void runOps(pending.splice(0), 'completing the step');
      }
    }
  };

  /** Runs `ops`; anything but a substep first completes the step slow motion left in progress (its remaining updates). */
  const runOps = (ops: readonly Step[], label: string) => {
    const all = ops[0] === 'substep' ? ops : [...(busy ? [] : slow.finish()), ...ops];
    let i = 0;
    return runLoop(() => all[i++], label, 300);
  };

  /** Plays at the chosen speed: full, N steps/s, or slow motion (one substep every SUBSTEP_MS); a change of speed applies at once. */
  const play = () => {
    if (session === undefined || busy) return;
    playing = true;
    $('play').textContent = 'pause';
    const pace = () => (speed() === 'slow' ? SUBSTEP_MS : speed() === 'full' ? 0 : 1000 / Number(speed()));
    return runLoop((s) => pending.shift() ?? (!playing || s.step >= s.config.steps ? undefined : speed() === 'slow' ? 'substep' : 't'), 'training', 100, pace);
  };

  function stop() {
    playing = false;
    if (busy) stopRequested = true;
  }

  /** Draws everything; the costly views (D*, V(D*, G), W1, modes) only when `full` or every 0.5 s. */
  function render(full: boolean) {
    if (!alive) return; // unmounted: the session is disposed and the page's elements are gone
    lastRender = performance.now();
    const s = session;
    if (s === undefined) {
      const field = $<HTMLCanvasElement>('view-field');
      clearViews(error || 'no experiment');
      if (source.kind === 'points') drawPoints(field, DRAW_BOX, drawn, SERIES.real, 3);
      return;
    }
    const substep = slow.current;
    // in slow motion the arrows belong to G backward (the gradient that moves the samples)
    const main = drawMainView(s, substep === undefined ? $<HTMLInputElement>('show-arrows').checked : substep.phase === 'g-backward', substep === undefined ? 'none' : PHASE_FLOW[substep.phase].focus);
    showGraph($('model-graph') as unknown as SVGElement, $('cap-graph'), { substep, op: s.history[s.history.length - 1]?.op, running: busy, k: s.config.dSteps });
    $('substep').textContent = substep === undefined ? '' : `step ${s.step + 1} in progress · ${slow.position}`;
    if (full || lastRender - lastSlow > 500) {
      lastSlow = lastRender;
      drawTheoryViews(s, main);
    }
    drawCurves(s);
    updateUrl();
  }

  let lastHash = '';
  function updateUrl() {
    if (session === undefined) return;
    const next = experimentHash(session.experiment);
    if (next !== lastHash && location.hash !== next) {
      lastHash = next;
      history.replaceState(null, '', next);
    }
  }

  const currentDataDescriptor = (): DataSource => {
    const kind = $<HTMLSelectElement>('data-kind').value;
    if (kind === 'preset') return { kind: 'preset', name: $<HTMLSelectElement>('data-preset').value };
    if (kind === 'spec') {
      let spec: unknown;
      try {
        spec = JSON.parse($<HTMLTextAreaElement>('data-spec').value);
      } catch {
        throw new Error('the spec is not valid JSON');
      }
      if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new Error('the spec must be a JSON object such as {"type":"ring","modes":8,"radius":1,"std":0.05}');
      return { kind: 'spec', spec: spec as Record<string, unknown> };
    }
    if (kind === 'draw') return { kind: 'points', label: 'drawn points', points: drawn };
    if (source.kind === 'points' && source.label !== 'drawn points') return source;
    throw new Error('choose a CSV file of 2-D points');
  };

  const apply = () => {
    try {
      const src = currentDataDescriptor();
      const base = session?.config ?? defaultExperiment().config;
      const config = readForm(base, dataDescriptor(src));
      start({ config, source: src, ops: '', edits: [] });
    } catch (err) {
      // The running experiment keeps its settings: it is paused, and the form says its edits are not applied.
      stop();
      showError(`not applied: ${(err as Error).message}`);
      if (session !== undefined) $('revert').hidden = false;
    }
  };
  // Tunable settings (learning rates, k, penalties, clipping) change the running experiment from its next
  // update on, without a restart; the edit is recorded in the experiment (and its link) where it was made.
  for (const f of formFields().filter((x) => x.tunable === true)) {
    $(f.flag).addEventListener('change', () => {
      if (session === undefined) return;
      const value = readInput(f);
      const edit: Record<string, number | null> = {};
      for (const path of f.paths) {
        const now = valueAt(session.config, path);
        if (value !== now) edit[path.join('.')] = value === undefined ? null : (value as number);
      }
      if (Object.keys(edit).length === 0) return;
      try {
        session.retune(edit, f.form.label);
        showError('');
        $('status').textContent = `${f.form.label} = ${value ?? 'off'} from step ${session.step + 1}`;
        updateUrl();
      } catch (err) {
        // the experiment keeps its settings; the input keeps what was typed, and revert puts the running value back
        showError(`not applied: ${formMessage((err as Error).message)}`);
        $('revert').hidden = false;
      }
    });
  }
  $('revert').onclick = () => {
    if (session === undefined) return;
    writeForm(session.config);
    $('revert').hidden = true;
    showError('');
  };

  // Controls.
  $('apply').onclick = apply;
  $('data-kind').onchange = () => {
    const kind = $<HTMLSelectElement>('data-kind').value;
    showKind(kind);
    if (kind !== 'csv') apply();
  };
  $('data-preset').onchange = apply;
  // pause stops whatever runs: playing, a replayed link, a run of N steps (the experiment stays where it got to)
  $('play').onclick = () => (playing || busy ? stop() : void play());
  $('step-once').onclick = () => void (speed() === 'slow' ? runOps(['substep'], 'substep') : runOps(['t'], 'step'));
  $('speed').onchange = () => {
    const isSlow = speed() === 'slow';
    $('step-once').textContent = isSlow ? 'next substep' : 'step';
    $('step-once').title = isSlow ? 'the next substep: D forward, D backward (D updated), G forward, G backward (G updated)' : 'k D updates, then one G update';
    if (isSlow) return;
    // leaving slow motion: the step in progress is completed (by the playing loop, or here)
    pending.push(...slow.finish());
    if (!busy && session !== undefined && pending.length > 0) void runOps(pending.splice(0), 'completing the step');
    else render(true);
  };
  $('step-d').onclick = () => void runOps(['d'], 'D step');
  $('step-g').onclick = () => void runOps(['g'], 'G step');
  $('run-n').onclick = () => {
    const n = Math.max(1, Math.min(100000, Math.floor(Number($<HTMLInputElement>('run-count').value) || 1)));
    void runOps(new Array<Op>(n).fill('t'), `running ${n} steps`);
  };
  $('data-csv').onchange = async () => {
    const file = $<HTMLInputElement>('data-csv').files?.[0];
    if (file === undefined) return;
    try {
      const data = parsePoints(await file.text(), file.name);
      if (data.dim !== 2) throw new Error(`${file.name}: ${data.dim}-D points; the Lab draws 2-D data`);
      if (data.count > MAX_POINTS) throw new Error(`${file.name}: ${data.count} points; the Lab keeps at most ${MAX_POINTS} (they travel in the link): use tsgan train --data ${file.name}`);
      source = { kind: 'points', label: file.name, points: roundPoints([...data.points]) };
      apply();
    } catch (err) {
      showError((err as Error).message);
    }
  };
  $('draw-clear').onclick = () => {
    drawn = [];
    apply();
  };
  $('export').onclick = () => {
    if (session === undefined) return;
    const out = exportConfig(session.experiment, session.config);
    $('export-json').textContent = `${JSON.stringify(out.config, null, 2)}\n\n# ${out.command}`;
    download('tsgan-lab-config.json', `${JSON.stringify(out.config, null, 2)}\n`, 'application/json');
    if (out.pointsCsv !== undefined) download('points.csv', out.pointsCsv, 'text/csv');
  };
  $('copy-link').onclick = () => void navigator.clipboard?.writeText(location.href);

  // Drawing points on the first plot (data source "draw points").
  const field = $<HTMLCanvasElement>('view-field');
  let drawing = false;
  const addPoint = (ev: PointerEvent) => {
    const rect = field.getBoundingClientRect();
    const box: ViewBox = DRAW_BOX;
    const [x, y] = toData(box, rect.width, rect.height, ev.clientX - rect.left, ev.clientY - rect.top);
    if (drawn.length / 2 >= MAX_POINTS) return;
    drawn.push(...roundPoints([x, y]));
    drawPoints(field, box, [x, y], SERIES.real, 3);
  };
  field.onpointerdown = (ev) => {
    if ($<HTMLSelectElement>('data-kind').value !== 'draw') return;
    stop();
    drawing = true;
    if (session !== undefined && source.kind !== 'points') drawMessage(field, '');
    addPoint(ev);
  };
  field.onpointermove = (ev) => {
    if (drawing && ev.buttons > 0) addPoint(ev);
  };
  field.onpointerup = () => {
    if (!drawing) return;
    drawing = false;
    apply();
  };

  // Start: the experiment in the URL, or the defaults.
  let initial = defaultExperiment();
  let linkError = '';
  try {
    initial = parseExperimentHash(hash) ?? initial;
  } catch (err) {
    linkError = `the link could not be read (${(err as Error).message}); starting from the defaults`;
  }
  start(initial);
  if (linkError !== '') showError(linkError); // after start(), which clears the form's error line

  return () => {
    alive = false;
    stop();
    session?.dispose();
  };
}

function download(name: string, text: string, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
