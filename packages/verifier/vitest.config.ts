import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The type-level tests (test/**/*.test-d.ts) run under tsc as part of `pnpm test`, and
    // `pnpm typecheck` checks them too (tsconfig.json includes test/).
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
