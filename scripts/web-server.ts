/**
 * Serves the built renderer (dist/) on localhost with the same strict CSP the Electron shell
 * uses, and mounts the reference platform's API on the same origin (so `connect-src 'self'`
 * holds): PGlite in a data folder, seeded with the demo accounts.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { platformPlugin } from '../platform/plugin.ts';
import { preparePlatform } from '../platform/start.ts';

export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "frame-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = path.join(ROOT, 'dist');
/** Where `npm run web` keeps the platform's data unless PLATFORM_DATA_DIR says otherwise. */
export const WEB_PLATFORM_DIR = path.join(ROOT, '.tianbao-web-platform');

export interface WebServerOptions {
  /** Mount the platform API (default). false serves the renderer alone with a bare /api/health. */
  platform?: boolean;
  /** The platform's data folder; default PLATFORM_DATA_DIR or `.tianbao-web-platform/`. */
  platformDataDir?: string;
}

export async function createWebServer(
  distDir = DIST_DIR,
  options: WebServerOptions = {},
): Promise<FastifyInstance> {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`No renderer build in ${distDir}: run \`npx vite build\` first`);
  }
  const app = Fastify({ logger: false });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('Content-Security-Policy', WEB_CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
  });
  await app.register(fastifyStatic, { root: distDir, index: ['index.html'] });
  if (options.platform === false) {
    app.get('/api/health', async () => ({ ok: true }));
    return app;
  }
  const prepared = await preparePlatform({
    dataDir: options.platformDataDir ?? process.env.PLATFORM_DATA_DIR ?? WEB_PLATFORM_DIR,
    seedDemo: true,
  });
  app.addHook('onClose', () => prepared.close());
  try {
    // Also serves /api/health ({ok: true, …}), which the e2e runner waits for.
    await app.register(platformPlugin, prepared.options);
  } catch (error) {
    await prepared.close();
    throw error;
  }
  return app;
}
