/**
 * The production build served on a free port (without the platform) with a reference page, and
 * Debian's Chromium with a context ready for the benches' page functions.
 */
import { chromium, type BrowserContext } from '@playwright/test';
import type { AddressInfo } from 'node:net';
import { createWebServer } from '../../scripts/web-server.ts';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium-path.mjs';

/** The reference: a static page with one input. */
export const REF_PAGE = '<!doctype html><meta charset="utf-8"><input id="i" aria-label="ref">';

export async function withBenchBrowser<T>(
  run: (context: BrowserContext, base: string) => Promise<T>,
): Promise<T> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found (apt-get install chromium)');
  const server = await createWebServer(undefined, { platform: false });
  server.get('/__ref', async (_req, reply) => reply.type('text/html').send(REF_PAGE));
  await server.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: base });
    // tsx compiles with keepNames; functions sent to the page may call its __name helper.
    await context.addInitScript('globalThis.__name = (f) => f');
    return await run(context, base);
  } finally {
    await browser.close();
    await server.close();
  }
}
