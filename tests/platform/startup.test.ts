/** Starting the platform: migrations once, the demo seed, the data-folder lock, a real listening server. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { migrate, loadMigrations } from '../../platform/db/migrate.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  DEMO_UNIT_ID,
  DEMO_UNIT_USCC,
  seedDemo,
} from '../../platform/seed-demo.ts';
import { LOCK_FILE, DataDirLockedError, lockDataDir } from '../../platform/data-dir.ts';
import { startPlatform } from '../../platform/start.ts';
import { checkUscc } from '../../shared/domain/uscc.ts';
import { regionName } from '../../shared/domain/regions.ts';
import { ROUTES } from '../../shared/api/paths.ts';
import { tokenResponseSchema } from '../../shared/api/auth.ts';
import { eachBackend, usePlatform } from './harness.ts';
import { preparePgliteDir } from './backends.ts';
import { createTestDatabase, type TestDatabase } from './pg-server.ts';

eachBackend((kind) => {
  const ctx = usePlatform(kind);

  it('applies each migration once and records it', async () => {
    const { db } = ctx();
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: string }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
  });

  it('seeds the demo school, its province reviewer and the ministry, idempotently', async () => {
    const { db, api } = ctx();
    await seedDemo(db);
    await seedDemo(db);
    expect(checkUscc(DEMO_UNIT_USCC).ok).toBe(true);
    const units = await db.query<{ region_code: string; name: string }>(
      'SELECT name, region_code FROM units WHERE id = $1',
      [DEMO_UNIT_ID],
    );
    expect(units).toEqual([{ name: '湖南某职业技术学院', region_code: '430100' }]);
    expect(regionName('430100')).toBe('湖南省长沙市');
    const revs = await db.query<{ rev: number }>(
      "SELECT rev FROM entities WHERE entity = 'unit' AND id = $1",
      [DEMO_UNIT_ID],
    );
    expect(revs.map((r) => Number(r.rev))).toEqual([1]);
    for (const account of DEMO_ACCOUNTS) {
      const r = await api.login(account.username, DEMO_PASSWORD);
      expect(r.status, account.username).toBe(200);
      expect(tokenResponseSchema.parse(r.body).user.role).toBe(account.role);
    }
    const hunan = (await api.login('hunan', DEMO_PASSWORD)).body.accessToken as string;
    const seen = await api.pullAll(hunan);
    expect(seen.changes.map((c) => c.id)).toContain(DEMO_UNIT_ID);
  });
});

eachBackend((kind) => {
  let dir: string;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tianbao-start-'));
    if (kind === 'pglite') await preparePgliteDir(path.join(dir, 'pgdata'));
    else {
      let provided: string | undefined;
      try {
        provided = inject('pgAdminUrl');
      } catch {
        // Own server.
      }
      database = await createTestDatabase(provided);
    }
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('starts on a port, holds the data folder while running and releases it on close', async () => {
    const running = await startPlatform({
      dataDir: dir,
      port: 0,
      seedDemo: true,
      ...(database ? { databaseUrl: database.url } : {}),
    });
    try {
      expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
      expect(() => lockDataDir(dir)).not.toThrow(DataDirLockedError); // own pid: re-entrant
      const health = await fetch(new URL(ROUTES.health, running.url));
      expect(health.status).toBe(200);
      const login = await fetch(new URL(ROUTES.login, running.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'school', password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(200);
    } finally {
      await running.close();
    }
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);
});

it('refuses a data folder another live process holds, and takes over from a dead one', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tianbao-lock-'));
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    writeFileSync(path.join(dir, LOCK_FILE), String(sleeper.pid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    sleeper.kill('SIGKILL');
    await new Promise((r) => sleeper.once('exit', r));
    const release = lockDataDir(dir);
    release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  } finally {
    sleeper.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
