/**
 * The edges of sign-in security that auth.test.ts does not cover: the login limit is keyed by
 * client address and username (a forged X-Forwarded-For does not reset it, another address is not
 * locked out) and lifts when its window passes; refresh is rate limited too; refresh tokens expire;
 * reuse is caught generations later and when two refreshes race; a disabled account cannot refresh.
 */
import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../shared/api/paths.ts';
import { tokenResponseSchema } from '../../shared/api/auth.ts';
import { ensureUser } from '../../platform/admin.ts';
import { FAST_SCRYPT, PASSWORD, eachBackend, usePlatform, type PlatformCtx } from './harness.ts';

async function loginFrom(
  app: FastifyInstance,
  remoteAddress: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
) {
  const res = await app.inject({
    method: 'POST',
    url: ROUTES.login,
    payload: { username, password },
    remoteAddress,
    headers,
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

async function refreshFrom(app: FastifyInstance, remoteAddress: string, refreshToken: string) {
  const res = await app.inject({
    method: 'POST',
    url: ROUTES.refresh,
    payload: { refreshToken },
    remoteAddress,
  });
  return { status: res.statusCode, body: res.json() };
}

async function newUser(ctx: PlatformCtx, username: string): Promise<void> {
  await ensureUser(
    ctx.db,
    { username, password: PASSWORD, role: 'ministry', displayName: username },
    FAST_SCRYPT,
  );
}

eachBackend((kind) => {
  const ctx = usePlatform(kind);

  it('keys the login limit on address and username: another address is not locked out', async () => {
    const { app } = ctx();
    await newUser(ctx(), 'limit-ip');
    for (let i = 0; i < 5; i++) {
      expect((await loginFrom(app, '10.1.0.1', 'limit-ip', `guess-${i}`)).status).toBe(401);
    }
    const limited = await loginFrom(app, '10.1.0.1', 'limit-ip', PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(/^尝试次数过多，请 \d+ 秒后再试$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The owner signing in from the school next door is not locked out by the guesser.
    expect((await loginFrom(app, '10.1.0.2', 'limit-ip', PASSWORD)).status).toBe(200);
  });

  it('does not let a forged X-Forwarded-For reset the login limit (no proxy is trusted by default)', async () => {
    const { app } = ctx();
    await newUser(ctx(), 'limit-xff');
    for (let i = 0; i < 5; i++) {
      const forged = { 'x-forwarded-for': `203.0.113.${i + 1}` };
      expect((await loginFrom(app, '10.2.0.1', 'limit-xff', `guess-${i}`, forged)).status).toBe(401);
    }
    const r = await loginFrom(app, '10.2.0.1', 'limit-xff', PASSWORD, { 'x-forwarded-for': '198.51.100.7' });
    expect(r.status).toBe(429);
  });

  it('lifts the login limit when its window has passed', async () => {
    await newUser(ctx(), 'limit-window');
    const app = await ctx().buildAnother({ loginRateLimit: { max: 2, timeWindowMs: 1_000 } });
    try {
      expect((await loginFrom(app, '10.3.0.1', 'limit-window', 'wrong-1')).status).toBe(401);
      expect((await loginFrom(app, '10.3.0.1', 'limit-window', 'wrong-2')).status).toBe(401);
      const limited = await loginFrom(app, '10.3.0.1', 'limit-window', PASSWORD);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rateLimited');
      await new Promise((r) => setTimeout(r, 1_200));
      expect((await loginFrom(app, '10.3.0.1', 'limit-window', PASSWORD)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('limits token refresh to 60 a minute per address', async () => {
    const { app } = ctx();
    const bogus = 'x'.repeat(43);
    for (let i = 0; i < 60; i++) {
      const r = await refreshFrom(app, '10.4.0.1', bogus);
      expect(r.status, `attempt ${i + 1}`).toBe(401);
      expect(r.body.error.code).toBe('refreshInvalid');
    }
    const limited = await refreshFrom(app, '10.4.0.1', bogus);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rateLimited');
    expect((await refreshFrom(app, '10.4.0.2', bogus)).status).toBe(401);
  });

  it('refuses a refresh token past its lifetime', async () => {
    const { api, clock } = ctx();
    await newUser(ctx(), 'refresh-expiry');
    const t = tokenResponseSchema.parse((await api.login('refresh-expiry')).body);
    expect(t.refreshExpiresIn).toBe(30 * 24 * 60 * 60);
    const shift = t.refreshExpiresIn * 1000 + 1000;
    clock.advance(shift);
    try {
      const r = await api.post(ROUTES.refresh, { refreshToken: t.refreshToken });
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ code: 'refreshInvalid' });
    } finally {
      clock.advance(-shift);
    }
  });

  it('catches reuse of a token rotated two generations ago and revokes the newest one', async () => {
    const { api } = ctx();
    await newUser(ctx(), 'refresh-chain');
    const t1 = tokenResponseSchema.parse((await api.login('refresh-chain')).body);
    const t2 = tokenResponseSchema.parse(
      (await api.post(ROUTES.refresh, { refreshToken: t1.refreshToken })).body,
    );
    const t3 = tokenResponseSchema.parse(
      (await api.post(ROUTES.refresh, { refreshToken: t2.refreshToken })).body,
    );
    const reused = await api.post(ROUTES.refresh, { refreshToken: t1.refreshToken });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('refreshReused');
    expect((await api.post(ROUTES.refresh, { refreshToken: t3.refreshToken })).status).toBe(401);
    // Only that family: a new sign-in starts a family of its own that refreshes normally.
    const fresh = tokenResponseSchema.parse((await api.login('refresh-chain')).body);
    expect((await api.post(ROUTES.refresh, { refreshToken: fresh.refreshToken })).status).toBe(200);
  });

  it('lets only one of two racing refreshes with the same token win, then revokes the family', async () => {
    const { api } = ctx();
    await newUser(ctx(), 'refresh-race');
    const t = tokenResponseSchema.parse((await api.login('refresh-race')).body);
    const answers = await Promise.all(
      [0, 1].map(() => api.post(ROUTES.refresh, { refreshToken: t.refreshToken })),
    );
    const winners = answers.filter((a) => a.status === 200);
    expect(winners).toHaveLength(1);
    const loser = answers.find((a) => a.status !== 200)!;
    expect(loser.status).toBe(401);
    expect(loser.body.error.code).toBe('refreshReused');
    // Never two live tokens from one: the winner's new token went with its family.
    const next = await api.post(ROUTES.refresh, { refreshToken: winners[0]!.body.refreshToken });
    expect(next.status).toBe(401);
  });

  it('refuses refresh for a disabled account and does not let it come back with the old token', async () => {
    const { api, db } = ctx();
    await newUser(ctx(), 'refresh-disabled');
    const t = tokenResponseSchema.parse((await api.login('refresh-disabled')).body);
    await db.query('UPDATE users SET disabled = true WHERE username = $1', ['refresh-disabled']);
    const r = await api.post(ROUTES.refresh, { refreshToken: t.refreshToken });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('refreshInvalid');
    expect((await api.login('refresh-disabled')).status).toBe(401);
    await db.query('UPDATE users SET disabled = false WHERE username = $1', ['refresh-disabled']);
    // Re-enabled, the account signs in again, but the token presented while disabled stays dead.
    expect((await api.post(ROUTES.refresh, { refreshToken: t.refreshToken })).status).toBe(401);
    expect((await api.login('refresh-disabled')).status).toBe(200);
  });
});
