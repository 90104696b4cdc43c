/**
 * One platform per suite and backend, driven over HTTP with Fastify's inject: two units in two
 * provinces, their users, both provinces' reviewers and the ministry, all signed in.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildPlatform, type BuildOptions } from '../../platform/app.ts';
import { ensureUnit, ensureUser } from '../../platform/admin.ts';
import type { Db } from '../../platform/db/types.ts';
import type { Mutation, MutationResult, PullResponse } from '../../shared/api/sync.ts';
import { apiPath, ROUTES } from '../../shared/api/paths.ts';
import type { UnitProfileInput } from '../../shared/domain/unit.ts';
import { openBackend, type Backend, type BackendKind } from './backends.ts';
import { postgresUnavailable, stopSharedServer } from './pg-server.ts';
import { unitDoc } from './docs.ts';

export const PASSWORD = 'test-pass-1';
/** Cheap scrypt for fixture accounts; logins still verify with the parameters stored per hash. */
export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export const UNIT_A = { id: 'unit-a', name: '湖南测试职业技术学院', regionCode: '430100' };
export const UNIT_B = { id: 'unit-b', name: '广东测试职业技术学院', regionCode: '440100' };

export const USERS = {
  a: { role: 'unit', unitId: UNIT_A.id, displayName: '湖南学校填报员' },
  a2: { role: 'unit', unitId: UNIT_A.id, displayName: '湖南学校第二填报员' },
  b: { role: 'unit', unitId: UNIT_B.id, displayName: '广东学校填报员' },
  hn: { role: 'province', regionCode: '430000', displayName: '湖南省教育厅' },
  gd: { role: 'province', regionCode: '440000', displayName: '广东省教育厅' },
  moe: { role: 'ministry', displayName: '教育部' },
} as const;
export type UserKey = keyof typeof USERS;

export interface Reply {
  status: number;
  // Tests read answers loosely and check their shape with the shared schemas where it matters.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, unknown>;
  raw: Buffer;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  payload?: Buffer | string;
  headers?: Record<string, string>;
}

export class Api {
  constructor(private readonly app: FastifyInstance) {}

  async request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, o: RequestOptions = {}) {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const res = await this.app.inject({
      method,
      url,
      headers,
      ...(o.body !== undefined ? { payload: o.body as object } : {}),
      ...(o.payload !== undefined ? { payload: o.payload } : {}),
    });
    const raw = res.rawPayload;
    let body: unknown = undefined;
    if (String(res.headers['content-type'] ?? '').includes('json')) body = JSON.parse(raw.toString('utf8'));
    return { status: res.statusCode, body, headers: res.headers, raw } as Reply;
  }

  get(url: string, token?: string, headers?: Record<string, string>) {
    return this.request('GET', url, { ...(token ? { token } : {}), ...(headers ? { headers } : {}) });
  }

  post(url: string, body: unknown, token?: string, headers?: Record<string, string>) {
    return this.request('POST', url, { body, ...(token ? { token } : {}), ...(headers ? { headers } : {}) });
  }

  async login(username: string, password = PASSWORD): Promise<Reply> {
    return this.post(ROUTES.login, { username, password });
  }

  /** Pushes and returns the per-mutation results (asserting the batch itself was accepted). */
  async push(token: string, mutations: Mutation[]): Promise<MutationResult[]> {
    const r = await this.post(ROUTES.push, { mutations }, token);
    if (r.status !== 200) throw new Error(`push answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.results as MutationResult[];
  }

  /** Every change visible to the caller after `since`, following pages. */
  async pullAll(token: string, since = '0', limit = 200): Promise<PullResponse> {
    const all: PullResponse['changes'] = [];
    let cursor = since;
    for (;;) {
      const r = await this.get(apiPath.changes(cursor, limit), token);
      if (r.status !== 200) throw new Error(`pull answered ${r.status}: ${JSON.stringify(r.body)}`);
      const page = r.body as PullResponse;
      all.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return { changes: all, cursor, hasMore: false };
    }
  }
}

export class TestClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface PlatformCtx {
  kind: BackendKind;
  backend: Backend;
  db: Db;
  app: FastifyInstance;
  api: Api;
  clock: TestClock;
  blobDir: string;
  secret: Uint8Array;
  tokens: Record<UserKey, string>;
  refreshTokens: Record<UserKey, string>;
  /** Builds a second app over the same database and blob folder (other logger, other limits). */
  buildAnother(extra: Partial<BuildOptions>): Promise<FastifyInstance>;
}

export async function seedWorld(db: Db): Promise<void> {
  for (const u of [UNIT_A, UNIT_B])
    await ensureUnit(db, unitDoc(u.id, u.name, u.regionCode) as UnitProfileInput);
  for (const [username, u] of Object.entries(USERS))
    await ensureUser(db, { username, password: PASSWORD, ...u }, FAST_SCRYPT);
}

/** Starts a platform for the enclosing describe block and signs everyone in. */
export function usePlatform(kind: BackendKind, options: Partial<BuildOptions> = {}): () => PlatformCtx {
  let ctx: PlatformCtx | undefined;
  beforeAll(async () => {
    const reason = kind === 'postgres' ? postgresUnavailable() : undefined;
    if (reason)
      throw new Error(
        `PostgreSQL half of the platform suite cannot run: ${reason}. Install it: sudo apt-get install -y postgresql (or set TEST_DATABASE_URL)`,
      );
    const backend = await openBackend(kind);
    await seedWorld(backend.db);
    const blobDir = mkdtempSync(path.join(os.tmpdir(), 'tianbao-blobs-'));
    const clock = new TestClock();
    const secret = randomBytes(32);
    const build = (extra: Partial<BuildOptions>) =>
      buildPlatform({ db: backend.db, blobDir, secret, clock: clock.now, ...options, ...extra });
    const app = await build({});
    const api = new Api(app);
    const tokens = {} as Record<UserKey, string>;
    const refreshTokens = {} as Record<UserKey, string>;
    for (const key of Object.keys(USERS) as UserKey[]) {
      const r = await api.login(key);
      if (r.status !== 200) throw new Error(`login ${key}: ${r.status} ${JSON.stringify(r.body)}`);
      tokens[key] = r.body.accessToken;
      refreshTokens[key] = r.body.refreshToken;
    }
    ctx = {
      kind,
      backend,
      db: backend.db,
      app,
      api,
      clock,
      blobDir,
      secret,
      tokens,
      refreshTokens,
      buildAnother: build,
    };
  }, 120_000);
  afterAll(async () => {
    await ctx?.app.close();
    await ctx?.backend.close();
    if (ctx) rmSync(ctx.blobDir, { recursive: true, force: true });
  }, 60_000);
  return () => {
    if (!ctx) throw new Error('platform not started');
    return ctx;
  };
}

/**
 * Declares the suite once per backend. PostgreSQL is required like Chromium is: without it the
 * postgres half fails with the one line that installs it, never skipped.
 */
let serverCleanup = false;

export function eachBackend(fn: (kind: BackendKind) => void): void {
  // Once per file, after all its suites: the file's own PostgreSQL server, if it started one.
  if (!serverCleanup) {
    serverCleanup = true;
    afterAll(stopSharedServer, 60_000);
  }
  describe.each(['pglite', 'postgres'] as BackendKind[])('%s', fn);
}
