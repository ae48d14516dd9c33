/** Headless Chromium for the web tests: Debian's /usr/bin/chromium driven by playwright-core (FACTS.md). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../helpers/cli.js';

export const CHROMIUM = process.env.TSGAN_CHROMIUM ?? '/usr/bin/chromium';

/** A fresh browser (playwright gives it a new temporary profile, i.e. a fresh user-data-dir). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (.ci/run does), or set TSGAN_CHROMIUM`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A digest of a canvas's pixels (FNV-1a over the RGBA bytes) and its number of distinct colours. */
export function canvasDigest(page: Page, id: string): Promise<{ hash: number; colours: number }> {
  return page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let h = 0x811c9dc5;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      const v = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      if (colours.size < 1000) colours.add(v);
      h = Math.imul(h ^ v, 0x01000193) >>> 0;
    }
    return { hash: h, colours: colours.size };
  }, id);
}

/** Saves a screenshot of `page` as docs' picture `name` when TSGAN_SCREENSHOTS names the folder (docs/developers.md). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  const dir = process.env.TSGAN_SCREENSHOTS;
  if (dir !== undefined && dir !== '') await page.screenshot({ path: join(ROOT, dir, name), fullPage });
}
