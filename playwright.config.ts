import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, CHROMIUM_ARGS, CHROMIUM_HINT } from './scripts/chromium-path.mjs';

const executablePath = findChromium();
if (!executablePath) throw new Error(CHROMIUM_HINT);
const PORT = Number(process.env.E2E_PORT ?? 4317);
/** A fresh platform for every run, so earlier runs' records never meet a test. */
const PLATFORM_DATA_DIR = mkdtempSync(join(tmpdir(), 'tianbao-e2e-platform-'));

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    locale: 'zh-CN',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx tsx scripts/serve-web.ts`,
    env: { PORT: String(PORT), PLATFORM_DATA_DIR },
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
