import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** One self-contained script, widget/dist/widget.js, that the server serves at /widget.js. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    lib: {
      entry: 'src/main.ts',
      formats: ['iife'],
      // The bundle exports nothing: its one global is the API object main.ts installs.
      name: 'ContactCenterWidgetBundle',
      fileName: () => 'widget.js',
    },
  },
});
