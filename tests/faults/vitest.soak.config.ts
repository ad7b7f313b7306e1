import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['soak/**/*.soak.ts'],
    testTimeout: 900_000,
    hookTimeout: 120_000,
  },
});
