import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(webRoot, '..');

/** Where `npm run dev:web` sends API calls: the local stack (`npm start`, PORT 3000 by default). */
const apiTarget = process.env.RELAIS_API_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  root: webRoot,
  // Absolute asset URLs: the SPA is served at the root of its origin (local stack, CloudFront)
  // and must load from any path, e.g. Cognito's redirect to /auth/callback.
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(webRoot, 'dist'),
    emptyOutDir: true,
    // MapLibre alone weighs ~1 MB minified; it is loaded only by the map page (dynamic import).
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // The MapLibre worker ships as `.mjs`; some static servers do not know that extension
        // and a module worker served with a non-JavaScript type does not start.
        assetFileNames: (asset) =>
          asset.names.some((name) => name.endsWith('.mjs')) ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    // The SPA imports the data·inclusion labels from ../shared.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': apiTarget,
      '/config.json': apiTarget,
    },
  },
});
