/**
 * Runs: the run folders under the server's RUNS_DIR, and one run followed live — its metrics.jsonl
 * arrives as server-sent events (one record per event), drawn as curves; its samples.png and
 * curves.png are shown, and reloaded when the file itself changes (its ETag, asked with HEAD every
 * second): an eval record arrives before the trainer writes the picture of that step.
 */
import { SERIES } from '../plots/colors.js';
import { drawLineChart } from '../plots/line-chart.js';
import { MAX_COMPARED, mountCompare } from './compare.js';
import { onRecords } from './records.js';

interface RunEntry {
  name: string;
  files: string[];
  modified: number;
  data?: unknown;
  loss?: string;
  steps?: number;
  finished: boolean;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A run's path relative to RUNS_DIR, each segment URL-encoded. */
const encPath = (name: string) => name.split('/').map(encodeURIComponent).join('/');
const dataText = (d: unknown) => (typeof d === 'string' ? d : d === undefined ? '' : JSON.stringify(d));

/**
 * Mounts Runs in `root` (`run` = the run to follow, or undefined for the list; `compare` = runs to draw
 * on shared axes, ./compare.ts); returns the unmount function.
 */
export function mountRuns(root: HTMLElement, run: string | undefined, compare: readonly string[] = []): () => void {
  root.innerHTML = `<section class="runs">
    <div class="run-list"><h2>Runs</h2><table id="run-table"><thead><tr><th title="pick runs to compare">compare</th><th>run</th><th>data</th><th>loss</th><th>steps</th><th></th></tr></thead><tbody></tbody></table>
    <p><button type="button" id="compare-button" disabled>compare the picked runs</button></p>
    <p class="muted small" id="runs-note"></p></div>
    <div class="run-detail" id="run-detail"></div></section>`;
  let alive = true;
  let source: EventSource | undefined;
  const picked = new Set<string>(compare);
  const compareButton = $<HTMLButtonElement>('compare-button');
  const showPicked = () => {
    compareButton.disabled = picked.size === 0;
    compareButton.textContent = picked.size === 0 ? 'compare the picked runs' : `compare ${picked.size} run${picked.size === 1 ? '' : 's'}${picked.size > MAX_COMPARED ? ` (the first ${MAX_COMPARED} are drawn)` : ''}`;
  };
  showPicked();
  compareButton.onclick = () => {
    location.hash = `#/runs?compare=${[...picked].map(encodeURIComponent).join(',')}`;
  };
  $('run-table').addEventListener('change', (ev) => {
    const box = ev.target as HTMLInputElement;
    const name = box.dataset.run;
    if (name === undefined) return;
    if (box.checked) picked.add(name);
    else picked.delete(name);
    showPicked();
  });

  const loadList = async () => {
    const res = await fetch('api/runs', { cache: 'no-store' });
    const { runs } = (await res.json()) as { runs: RunEntry[] };
    if (!alive) return;
    $('run-table').querySelector('tbody')!.innerHTML = runs
      .map(
        (r) => `<tr class="${r.name === run || picked.has(r.name) ? 'selected' : ''}"><td><input type="checkbox" data-run="${esc(r.name)}" aria-label="compare ${esc(r.name || 'RUNS_DIR')}"${picked.has(r.name) ? ' checked' : ''} /></td><td><a href="#/runs/${esc(encPath(r.name))}">${esc(r.name || '(RUNS_DIR)')}</a></td><td>${esc(dataText(r.data).slice(0, 40))}</td><td>${esc(r.loss ?? '')}</td><td>${r.steps ?? ''}</td><td>${r.finished ? 'finished' : '<b>running or stopped</b>'}</td></tr>`,
      )
      .join('');
    $('runs-note').textContent = runs.length === 0 ? 'No run folders here yet: `tsgan train --out RUNS_DIR/NAME` makes one.' : `${runs.length} run folder(s), newest first.`;
  };
  void loadList();
  const listTimer = setInterval(() => void loadList(), 5000);

  if (run === undefined && compare.length > 0) {
    const stop = mountCompare($('run-detail'), compare);
    return () => {
      alive = false;
      clearInterval(listTimer);
      stop();
    };
  }
  if (run !== undefined) {
    const detail = $('run-detail');
    detail.innerHTML = `<h2 id="run-name">${esc(run)}</h2>
      <p>step <output id="run-step">0</output> · <span id="run-last" class="muted"></span></p>
      <pre id="run-config" class="small"></pre>
      <canvas id="run-chart-loss" width="420" height="200"></canvas>
      <canvas id="run-chart-value" width="420" height="200"></canvas>
      <p id="run-missing" class="error" hidden></p>
      <div class="images"><figure><img id="run-samples" alt="samples.png: the run's latest generated samples" hidden /><figcaption id="cap-samples">samples.png</figcaption></figure>
      <figure><img id="run-curves" alt="curves.png: the run's curves" hidden /><figcaption id="cap-curves">curves.png</figcaption></figure></div>`;
    const base = `files/${encPath(run)}/`;
    void fetch(`${base}config.json`, { cache: 'no-store' }).then(async (r) => {
      if (!alive) return;
      if (r.ok) {
        const c = await r.json();
        $('run-config').textContent = `data ${dataText(c.data)} · ${c.loss} · k = ${c.dSteps} · batch ${c.batchSize} · G ${c.generator?.hidden?.join('·')} · D ${c.discriminator?.hidden?.join('·')} · seed ${c.seed} · ${c.steps} steps`;
        return;
      }
      // no config.json: a run folder that has not written it yet, or no such run at all
      const { runs } = (await (await fetch('api/runs', { cache: 'no-store' })).json()) as { runs: RunEntry[] };
      if (!alive) return;
      const missing = $('run-missing');
      missing.hidden = false;
      missing.textContent = runs.some((x) => x.name === run) ? 'waiting for the run to write its config.json' : `no such run: "${run}" is not a run folder under RUNS_DIR (pick one from the list)`;
      for (const id of ['run-chart-loss', 'run-chart-value']) $(id).hidden = !runs.some((x) => x.name === run);
    });
    /** Each picture's last ETag: reloaded when the file changes, "waiting" until it exists. */
    const shown: Record<string, string | null> = {};
    const images = async () => {
      for (const [id, file] of [['samples', 'samples.png'], ['curves', 'curves.png']] as const) {
        const r = await fetch(`${base}${file}`, { method: 'HEAD', cache: 'no-store' }).catch(() => undefined);
        if (!alive) return;
        const img = $<HTMLImageElement>(`run-${id}`);
        const tag = r?.ok === true ? (r.headers.get('ETag') ?? r.headers.get('Last-Modified') ?? '') : null;
        if (tag === shown[file]) continue;
        shown[file] = tag;
        img.hidden = tag === null;
        $(`cap-${id}`).textContent = tag === null ? `${file}: waiting for the first snapshot` : file;
        if (tag !== null) img.src = `${base}${file}?v=${encodeURIComponent(tag)}`;
      }
    };
    void images();
    const imageTimer = setInterval(() => void images(), 1000);
    const steps = { step: [] as number[], dLoss: [] as number[], gLoss: [] as number[], value: [] as number[] };
    let dirty = false;
    const draw = () => {
      if (!dirty || !alive) return;
      dirty = false;
      $('run-step').textContent = String(steps.step[steps.step.length - 1] ?? 0);
      drawLineChart($<HTMLCanvasElement>('run-chart-loss'), 'losses', [
        { name: 'D loss', color: SERIES.d, x: steps.step, y: steps.dLoss },
        { name: 'G loss', color: SERIES.g, x: steps.step, y: steps.gLoss },
      ]);
      const last = steps.step[steps.step.length - 1] ?? 1;
      drawLineChart($<HTMLCanvasElement>('run-chart-value'), 'V(D, G) and −log 4', [
        { name: 'V(D, G)', color: SERIES.value, x: steps.step, y: steps.value },
        { name: '−log 4', color: SERIES.reference, x: [0, last], y: [-Math.log(4), -Math.log(4)], dashed: true },
      ]);
    };
    const drawTimer = setInterval(draw, 200);
    source = new EventSource(`api/runs/events?run=${encodeURIComponent(run)}`);
    onRecords(source, (r) => {
      if (r.type === 'step' && typeof r.step === 'number') {
        steps.step.push(r.step);
        steps.dLoss.push(Number(r.dLoss));
        steps.gLoss.push(Number(r.gLoss));
        steps.value.push(Number(r.value));
        dirty = true;
      } else if (r.type === 'eval') {
        const m = r.modes as { modesCaptured?: number; totalModes?: number } | undefined;
        $('run-last').textContent = `eval at step ${r.step}: ${m ? `modes ${m.modesCaptured}/${m.totalModes} · ` : ''}${typeof r.w1 === 'number' ? `W1 ≈ ${r.w1.toFixed(4)}` : ''}`;
      }
    });
    source.addEventListener('reset', () => {
      for (const k of Object.keys(steps) as (keyof typeof steps)[]) steps[k].length = 0;
      dirty = true;
    });
    return () => {
      alive = false;
      clearInterval(listTimer);
      clearInterval(drawTimer);
      clearInterval(imageTimer);
      source?.close();
    };
  }
  return () => {
    alive = false;
    clearInterval(listTimer);
  };
}
