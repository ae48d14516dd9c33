/**
 * The Sweeps view (`tsgan serve --queue URL`, issue #25): a queued sweep's jobs listed with their state,
 * step and worker while a real worker trains them on a real Redis, and a job's run — as its worker last
 * copied it — shown while it trains. The API serves only a stored run's known files.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { CLI, tempDir, tsgan } from '../helpers/cli.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { launchBrowser, screenshot } from './browser.js';
import { fixtureRunsDir, serve, type Served } from './serve-helpers.js';

describe('Sweeps: a queued sweep followed in headless Chromium', () => {
  let redis: RedisServer;
  let worker: ChildProcess;
  let server: Served;
  let plain: Served;
  let browser: Browser;
  before(async () => {
    redis = await startRedis();
    const file = join(tempDir(), 'sweep.json');
    writeFileSync(file, JSON.stringify({ name: 'web-view', base: { data: 'ring8', steps: 4000, snapshotEvery: 250, generator: { hidden: [16, 16] }, discriminator: { hidden: [16, 16] }, batchSize: 32 }, grid: { lr: [1e-4, 2e-4] }, seeds: 1, checkpointEvery: 250 }));
    const r = tsgan(['sweep', file, '--queue', redis.url, '--detach']);
    assert.equal(r.code, 0, r.stderr);
    worker = spawn(process.execPath, [CLI, 'worker', '--queue', redis.url, '--dir', tempDir('tsgan-worker-')], { stdio: 'ignore' });
    server = await serve([fixtureRunsDir().runsDir, '--queue', redis.url]);
    plain = await serve([fixtureRunsDir().runsDir]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await plain?.stop();
    worker?.kill('SIGKILL');
    await redis?.stop();
  });

  it('lists the jobs with state, step and worker, and shows a job\'s run while it trains, then its result', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.url}#/sweeps`);
    await page.waitForSelector('h3[data-sweep="web-view"]');
    assert.equal(await page.locator('table.sweep-jobs tbody tr').count(), 2);
    assert.deepEqual(await page.locator('table.sweep-jobs tbody tr td:first-child').allTextContents(), ['lr=0.0001', 'lr=0.0002']);
    // a job that trains, with a copied run: its link opens the stored run
    await page.waitForSelector('tr[data-state="active"] a[data-job]', { timeout: 60_000 });
    const job = await page.getAttribute('tr[data-state="active"] a[data-job]', 'data-job');
    assert.match(job ?? '', /^[0-9a-f]{32}$/);
    assert.match((await page.textContent('tr[data-state="active"] td:nth-child(5)')) ?? '', /:\d+$/, 'the worker (host:pid)');
    await page.click(`a[data-job="${job}"]`);
    assert.equal(await page.evaluate(() => location.hash), `#/sweeps/${job}`);
    await page.waitForFunction(() => /^copied at step \d+ of 4000: D's loss /.test(document.getElementById('sweep-run-step')?.textContent ?? ''), undefined, { polling: 100, timeout: 30_000 });
    await page.waitForFunction(() => (document.getElementById('sweep-samples') as HTMLImageElement | null)?.naturalWidth! > 100, undefined, { polling: 100, timeout: 30_000 });
    const first = Number(/step (\d+)/.exec((await page.textContent('#sweep-run-step')) ?? '')![1]);
    // the view follows the training: a later copy replaces it
    await page.waitForFunction((s) => Number(/step (\d+)/.exec(document.getElementById('sweep-run-step')?.textContent ?? '')?.[1] ?? 0) > s, first, { polling: 100, timeout: 30_000 });
    await screenshot(page, 'web-sweeps.png', true);
    // every job ends with its result in the table
    await page.waitForFunction(() => document.querySelectorAll('tr[data-state="completed"]').length === 2, undefined, { polling: 200, timeout: 90_000 });
    assert.match((await page.textContent('tr[data-state="completed"] td:nth-child(6)')) ?? '', /modesCaptured \d+ · highQualityPercent [\d.]+ · reverseKL/);
    await page.close();
  });

  it('the API serves a stored run\'s known files only; without --queue there are no sweeps', async () => {
    const list = (await (await fetch(`${server.url}api/sweeps`)).json()) as { sweeps: { jobs: { id: string; stored: boolean }[] }[] };
    const stored = list.sweeps[0].jobs.find((j) => j.stored)!;
    const png = await fetch(`${server.url}api/sweeps/file?job=${stored.id}&file=samples.png`);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).slice(1, 4)], [0x50, 0x4e, 0x47]);
    for (const q of [`job=${stored.id}&file=checkpoint.json`, `job=${stored.id}&file=../../etc/passwd`, 'job=../x&file=samples.png', `job=${'0'.repeat(32)}&file=samples.png`, 'file=samples.png']) {
      assert.equal((await fetch(`${server.url}api/sweeps/file?${q}`)).status, 404, q);
    }
    assert.equal((await fetch(`${plain.url}api/sweeps`)).status, 404);
    const page = await browser.newPage();
    await page.goto(`${plain.url}#/sweeps`);
    await page.waitForFunction(() => /start it with tsgan serve --queue/.test(document.getElementById('sweep-list')?.textContent ?? ''), undefined, { polling: 100 });
    await page.close();
  });
});
