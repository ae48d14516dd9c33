/**
 * Vega-Lite spec → PNG, headless: Vega renders an SVG string (renderer "none", no canvas), resvg
 * rasterizes it with the bundled DejaVu Sans on a white background. Touches no output file and
 * never prints; the caller decides where the bytes go.
 */
import type * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { FONT_FAMILY, fontPaths } from './fonts.js';
import { QuietLogger } from './quiet-logger.js';
import { installTextMetrics } from './text-metrics.js';
import { THEME_CONFIG } from './theme.js';

/** How the SVG is rasterized. */
export interface RenderOptions {
  /**
   * Output pixels per SVG unit. Default: the ratio that makes the PNG 1200 px wide, kept within
   * [1, 2] (so narrow plots get 2× detail and wide ones stay at 1×).
   */
  readonly pixelRatio?: number;
}

/** The rendering libraries, loaded on the first picture: Vega alone takes ~0.5 s to load, which commands that draw nothing should not pay. */
interface Renderers {
  readonly vega: typeof import('vega');
  readonly compile: typeof import('vega-lite').compile;
  readonly renderAsync: typeof import('@resvg/resvg-js').renderAsync;
}
let renderers: Promise<Renderers> | undefined;
function loadRenderers(): Promise<Renderers> {
  renderers ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]).then(([v, vl, resvg]) => ({ vega: v, compile: vl.compile, renderAsync: resvg.renderAsync }));
  return renderers;
}

/** Width the default pixel ratio aims for, in output pixels. */
const TARGET_WIDTH = 1200;

/**
 * Renders a Vega-Lite spec (a `TopLevelSpec`, data inline) to PNG bytes. The module's theme
 * (fonts, sizes, white background) is applied under the spec's own `config`. Vega-Lite's
 * warnings are dropped; errors reject the promise.
 */
export async function renderVegaLite(spec: object, options: RenderOptions = {}): Promise<Buffer> {
  const { compile } = await loadRenderers();
  const logger = new QuietLogger();
  const vgSpec = compile(spec as TopLevelSpec, { config: structuredClone(THEME_CONFIG), logger }).spec;
  if (logger.errors.length > 0) throw new Error(`Vega-Lite: ${logger.errors.join('; ')}`);
  return renderVega(vgSpec, options);
}

/** Renders a Vega (not Vega-Lite) spec to PNG bytes; see {@link renderVegaLite}. */
export async function renderVega(spec: vega.Spec, options: RenderOptions = {}): Promise<Buffer> {
  return svgToPng(await vegaToSvg(spec), options);
}

/** Renders a Vega spec to an SVG string (headless, no canvas); rejects if Vega reports an error. */
export async function vegaToSvg(spec: vega.Spec): Promise<string> {
  const { vega: v } = await loadRenderers();
  installTextMetrics(v);
  const logger = new QuietLogger();
  const view = new v.View(v.parse(spec), { renderer: 'none', logger });
  try {
    const svg = await view.toSVG();
    if (logger.errors.length > 0) throw new Error(`Vega: ${logger.errors.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

/** Rasterizes an SVG string to PNG bytes with DejaVu Sans and a white background. */
export async function svgToPng(svg: string, options: RenderOptions = {}): Promise<Buffer> {
  const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? TARGET_WIDTH);
  const ratio = options.pixelRatio ?? Math.min(2, Math.max(1, TARGET_WIDTH / width));
  if (!(ratio > 0 && Number.isFinite(ratio))) throw new RangeError(`pixelRatio must be a positive number, got ${ratio}`);
  const fonts = fontPaths();
  const { renderAsync } = await loadRenderers();
  const image = await renderAsync(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: ratio },
    font: {
      loadSystemFonts: false,
      fontFiles: [fonts.regular, fonts.bold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    logLevel: 'off',
  });
  return image.asPng();
}
