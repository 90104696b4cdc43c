/** `npm run web` serves the renderer and the platform API on one origin, under the strict CSP. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWebServer, WEB_CSP } from '../../scripts/web-server.ts';
import { ROUTES } from '../../shared/api/paths.ts';
import { healthResponseSchema } from '../../shared/api/health.ts';
import { DEMO_PASSWORD } from '../../platform/seed-demo.ts';
import { preparePgliteDir } from './backends.ts';

let dir: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tianbao-web-'));
  const dist = path.join(dir, 'dist');
  mkdirSync(dist);
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>t</title>');
  await preparePgliteDir(path.join(dir, 'platform', 'pgdata'));
  app = await createWebServer(dist, { platformDataDir: path.join(dir, 'platform') });
}, 120_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('serves the page and the platform API with the same CSP, demo accounts seeded', async () => {
  const page = await app.inject({ url: '/' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-security-policy']).toBe(WEB_CSP);
  expect(WEB_CSP).toContain("connect-src 'self'");

  const health = await app.inject({ url: ROUTES.health });
  expect(healthResponseSchema.parse(health.json()).ok).toBe(true);
  expect(health.headers['content-security-policy']).toBe(WEB_CSP);

  const login = await app.inject({
    method: 'POST',
    url: ROUTES.login,
    payload: { username: 'school', password: DEMO_PASSWORD },
  });
  expect(login.statusCode).toBe(200);
  const me = await app.inject({
    url: ROUTES.me,
    headers: { authorization: `Bearer ${login.json().accessToken}` },
  });
  expect(me.json().user).toMatchObject({ username: 'school', role: 'unit', regionCode: '430100' });
  expect((await app.inject({ url: ROUTES.me })).statusCode).toBe(401);

  // The host server's 1 MB default does not cap the API: its own 5 MB limit applies.
  const token = login.json().accessToken as string;
  const push = (pad: number) =>
    app.inject({
      method: 'POST',
      url: ROUTES.push,
      headers: { authorization: `Bearer ${token}` },
      payload: { mutations: [], pad: 'x'.repeat(pad) },
    });
  expect((await push(2 * 1024 * 1024)).statusCode).toBe(400);
  expect((await push(6 * 1024 * 1024)).statusCode).toBe(413);
});

it('can serve the renderer alone', async () => {
  const dist = path.join(dir, 'dist');
  const bare = await createWebServer(dist, { platform: false });
  try {
    expect((await bare.inject({ url: ROUTES.health })).json()).toEqual({ ok: true });
    expect((await bare.inject({ url: ROUTES.login, method: 'POST', payload: {} })).statusCode).toBe(404);
  } finally {
    await bare.close();
  }
});
