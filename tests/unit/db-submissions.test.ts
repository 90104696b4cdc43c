import { afterEach, describe, expect, it } from 'vitest';
import {
  attachEvidence,
  changeStatus,
  createProject,
  detachEvidence,
  ensureSubmission,
  evidenceOf,
  getValueRows,
  getValues,
  hashDocument,
  historyOf,
  listProjects,
  MAX_EVIDENCE_BYTES,
  setRawInput,
  setTarget,
  setValues,
  snapshotsOf,
  StorageError,
  submissionDocument,
  type TianbaoDb,
} from '../../shared/db/index.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { memoryDb } from '../helpers/memory-db.ts';

let db: TianbaoDb;
afterEach(() => db?.close());
const zh = createTranslator('zh-CN');

async function project(d: TianbaoDb) {
  return createProject(
    d,
    {
      unitId: 'u1',
      templateId: 'keytasks-2023',
      templateVersion: '2023.1',
      taskCode: 'T03',
      level: '省级',
      subType: '学校实践中心',
      name: '智能制造开放型区域产教融合实践中心',
      members: [
        { name: '湖南工业职业技术学院', role: '牵头' },
        { name: '三一重工股份有限公司', role: '核心成员' },
      ],
    },
    '李老师',
  );
}

describe('projects and plan targets', () => {
  it('creates a project and keeps yearly targets per indicator with audit', async () => {
    db = memoryDb();
    const p = await project(db);
    await setTarget(db, p.id, 2024, 'T03_01', 10, '李老师');
    await setTarget(db, p.id, 2025, 'T03_01', 20, '李老师');
    await setTarget(db, p.id, 2025, 'T03_01', 25, '王主任');
    const [stored] = await listProjects(db, 'u1');
    expect(stored!.targets).toEqual({ '2024': { T03_01: 10 }, '2025': { T03_01: 25 } });
    const h = await historyOf(db, 'project', p.id, 'target:2025:T03_01');
    expect(h.map((x) => [x.actor, x.before, x.after])).toEqual([
      ['王主任', 20, 25],
      ['李老师', null, 20],
    ]);
  });
});

describe('submission lifecycle', () => {
  it('one submission per project and year', async () => {
    db = memoryDb();
    const p = await project(db);
    const a = await ensureSubmission(db, p.id, 2025);
    const b = await ensureSubmission(db, p.id, 2025);
    expect(b.id).toBe(a.id);
    expect((await ensureSubmission(db, p.id, 2024)).id).not.toBe(a.id);
  });

  it('a pasted block is written atomically and audited per cell', async () => {
    db = memoryDb();
    const s = await ensureSubmission(db, (await project(db)).id, 2025);
    const changed = await setValues(
      db,
      s.id,
      [
        { code: 'T03_01', value: 12 },
        { code: 'T03_02', value: 3400 },
        { code: 'T03_03', value: 0.85 },
      ],
      '李老师',
    );
    expect(changed).toEqual(['T03_01', 'T03_02', 'T03_03']);
    expect(await getValues(db, s.id)).toEqual({ T03_01: 12, T03_02: 3400, T03_03: 0.85 });
    expect(await db.audit.where('[entity+entityId]').equals(['value', s.id]).count()).toBe(3);
  });

  it('keeps refused raw input beside the last good value until a good value replaces it', async () => {
    db = memoryDb();
    const s = await ensureSubmission(db, (await project(db)).id, 2025);
    await setValues(db, s.id, [{ code: 'T03_01', value: 12 }], 'a');
    await setRawInput(db, s.id, 'T03_01', '十二个', 'a');
    let [row] = await getValueRows(db, s.id);
    expect([row!.value, row!.raw]).toEqual([12, '十二个']);
    await setValues(db, s.id, [{ code: 'T03_01', value: 12 }], 'a');
    [row] = await getValueRows(db, s.id);
    expect([row!.value, row!.raw]).toEqual([12, undefined]);
  });

  it('submit freezes a snapshot with a SHA-256 and locks the submission', async () => {
    db = memoryDb();
    const s = await ensureSubmission(db, (await project(db)).id, 2025);
    await setValues(
      db,
      s.id,
      [
        { code: 'T03_01', value: 12 },
        { code: 'report:S1', value: '本年度建成实训基地2个。' },
      ],
      'a',
    );
    await attachEvidence(
      db,
      s.id,
      'T03_01',
      { name: '挂牌文件.pdf', mimeType: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]) },
      'a',
    );

    const submitted = await changeStatus(db, s.id, 'submit', 'unit', '王主任');
    expect(submitted.status).toBe('submitted');
    const doc = await submissionDocument(db, s.id);
    expect(submitted.snapshotSha256).toBe(hashDocument(doc));
    expect(submitted.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
    const [snap] = await snapshotsOf(db, s.id);
    expect(snap!.doc.values).toEqual({ T03_01: 12, 'report:S1': '本年度建成实训基地2个。' });
    expect(snap!.doc.evidence).toEqual([
      { target: 'T03_01', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), name: '挂牌文件.pdf' },
    ]);

    const locked = await setValues(db, s.id, [{ code: 'T03_01', value: 13 }], 'a').catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(StorageError);
    expect(zh.format((locked as StorageError).userMessage)).toContain('已提交并锁定');
    expect(await getValues(db, s.id)).toMatchObject({ T03_01: 12 });
    await expect(
      attachEvidence(
        db,
        s.id,
        'T03_01',
        { name: 'x.pdf', mimeType: 'application/pdf', data: new Uint8Array([1]) },
        'a',
      ),
    ).rejects.toBeInstanceOf(StorageError);
  });

  it('return unlocks and freezes the returned version; resubmit takes a new snapshot; wrong moves are refused', async () => {
    db = memoryDb();
    const s = await ensureSubmission(db, (await project(db)).id, 2025);
    await expect(changeStatus(db, s.id, 'accept', 'province', '省厅')).rejects.toBeInstanceOf(StorageError);
    await changeStatus(db, s.id, 'submit', 'unit', 'a');
    await expect(changeStatus(db, s.id, 'return', 'unit', 'a')).rejects.toBeInstanceOf(StorageError);
    await changeStatus(db, s.id, 'return', 'province', '省厅', '请补充佐证材料');
    await setValues(db, s.id, [{ code: 'T03_01', value: 14 }], 'a');
    const re = await changeStatus(db, s.id, 'resubmit', 'unit', 'a');
    expect(re.status).toBe('resubmitted');
    const snaps = await snapshotsOf(db, s.id);
    expect(snaps.map((x) => x.status)).toEqual(['submitted', 'returned', 'resubmitted']);
    // The returned version is what was submitted; the resubmission differs from it.
    expect(snaps[1]!.sha256).toBe(snaps[0]!.sha256);
    expect(snaps[1]!.reason).toBe('请补充佐证材料');
    expect(snaps[2]!.sha256).not.toBe(snaps[1]!.sha256);
    expect(snaps[2]!.doc.values.T03_01).toBe(14);
    // The receipt hash stays the submitted one until the resubmission replaces it.
    expect(re.snapshotSha256).toBe(snaps[2]!.sha256);
    const statusHistory = await historyOf(db, 'submission', s.id, 'status');
    expect(statusHistory.map((h) => h.after)).toEqual([
      'resubmitted',
      'returned: 请补充佐证材料',
      'submitted',
    ]);
  });
});

describe('evidence', () => {
  it('stores bytes once, links per target, refuses oversize files with a clear message', async () => {
    db = memoryDb();
    const s = await ensureSubmission(db, (await project(db)).id, 2025);
    const data = new Uint8Array([1, 2, 3]);
    const a = await attachEvidence(db, s.id, 'T03_01', { name: 'a.png', mimeType: 'image/png', data }, 'x');
    await attachEvidence(db, s.id, 'report:S2', { name: 'a.png', mimeType: 'image/png', data }, 'x');
    expect(await db.attachments.count()).toBe(1);
    expect(await evidenceOf(db, s.id)).toHaveLength(2);
    await detachEvidence(db, a.id, 'x');
    expect((await evidenceOf(db, s.id)).map((e) => e.target)).toEqual(['report:S2']);

    const big = {
      name: '扫描件.pdf',
      mimeType: 'application/pdf',
      data: new Uint8Array(MAX_EVIDENCE_BYTES + 1),
    };
    const err = await attachEvidence(db, s.id, 'T03_01', big, 'x').catch((e: unknown) => e);
    expect(zh.format((err as StorageError).userMessage)).toBe(
      '文件“扫描件.pdf”有 50.0 MB，超过单个佐证材料 50 MB 的上限。请压缩或拆分后再上传。',
    );
    expect(await evidenceOf(db, s.id)).toHaveLength(1);
  });
});
