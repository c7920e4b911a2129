import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { serviceWorker } from './pwa/service-worker-plugin.js';

// In development Vite proxies the API and the live stream to the cloud (default port 8080).
const cloud = process.env.YG_CLOUD_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [
    react(),
    serviceWorker({ source: fileURLToPath(new URL('./pwa/sw.js', import.meta.url)), publicDir: fileURLToPath(new URL('./public', import.meta.url)) }),
  ],
  server: { proxy: { '/api': { target: cloud, ws: true } } },
  build: { outDir: 'dist', sourcemap: true },
  test: { environment: 'jsdom', include: ['src/**/*.test.{ts,tsx}'], setupFiles: ['src/test/setup.ts'], testTimeout: 20_000 },
});
