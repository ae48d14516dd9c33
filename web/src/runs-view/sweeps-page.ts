/**
 * Sweeps (#/sweeps, #/sweeps/JOB): the sweeps on the server's queue (`tsgan serve --queue URL`), each
 * job with its setting, seed, state, progress and worker, refreshed every 2 s; a job's link shows its
 * run as its worker last copied it to Redis (at every checkpoint): samples.png, curves.png and the last
 * step's numbers — a run on any machine, watched while it trains.
 */

interface JobEntry {
  id: string;
  setting: string;
  seed: number;
  steps: number;
  state: string;
  step: number;
  worker?: string;
  failedReason?: string;
  attempts: number;
  stored: boolean;
  result?: { metrics: Record<string, number | null>; seconds: number };
}
interface SweepEntry {
  name: string;
  submitted: string;
  measure: string[];
  jobs: JobEntry[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fileUrl = (job: string, file: string, bust: number) => `api/sweeps/file?job=${job}&file=${file}&t=${bust}`;

/** A job's metrics in a short line (its result's, once finished). */
function metricsText(j: JobEntry): string {
  if (j.result === undefined) return '';
  return Object.entries(j.result.metrics)
    .filter(([k]) => k !== 'totalModes' && k !== 'samples')
    .map(([k, v]) => `${k} ${v === null ? '∞' : Number(v.toPrecision(4))}`)
    .join(' · ');
}

function jobRow(j: JobEntry, selected: string | undefined): string {
  const pct = Math.round((100 * j.step) / Math.max(1, j.steps));
  const progress = `<progress max="${j.steps}" value="${j.step}" aria-label="step ${j.step} of ${j.steps}"></progress> ${j.step}/${j.steps}`;
  const run = j.stored ? `<a href="#/sweeps/${j.id}" data-job="${j.id}">run</a>` : '';
  const state = j.state === 'failed' ? `<b>failed</b>: ${esc(j.failedReason ?? '')}` : esc(j.state) + (j.attempts > 1 ? ` (started ${j.attempts}×)` : '');
  return `<tr class="${j.id === selected ? 'selected' : ''}" data-state="${esc(j.state)}" title="${pct} %"><td>${esc(j.setting)}</td><td>${j.seed}</td><td>${state}</td><td>${progress}</td><td>${esc(j.worker ?? '')}</td><td>${esc(metricsText(j))}</td><td>${run}</td></tr>`;
}

/** The last step record of a metrics.jsonl text, or undefined. */
function lastStep(text: string): Record<string, unknown> | undefined {
  const lines = text.trim().split('\n').reverse();
  for (const l of lines) {
    try {
      const r = JSON.parse(l) as Record<string, unknown>;
      if (r.type === 'step') return r;
    } catch {
      /* a line being written */
    }
  }
  return undefined;
}

/** Mounts Sweeps in `root`; `job` = the job whose stored run is shown. Returns the unmount function. */
export function mountSweeps(root: HTMLElement, job: string | undefined): () => void {
  root.innerHTML = `<section class="sweeps"><h2>Sweeps</h2><div id="sweep-list"><p class="muted">reading the queue…</p></div><div class="run-detail" id="sweep-run"></div></section>`;
  let alive = true;
  const list = document.getElementById('sweep-list')!;
  const detail = document.getElementById('sweep-run')!;
  let shownFor = '';
  const refresh = async () => {
    const res = await fetch('api/sweeps', { cache: 'no-store' });
    if (!alive) return;
    if (res.status === 404) {
      list.innerHTML = '<p class="muted">This server lists no sweeps: start it with <code>tsgan serve --queue redis://host:6379</code> (docs/sweeps.md).</p>';
      return;
    }
    const { sweeps } = (await res.json()) as { sweeps: SweepEntry[] };
    if (!alive) return;
    list.innerHTML =
      sweeps.length === 0
        ? '<p class="muted">No sweep on this queue yet: <code>tsgan sweep FILE --queue URL</code> submits one.</p>'
        : sweeps
            .map((s) => {
              const done = s.jobs.filter((j) => j.state === 'completed').length;
              return `<h3 data-sweep="${esc(s.name)}">${esc(s.name)} <span class="muted small">${done}/${s.jobs.length} done · measures ${esc(s.measure.join(', '))} · submitted ${esc(s.submitted.slice(0, 19).replace('T', ' '))}</span></h3>
              <table class="sweep-jobs"><thead><tr><th>setting</th><th>seed</th><th>state</th><th>step</th><th>worker</th><th>result</th><th></th></tr></thead><tbody>${s.jobs.map((j) => jobRow(j, job)).join('')}</tbody></table>`;
            })
            .join('');
    if (job === undefined) return;
    const entry = sweeps.flatMap((s) => s.jobs).find((j) => j.id === job);
    if (entry === undefined) {
      detail.innerHTML = '<p class="muted">No such job on this queue.</p>';
      return;
    }
    // The stored run: pictures and the last step, reloaded when the worker copies a new checkpoint.
    const metrics = await fetch(fileUrl(job, 'metrics.jsonl', Date.now()), { cache: 'no-store' });
    if (!alive) return;
    const text = metrics.ok ? await metrics.text() : '';
    const last = lastStep(text);
    const key = `${entry.state}:${String(last?.step ?? '')}`;
    if (key === shownFor) return;
    shownFor = key;
    const bust = Date.now();
    const num = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(4)) : '–');
    detail.innerHTML = `<h3>${esc(entry.setting)}, seed ${entry.seed} <span class="muted small">job ${entry.id.slice(0, 8)} · ${esc(entry.state)}${entry.worker === undefined ? '' : ` on ${esc(entry.worker)}`}</span></h3>
      <p id="sweep-run-step">${last === undefined ? 'no step copied yet' : `copied at step ${String(last.step)} of ${entry.steps}: D's loss ${num(last.dLoss)}, G's loss ${num(last.gLoss)}${typeof last.value === 'number' ? `, V(D, G) ${num(last.value)}` : ''}`}</p>
      <p class="muted small">the run as its worker last copied it to Redis (at every checkpoint); <code>tsgan sweep report NAME --fetch DIR</code> writes finished runs to disk</p>
      <img id="sweep-samples" alt="samples.png of the job's run" src="${fileUrl(job, 'samples.png', bust)}" />
      <img id="sweep-curves" alt="curves.png of the job's run" src="${fileUrl(job, 'curves.png', bust)}" />`;
  };
  void refresh();
  const timer = setInterval(() => void refresh(), 2000);
  return () => {
    alive = false;
    clearInterval(timer);
  };
}
