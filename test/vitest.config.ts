import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.{ts,js,mjs}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end suites start real servers and processes: one file at a time keeps a 2-core machine calm.
    fileParallelism: false,
  },
});
