/**
 * The Lab's bugs of issue #24, each seen in headless Chromium as a user meets it: the layout at 800×600
 * and the canvases' text alternatives (7), links with too many operations and a replay that pause
 * stops (4), a refused apply (5), a data source that gives no experiment and the critic's caption (6),
 * Lab → Runs → Lab keeping the experiment (3), and the Runs view's pictures following the files
 * themselves, with "waiting" and "no such run" states (1).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { canvasDigest, launchBrowser, screenshot } from './browser.js';
import { FIXTURE_RUN, fixtureRunsDir, serve, type Served } from './serve-helpers.js';

interface Lab {
  step: number;
  busy: boolean;
  error: string;
  config: { loss: string; seed: number; pack: number; generator: { hidden: number[] } };
}

const lab = (page: Page): Promise<Lab> =>
  page.evaluate(() => {
    const h = (window as unknown as { tsganLab: Lab }).tsganLab;
    return JSON.parse(JSON.stringify({ step: h.step, busy: h.busy, error: h.error, config: h.config }));
  });

async function idleAt(page: Page, step: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (s) => {
      const h = (window as unknown as { tsganLab?: { step: number; busy: boolean } }).tsganLab;
      return h !== undefined && h.step === s && !h.busy;
    },
    step,
    { timeout, polling: 100 },
  );
}

/**
 * A Lab link: `config` over the schema's defaults, ring8, and the operations `ops`. The pages below ask
 * for `?backend=wasm` (what the measurement picks here) so that each skips the backend measurement; the
 * backend test loads the page without it.
 */
const link = (config: Record<string, unknown>, ops: string) => `#/lab?exp=${encodeURIComponent(JSON.stringify({ config, source: { kind: 'preset', name: 'ring8' } }))}&ops=${ops}`;

const SMALL = { generator: { hidden: [16] }, discriminator: { hidden: [16] }, batchSize: 32 };

describe('web lab fixes (#24) in headless Chromium', () => {
  const fx = fixtureRunsDir();
  let server: Served;
  let browser: Browser;
  before(async () => {
    server = await serve([fx.runsDir]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('at 800×600 the page fits the window, the first plot is above the fold, and every canvas has a text alternative (bug 7)', async () => {
    for (const [width, height] of [[800, 600], [390, 800]] as const) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(`${server.url}?backend=wasm#/lab`);
      await idleAt(page, 0);
      const layout = await page.evaluate(() => {
        const r = document.getElementById('view-field')!.getBoundingClientRect();
        const canvases = Array.from(document.querySelectorAll('canvas')).map((c) => {
          const by = c.getAttribute('aria-labelledby');
          const name = c.getAttribute('aria-label') ?? (by === null ? '' : document.getElementById(by)?.textContent ?? '');
          return { id: c.id, role: c.getAttribute('role'), name: name.trim() };
        });
        return { scrollWidth: document.documentElement.scrollWidth, top: r.top, right: r.right, canvases };
      });
      assert.ok(layout.scrollWidth <= width, `${width}×${height}: page ${layout.scrollWidth} px wide`);
      assert.ok(layout.right <= width, `${width}×${height}: the first plot ends at ${layout.right} px`);
      if (width === 800) assert.ok(layout.top < height, `800×600: the first plot starts at ${layout.top} px, below the fold`);
      // the settings are folded on a phone-sized window, open at 800 px; a group's title opens it from the keyboard
      const open = await page.evaluate(() => Array.from(document.querySelectorAll('details.form-group')).map((d) => (d as HTMLDetailsElement).open));
      assert.deepEqual(open, [width > 600, width > 600, width > 600]);
      if (width < 600) {
        await page.focus('details.form-group summary');
        await page.keyboard.press('Enter');
        assert.equal(await page.evaluate(() => (document.querySelector('details.form-group') as HTMLDetailsElement).open), true);
      }
      assert.equal(layout.canvases.length, 8);
      for (const c of layout.canvases) {
        assert.equal(c.role, 'img', c.id);
        assert.ok(c.name.length > 10, `${c.id}: text alternative "${c.name}"`);
      }
      await page.close();
    }
  });

  it('a link with more operations than a link may replay is refused in one line; a long replay stops at pause and the link then says where it stopped (bug 4)', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}?backend=wasm${link(SMALL, 't99999999999')}`);
    await idleAt(page, 0);
    assert.match((await page.textContent('#form-error')) ?? '', /^the link could not be read \(ops: 99999999999 operations; a link replays at most 100000\); starting from the defaults$/);
    await page.goto(`${server.url}?backend=wasm${link(SMALL, 't1000000')}`); // a new hash: the app routes to it
    await idleAt(page, 0);
    assert.match((await page.textContent('#form-error')) ?? '', /ops: 1000000 operations; a link replays at most 100000/);
    // the largest allowed replay: pause stops it where it got to
    await page.goto(`${server.url}?backend=wasm${link(SMALL, 't100000')}`);
    // polled on a timer, not on animation frames (a page busy replaying may draw few frames on a loaded machine)
    await page.waitForFunction(() => ((window as unknown as { tsganLab?: Lab }).tsganLab?.step ?? 0) >= 3, undefined, { polling: 100, timeout: 60_000 });
    assert.equal(await page.textContent('#status'), 'restoring');
    assert.equal(await page.textContent('#play'), 'pause');
    await page.click('#play');
    await page.waitForFunction(() => !(window as unknown as { tsganLab: Lab }).tsganLab.busy, undefined, { timeout: 10_000 });
    const stopped = (await lab(page)).step;
    assert.ok(stopped >= 3 && stopped < 100_000, `stopped at ${stopped}`);
    assert.equal(await page.textContent('#play'), 'play');
    await page.waitForTimeout(200);
    assert.equal((await lab(page)).step, stopped, 'nothing runs after pause');
    assert.match(await page.evaluate(() => location.hash), new RegExp(`ops=t${stopped}&step=${stopped}$`));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a refused apply keeps the running experiment, pauses it, names the form\'s fields, and can be reverted (bug 5)', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${server.url}?backend=wasm${link(SMALL, '')}`);
    await idleAt(page, 0);
    await page.click('#play');
    await page.waitForFunction(() => (window as unknown as { tsganLab: Lab }).tsganLab.step >= 2);
    await page.selectOption('#loss', 'wgan');
    await page.click('#apply');
    assert.equal(
      await page.textContent('#form-error'),
      'not applied: objective: wgan needs its critic kept Lipschitz: add “clip c” = 0.01 (WGAN), “gradient penalty λ” = 10 (WGAN-GP) or “spectral norm”',
    );
    await page.waitForFunction(() => !(window as unknown as { tsganLab: Lab }).tsganLab.busy, undefined, { timeout: 10_000 });
    const s = await lab(page);
    assert.equal(s.config.loss, 'non-saturating', 'the running experiment keeps its settings');
    assert.ok(s.step >= 2, 'and its steps');
    assert.equal(await page.isVisible('#revert'), true);
    await page.fill('#d-steps', '0');
    await page.click('#apply');
    assert.equal(await page.textContent('#form-error'), 'not applied: k: Too small: expected number to be >0');
    await page.click('#revert');
    assert.equal(await page.inputValue('#loss'), 'non-saturating');
    assert.equal(await page.inputValue('#d-steps'), '1');
    assert.equal(await page.textContent('#form-error'), '');
    assert.equal(await page.isVisible('#revert'), false);
    await page.close();
  });

  it('"draw points" with no points clears every view and number of the last experiment; a critic\'s heatmap is captioned as a rescaled score (bug 6)', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${server.url}?backend=wasm${link({ ...SMALL, loss: 'wgan', clipValue: 0.01 }, 't3')}`);
    await idleAt(page, 3);
    assert.match((await page.textContent('#cap-field')) ?? '', /^critic f\(x\) rescaled to its range on the view \(blue -?\d\.\d{3} … red -?\d\.\d{3}\)/);
    assert.notEqual(await page.textContent('#d-loss'), '–');
    const blank = async (id: string) => (await canvasDigest(page, id)).colours;
    assert.ok((await blank('view-dstar')) > 10, 'D* drawn');
    await page.selectOption('#data-kind', 'draw');
    await page.waitForFunction(() => document.getElementById('step')?.textContent === '0');
    for (const id of ['d-loss', 'g-loss', 'value', 'v-opt', 'mean-gap', 'w1', 'modes']) assert.equal(await page.textContent(`#${id}`), '–', id);
    for (const id of ['view-dstar', 'view-gap', 'chart-loss', 'chart-value', 'chart-w1']) assert.ok((await blank(id)) <= 2, `${id} cleared`);
    await page.close();
  });

  it('Lab → Runs → Lab continues the experiment where it was (bug 3)', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${server.url}?backend=wasm#/lab`);
    await idleAt(page, 0);
    await page.fill('#seed', '5');
    await page.fill('#g-hidden', '16');
    await page.fill('#d-hidden', '16');
    await page.click('#apply');
    await idleAt(page, 0);
    await page.fill('#run-count', '4');
    await page.click('#run-n');
    await idleAt(page, 4);
    await page.click('#nav-runs');
    await page.waitForSelector('.runs');
    await page.click('#nav-lab');
    await idleAt(page, 4);
    const s = await lab(page);
    assert.deepEqual([s.step, s.config.seed, s.config.generator.hidden], [4, 5, [16]]);
    await page.close();
  });

  it('Runs: a picture shows once its file exists and reloads when the file changes (not at the eval record, which comes first); a missing run says so (bug 1)', async () => {
    const live = join(fx.runsDir, 'live');
    mkdirSync(live);
    copyFileSync(join(FIXTURE_RUN, 'config.json'), join(live, 'config.json'));
    copyFileSync(join(FIXTURE_RUN, 'metrics.jsonl'), join(live, 'metrics.jsonl'));
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const broken: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('.png') && r.request().method() === 'GET' && r.status() !== 200) broken.push(r.url());
    });
    await page.goto(`${server.url}#/runs/live`);
    await page.waitForFunction(() => document.getElementById('cap-samples')?.textContent === 'samples.png: waiting for the first snapshot');
    assert.equal(await page.textContent('#cap-curves'), 'curves.png: waiting for the first snapshot');
    assert.equal(await page.isVisible('#run-samples'), false, 'no broken image');
    const src = () => page.evaluate(() => (document.getElementById('run-samples') as HTMLImageElement).src);
    // the trainer writes the picture after the eval record: it appears when the file does
    copyFileSync(join(FIXTURE_RUN, 'samples.png'), join(live, 'samples.png'));
    await page.waitForFunction(() => (document.getElementById('run-samples') as HTMLImageElement).naturalWidth > 0, null, { timeout: 5000 });
    assert.equal(await page.textContent('#cap-samples'), 'samples.png');
    const first = await src();
    // a new snapshot replaces the file: the picture follows
    copyFileSync(join(FIXTURE_RUN, 'curves.png'), join(live, 'samples.png'));
    await page.waitForFunction((old) => (document.getElementById('run-samples') as HTMLImageElement).src !== old, first, { timeout: 5000 });
    await page.waitForTimeout(1500);
    const second = await src();
    await page.waitForTimeout(1500);
    assert.equal(await src(), second, 'an unchanged file is not reloaded');
    // curves.png, written when the run ends, appears too
    copyFileSync(join(FIXTURE_RUN, 'curves.png'), join(live, 'curves.png'));
    await page.waitForFunction(() => (document.getElementById('run-curves') as HTMLImageElement).naturalWidth > 0, null, { timeout: 5000 });
    assert.deepEqual(broken, [], 'no picture was asked for before it existed');
    await page.goto(`${server.url}#/runs/nope`);
    await page.waitForFunction(() => document.getElementById('run-missing')?.textContent?.startsWith('no such run'));
    assert.equal(await page.textContent('#run-missing'), 'no such run: "nope" is not a run folder under RUNS_DIR (pick one from the list)');
    await page.close();
  });

  it('the backend: the fastest this browser offers, chosen by a short measurement and shown in the header (software WebGL skipped); ?backend= overrides; the speed of the default experiment is logged', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${server.url}#/lab`);
    await idleAt(page, 0);
    const line = (await page.textContent('#backend-name')) ?? '';
    // headless Chromium here: no WebGPU adapter, a SwiftShader WebGL, so wasm with SIMD on a cross-origin isolated page
    assert.match(line, /^TF\.js backend: wasm \(SIMD, \d+ threads? of \d+ logical cores: TF\.js's wasm backend uses at most half\) — the fastest measured \(webgpu: (not in this browser|no GPU adapter|did not start) · wasm \d+ steps\/s · webgl: (software WebGL|no WebGL)\)$/);
    assert.match((await page.getAttribute("#backend-name", "title")) ?? "", /SwiftShader|llvmpipe|^$/, "the renderer in the tooltip");
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'the server sends COOP/COEP');
    await page.click('#play');
    await page.waitForFunction(() => (window as unknown as { tsganLab: Lab }).tsganLab.step >= 20, undefined, { timeout: 30_000 });
    const s0 = (await lab(page)).step;
    const t0 = Date.now();
    await page.waitForTimeout(3000);
    const rate = ((await lab(page)).step - s0) / ((Date.now() - t0) / 1000);
    await page.click('#play');
    console.log(`# lab speed (default settings, headless Chromium, ${line.slice('TF.js backend: '.length).split(' — ')[0]}): ${rate.toFixed(1)} steps/s with the views drawn; the default ${2000}-step experiment ≈ ${(2000 / rate).toFixed(0)} s`);
    assert.ok(rate > 0);
    await page.close();
    const cpu = await browser.newPage();
    await cpu.goto(`${server.url}?backend=cpu#/lab`);
    await idleAt(cpu, 0);
    assert.equal(await cpu.textContent('#backend-name'), 'TF.js backend: cpu — chosen by ?backend=');
    await cpu.close();
    // ?threads= asks the wasm backend for threads; TF.js gives at most half the logical cores, and the header says so
    const threaded = await browser.newPage();
    await threaded.goto(`${server.url}?backend=wasm&threads=8#/lab`);
    await idleAt(threaded, 0);
    const cores = await threaded.evaluate(() => navigator.hardwareConcurrency);
    const expected = Math.min(8, Math.max(1, Math.floor(cores / 2)));
    assert.equal(
      await threaded.textContent('#backend-name'),
      `TF.js backend: wasm (SIMD, ${expected} thread${expected === 1 ? '' : 's'} of ${cores} logical cores: TF.js's wasm backend uses at most half${expected < 8 ? ', not the 8 asked' : ''}) — chosen by ?backend=`,
    );
    await threaded.close();
  });

  it('GAN Lab\'s views: the model graph shows which player the last update moved; the noise grid drawn through G; JS and both KLs charted', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}?backend=wasm${link({ ...SMALL, noise: { dim: 2 } }, 't5')}`);
    await idleAt(page, 5);
    const colours = async (id: string) => (await canvasDigest(page, id)).colours;
    assert.ok((await colours('view-manifold')) > 20, 'the manifold is drawn');
    assert.ok((await colours('chart-divergence')) > 5, 'the divergence chart is drawn');
    // D* has a colour bar at its right edge: D* = 1 at the top (red), 0 at the bottom (blue)
    const bar = await page.evaluate(() => {
      const c = document.getElementById('view-dstar') as HTMLCanvasElement;
      const ctx = c.getContext('2d')!;
      const bottomY = 28 + Math.min(120, c.height - 60) - 3;
      return { top: Array.from(ctx.getImageData(c.width - 11, 30, 1, 1).data.slice(0, 3)), bottom: Array.from(ctx.getImageData(c.width - 11, bottomY, 1, 1).data.slice(0, 3)) };
    });
    assert.ok(bar.top[0] > 150 && bar.top[2] < 80, `top of the bar ${bar.top}`);
    assert.ok(bar.bottom[2] > 150 && bar.bottom[0] < 100, `bottom of the bar ${bar.bottom}`);
    assert.match((await page.textContent('#cap-manifold')) ?? '', /^G's transformation of the noise: a 21×21 grid of z over \[−2\.5, 2\.5\]² drawn through G; rows coloured/);
    assert.equal(await page.getAttribute('#model-graph', 'data-op'), 'g');
    assert.match((await page.textContent('#cap-graph')) ?? '', /^last update: G \(after k = 1 D update\): L_G's gradient flows back through D \(fixed\) into G$/);
    await page.click('#step-d');
    await idleAt(page, 5);
    assert.equal(await page.getAttribute('#model-graph', 'data-op'), 'd');
    assert.match((await page.textContent('#cap-graph')) ?? '', /^last update: D/);
    const highlighted = await page.evaluate(() => getComputedStyle(document.querySelector('#model-graph .d-net rect')!).fill);
    assert.notEqual(highlighted, await page.evaluate(() => getComputedStyle(document.querySelector('#model-graph .g-net rect')!).fill), 'D is drawn highlighted, G not');
    await page.click('#step-g');
    await idleAt(page, 6);
    assert.equal(await page.getAttribute('#model-graph', 'data-op'), 'g');
    await page.close();
  });

  it('an edit of a learning rate or k while training takes effect at the next step without a restart, is recorded in the link, and the link replays it bit for bit', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${server.url}?backend=wasm${link(SMALL, 't5')}`);
    await idleAt(page, 5);
    await page.fill('#g-lr', '0.0005');
    await page.dispatchEvent('#g-lr', 'change');
    assert.equal(await page.textContent('#status'), 'G lr = 0.0005 from step 6');
    assert.equal(await page.textContent('#form-error'), '');
    await page.fill('#d-steps', '2');
    await page.dispatchEvent('#d-steps', 'change');
    await page.fill('#run-count', '4');
    await page.click('#run-n');
    await idleAt(page, 9);
    const config = await page.evaluate(() => (window as unknown as { tsganLab: { config: { dSteps: number; optimizer: { generator: { learningRate: number } } } } }).tsganLab.config);
    assert.deepEqual([config.optimizer.generator.learningRate, config.dSteps], [0.0005, 2], 'the running experiment has the edits, at step 9 (not restarted)');
    const hash = await page.evaluate(() => location.hash);
    const q = new URLSearchParams(hash.split('?')[1]);
    assert.equal(q.get('ops'), 't5e0e1t4');
    assert.deepEqual(JSON.parse(q.get('edits')!), [{ 'optimizer.generator.learningRate': 0.0005 }, { dSteps: 2 }]);
    const history = () => page.evaluate(() => JSON.stringify((window as unknown as { tsganLab: { history: unknown } }).tsganLab.history));
    const live = await history();
    // an invalid edit: refused in the form's words, the experiment keeps k = 2
    await page.fill('#d-steps', '0');
    await page.dispatchEvent('#d-steps', 'change');
    assert.equal(await page.textContent('#form-error'), 'not applied: k: Too small: expected number to be >0');
    assert.equal(await page.evaluate(() => (window as unknown as { tsganLab: { config: { dSteps: number } } }).tsganLab.config.dSteps), 2);
    // the link, opened afresh, replays the edits where they were made
    const other = await browser.newPage();
    await other.goto(`${server.url}?backend=wasm${hash}`);
    await idleAt(other, 9);
    assert.equal(await other.evaluate(() => JSON.stringify((window as unknown as { tsganLab: { history: unknown } }).tsganLab.history)), live, 'bit-identical records');
    assert.equal(await other.inputValue('#g-lr'), '0.0005', 'the form shows the settings in use');
    assert.equal(await other.inputValue('#d-steps'), '2');
    // a link whose edits change a field that cannot change while training is refused in one line
    const bad = `${server.url}?backend=wasm${link(SMALL, 't2e0')}&edits=${encodeURIComponent(JSON.stringify([{ batchSize: 8 }]))}`;
    // A fresh load of the link, as a user opening it in a new tab: going to it from this page would be a
    // same-document hash change (the Lab remounts at once and rewrites the address to the defaults it
    // started from, with history.replaceState), and a reload after that raced the rewrite: it reloaded
    // either the bad link or the defaults (the CI flake of 020fa16).
    await other.goto('about:blank');
    await other.goto(bad);
    await idleAt(other, 0);
    assert.match((await other.textContent('#form-error')) ?? '', /^the link could not be read \(edits: "batchSize" cannot change while training\)/);
    await other.close();
    await page.close();
  });

  it('slow motion: a step shown as D forward, D backward (× k), G forward, G backward, each drawn, the graph lighting the edges each uses and the gradient flowing back; the updates are the trainer\'s own, so the records equal full steps and the link replays', async () => {
    const K2 = { ...SMALL, dSteps: 2 };
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${server.url}?backend=wasm${link(K2, '')}`);
    await idleAt(page, 0);
    await page.selectOption('#speed', 'slow');
    assert.equal(await page.textContent('#step-once'), 'next substep');
    const seen: { phase: string; updating: string; flows: string; substep: string; caption: string; step: number }[] = [];
    const digests: number[] = [];
    for (let i = 0; i < 12; i++) {
      await page.click('#step-once');
      await page.waitForFunction(() => !(window as unknown as { tsganLab: Lab }).tsganLab.busy, null, { polling: 50 });
      seen.push(
        await page.evaluate(() => {
          const g = document.getElementById('model-graph')!;
          const flows = Array.from(g.querySelectorAll('.edge.flow')).map((e) => `${e.id.slice('edge-'.length)}${e.classList.contains('back') ? '<' : '>'}`).join(' ');
          return { phase: g.dataset.phase!, updating: g.dataset.updating!, flows, substep: document.getElementById('substep')!.textContent!, caption: document.getElementById('cap-graph')!.textContent!, step: (window as unknown as { tsganLab: Lab }).tsganLab.step };
        }),
      );
      digests.push((await canvasDigest(page, 'view-field')).hash);
    }
    const oneStep = ['d-forward', 'd-backward', 'd-forward', 'd-backward', 'g-forward', 'g-backward'];
    assert.deepEqual(seen.map((x) => x.phase), [...oneStep, ...oneStep]);
    const flows: Record<string, string> = {
      'd-forward': 'noise-g> g-fake> fake-d> real-d> d-loss>',
      'd-backward': 'd-loss<',
      'g-forward': 'noise-g> g-fake> fake-d> d-loss>',
      'g-backward': 'g-fake< fake-d< d-loss<',
    };
    for (const x of seen) assert.equal(x.flows, flows[x.phase], `${x.phase}: the edges it uses (> forward, < the gradient flowing back)`);
    assert.deepEqual(seen.map((x) => x.updating), ['', 'd', '', 'd', '', 'g', '', 'd', '', 'd', '', 'g'], 'the player each backward substep updates is highlighted');
    assert.deepEqual(seen.map((x) => x.step), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], "G's update (the step) runs as G backward is left");
    assert.equal(seen[2].substep, 'step 1 in progress · substep 3 of 6');
    assert.match(seen[2].caption, /^D forward: .* \(D update 2 of k = 2\)$/);
    assert.match(seen[5].caption, /^G backward: −∂L_G\/∂x at each sample \(arrows\) flows back through D into G's weights/);
    for (let i = 1; i < digests.length; i++) assert.notEqual(digests[i], digests[i - 1], `substep ${i + 1} is drawn differently from the one before`);
    await screenshot(page, 'web-lab-slow-motion.png'); // G backward of step 2: the gradient's arrows, flowing back through D into G
    // leaving slow motion completes the step in progress (its G update)
    assert.equal(new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]).get('ops'), 'd2g1d2');
    await page.selectOption('#speed', 'full');
    await idleAt(page, 2);
    assert.equal(await page.textContent('#substep'), '');
    assert.equal(await page.textContent('#step-once'), 'step');
    const hash = await page.evaluate(() => location.hash);
    assert.equal(new URLSearchParams(hash.split('?')[1]).get('ops'), 'd2g1d2g1');
    type Row = { op: string; step: number; dLoss: number; gLoss: number; value: number };
    const rows = (p: Page) => p.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { tsganLab: { history: unknown } }).tsganLab.history)) as Row[]);
    const slowRows = await rows(page);
    // the same experiment run as two full steps gives the same numbers (k D-only updates + a G-only update = one step)
    const full = await browser.newPage();
    await full.goto(`${server.url}?backend=wasm${link(K2, 't2')}`);
    await idleAt(full, 2);
    const fullRows = await rows(full);
    assert.deepEqual(slowRows.map((r) => r.op), ['d', 'd', 'g', 'd', 'd', 'g']);
    for (const [i, t] of fullRows.entries()) {
      assert.equal(t.dLoss, slowRows[3 * i + 1].dLoss, `step ${i + 1}: D's loss`);
      assert.equal(t.value, slowRows[3 * i + 1].value, `step ${i + 1}: V(D, G)`);
      assert.equal(t.gLoss, slowRows[3 * i + 2].gLoss, `step ${i + 1}: G's loss`);
    }
    // the slow-motion link replays the same records
    await full.goto(`${server.url}?backend=wasm${hash}`);
    await full.reload();
    await idleAt(full, 2);
    assert.deepEqual(await rows(full), slowRows);
    await full.close();
    await page.close();
  });

  it('speed: play at 20 steps/s runs no faster than that; slow motion plays its substeps on a clock; at full speed the data flows along the last player\'s edges', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${server.url}?backend=wasm${link(SMALL, '')}`);
    await idleAt(page, 0);
    await page.selectOption('#speed', '20');
    const t0 = Date.now();
    await page.click('#play');
    await page.waitForTimeout(1500);
    await page.click('#play');
    const elapsed = (Date.now() - t0) / 1000;
    await page.waitForFunction(() => !(window as unknown as { tsganLab: Lab }).tsganLab.busy, null, { polling: 50 });
    const paced = (await lab(page)).step;
    assert.ok(paced >= 1 && paced <= 20 * elapsed + 2, `${paced} steps in ${elapsed.toFixed(2)} s at 20 steps/s`);
    // slow motion, playing: the substeps follow one another by themselves
    await page.selectOption('#speed', 'slow');
    await page.click('#play');
    await page.waitForFunction(() => document.getElementById('model-graph')!.dataset.phase === 'd-backward', null, { polling: 50, timeout: 20_000 });
    await page.waitForFunction(() => document.getElementById('model-graph')!.dataset.phase === 'g-forward', null, { polling: 50, timeout: 20_000 });
    await page.click('#play');
    await page.waitForFunction(() => !(window as unknown as { tsganLab: Lab }).tsganLab.busy, null, { polling: 50 });
    // full speed: while it runs, G's edges are lit and the dash moves along them
    await page.selectOption('#speed', 'full');
    await page.click('#play');
    await page.waitForFunction(() => document.getElementById('model-graph')!.dataset.running === 'true', null, { polling: 50, timeout: 20_000 });
    const running = await page.evaluate(() => Array.from(document.querySelectorAll('#model-graph .edge.flow')).map((e) => `${e.id}:${getComputedStyle(e).animationName}`).join(' '));
    assert.equal(running, 'edge-noise-g:graph-flow edge-g-fake:graph-flow edge-fake-d:graph-flow edge-d-loss:graph-flow');
    await page.click('#play');
    await page.waitForFunction(() => !(window as unknown as { tsganLab: Lab }).tsganLab.busy, null, { polling: 50 });
    assert.equal(await page.getAttribute('#model-graph', 'data-running'), 'false');
    assert.equal(await page.evaluate(() => document.querySelectorAll('#model-graph .edge.flow').length), 0, 'nothing flows when paused');
    await page.close();
  });

  it('PacGAN and the averaged generator in the Lab: a packed D drawn on the diagonal (x, …, x) beside D* of m-tuples, its gradient on packs, V(D*, G) of the packed game; the manifold through both the averaged and the live G', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const packed = { ...SMALL, pack: 2, generatorAverage: 0.9 };
    await page.goto(`${server.url}?backend=wasm${link(packed, 't40')}`);
    await idleAt(page, 40);
    assert.equal(await page.textContent('#form-error'), '');
    assert.equal(await page.inputValue('#pack'), '2', 'the form shows the pack');
    assert.equal(await page.inputValue('#g-average'), '0.9');
    assert.match((await page.textContent('#cap-field')) ?? '', /^the packed D \(pack 2\) on 2 copies of x, D\(x, …, x\) \(blue 0 … white ½ … red 1\)/);
    assert.match((await page.textContent('#cap-dstar')) ?? '', /^D\*\(x, …, x\) = p_r\^2\/\(p_r\^2 \+ p_g\^2\) \(E3 for 2-tuples/);
    assert.match((await page.textContent('#cap-manifold')) ?? '', /the averaged generator, rows coloured dark to yellow, and the live one \(being trained\) in faint red, over the real points \(a PacGAN generator is an ordinary G: only D sees packs of 2\)$/);
    assert.equal(await page.textContent('#v-opt-label'), '−log 4 + 2·JS(P_r^2‖P_g^2)');
    const vOpt = Number(await page.textContent('#v-opt'));
    assert.ok(vOpt >= -Math.log(4) - 0.05 && vOpt <= 0.05, `V(D*, G) of 2-tuples ${vOpt} within [−log 4, 0]`);
    assert.ok((await canvasDigest(page, 'view-gap')).colours > 5, '|D − D*| drawn (non-saturating: D estimates D*)');
    // the live generator's grid is drawn in red under the averaged one
    const red = await page.evaluate(() => {
      const c = document.getElementById('view-manifold') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i + 1] < 190 && d[i + 2] < 190 && d[i] - d[i + 1] > 40) n++;
      return n;
    });
    assert.ok(red > 50, `${red} reddish pixels of the live generator's grid`);
    await screenshot(page, 'web-lab-pacgan.png', true); // every view and chart of a PacGAN run with an averaged G
    // the packed game trains on, step by step and in slow motion
    await page.selectOption('#speed', 'slow');
    for (let i = 0; i < 4; i++) {
      await page.click('#step-once');
      await page.waitForFunction(() => !(window as unknown as { tsganLab: Lab }).tsganLab.busy, null, { polling: 50 });
    }
    assert.equal(await page.textContent('#substep'), 'step 41 in progress · substep 4 of 4');
    // another button (run 3 steps) first completes the step slow motion has in progress: its G update
    await page.fill('#run-count', '3');
    await page.click('#run-n');
    await idleAt(page, 44);
    await page.selectOption('#speed', 'full');
    await idleAt(page, 44);
    assert.equal(new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]).get('ops'), 't40d1g1t3');
    assert.equal(await page.textContent('#form-error'), '');
    // pack is part of the experiment: changing it applies (a new run at step 0)
    await page.fill('#pack', '4');
    await page.click('#apply');
    await idleAt(page, 0);
    assert.equal((await lab(page)).config.pack, 4);
    await page.close();
  });
});
