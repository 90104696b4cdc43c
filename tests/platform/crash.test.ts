/**
 * The platform process killed with SIGKILL in the middle of pushes and uploads, then started again
 * on the same data (PGlite folder, or the same PostgreSQL database): nothing acknowledged is lost,
 * nothing is applied twice, and the upload goes on from the bytes the platform had.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { ROUTES, apiPath } from '../../shared/api/paths.ts';
import type { Mutation, PushResponse } from '../../shared/api/sync.ts';
import { DEMO_PASSWORD, DEMO_UNIT_ID } from '../../platform/seed-demo.ts';
import { eachBackend } from './harness.ts';
import { preparePgliteDir } from './backends.ts';
import { createTestDatabase, type TestDatabase } from './pg-server.ts';
import { startPlatformProcess, type PlatformProcess } from './child.ts';
import { mutation, newId, projectDoc } from './docs.ts';

const PROJECTS = 40;
const PER_BATCH = 2;
const MiB = 1024 * 1024;

async function call(base: string, method: string, url: string, token?: string, body?: unknown, raw?: Buffer) {
  const res = await fetch(new URL(url, base), {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(raw
        ? { 'content-type': 'application/octet-stream' }
        : body !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
    },
    ...(raw ? { body: new Uint8Array(raw) } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & PushResponse };
}

eachBackend((kind) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let running: PlatformProcess | undefined;
  const env = () => ({
    DATA_DIR: dataDir,
    SEED_DEMO: '1',
    ...(database ? { DATABASE_URL: database.url } : {}),
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'tianbao-crash-'));
    if (kind === 'pglite') await preparePgliteDir(path.join(dataDir, 'pgdata'));
    if (kind === 'postgres') {
      let provided: string | undefined;
      try {
        provided = inject('pgAdminUrl');
      } catch {
        // Own server (see pg-server.ts).
      }
      database = await createTestDatabase(provided);
    }
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('loses nothing and doubles nothing when killed mid-push and restarted', async () => {
    running = await startPlatformProcess(env());
    const login = await call(running.url, 'POST', ROUTES.login, undefined, {
      username: 'school',
      password: DEMO_PASSWORD,
    });
    expect(login.status).toBe(200);
    const token = String(login.body.accessToken);

    // An upload under way: one chunk of three arrives before the kill.
    const file = randomBytes(3 * MiB);
    const hash = createHash('sha256').update(file).digest('hex');
    await call(running.url, 'POST', apiPath.upload(hash), token, { size: file.length });
    expect(
      (
        await call(
          running.url,
          'PATCH',
          apiPath.uploadChunk(hash, 0),
          token,
          undefined,
          file.subarray(0, MiB),
        )
      ).status,
    ).toBe(200);

    // Each project: created, then changed twice (revisions 1, 2, 3), batched as an outbox would.
    const ids = Array.from({ length: PROJECTS }, newId);
    const batches: Mutation[][] = [];
    for (let i = 0; i < PROJECTS; i += PER_BATCH) {
      batches.push(
        ids
          .slice(i, i + PER_BATCH)
          .flatMap((id) => [
            mutation('project', id, 0, projectDoc(DEMO_UNIT_ID, `项目 ${id} v1`)),
            mutation('project', id, 1, projectDoc(DEMO_UNIT_ID, `项目 ${id} v2`)),
            mutation('project', id, 2, projectDoc(DEMO_UNIT_ID, `项目 ${id} v3`)),
          ]),
      );
    }
    const acknowledged = new Map<string, number>();
    const target = running;
    let killing: Promise<void> | undefined;
    await Promise.allSettled(
      batches.map(async (batch) => {
        const r = await call(target.url, 'POST', ROUTES.push, token, { mutations: batch });
        for (const res of r.body.results)
          if (res.status === 'applied') acknowledged.set(res.mutationId, res.rev);
        // The first answer is the signal: the rest are in flight or queued when the process dies.
        killing ??= target.kill();
      }),
    );
    await killing;
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(PROJECTS * 3);

    running = await startPlatformProcess(env());
    // The signing key is kept in the data folder: a token from before the crash still works.
    expect((await call(running.url, 'GET', ROUTES.me, token)).status).toBe(200);

    // The outbox pushes everything again, in order; the platform applies what it lacks, once.
    const second = new Map<string, { status: string; rev: number }>();
    for (const batch of batches) {
      const r = await call(running.url, 'POST', ROUTES.push, token, { mutations: batch });
      expect(r.status).toBe(200);
      for (const res of r.body.results) {
        expect(['applied', 'duplicate']).toContain(res.status);
        const rev = res.status === 'applied' ? res.rev : res.status === 'duplicate' ? res.result.rev : -1;
        second.set(res.mutationId, { status: res.status, rev });
      }
    }
    for (const [mutationId, rev] of acknowledged)
      expect(second.get(mutationId)).toEqual({ status: 'duplicate', rev });
    for (const batch of batches)
      batch.forEach((m) => expect(second.get(m.mutationId)?.rev).toBe(m.baseRev + 1));

    const changes: { id: string; entity: string; rev: number; doc: { name?: string } | null }[] = [];
    let cursor = '0';
    for (;;) {
      const page = await call(running.url, 'GET', apiPath.changes(cursor, 1000), token);
      changes.push(...(page.body.changes as unknown as typeof changes));
      cursor = String(page.body.cursor);
      if (!page.body.hasMore) break;
    }
    const projects = changes.filter((c) => c.entity === 'project');
    expect(projects).toHaveLength(PROJECTS);
    expect(new Set(projects.map((p) => p.id))).toEqual(new Set(ids));
    for (const p of projects) {
      expect(p.rev).toBe(3);
      expect(p.doc?.name).toBe(`项目 ${p.id} v3`);
    }

    // The upload resumes from the chunk that had arrived.
    const status = await call(running.url, 'GET', apiPath.upload(hash), token);
    expect(status.body).toMatchObject({ received: MiB, complete: false });
    for (let at = MiB; at < file.length; at += MiB)
      expect(
        (
          await call(
            running.url,
            'PATCH',
            apiPath.uploadChunk(hash, at),
            token,
            undefined,
            file.subarray(at, at + MiB),
          )
        ).status,
      ).toBe(200);
    expect((await call(running.url, 'POST', apiPath.uploadComplete(hash), token, {})).body).toMatchObject({
      complete: true,
    });
  }, 180_000);
});
