/**
 * The web app: picks the TF.js backend (WebGL where the browser has it, else the pure-JS cpu backend;
 * `?backend=cpu` forces one) and routes between the Lab (#/lab) and Runs (#/runs, #/runs/NAME).
 */
import * as tf from '@tensorflow/tfjs-core';
// The ES module build of tfjs-core registers no gradients by itself (its Node bundle does); the Lab's
// gradient arrows use tf.grad.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { mountLab } from './lab/lab-page.js';
import { mountRuns } from './runs-view/runs-page.js';

async function chooseBackend(): Promise<string> {
  const asked = new URLSearchParams(location.search).get('backend');
  const order = asked === 'cpu' || asked === 'webgl' ? [asked] : ['webgl', 'cpu'];
  for (const name of order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      /* try the next one */
    }
  }
  await tf.setBackend('cpu');
  return 'cpu';
}

let unmount: (() => void) | undefined;
let lastLabHash = '#/lab';

function route(): void {
  const app = document.getElementById('app')!;
  const hash = location.hash || '#/lab';
  unmount?.();
  unmount = undefined;
  document.getElementById('nav-lab')!.classList.toggle('active', hash.startsWith('#/lab'));
  document.getElementById('nav-runs')!.classList.toggle('active', hash.startsWith('#/runs'));
  if (hash.startsWith('#/runs')) {
    const rest = hash.slice('#/runs'.length).replace(/^\//, '');
    let run: string | undefined;
    try {
      run = rest === '' ? undefined : rest.split('/').map(decodeURIComponent).join('/');
    } catch {
      run = undefined;
    }
    unmount = mountRuns(app, run);
  } else {
    unmount = mountLab(app, hash);
  }
}

const backend = await chooseBackend();
document.getElementById('backend-name')!.textContent = `TF.js backend: ${backend}`;
document.body.dataset.backend = backend;
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
