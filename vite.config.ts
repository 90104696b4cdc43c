import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is a static build under dist/; it must work from file:// in Electron and
// from any localhost port in a browser, hence the relative base.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
  },
  server: { port: 5173, strictPort: false },
});
