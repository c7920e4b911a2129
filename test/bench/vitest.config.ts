import { defineConfig } from 'vitest/config';

// Only for test/bench/*.bench.mjs: the timed end-to-end runs live here so `npm test` never runs them.
export default defineConfig({
  test: { include: ['bench/**/*.bench-test.ts'], testTimeout: 300_000, hookTimeout: 180_000, fileParallelism: false },
});
