import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Only for console.bench.mjs: the timed render lives outside src/ so `npm test` never runs it.
export default defineConfig({
  plugins: [react()],
  test: { environment: 'jsdom', include: ['bench/**/*.bench-test.tsx'], testTimeout: 120_000 },
});
