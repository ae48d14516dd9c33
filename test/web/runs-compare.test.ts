/** Runs: several runs picked and drawn on shared axes, followed live, with a smoothing slider (issue #24). */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { canvasDigest, launchBrowser, screenshot } from './browser.js';
import { FIXTURE_RUN, fixtureRunsDir, serve, type Served } from './serve-helpers.js';

describe('Runs: comparing runs in headless Chromium', () => {
  const fx = fixtureRunsDir(100);
  let server: Served;
  let browser: Browser;
  before(async () => {
    const second = join(fx.runsDir, 'second, with a comma');
    mkdirSync(second);
    for (const f of ['config.json', 'metrics.jsonl', 'summary.json']) copyFileSync(join(FIXTURE_RUN, f), join(second, f));
    server = await serve([fx.runsDir]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('pick two runs, compare them on shared axes (one colour each), follow the growing one live, smooth the curves', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}#/runs`);
    await page.waitForSelector('#run-table tbody input[type=checkbox]');
    assert.equal(await page.isDisabled('#compare-button'), true);
    assert.equal(await page.textContent('#backend-name'), 'TF.js backend: chosen when the Lab opens', 'Runs trains nothing: no backend measurement');
    for (const name of ['ring8-run', 'second, with a comma']) await page.check(`#run-table input[data-run="${name}"]`);
    assert.equal(await page.textContent('#compare-button'), 'compare 2 runs');
    await page.click('#compare-button');
    assert.equal(await page.evaluate(() => location.hash), `#/runs?compare=ring8-run,${encodeURIComponent('second, with a comma')}`);
    await page.waitForFunction(() => (document.getElementById('cmp-d-loss') as HTMLCanvasElement | null)?.hidden === false, undefined, { polling: 100 });
    // both runs' colours are on the losses chart (blue #1f77b4, orange #ff7f0e)
    const hasColour = (id: string, rgb: [number, number, number]) =>
      page.evaluate(
        ([i, c]) => {
          const canvas = document.getElementById(i as string) as HTMLCanvasElement;
          const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          const [r, g, b] = c as number[];
          for (let k = 0; k < d.length; k += 4) if (Math.abs(d[k] - r) < 8 && Math.abs(d[k + 1] - g) < 8 && Math.abs(d[k + 2] - b) < 8) return true;
          return false;
        },
        [id, rgb] as const,
      );
    await page.waitForFunction(() => document.querySelector('#run-detail h2')?.textContent === 'Comparing 2 runs');
    await page.waitForTimeout(800);
    assert.ok(await hasColour('cmp-d-loss', [31, 119, 180]), 'the first run');
    assert.ok(await hasColour('cmp-d-loss', [255, 127, 14]), 'the second run');
    assert.ok(await hasColour('cmp-modes', [255, 127, 14]), 'the modes of the second run (evaluations)');
    assert.equal(await page.isHidden('#cmp-frechet'), true, 'no image metrics for 2-D runs: that chart is hidden');
    // the first run goes on: its curve grows
    const before = await canvasDigest(page, 'cmp-d-loss');
    fx.appendRest();
    await page.waitForFunction((h) => {
      const c = document.getElementById('cmp-d-loss') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let x = 0x811c9dc5;
      for (let i = 0; i < d.length; i += 4) x = Math.imul(x ^ ((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]), 0x01000193) >>> 0;
      return x !== h;
    }, before.hash, { timeout: 10_000 });
    // smoothing changes the step curves, and says its value
    const smoothed = await canvasDigest(page, 'cmp-d-loss');
    await page.fill('#smoothing', '0');
    await page.dispatchEvent('#smoothing', 'input');
    assert.equal(await page.textContent('#smoothing-value'), '0.00');
    assert.notEqual((await canvasDigest(page, 'cmp-d-loss')).hash, smoothed.hash);
    await page.fill('#smoothing', '0.6');
    await page.dispatchEvent('#smoothing', 'input');
    await screenshot(page, 'web-runs-compare.png', true);
    await page.close();
  });
});
