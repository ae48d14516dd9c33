/**
 * Which TF.js backend the Lab trains on: the fastest this browser offers, chosen at start. WebGPU where
 * the browser has it, WebGL where it runs on a real GPU, each measured against the wasm backend (SIMD,
 * and threads when the page is cross-origin isolated — `tsgan serve` sends the headers) by a short run
 * of the Lab's default experiment; a software WebGL (SwiftShader, llvmpipe: headless browsers, machines
 * without a GPU) is not worth a measurement — it trains ~15× slower than wasm — and is skipped.
 * `?backend=NAME` (webgpu, wasm, webgl, cpu) chooses by hand; `?threads=N` asks the wasm backend for N
 * threads (TF.js gives at most half the logical cores: see {@link detailOf}).
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { browserConfig, GanTrainer } from 'tsgan';
import { labData } from './lab/data.js';

/** The backends the Lab can run on, fastest first where they are real. */
export const LAB_BACKENDS = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type LabBackend = (typeof LAB_BACKENDS)[number];

/** One backend's measurement: steps per second of the Lab's default experiment, or why it was not measured. */
export interface BackendMeasure {
  readonly name: LabBackend;
  readonly stepsPerSecond?: number;
  readonly skipped?: string;
  /** The WebGL renderer's name, when it was skipped as a software one. */
  readonly renderer?: string;
}

/** What was chosen, how, and the measurements. */
export interface BackendChoice {
  readonly name: LabBackend;
  /** "wasm (SIMD, 2 threads)". */
  readonly detail: string;
  /** `measured` (the fastest of the measurements), `asked` (?backend=), or `fallback`. */
  readonly how: 'measured' | 'asked' | 'fallback';
  readonly measures: readonly BackendMeasure[];
}

/** The WebGL renderer's name when it is a software one (SwiftShader, llvmpipe, …), else undefined. */
function softwareWebgl(): string | undefined {
  try {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (gl === null) return 'no WebGL';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info === null ? gl.getParameter(gl.RENDERER) : gl.getParameter(info.UNMASKED_RENDERER_WEBGL));
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer) ? renderer : undefined;
  } catch {
    return 'no WebGL';
  }
}

/** Steps per second of the Lab's default experiment on the current backend: 2 warm-up steps, then ~0.4 s of steps. */
function measureSteps(): number {
  const trainer = new GanTrainer(browserConfig('ring8'), labData({ kind: 'preset', name: 'ring8' }).dataset);
  try {
    trainer.trainStep();
    trainer.trainStep();
    const t0 = performance.now();
    let n = 0;
    while (n < 400 && performance.now() - t0 < 400) {
      trainer.trainStep();
      n++;
    }
    return n / ((performance.now() - t0) / 1000);
  } finally {
    trainer.dispose();
  }
}

async function use(name: LabBackend): Promise<boolean> {
  try {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return true;
  } catch {
    return false;
  }
}

/**
 * "wasm (SIMD, 1 thread of 2 logical cores: TF.js's wasm backend uses at most half)": TF.js caps its
 * XNNPACK thread pool at half of navigator.hardwareConcurrency (and 8), whatever `?threads=` asks —
 * measured here, 2 threads (the cap lifted) trained the Lab's small networks slower than 1 (155–188 vs
 * 230 steps/s): a thread hand-off costs more than a 64-wide layer.
 */
async function detailOf(name: LabBackend, asked: number | undefined): Promise<string> {
  if (name !== 'wasm') return name;
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const multi = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const threads = getThreadsCount();
  const count = `${threads} thread${threads === 1 ? '' : 's'}`;
  const why =
    multi !== true
      ? ': no threads in this page (it is not cross-origin isolated)'
      : ` of ${navigator.hardwareConcurrency} logical cores: TF.js's wasm backend uses at most half${asked !== undefined && asked > threads ? `, not the ${asked} asked` : ''}`;
  return `wasm (${simd === true ? 'SIMD' : 'no SIMD'}, ${count}${why})`;
}

/**
 * Sets the TF.js backend the Lab trains on and says which and why: `asked` (from `?backend=`) if it
 * works; otherwise the fastest measured of WebGPU (where present), wasm and a hardware WebGL; the
 * pure-JS cpu backend only when none of them starts.
 */
export async function chooseBackend(asked: string | null, threads: number | undefined): Promise<BackendChoice> {
  setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd });
  if (threads !== undefined) setThreadsCount(threads);
  if (asked !== null && (LAB_BACKENDS as readonly string[]).includes(asked) && (await use(asked as LabBackend))) {
    return { name: asked as LabBackend, detail: await detailOf(asked as LabBackend, threads), how: 'asked', measures: [] };
  }
  const measures: BackendMeasure[] = [];
  const software = softwareWebgl();
  for (const name of ['webgpu', 'wasm', 'webgl'] as const) {
    if (name === 'webgpu') {
      const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      const adapter = gpu === undefined || tf.findBackendFactory('webgpu') === null ? undefined : await gpu.requestAdapter().catch(() => null);
      if (adapter === undefined || adapter === null) {
        measures.push({ name, skipped: gpu === undefined ? 'not in this browser' : 'no GPU adapter' });
        continue;
      }
    }
    if (name === 'webgl' && software !== undefined) {
      measures.push({ name, skipped: software === 'no WebGL' ? software : 'software WebGL', renderer: software });
      continue;
    }
    if (!(await use(name))) {
      measures.push({ name, skipped: 'did not start' });
      continue;
    }
    try {
      measures.push({ name, stepsPerSecond: measureSteps() });
    } catch (e) {
      measures.push({ name, skipped: `failed: ${(e as Error).message.slice(0, 80)}` });
    }
  }
  const best = measures.filter((m) => m.stepsPerSecond !== undefined).sort((a, b) => b.stepsPerSecond! - a.stepsPerSecond!)[0];
  if (best !== undefined && (await use(best.name))) return { name: best.name, detail: await detailOf(best.name, threads), how: 'measured', measures };
  await use('cpu');
  return { name: 'cpu', detail: 'cpu', how: 'fallback', measures };
}

/** One line for the header: the backend, how it was chosen, the measurements. */
export function backendLine(c: BackendChoice): string {
  const measured = c.measures.map((m) => (m.stepsPerSecond !== undefined ? `${m.name} ${m.stepsPerSecond.toFixed(0)} steps/s` : `${m.name}: ${m.skipped}`)).join(' · ');
  const how = c.how === 'asked' ? 'chosen by ?backend=' : c.how === 'fallback' ? 'the only one that started' : 'the fastest measured';
  return `TF.js backend: ${c.detail} — ${how}${measured === '' ? '' : ` (${measured})`}`;
}
