import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file starts its own PostgreSQL cluster and issuers: one at a time on a 2-core machine.
    fileParallelism: false,
  },
});
