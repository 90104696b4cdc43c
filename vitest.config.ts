import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/platform/**/*.test.ts'],
    environment: 'node',
    // One throwaway PostgreSQL cluster for the platform suite's PostgreSQL half (TEST_DATABASE_URL
    // overrides it); the same tests also run against PGlite.
    globalSetup: ['tests/platform/pg-server.ts'],
    // CLI tests start real processes (tsx + exceljs); on a loaded 2-core machine one can take seconds.
    testTimeout: 60000,
    hookTimeout: 120000,
    pool: 'forks',
  },
});
