import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    typecheck: {
      enabled: true,
      // tsconfig.json includes test/, so the type tests are really checked (not silently skipped).
      tsconfig: './tsconfig.json',
      include: ['test/**/*.test-d.ts'],
    },
  },
});
