// The portal's build: React + TypeScript, one entry, pages split into lazily loaded chunks, the lineage
// layout (elkjs) in a web worker. `npm start` builds when the sources changed (scripts/portal-build.ts).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const gateway = process.env.GATEWAY_ORIGIN ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000, reportCompressedSize: false },
  worker: { format: 'es' },
  // `npm run dev -w ui`: the dev server on :5173 forwards API calls to a running hub.
  server: {
    proxy: Object.fromEntries(['/graphql', '/api', '/v2', '/portal-config.json'].map((p) => [p, gateway])),
  },
});
