/**
 * The multi-threaded build of TF.js's wasm backend, started in Node.
 *
 * `@tensorflow/tfjs-backend-wasm` ships a threaded SIMD build (XNNPACK's matrix products then run on
 * several cores) but only starts it in browsers: in Node its pthread workers are created from a blob
 * URL, which Node's `Worker` rejects (`ERR_WORKER_PATH`, tfjs issue 3830). Here the same build is
 * started with a `data:` URL worker (the package's own worker script behind a two-line CommonJS
 * shim), and the stock `BackendWasm` class and kernels run on it unchanged.
 *
 * Two more details of the package are worked around:
 * - its C++ side caps the thread count at (number of logical cores) / 2, assuming hyper-threading;
 *   the core count it is given is doubled so that `threads` is the count actually used;
 * - Emscripten `unref()`s its idle workers, so Node could exit while they load: a timer keeps the
 *   event loop alive until the module is ready.
 *
 * Everything that can go wrong makes {@link startThreadedWasm} return a reason instead of a backend,
 * and the caller falls back to the single-threaded build. Results do not depend on the thread count:
 * XNNPACK splits a product by output tiles, each summed in the same order on any thread.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

/** How long the workers may take to start before the single-threaded build is used instead. */
const START_TIMEOUT_MS = 30_000;

/** The Emscripten module of the threaded build, as far as tsgan touches it. */
interface EmscriptenModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  PThread?: { unusedWorkers: { terminate(): void }[]; runningWorkers: { unref(): void }[]; terminateAllThreads(): void };
  tfjs?: Record<string, unknown>;
}

type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/** The CommonJS shim that lets the package's worker script run as a `data:` URL (an ES module) in Node. */
function workerUrl(workerScript: string, workerFile: string): URL {
  const code = [
    "import { createRequire } from 'node:module';",
    `const require = createRequire(${JSON.stringify(pathToFileURL(workerFile).href)});`,
    `const __filename = ${JSON.stringify(workerFile)};`,
    // The script is stored in a template literal whose "\n" escapes became real newlines inside its
    // string literals; put the escapes back (as tfjs-backend-wasm does before making its blob).
    workerScript.replace(/\n/g, '\\n'),
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** True when this Node can run wasm threads at all (shared memory and atomics). */
function threadsSupported(): boolean {
  try {
    if (typeof SharedArrayBuffer !== 'function') return false;
    // A module with a shared memory and one atomic instruction (the check tfjs uses in browsers).
    return WebAssembly.validate(
      new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254, 16, 2, 0, 26, 11]),
    );
  } catch {
    return false;
  }
}

/**
 * Makes the threaded wasm build with `threads` threads the active `wasm` backend. Returns undefined on
 * success, else why it could not (the previously registered `wasm` backend is then left in place).
 * `@tensorflow/tfjs-backend-wasm` must have been imported (it registers the kernels).
 */
export async function startThreadedWasm(threads: number): Promise<string | undefined> {
  if (!Number.isInteger(threads) || threads < 2) return `${threads} thread(s) asked for`;
  if (!threadsSupported()) return 'this Node has no WebAssembly threads';
  const require = createRequire(import.meta.url);
  let wasmOut: string;
  let wasmPackage: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasmOut = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
    wasmPackage = await import('@tensorflow/tfjs-backend-wasm');
  } catch (e) {
    return `cannot find @tensorflow/tfjs-backend-wasm (${(e as Error).message.split('\n')[0]})`;
  }
  const scriptFile = join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js');
  const workerFile = join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js');
  const binaryFile = join(wasmOut, 'tfjs-backend-wasm-threaded-simd.wasm');

  const messages: string[] = [];
  let module: EmscriptenModule | undefined;
  const keepAlive = setInterval(() => {}, 1000);
  let timer: NodeJS.Timeout | undefined;
  try {
    const factory = require(scriptFile) as Factory;
    const { wasmWorkerContents } = require(workerFile) as { wasmWorkerContents: string };
    const worker = workerUrl(wasmWorkerContents, workerFile);
    const binary = readFileSync(binaryFile);
    const started = factory({
      locateFile: (path: string) => (path.endsWith('.worker.js') ? worker : join(wasmOut, path)),
      mainScriptUrlOrBlob: scriptFile,
      print: (s: string) => messages.push(s),
      printErr: (s: string) => messages.push(s),
      instantiateWasm(imports: { env: Record<string, unknown> }, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        // The C++ side uses min(threads asked, cores / 2): report 2 × threads cores.
        imports.env.emscripten_num_logical_cores = () => 2 * threads;
        WebAssembly.instantiate(binary, imports as WebAssembly.Imports).then(
          (r) => receive(r.instance, r.module),
          (e: Error) => messages.push(`instantiate: ${e.message}`),
        );
        return {};
      },
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`workers did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    });
    module = await Promise.race([started, timeout]);
  } catch (e) {
    return `${(e as Error).message}${messages.length > 0 ? ` (${messages.join('; ')})` : ''}`;
  } finally {
    clearInterval(keepAlive);
    clearTimeout(timer);
  }

  const m = module;
  m.tfjs = {
    init: m.cwrap('init', null, []),
    initWithThreadsCount: m.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: m.cwrap('get_threads_count', 'number', []),
    registerTensor: m.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: m.cwrap('dispose_data', null, ['number']),
    dispose: m.cwrap('dispose', null, []),
  };
  const previous = tf.findBackendFactory('wasm');
  tf.removeBackend('wasm');
  wasmPackage.setThreadsCount(threads);
  tf.registerBackend('wasm', () => new wasmPackage.BackendWasm(m as never), 2);
  let ok = false;
  try {
    ok = await tf.setBackend('wasm');
  } catch {
    ok = false;
  }
  const actual = ok ? wasmPackage.getThreadsCount() : 0;
  if (!ok || actual !== threads) {
    tf.removeBackend('wasm');
    m.PThread?.terminateAllThreads();
    if (previous !== null) tf.registerBackend('wasm', previous, 2);
    return ok ? `the threaded build runs ${actual} thread(s), not ${threads}` : 'the threaded build did not start';
  }
  if (m.PThread !== undefined) {
    // XNNPACK's pool took threads − 1 workers; the other pre-started ones are never used.
    for (const w of m.PThread.unusedWorkers) w.terminate();
    m.PThread.unusedWorkers.length = 0;
    // The pool's workers only compute while the main thread waits inside a kernel: they must not
    // keep the process alive once the program is done (Emscripten ref()s them when they start).
    for (const w of m.PThread.runningWorkers) w.unref();
  }
  return undefined;
}
