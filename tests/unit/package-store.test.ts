/**
 * Packages between stores: a unit exports from its store, the province imports into its own, all
 * or nothing, never silently overwriting a submission it already holds differently.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  changeStatus,
  ensureSubmission,
  hashDocument,
  historyOf,
  setValues,
  StorageError,
  submissionDocument,
  type TianbaoDb,
} from '../../shared/db/index.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { exportPackage, packageContentFromStore } from '../../shared/package/from-store.ts';
import { importPackage } from '../../shared/package/import-to-store.ts';
import { readPackage, type VerifiedPackage } from '../../shared/package/read.ts';
import { sha256HexSync } from '../../shared/util/sha256.ts';
import { PDF, PHOTO, seedSubmission, type Seeded } from '../fixtures/package.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const zh = createTranslator('zh-CN');
const PROVINCE = '湖南省教育厅 王老师';
const open: TianbaoDb[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

function store(): TianbaoDb {
  const d = memoryDb();
  open.push(d);
  return d;
}

async function verified(bytes: Uint8Array): Promise<VerifiedPackage> {
  const result = await readPackage(bytes);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

/** A unit's store with a submitted submission, and its package. */
async function unitSide(): Promise<{ unit: TianbaoDb; seeded: Seeded; pkg: VerifiedPackage }> {
  const unit = store();
  const seeded = await seedSubmission(unit);
  const pkg = await verified(await exportPackage(unit, seeded.submissionId, { appVersion: '0.1.0' }));
  return { unit, seeded, pkg };
}

/** Row counts of every table the import writes, to prove nothing changed. */
async function counts(d: TianbaoDb): Promise<Record<string, number>> {
  const tables = [
    'units',
    'projects',
    'submissions',
    'values',
    'evidence',
    'attachments',
    'comments',
    'snapshots',
    'audit',
  ];
  return Object.fromEntries(
    await Promise.all(tables.map(async (t) => [t, await d.table(t).count()] as const)),
  );
}

/** Everything a store holds of one submission, bookkeeping times left out. */
async function dump(d: TianbaoDb, submissionId: string) {
  const content = await packageContentFromStore(d, submissionId);
  const values = await d.values.where('submissionId').equals(submissionId).toArray();
  return {
    ...content,
    values: values
      .map(({ code, value, raw }) => ({ code, value, raw }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

describe('exporting from the unit store', () => {
  it('packs the submission with its evidence bytes, each file once', async () => {
    const { unit, seeded, pkg } = await unitSide();
    const { content } = pkg;
    expect(content.unit.doc.name).toBe('湖南工业职业技术学院');
    expect(content.submission.doc).toMatchObject({
      projectId: seeded.projectId,
      year: 2025,
      status: 'submitted',
      values: { T01_01: 128, T01_02: 41.5, T01_04: true, 'fund:central:received': 300 },
      raw: { T01_03: '大约二十' },
    });
    expect(content.evidence.map((e) => e.doc.name)).toEqual(['成员名单.pdf', '现场.jpg', '成员名单.pdf']);
    expect(Object.keys(content.blobs).sort()).toEqual([sha256HexSync(PDF), sha256HexSync(PHOTO)].sort());
    expect(content.submission.doc.snapshotSha256).toBe(
      hashDocument(await submissionDocument(unit, seeded.submissionId)),
    );
  });

  it('says which evidence file is missing instead of writing a package without it', async () => {
    const unit = store();
    const seeded = await seedSubmission(unit, { submit: false });
    await unit.attachments.delete(sha256HexSync(PHOTO));
    const error = await exportPackage(unit, seeded.submissionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(zh.format((error as StorageError).userMessage)).toContain('佐证材料“现场.jpg”的文件内容不在本机');
    const missing = await exportPackage(unit, 'nope').catch((e: unknown) => e);
    expect((missing as StorageError).userMessage.key).toBe('common:submission.missing');
  });
});

describe('importing into the province store', () => {
  it('creates unit, project, submission, values, evidence, bytes, comments and snapshot, audited', async () => {
    const { unit, seeded, pkg } = await unitSide();
    const province = store();
    const result = await importPackage(province, pkg, { actor: PROVINCE });
    expect(result).toEqual({
      ok: true,
      outcome: 'created',
      submissionId: seeded.submissionId,
      changes: {
        unit: true,
        project: true,
        submission: true,
        values: 6,
        evidence: 3,
        attachments: 2,
        comments: 1,
        snapshots: 1,
      },
    });
    expect(await dump(province, seeded.submissionId)).toEqual(await dump(unit, seeded.submissionId));
    // The receipt hash recomputed from the province's own store is the unit's.
    expect(hashDocument(await submissionDocument(province, seeded.submissionId))).toBe(
      pkg.content.submission.doc.snapshotSha256,
    );
    const history = await historyOf(province, 'submission', seeded.submissionId);
    expect(history.every((h) => h.actor === PROVINCE)).toBe(true);
    expect(history.find((h) => h.field === 'package')?.after).toBe(pkg.manifestSha256);
    expect((await historyOf(province, 'value', seeded.submissionId, 'T01_01'))[0]).toMatchObject({
      actor: PROVINCE,
      before: null,
      after: 128,
    });
    expect(await province.values.get([seeded.submissionId, 'T01_01'])).toMatchObject({ updatedBy: PROVINCE });
  });

  it('importing the same package again changes nothing', async () => {
    const { unit, seeded, pkg } = await unitSide();
    const province = store();
    await importPackage(province, pkg, { actor: PROVINCE });
    const before = await counts(province);
    const again = await importPackage(province, pkg, { actor: PROVINCE });
    expect(again).toMatchObject({ ok: true, outcome: 'unchanged' });
    expect(await counts(province)).toEqual(before);
    // A fresh export of the same data (another time, so another file) is the same import.
    const later = await verified(
      await exportPackage(unit, seeded.submissionId, { createdAt: '2027-01-01T00:00:00.000Z' }),
    );
    expect(later.manifestSha256).not.toBe(pkg.manifestSha256);
    expect(await importPackage(province, later, { actor: PROVINCE })).toMatchObject({
      ok: true,
      outcome: 'unchanged',
    });
    expect(await counts(province)).toEqual(before);
  });

  it('a changed submission is reported field by field, not written; replace applies it', async () => {
    const { unit, seeded, pkg } = await unitSide();
    const province = store();
    await importPackage(province, pkg, { actor: PROVINCE });
    const sid = seeded.submissionId;

    // The province returns it; the unit changes a value and resubmits; a new package arrives.
    await changeStatus(unit, sid, 'return', 'province', PROVINCE, '请核实成员单位数');
    await setValues(unit, sid, [{ code: 'T01_01', value: 126 }], '李老师');
    await changeStatus(unit, sid, 'resubmit', 'unit', '李老师');
    const second = await verified(await exportPackage(unit, sid));

    const before = await counts(province);
    const refused = await importPackage(province, second, { actor: PROVINCE });
    if (refused.ok) throw new Error('expected conflicts');
    expect(refused.conflicts.map((c) => [c.entity, c.field, c.local, c.incoming])).toEqual([
      [
        'submission',
        'snapshotSha256',
        pkg.content.submission.doc.snapshotSha256,
        second.content.submission.doc.snapshotSha256,
      ],
      ['submission', 'status', 'submitted', 'resubmitted'],
      [
        'submission',
        'submittedAt',
        pkg.content.submission.doc.submittedAt,
        second.content.submission.doc.submittedAt,
      ],
      ['value', 'T01_01', { value: 128 }, { value: 126 }],
    ]);
    expect(refused.conflicts.every((c) => c.replaceable)).toBe(true);
    expect(zh.format(refused.conflicts[3]!.message)).toBe(
      '2025 年度填报中 T01_01 的数据与本机不同：本机 128，提交包 126',
    );
    expect(await counts(province)).toEqual(before);

    const replaced = await importPackage(province, second, { actor: PROVINCE, replace: true });
    expect(replaced).toMatchObject({
      ok: true,
      outcome: 'updated',
      // The returned version and the resubmission: both frozen on the unit's side, both new here.
      changes: { submission: true, values: 1, snapshots: 2 },
    });
    expect(await dump(province, sid)).toEqual(await dump(unit, sid));
    expect((await historyOf(province, 'value', sid, 'T01_01'))[0]).toMatchObject({
      before: 128,
      after: 126,
      actor: PROVINCE,
    });
  });

  it('evidence added or removed on the unit side is a conflict; replace removes what the package lacks', async () => {
    const { unit, seeded, pkg } = await unitSide();
    const province = store();
    await importPackage(province, pkg, { actor: PROVINCE });
    const sid = seeded.submissionId;
    await changeStatus(unit, sid, 'return', 'province', PROVINCE);
    const photo = (await unit.evidence.where('submissionId').equals(sid).toArray()).find(
      (e) => e.name === '现场.jpg',
    )!;
    await unit.evidence.delete(photo.id);
    await changeStatus(unit, sid, 'resubmit', 'unit', '李老师');
    const second = await verified(await exportPackage(unit, sid));
    const refused = await importPackage(province, second, { actor: PROVINCE });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      const evidence = refused.conflicts.filter((c) => c.entity === 'evidence');
      expect(evidence.map((c) => [c.id, c.field])).toEqual([[photo.id, 'report:overview']]);
      expect(zh.format(evidence[0]!.message)).toBe(
        '本机有提交包中没有的佐证材料“现场.jpg”（report:overview），导入将删除它',
      );
    }
    await importPackage(province, second, { actor: PROVINCE, replace: true });
    expect(await province.evidence.get(photo.id)).toBeUndefined();
    // The bytes stay: attachments are shared by hash and may be cited elsewhere.
    expect(await province.attachments.get(sha256HexSync(PHOTO))).toBeDefined();
  });

  it('a second submission for the same project and year cannot be forced in', async () => {
    const { seeded, pkg } = await unitSide();
    const province = store();
    await importPackage(province, pkg, { actor: PROVINCE });
    await province.submissions.delete(seeded.submissionId);
    const other = await ensureSubmission(province, seeded.projectId, 2025);
    const result = await importPackage(province, pkg, { actor: PROVINCE, replace: true });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.conflicts).toMatchObject([
      {
        entity: 'submission',
        field: 'year',
        local: other.id,
        incoming: seeded.submissionId,
        replaceable: false,
      },
    ]);
  });

  it('comments the province wrote itself are kept', async () => {
    const { seeded, pkg } = await unitSide();
    const province = store();
    await importPackage(province, pkg, { actor: PROVINCE });
    await province.comments.put({
      id: 'c-province',
      submissionId: seeded.submissionId,
      field: 'T01_02',
      text: '数据偏低，请说明',
      author: PROVINCE,
      at: '2026-03-10T08:00:00.000Z',
      resolved: false,
    });
    expect(await importPackage(province, pkg, { actor: PROVINCE })).toMatchObject({
      ok: true,
      outcome: 'unchanged',
    });
    expect(await province.comments.get('c-province')).toBeDefined();
  });

  it('a failure half-way leaves the store exactly as it was', async () => {
    const { unit, seeded, pkg } = await unitSide();
    const province = store();
    // Fails on the comment, after unit, project, submission, values, evidence and bytes were written.
    province.comments.hook('creating', () => {
      throw new Error('disk full');
    });
    const error = await importPackage(province, pkg, { actor: PROVINCE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(zh.format((error as StorageError).userMessage)).toContain('disk full');
    expect(Object.values(await counts(province)).every((n) => n === 0)).toBe(true);

    // The same on a replace over an existing import: the earlier state survives whole.
    const clean = store();
    await importPackage(clean, pkg, { actor: PROVINCE });
    const sid = seeded.submissionId;
    await changeStatus(unit, sid, 'return', 'province', PROVINCE);
    await setValues(unit, sid, [{ code: 'T01_01', value: 1 }], '李老师');
    await unit.comments.put({ ...(await unit.comments.get('c-1'))!, id: 'c-2', text: '新的意见' });
    await changeStatus(unit, sid, 'resubmit', 'unit', '李老师');
    const second = await verified(await exportPackage(unit, sid));
    const snapshot = { counts: await counts(clean), dump: await dump(clean, sid) };
    clean.comments.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(importPackage(clean, second, { actor: PROVINCE, replace: true })).rejects.toBeInstanceOf(
      StorageError,
    );
    expect(await counts(clean)).toEqual(snapshot.counts);
    expect(await dump(clean, sid)).toEqual(snapshot.dump);
  });
});
