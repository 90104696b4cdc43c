/**
 * The sync engine against the real platform over HTTP (PGlite in a temp folder): two clients of
 * the same school, each with its own IndexedDB, an outbox that survives a lost answer, an
 * unreachable platform, a refused record, a field-level conflict resolved by choice, and a submit
 * made offline that comes back with the platform's receipt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../../platform/start.ts';
import { DEMO_PASSWORD, DEMO_UNIT_ID } from '../../platform/seed-demo.ts';
import {
  changeStatus,
  createProject,
  ensureSubmission,
  getValues,
  installBuiltinTemplates,
  setValues,
  attachEvidence,
  type TianbaoDb,
} from '../../shared/db/index.ts';
import type { TokenStore } from '../../shared/host/api.ts';
import { PlatformClient } from '../../shared/sync/api-client.ts';
import { recordSyncStatus, SyncEngine } from '../../shared/sync/engine.ts';
import { backoffDelay } from '../../shared/sync/backoff.ts';
import { mergeDocs, resolveConflicts } from '../../shared/sync/merge.ts';
import { memoryDb } from '../helpers/memory-db.ts';

function memoryTokens(): TokenStore {
  const m = new Map<string, string>();
  return {
    get: async (k) => m.get(k) ?? null,
    set: async (k, v) => void m.set(k, v),
    delete: async (k) => void m.delete(k),
  };
}

interface Client {
  db: TianbaoDb;
  client: PlatformClient;
  engine: SyncEngine;
  /** While false, every request fails as a dead network would. */
  online: { value: boolean };
  /** Runs once on the next push response (after the platform applied it), e.g. to lose it. */
  onPush: { value: ((res: Response) => Response | Promise<Response>) | null };
}

let platform: RunningPlatform;
let dataDir: string;

async function newClient(): Promise<Client> {
  const db = memoryDb({ name: `c-${Math.random()}` });
  await db.open();
  await installBuiltinTemplates(db);
  const online = { value: true };
  const onPush: Client['onPush'] = { value: null };
  const fetchFn: typeof fetch = async (input, init) => {
    if (!online.value) throw new TypeError('fetch failed');
    const res = await fetch(input, init);
    if (String(input).endsWith('/api/v1/mutations') && onPush.value) {
      const hook = onPush.value;
      onPush.value = null;
      return hook(res);
    }
    return res;
  };
  const client = new PlatformClient({ baseUrl: platform.url, tokens: memoryTokens(), fetch: fetchFn });
  return { db, client, engine: new SyncEngine({ db, client }), online, onPush };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tianbao-sync-'));
  platform = await startPlatform({ dataDir, seedDemo: true, port: 0 });
}, 120_000);

afterAll(async () => {
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sync engine with the real platform', () => {
  let a: Client;
  let b: Client;
  let submissionId: string;
  let projectId: string;

  it('a school signs in on a fresh install and gets its unit from the platform', async () => {
    a = await newClient();
    await a.client.login('school', DEMO_PASSWORD);
    const report = await a.engine.sync();
    expect(report.reachable).toBe(true);
    expect(await a.db.units.get(DEMO_UNIT_ID)).toMatchObject({
      name: '湖南某职业技术学院',
      regionCode: '430100',
    });
    expect((await a.db.meta.get('activeUnitId'))?.value).toBe(DEMO_UNIT_ID);
  });

  it('pushes a project, its submission and values; a second client pulls them', async () => {
    const project = await createProject(
      a.db,
      {
        unitId: DEMO_UNIT_ID,
        templateId: 'keytasks-2023',
        templateVersion: '2023.1',
        taskCode: 'T01',
        level: '省级',
        name: '长沙市域产教联合体',
        members: [],
      },
      '张老师',
    );
    projectId = project.id;
    submissionId = (await ensureSubmission(a.db, project.id, 2026)).id;
    await setValues(
      a.db,
      submissionId,
      [
        { code: 'T01_01', value: 90 },
        { code: 'T01_02', value: 40 },
      ],
      '张老师',
    );
    expect(await recordSyncStatus(a.db, 'submission', submissionId)).toBe('pending');
    const report = await a.engine.sync();
    expect(report.failed).toBe(0);
    expect(report.pushed).toBeGreaterThanOrEqual(2);
    expect(await a.db.outbox.count()).toBe(0);
    expect(await recordSyncStatus(a.db, 'submission', submissionId)).toBe('synced');

    b = await newClient();
    await b.client.login('school', DEMO_PASSWORD);
    await b.engine.sync();
    expect(await b.db.projects.get(projectId)).toMatchObject({ name: '长沙市域产教联合体', taskCode: 'T01' });
    expect(await getValues(b.db, submissionId)).toMatchObject({ T01_01: 90, T01_02: 40 });
  });

  it('a push whose answer is lost is sent again with the same id and applied once', async () => {
    await setValues(a.db, submissionId, [{ code: 'T01_04', value: 6 }], '张老师');
    let lostRev = 0;
    a.onPush.value = async (res) => {
      const body = (await res.json()) as { results: { status: string; rev?: number }[] };
      lostRev = body.results[0]?.rev ?? 0;
      throw new TypeError('connection reset');
    };
    const first = await a.engine.sync();
    expect(first.failed).toBe(1);
    const [entry] = await a.db.outbox.toArray();
    expect(entry!.sealed?.doc).toMatchObject({ values: { T01_04: 6 } });
    expect(entry!.attempts).toBe(1);
    expect(entry!.nextTryAt! > new Date().toISOString()).toBe(true);
    // Retry as soon as allowed: the same mutation id comes back as a duplicate of the first result.
    await a.db.outbox.update(entry!.seq!, { nextTryAt: undefined });
    await a.engine.sync();
    expect(await a.db.outbox.count()).toBe(0);
    const state = await a.db.syncState.get(`submission:${submissionId}`);
    expect(state?.rev).toBe(lostRev);
  });

  it('an unreachable platform leaves every change queued with backoff, nothing lost', async () => {
    a.online.value = false;
    await setValues(a.db, submissionId, [{ code: 'T01_10', value: 3 }], '张老师');
    const report = await a.engine.sync();
    expect(report.reachable).toBe(false);
    expect(await a.db.outbox.count()).toBe(1);
    expect((await a.engine.status()).pending).toBe(1);
    a.online.value = true;
    await a.engine.sync();
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('one refused record is stuck with its reason and does not hold back the others', async () => {
    // A project of another unit: the platform refuses it for this account, for good.
    await a.db.transaction('rw', [a.db.projects, a.db.outbox], async () => {
      await a.db.projects.put({
        id: 'p-foreign',
        unitId: 'some-other-unit',
        templateId: 'keytasks-2023',
        templateVersion: '2023.1',
        taskCode: 'T02',
        level: '省级',
        name: '别的单位的项目',
        members: [],
        targets: {},
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      });
      const { markDirty } = await import('../../shared/sync/outbox.ts');
      await markDirty(a.db, 'project', 'p-foreign');
    });
    await setValues(a.db, submissionId, [{ code: 'T01_11', value: 2 }], '张老师');
    const report = await a.engine.sync();
    expect(report.failed).toBe(1);
    expect(await recordSyncStatus(a.db, 'project', 'p-foreign')).toBe('stuck');
    expect(await recordSyncStatus(a.db, 'submission', submissionId)).toBe('synced');
    const stuck = (await a.db.outbox.toArray()).find((o) => o.stuck)!;
    expect(stuck.lastError).toMatch(/\S/);
    await a.db.outbox.clear();
  });

  it('two people change the same submission: clean fields merge, a collision waits for a choice', async () => {
    await b.engine.sync();
    // A works offline on T01_01 and T01_12; B changes T01_01 too, and T01_13.
    a.online.value = false;
    await setValues(
      a.db,
      submissionId,
      [
        { code: 'T01_01', value: 100 },
        { code: 'T01_12', value: 7 },
      ],
      '张老师',
    );
    await setValues(
      b.db,
      submissionId,
      [
        { code: 'T01_01', value: 120 },
        { code: 'T01_13', value: 9 },
      ],
      '李老师',
    );
    await b.engine.sync();
    a.online.value = true;
    const report = await a.engine.sync();
    expect(report.conflicts).toBe(1);
    const [conflict] = await a.db.conflicts.toArray();
    expect(conflict!.fields).toEqual([{ path: 'values.T01_01', base: 90, local: 100, server: 120 }]);
    // Meanwhile A still sees its own number and already has B's other change.
    expect(await getValues(a.db, submissionId)).toMatchObject({ T01_01: 100, T01_12: 7, T01_13: 9 });
    expect(await recordSyncStatus(a.db, 'submission', submissionId)).toBe('conflict');

    await a.engine.resolve(conflict!.key, { 'values.T01_01': 'server' });
    await a.engine.sync();
    expect(await a.db.conflicts.count()).toBe(0);
    await b.engine.sync();
    for (const c of [a, b])
      expect(await getValues(c.db, submissionId)).toMatchObject({ T01_01: 120, T01_12: 7, T01_13: 9 });
  });

  it('evidence goes up by hash and comes down verified on the other client', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4 合作协议');
    const e = await attachEvidence(
      a.db,
      submissionId,
      'T01_01',
      { name: '协议.pdf', mimeType: 'application/pdf', data: bytes },
      '张老师',
    );
    await a.engine.sync();
    expect(await a.db.outbox.count()).toBe(0);
    await b.engine.sync();
    expect(await b.db.evidence.get(e.id)).toMatchObject({ sha256: e.sha256, name: '协议.pdf' });
    expect(Array.from((await b.db.attachments.get(e.sha256))!.data)).toEqual(Array.from(bytes));
  });

  it('a submit made offline reaches the platform later and brings back its receipt', async () => {
    a.online.value = false;
    const local = await changeStatus(a.db, submissionId, 'submit', 'unit', '张老师');
    await a.engine.sync();
    a.online.value = true;
    await a.engine.sync();
    expect(await a.db.outbox.count()).toBe(0);
    const s = await a.db.submissions.get(submissionId);
    expect(s?.status).toBe('submitted');
    expect(s?.receipt?.sha256).toBe(local.snapshotSha256);
    expect(s?.receipt?.rev).toBeGreaterThan(1);
    await b.engine.sync();
    expect((await b.db.submissions.get(submissionId))?.status).toBe('submitted');
  });
});

describe('merge and backoff rules', () => {
  it('takes one-sided changes from either side and never merges the status the platform owns', () => {
    const base = { projectId: 'p', year: 2026, values: { A: 1, B: 2 }, status: 'draft' };
    const local = { projectId: 'p', year: 2026, values: { A: 5, B: 2, C: 3 }, status: 'submitted' };
    const server = { projectId: 'p', year: 2026, values: { A: 1, B: 8 }, status: 'returned' };
    const { merged, conflicts } = mergeDocs('submission', base, local, server);
    expect(conflicts).toEqual([]);
    expect(merged).toMatchObject({ values: { A: 5, B: 8, C: 3 }, status: 'returned' });
  });

  it('a value cleared on one side and changed on the other is a conflict; choices apply per field', () => {
    const { merged, conflicts } = mergeDocs(
      'project',
      { name: 'a', level: '省级' },
      { name: 'b', level: '省级' },
      { name: 'c', level: '市级' },
    );
    expect(conflicts.map((c) => c.path)).toEqual(['name']);
    expect(resolveConflicts(merged, conflicts, { name: 'local' })).toMatchObject({
      name: 'b',
      level: '市级',
    });
  });

  it('backs off exponentially with jitter and a cap', () => {
    expect(backoffDelay(1, () => 0)).toBe(1000);
    expect(backoffDelay(1, () => 1)).toBe(2000);
    expect(backoffDelay(4, () => 1)).toBe(16000);
    expect(backoffDelay(50, () => 1)).toBe(600000);
  });
});
