/**
 * Renderer build. Root is `renderer/`; output goes to `out/renderer` where the hub serves it
 * and the Electron shell loads it. `base: './'` keeps asset URLs relative so the same build
 * loads over http:// from the hub and from a custom protocol in Electron.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    // No inline <script> or data: module preload: the strict CSP forbids both.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod 4 ships /* @__PURE__ */ comments Rollup cannot place; harmless, and noisy.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  server: {
    // The renderer imports the contract from ../shared.
    fs: { allow: [repoRoot] },
  },
});
