import { afterEach, describe, expect, it } from 'vitest';
import {
  applyFillImport,
  changeStatus,
  createProject,
  ensureSubmission,
  getValues,
  historyOf,
  setValues,
  StorageError,
  type TianbaoDb,
} from '../../shared/db/index.ts';
import { memoryDb } from '../helpers/memory-db.ts';

let db: TianbaoDb;
afterEach(() => db?.close());

async function setup() {
  db = memoryDb();
  const p = await createProject(
    db,
    {
      unitId: 'u1',
      templateId: 'keytasks-2023',
      templateVersion: '2023.1',
      taskCode: 'T01',
      level: '省级',
      name: '联合体',
      members: [],
    },
    'a',
  );
  const s = await ensureSubmission(db, p.id, 2026);
  await setValues(db, s.id, [{ code: 'T01_01', value: 100 }], 'a');
  return { projectId: p.id, submissionId: s.id };
}

describe('applying an imported fill-in workbook', () => {
  it('queues the project for sync when its targets changed, and only then', async () => {
    const { projectId, submissionId } = await setup();
    await db.outbox.clear();
    const queued = async () => (await db.outbox.toArray()).map((o) => `${o.entity}:${o.entityId}`).sort();
    await applyFillImport(db, { submissionId, values: { T01_01: 120 }, targets: {} }, 'a');
    expect(await queued()).toEqual([`submission:${submissionId}`]);
    await db.outbox.clear();
    await applyFillImport(db, { submissionId, values: {}, targets: { T01_01: 130 } }, 'a');
    expect(await queued()).toEqual([`project:${projectId}`, `submission:${submissionId}`].sort());
  });

  it('writes values, notes and targets together, each audited', async () => {
    const { projectId, submissionId } = await setup();
    await applyFillImport(
      db,
      {
        submissionId,
        values: { T01_01: 120, T01_02: 80, 'note:T01_01': '含新增成员' },
        targets: { T01_01: 110 },
      },
      '导入',
    );
    expect(await getValues(db, submissionId)).toEqual({
      T01_01: 120,
      T01_02: 80,
      'note:T01_01': '含新增成员',
    });
    expect((await db.projects.get(projectId))!.targets['2026']).toEqual({ T01_01: 110 });
    expect((await historyOf(db, 'value', submissionId, 'T01_01'))[0]).toMatchObject({
      before: 100,
      after: 120,
      actor: '导入',
    });
    expect((await historyOf(db, 'project', projectId, 'target:2026:T01_01'))[0]).toMatchObject({
      before: null,
      after: 110,
    });
  });

  it('all or nothing: a failure half-way leaves every value and target as it was', async () => {
    const { projectId, submissionId } = await setup();
    db.audit.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(
      applyFillImport(
        db,
        { submissionId, values: { T01_01: 120, T01_02: 80 }, targets: { T01_01: 110 } },
        '导入',
      ),
    ).rejects.toBeInstanceOf(StorageError);
    expect(await getValues(db, submissionId)).toEqual({ T01_01: 100 });
    expect((await db.projects.get(projectId))!.targets).toEqual({});
  });

  it('is refused on a submitted (locked) submission', async () => {
    const { submissionId } = await setup();
    await changeStatus(db, submissionId, 'submit', 'unit', 'a');
    await expect(
      applyFillImport(db, { submissionId, values: { T01_01: 1 }, targets: {} }, 'x'),
    ).rejects.toBeInstanceOf(StorageError);
    expect(await getValues(db, submissionId)).toEqual({ T01_01: 100 });
  });
});
