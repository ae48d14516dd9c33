/**
 * The web app end to end in headless Chromium (FACTS.md): the Lab trains 50 steps in the page with the
 * library, its plots are drawn and change, the step counter and metrics move, step D only / step G only
 * do what they say, a shared URL restores the same experiment (same config, bit-identical records), the
 * exported config trains with `tsgan train --config`; Runs follows a fixture run folder live. The
 * screenshots of the README's "Web lab" section are taken here.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { tempDir, tsgan } from '../helpers/cli.js';
import { canvasDigest, launchBrowser, screenshot } from './browser.js';
import { fixtureRunsDir, serve, type Served } from './serve-helpers.js';

interface LabState {
  step: number;
  busy: boolean;
  error: string;
  config: { generator: { hidden: number[] }; discriminator: { hidden: number[] }; batchSize: number; seed: number } & Record<string, unknown>;
  /** NaN (a player that did not move) arrives as null: the state crosses into Node as JSON. */
  history: { op: string; step: number; dLoss: number | null; gLoss: number | null; value: number | null }[];
  exported: Record<string, unknown>;
}

/**
 * The README's screenshots (docs/images/web-*.png) are taken only when asked for:
 * `TSGAN_SCREENSHOTS=docs/images node scripts/test.mjs web/lab` (a test run leaves the work tree as it was).
 */
const lab = (page: Page): Promise<LabState> =>
  page.evaluate(() => {
    const h = (window as unknown as { tsganLab: LabState }).tsganLab;
    return JSON.parse(JSON.stringify({ step: h.step, busy: h.busy, error: h.error, config: h.config, history: h.history, exported: h.exported }));
  });

/** Waits until the Lab is idle at `step`. */
async function idleAt(page: Page, step: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (s) => {
      const h = (window as unknown as { tsganLab?: { step: number; busy: boolean } }).tsganLab;
      return h !== undefined && h.step === s && !h.busy;
    },
    step,
    { timeout },
  );
}

const VIEWS = ['view-field', 'view-dstar', 'view-gap', 'chart-loss', 'chart-value', 'chart-w1'];

describe('web app in headless Chromium', () => {
  const fx = fixtureRunsDir(100);
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

  it('Lab: trains 50 steps, draws, steps D and G alone, and a shared URL restores the experiment', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 820 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}#/lab`);
    await idleAt(page, 0);
    // The fastest backend this browser offers (headless Chromium here: wasm, its WebGL being software).
    const backend = await page.evaluate(() => document.body.dataset.backend);
    assert.ok(backend === 'webgpu' || backend === 'wasm' || backend === 'webgl', `backend ${backend}`);
    assert.match((await page.textContent('#backend-name')) ?? '', new RegExp(`^TF\\.js backend: ${backend}.* — the fastest measured`));

    // Settings through the form (validated by the library's schema): small networks, seed 3.
    await page.fill('#g-hidden', '32,32');
    await page.fill('#d-hidden', '32,32');
    await page.fill('#batch-size', '64');
    await page.fill('#seed', '3');
    await page.click('#apply');
    await idleAt(page, 0);
    let s = await lab(page);
    assert.deepEqual(s.config.generator.hidden, [32, 32]);
    assert.equal(s.config.batchSize, 64);
    assert.equal(s.config.seed, 3);
    assert.equal(await page.textContent('#step'), '0');
    assert.equal(await page.textContent('#d-loss'), '–');

    // A bad setting is refused with the schema's message, and the experiment is kept.
    await page.fill('#d-steps', '0');
    await page.click('#apply');
    assert.match((await page.textContent('#form-error')) ?? '', /^not applied: k: Too small/);
    await page.fill('#d-steps', '1');
    await page.click('#apply');
    await idleAt(page, 0);
    assert.equal(await page.textContent('#form-error'), '');

    const before0 = Object.fromEntries(await Promise.all(VIEWS.map(async (v) => [v, await canvasDigest(page, v)] as const)));
    for (const v of ['view-field', 'view-dstar', 'view-gap']) assert.ok(before0[v].colours > 10, `${v} is drawn at step 0 (${before0[v].colours} colours)`);

    await page.fill('#run-count', '50');
    await page.click('#run-n');
    await idleAt(page, 50);
    s = await lab(page);
    assert.equal(s.error, '');
    assert.equal(await page.textContent('#step'), '50');
    assert.equal(s.history.length, 50);
    assert.ok(s.history.every((r, i) => r.op === 't' && r.step === i + 1 && Number.isFinite(r.dLoss) && Number.isFinite(r.gLoss)));
    assert.equal(Number(await page.textContent('#d-loss')), Number(s.history[49].dLoss!.toFixed(4)));
    assert.equal(Number(await page.textContent('#value')), Number(s.history[49].value!.toFixed(4)));
    assert.notEqual(s.history[0].dLoss, s.history[49].dLoss, 'the losses move');
    assert.match((await page.textContent('#v-opt')) ?? '', /^-?\d+\.\d{4}$/);
    assert.match((await page.textContent('#modes')) ?? '', /^\d \/ 8 · high quality/);
    for (const v of VIEWS) {
      const now = await canvasDigest(page, v);
      assert.notEqual(now.hash, before0[v].hash, `${v} changed after 50 steps`);
    }
    await screenshot(page, 'web-lab.png');

    // Step D only: the discriminator moves, the step counter does not; step G only counts a step.
    await page.click('#step-d');
    await page.waitForFunction(() => (window as unknown as { tsganLab: LabState }).tsganLab.history.length === 51);
    await idleAt(page, 50);
    await page.click('#step-g');
    await idleAt(page, 51);
    s = await lab(page);
    assert.deepEqual(s.history.slice(50).map((r) => [r.op, r.step, r.gLoss === null, r.dLoss === null]), [
      ['d', 50, true, false],
      ['g', 51, false, true],
    ]);
    const shared = page.url();
    assert.match(shared, /[#&?]ops=t50d1g1(&|$)/);
    assert.match(shared, /[&?]step=51(&|$)/);

    // The shared URL in a fresh page: the same config and the same records, bit for bit.
    const page2 = await browser.newPage({ viewport: { width: 1600, height: 820 } });
    page2.on('pageerror', (e) => errors.push(e.message));
    await page2.goto(shared);
    await idleAt(page2, 51);
    const r = await lab(page2);
    assert.deepEqual(r.config, s.config);
    assert.equal(r.history[0].dLoss, s.history[0].dLoss, 'same first-step D loss');
    assert.equal(r.history[0].gLoss, s.history[0].gLoss, 'same first-step G loss');
    assert.deepEqual(r.history, s.history);
    assert.equal(await page2.textContent('#step'), '51');
    await page2.close();

    // A link whose config the schema refuses (a pack that does not divide the batch) is refused in one line.
    const page3 = await browser.newPage();
    page3.on('pageerror', (e) => errors.push(e.message));
    await page3.goto(`${server.url}#/lab?exp=${encodeURIComponent(JSON.stringify({ config: { pack: 3, batchSize: 128 }, source: { kind: 'preset', name: 'ring8' } }))}`);
    await page3.waitForFunction(() => /pack must divide the batch size/.test(document.getElementById('form-error')?.textContent ?? ''));
    assert.match((await page3.textContent('#form-error')) ?? '', /^the link could not be read \(config: pack: pack must divide the batch size .*\); starting from the defaults$/);
    await page3.close();

    // The exported config trains with the CLI.
    await page.click('#export');
    const exported = (await lab(page)).exported;
    assert.match((await page.textContent('#export-json')) ?? '', /"data": "ring8"/);
    const dir = tempDir();
    const file = join(dir, 'lab.json');
    writeFileSync(file, JSON.stringify(exported));
    const out = join(dir, 'run');
    const t = tsgan(['train', '--config', file, '--steps', '2', '--quiet', '--out', out]);
    assert.equal(t.code, 0, t.stderr);
    const saved = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    assert.deepEqual(saved.generator, s.config.generator);
    assert.deepEqual(saved.optimizer, s.config.optimizer);
    assert.equal(saved.seed, 3);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('Lab (cpu backend): drawn points, an uploaded CSV (kernel estimate of p_r), a WGAN with W1, play/pause, 1-D data', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 820 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The pure-JS cpu backend, as in a browser without WebGL (?backend=cpu forces it).
    await page.goto(`${server.url}?backend=cpu#/lab`);
    await idleAt(page, 0);
    assert.equal(await page.evaluate(() => document.body.dataset.backend), 'cpu');
    await page.fill('#g-hidden', '16');
    await page.fill('#d-hidden', '16');
    await page.fill('#batch-size', '32');
    await page.selectOption('#data-kind', 'draw');
    assert.match((await page.textContent('#form-error')) ?? '', /draw at least 2 points/);
    const box = (await page.locator('#view-field').boundingBox())!;
    // The drawing box is [−2, 2]²: these clicks are at (−1, 1), (1, 1), (1, −1), (−1, −1).
    for (const [fx, fy] of [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75]]) {
      await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
    }
    await idleAt(page, 0);
    assert.equal(await page.textContent('#form-error'), '');
    assert.match((await page.textContent('#data-label')) ?? '', /^drawn points: 4 points; p_r is a kernel estimate/);
    const pts = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('pts')!.split(';').map((p) => p.split(',').map(Number));
    assert.equal(pts.length, 4);
    for (const [p, q] of pts.map((p, i) => [p, [[-1, 1], [1, 1], [1, -1], [-1, -1]][i]])) {
      assert.ok(Math.abs(p[0] - q[0]) < 0.03 && Math.abs(p[1] - q[1]) < 0.03, `point ${p} near ${q}`);
    }
    await page.fill('#run-count', '5');
    await page.click('#run-n');
    await idleAt(page, 5);
    assert.equal((await lab(page)).exported.data, 'points.csv');

    await page.selectOption('#data-kind', 'csv');
    const csv = `x,y\n${Array.from({ length: 20 }, (_, i) => `${Math.cos(i)},${Math.sin(i) / 2}`).join('\n')}\n`;
    await page.setInputFiles('#data-csv', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => document.getElementById('data-label')?.textContent?.startsWith('mine.csv: 20 points; p_r is a kernel estimate'));
    await idleAt(page, 0);

    await page.selectOption('#data-kind', 'preset');
    await idleAt(page, 0);
    await page.selectOption('#loss', 'wgan');
    await page.click('#apply');
    assert.match((await page.textContent('#form-error')) ?? '', /^not applied: objective: wgan needs/);
    await page.fill('#clip-value', '0.01');
    await page.click('#apply');
    await idleAt(page, 0);
    await page.click('#run-n');
    await idleAt(page, 5);
    assert.match((await page.textContent('#w1')) ?? '', /^\d+\.\d{4}$/);
    assert.match((await page.textContent('#modes')) ?? '', /^\d \/ 8/);
    // Play, then pause: the counter runs, then stands still.
    await page.click('#play');
    await page.waitForFunction(() => (window as unknown as { tsganLab: LabState }).tsganLab.step >= 8);
    assert.equal(await page.textContent('#play'), 'pause');
    await page.click('#play');
    await page.waitForFunction(() => !(window as unknown as { tsganLab: LabState }).tsganLab.busy);
    const paused = (await lab(page)).step;
    await page.waitForTimeout(300);
    assert.equal((await lab(page)).step, paused);
    assert.equal(await page.textContent('#step'), String(paused));
    assert.equal(await page.textContent('#play'), 'play');

    // 1-D data: curves of p_r, p_g and D(x), D* and |D − D*| (here a WGAN: D* only), W1 exact in 1-D.
    await page.selectOption('#data-preset', 'bimodal');
    await idleAt(page, 0);
    assert.equal(await page.textContent('#data-label'), 'bimodal: exact density');
    const before1d = await canvasDigest(page, 'view-field');
    assert.ok(before1d.colours > 3);
    await page.click('#run-n');
    await idleAt(page, 5);
    assert.notEqual((await canvasDigest(page, 'view-field')).hash, before1d.hash);
    assert.match((await page.textContent('#w1')) ?? '', /^\d+\.\d{4}$/);
    assert.equal(await page.textContent('#w1-note'), 'exact, 2000 vs 2000 samples');
    assert.match((await page.textContent('#modes')) ?? '', /^\d \/ 2 · high quality/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('Runs: lists the fixture run and follows its metrics live; a traversal request is refused', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}#/runs/ring8-run`);
    await page.waitForSelector('#run-table tbody tr');
    assert.match((await page.textContent('#run-table tbody')) ?? '', /ring8-run\s*ring8\s*non-saturating\s*300/);
    const lastKept = Math.max(...fx.lines.slice(0, 100).map((l) => JSON.parse(l)).filter((x) => x.type === 'step').map((x) => x.step));
    await page.waitForFunction((n) => document.getElementById('run-step')?.textContent === String(n), lastKept, { timeout: 15_000 });
    const early = await canvasDigest(page, 'run-chart-loss');
    assert.ok(early.colours > 3);
    fx.appendRest(); // the run goes on
    await page.waitForFunction(() => document.getElementById('run-step')?.textContent === '300', null, { timeout: 15_000 });
    assert.notEqual((await canvasDigest(page, 'run-chart-loss')).hash, early.hash, 'the curves follow the run');
    await page.waitForFunction(() => (document.getElementById('run-samples') as HTMLImageElement).naturalWidth > 0, null, { timeout: 10_000 });
    assert.match((await page.textContent('#run-last')) ?? '', /eval at step 300: modes \d\/8/);
    assert.match((await page.textContent('#run-config')) ?? '', /data ring8 · non-saturating · k = 1/);
    await screenshot(page, 'web-runs.png', true);
    const refused = await page.request.get(`${server.url}files/%2e%2e/secret.txt`);
    assert.equal(refused.status(), 404);
    assert.doesNotMatch(await refused.text(), /TOP-SECRET/);
    assert.ok(existsSync(fx.secret));
    await page.close();
  });
});
