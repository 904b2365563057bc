import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress.ts';

const backend = process.env.RATIFY_DEV_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/sync': { target: backend, ws: true, changeOrigin: true },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
    // The editor chunk (TipTap, ProseMirror, Yjs, the schema) is loaded lazily, only on /d/:id.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      treeshake: {
        // @ratify/schema's modules have no side effects (it builds its schema at load, which
        // nothing needs unless it is used), so the sync session can import the wire
        // constants without pulling TipTap into its chunk.
        moduleSideEffects: [{ test: /packages[\\/]schema[\\/]dist[\\/]/, sideEffects: false }],
      },
    },
  },
});
