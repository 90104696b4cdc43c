/** Health, sign-in, token refresh and expiry, rate limits, body limits and secret-free logs. */
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { ROUTES, apiPath } from '../../shared/api/paths.ts';
import { healthResponseSchema } from '../../shared/api/health.ts';
import { tokenResponseSchema } from '../../shared/api/auth.ts';
import { apiErrorSchema } from '../../shared/api/common.ts';
import { Api, PASSWORD, UNIT_A, eachBackend, usePlatform } from './harness.ts';
import { ensureUser } from '../../platform/admin.ts';
import { FAST_SCRYPT } from './harness.ts';

const SAMPLE_SHA = 'a'.repeat(64);

/** Every API route but the public ones, with sample parameters. */
const PROTECTED: [method: 'GET' | 'POST' | 'PATCH', url: string][] = [
  ['GET', ROUTES.me],
  ['GET', ROUTES.templates],
  ['GET', apiPath.template('keytasks-2023')],
  ['POST', ROUTES.push],
  ['GET', apiPath.changes('0')],
  ['GET', apiPath.entity('unit', UNIT_A.id)],
  ['POST', apiPath.upload(SAMPLE_SHA)],
  ['GET', apiPath.upload(SAMPLE_SHA)],
  ['PATCH', apiPath.uploadChunk(SAMPLE_SHA, 0)],
  ['POST', apiPath.uploadComplete(SAMPLE_SHA)],
  ['GET', apiPath.blob(SAMPLE_SHA)],
  ['POST', apiPath.transitions('s1')],
  ['GET', apiPath.events('s1')],
];

eachBackend((kind) => {
  const ctx = usePlatform(kind);

  it('answers health without a login', async () => {
    const r = await ctx().api.get(ROUTES.health);
    expect(r.status).toBe(200);
    expect(healthResponseSchema.parse(r.body).ok).toBe(true);
  });

  it('refuses every other route without a valid access token', async () => {
    const { api } = ctx();
    for (const [method, url] of PROTECTED) {
      for (const token of [undefined, 'not-a-jwt', `${ctx().tokens.a.slice(0, -4)}AAAA`]) {
        const r = await api.request(method, url, token ? { token } : {});
        expect(r.status, `${method} ${url}`).toBe(401);
        expect(apiErrorSchema.parse(r.body).error.message).toBe('请先登录');
      }
    }
  });

  it('signs in and says who the user is', async () => {
    const { api } = ctx();
    const r = await api.login('a2');
    expect(r.status).toBe(200);
    const t = tokenResponseSchema.parse(r.body);
    expect(t.expiresIn).toBe(15 * 60);
    expect(t.user).toMatchObject({ username: 'a2', role: 'unit', unitId: UNIT_A.id, regionCode: '430100' });
    expect(r.headers['cache-control']).toBe('no-store');
    const me = await api.get(ROUTES.me, t.accessToken);
    expect(me.body.user.id).toBe(t.user.id);
    const hn = await api.get(ROUTES.me, ctx().tokens.hn);
    expect(hn.body.user).toMatchObject({ role: 'province', regionCode: '430000' });
  });

  it('gives the same answer for a wrong password and an unknown user, in Chinese or English', async () => {
    const { api } = ctx();
    const wrong = await api.login('b', 'wrong-password');
    const unknown = await api.login('nobody-here', 'wrong-password');
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ code: 'badCredentials', message: '用户名或密码不正确' });
    }
    const en = await api.post(ROUTES.login, { username: 'b', password: 'x' }, undefined, {
      'accept-language': 'en-US,en;q=0.9',
    });
    expect(en.body.error.message).toBe('Wrong username or password');
  });

  it('answers bad input with 400 and a located message', async () => {
    const r = await ctx().api.post(ROUTES.login, { username: 'a', password: '', extra: 1 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation');
    expect(r.body.error.message).toBe('请求内容有误：password 至少 1 个字符');
    expect(r.body.error.issues).toContainEqual({ path: 'extra', message: '不认识的字段：extra' });
    const bad = await ctx().api.request('POST', ROUTES.login, {
      payload: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('请求内容不是有效的 JSON');
  });

  it('expires access tokens after 15 minutes; refresh rotates, and a reused refresh token revokes all', async () => {
    const { api, clock } = ctx();
    const first = (await api.login('a2')).body;
    clock.advance(15 * 60 * 1000 + 1000);
    try {
      const expired = await api.get(ROUTES.me, first.accessToken);
      expect(expired.status).toBe(401);
      expect(expired.body.error).toMatchObject({ code: 'tokenExpired', message: '登录已过期，请重新登录' });

      const refreshed = await api.post(ROUTES.refresh, { refreshToken: first.refreshToken });
      expect(refreshed.status).toBe(200);
      const second = tokenResponseSchema.parse(refreshed.body);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await api.get(ROUTES.me, second.accessToken)).status).toBe(200);

      // The old refresh token again: someone holds a copy. The whole family goes.
      const reused = await api.post(ROUTES.refresh, { refreshToken: first.refreshToken });
      expect(reused.status).toBe(401);
      expect(reused.body.error.code).toBe('refreshReused');
      const after = await api.post(ROUTES.refresh, { refreshToken: second.refreshToken });
      expect(after.status).toBe(401);
    } finally {
      clock.advance(-(15 * 60 * 1000 + 1000));
    }
  });

  it('expires a token that has been used (and remembered as verified) on time too', async () => {
    const { api, clock, tokens } = ctx();
    const accessToken = tokens.gd;
    expect((await api.get(ROUTES.me, accessToken)).status).toBe(200);
    clock.advance(14 * 60 * 1000);
    try {
      expect((await api.get(ROUTES.me, accessToken)).status).toBe(200);
      clock.advance(2 * 60 * 1000);
      const expired = await api.get(ROUTES.me, accessToken);
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('tokenExpired');
      clock.advance(-2 * 60 * 1000);
      expect((await api.get(ROUTES.me, accessToken)).status).toBe(200);
      // A token differing in its signature is not the one that verified.
      const forged = accessToken.slice(0, -2) + (accessToken.endsWith('AA') ? 'BB' : 'AA');
      expect((await api.get(ROUTES.me, forged)).status).toBe(401);
    } finally {
      clock.advance(-14 * 60 * 1000);
    }
  });

  it('logout revokes the refresh token', async () => {
    const { api } = ctx();
    const t = (await api.login('a2')).body;
    expect((await api.post(ROUTES.logout, { refreshToken: t.refreshToken })).status).toBe(200);
    const r = await api.post(ROUTES.refresh, { refreshToken: t.refreshToken });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('refreshInvalid');
  });

  it('stores only a scrypt hash of each password', async () => {
    const rows = await ctx().db.query<{ password_hash: string }>('SELECT password_hash FROM users');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(r.password_hash).not.toContain(PASSWORD);
    }
  });

  it('limits login attempts to 5 a minute per IP and username', async () => {
    const { api, db } = ctx();
    await ensureUser(
      db,
      { username: 'target', password: PASSWORD, role: 'ministry', displayName: 'x' },
      FAST_SCRYPT,
    );
    for (let i = 0; i < 5; i++) expect((await api.login('target', `guess-${i}`)).status).toBe(401);
    const limited = await api.login('target', PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rateLimited');
    expect(limited.body.error.message).toMatch(/^尝试次数过多，请 \d+ 秒后再试$/);
    // Another account from the same address is not locked out.
    expect((await api.login('a2')).status).toBe(200);
  });

  it('refuses a JSON body over 5 MB with 413', async () => {
    const big = { mutations: [{ pad: 'x'.repeat(5 * 1024 * 1024 + 10) }] };
    const r = await ctx().api.post(ROUTES.push, big, ctx().tokens.a);
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'bodyTooLarge', message: '请求内容过大，上限为 5 MB' });
  });

  it('serves the built-in templates', async () => {
    const { api, tokens } = ctx();
    const list = await api.get(ROUTES.templates, tokens.b);
    expect(list.body.templates).toContainEqual(
      expect.objectContaining({ id: 'keytasks-2023', version: '2023.1' }),
    );
    const one = await api.get(apiPath.template('keytasks-2023'), tokens.b);
    expect(one.body.template.tasks).toHaveLength(11);
    expect((await api.get(apiPath.template('nope'), tokens.b)).status).toBe(404);
  });

  describe('logging', () => {
    it('never writes passwords or tokens to the log', async () => {
      let log = '';
      const stream = new Writable({
        write(chunk: Buffer, _enc, done) {
          log += chunk.toString('utf8');
          done();
        },
      });
      const app = await ctx().buildAnother({ logger: { level: 'trace', stream } });
      try {
        const api = new Api(app);
        const login = await api.login('moe');
        expect(login.status).toBe(200);
        await api.login('moe', 'a-wrong-secret-password');
        await api.get(ROUTES.me, login.body.accessToken);
        await api.post(ROUTES.refresh, { refreshToken: login.body.refreshToken });
        await api.post(ROUTES.push, { mutations: 'nope' }, login.body.accessToken);
        expect(log).toContain('incoming request');
        for (const secret of [
          PASSWORD,
          'a-wrong-secret-password',
          login.body.accessToken,
          login.body.refreshToken,
        ])
          expect(log).not.toContain(secret);
      } finally {
        await app.close();
      }
    });
  });
});
