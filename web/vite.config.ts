/**
 * The web lab's build: `vite build --config web/vite.config.ts` writes dist/web, which `tsgan serve`
 * serves. The app reaches the library only through its public entry, aliased as `tsgan` (src/index.ts),
 * exactly as a user of the package would.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  resolve: { alias: { tsgan: here('../src/index.ts') } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
    rollupOptions: {
      // zod's sources carry comments in positions Rollup reports (harmless): keep the build output quiet.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
