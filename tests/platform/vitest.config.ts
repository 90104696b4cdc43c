/**
 * The platform suite on its own: `npx vitest run -c tests/platform/vitest.config.ts`. One
 * throwaway PostgreSQL cluster serves every file (pg-server.ts); without this config (from the
 * root one) each file starts its own.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/platform/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/platform/pg-server.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
