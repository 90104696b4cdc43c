import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    // CLI tests start real processes (tsx + exceljs); on a loaded 2-core machine one can take seconds.
    testTimeout: 60000,
    pool: 'forks',
  },
});
