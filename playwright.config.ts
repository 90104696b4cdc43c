import { defineConfig } from '@playwright/test';
import { findChromium, CHROMIUM_ARGS, CHROMIUM_HINT } from './scripts/chromium-path.mjs';

const executablePath = findChromium();
if (!executablePath) throw new Error(CHROMIUM_HINT);
const PORT = Number(process.env.E2E_PORT ?? 4317);

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
    env: { PORT: String(PORT) },
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
