/**
 * The web app: picks the TF.js backend (./backend-choice.ts: the fastest this browser offers;
 * `?backend=NAME` forces one) and routes between the Lab (#/lab), Runs (#/runs, #/runs/NAME) and Sweeps (#/sweeps, #/sweeps/JOB).
 */
// The ES module build of tfjs-core registers no gradients by itself (its Node bundle does); the Lab's
// gradient arrows use tf.grad.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { backendLine, chooseBackend } from './backend-choice.js';
import { mountLab } from './lab/lab-page.js';
import { mountRuns } from './runs-view/runs-page.js';
import { mountSweeps } from './runs-view/sweeps-page.js';

let unmount: (() => void) | undefined;
let lastLabHash = '#/lab';
/** Bumped by every route(): a Lab waiting for the backend choice mounts only if no other route came since. */
let routes = 0;

const query = new URLSearchParams(location.search);
let backendChoice: Promise<void> | undefined;
/** The backend choice, made once, when the Lab first needs it (Runs does not train: it opens at once). */
function backendReady(): Promise<void> {
  backendChoice ??= (async () => {
    const threads = Number(query.get('threads'));
    const backend = await chooseBackend(query.get('backend'), Number.isInteger(threads) && threads > 0 ? threads : undefined);
    const header = document.getElementById('backend-name')!;
    header.textContent = backendLine(backend);
    header.title = backend.measures.map((m) => m.renderer).filter((r) => r !== undefined).join('; ');
    document.body.dataset.backend = backend.name;
  })();
  return backendChoice;
}

function route(): void {
  const app = document.getElementById('app')!;
  const hash = location.hash || '#/lab';
  const mine = ++routes;
  unmount?.();
  unmount = undefined;
  document.getElementById('nav-lab')!.classList.toggle('active', hash.startsWith('#/lab'));
  document.getElementById('nav-runs')!.classList.toggle('active', hash.startsWith('#/runs'));
  document.getElementById('nav-sweeps')!.classList.toggle('active', hash.startsWith('#/sweeps'));
  if (hash.startsWith('#/sweeps')) {
    const job = /^#\/sweeps\/([0-9a-f]{32})$/.exec(hash)?.[1];
    unmount = mountSweeps(app, job);
  } else if (hash.startsWith('#/runs')) {
    const [path, query] = hash.slice('#/runs'.length).split('?');
    const rest = path.replace(/^\//, '');
    let run: string | undefined;
    let compare: string[] = [];
    try {
      run = rest === '' ? undefined : rest.split('/').map(decodeURIComponent).join('/');
      // each name URL-encoded, joined by commas (a comma in a name is %2C, so split before decoding)
      compare = (/(?:^|&)compare=([^&]*)/.exec(query ?? '')?.[1] ?? '').split(',').filter((x) => x !== '').map(decodeURIComponent);
    } catch {
      run = undefined;
    }
    unmount = mountRuns(app, run, compare);
  } else {
    app.innerHTML = '<p class="muted">choosing the fastest TF.js backend of this browser…</p>';
    void backendReady().then(() => {
      if (mine === routes) unmount = mountLab(app, hash);
    });
  }
}

window.addEventListener('hashchange', (ev) => {
  // The Lab rewrites its own hash as it trains (replaceState, no event), so the URL being left holds the
  // Lab's latest experiment: kept for the way back (Lab → Runs → Lab continues it instead of the defaults).
  const left = new URL(ev.oldURL).hash;
  if (left.startsWith('#/lab')) lastLabHash = left;
  if (location.hash.startsWith('#/lab')) lastLabHash = location.hash;
  route();
});
document.getElementById('nav-lab')!.addEventListener('click', (ev) => {
  if (location.hash.startsWith('#/lab')) ev.preventDefault();
  else (ev.currentTarget as HTMLAnchorElement).href = lastLabHash;
});
route();
