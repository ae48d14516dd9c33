/**
 * The memory a run of this process may take (../../training/limits.ts, MemoryBudget): the machine's free
 * memory (os.freemem(), MemAvailable on Linux), and for the wasm backend its 4 GB of tensor memory
 * (WebAssembly's 32-bit memory: 65,535 pages of 64 KiB, the most its build can grow to).
 */
import { freemem } from 'node:os';
import type { BackendName } from '../../training/config.js';
import type { MemoryBudget } from '../../training/limits.js';

/** The wasm backend's largest memory, bytes. */
export const WASM_MAX_MEMORY = 65535 * 65536;

/** The budget of a run on `backend` now. */
export function hostMemoryBudget(backend: BackendName): MemoryBudget {
  return { availableBytes: freemem(), ...(backend === 'wasm' || backend === 'native' ? { tensorBytes: WASM_MAX_MEMORY, tensorLabel: "the wasm backend's 4 GB" } : {}) };
}
