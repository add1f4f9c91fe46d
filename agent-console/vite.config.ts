import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The agent console: a single-page app built to agent-console/dist, served by the server at /.
 * Vite 8 compiles JSX itself (oxc); no React plugin is needed for a production build.
 * `npx vite --config agent-console/vite.config.ts` serves it with /api and /socket.io proxied
 * to a server on :3000.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries mark files "use client" for server-component bundlers; meaningless here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
