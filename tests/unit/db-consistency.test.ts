import { afterEach, describe, expect, it } from 'vitest';
import {
  addComment,
  attachEvidence,
  changeStatus,
  checkStoreConsistency,
  createProject,
  detachEvidence,
  ensureSubmission,
  installBuiltinTemplates,
  openDb,
  saveUnitProfile,
  SCHEMA_VERSIONS,
  setValues,
  type ConsistencyReport,
  type TianbaoDb,
} from '../../shared/db/index.ts';
import { field } from '../../shared/domain/fields.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { sha256Hex } from '../../shared/util/sha256.ts';
import { memoryDb, memoryIndexedDb } from '../helpers/memory-db.ts';
import { fillV1, V1_UNIT } from '../fixtures/db/v1.ts';
import { fillV3 } from '../fixtures/db/v3.ts';

let db: TianbaoDb;
afterEach(() => db?.close());
const zh = createTranslator('zh-CN');
const PDF = new TextEncoder().encode('%PDF-1.4 挂牌文件');
const PHOTO = new TextEncoder().encode('JPEG 实训基地照片');

const { updatedAt: _u, ...profile } = V1_UNIT;
type Profile = Parameters<typeof saveUnitProfile>[1];

/** A store written only through the app's own repositories: unit, project, values, files, comment, submit. */
async function cleanStore(): Promise<{ db: TianbaoDb; sid: string; pid: string; keptEvidence: string }> {
  const d = memoryDb();
  await installBuiltinTemplates(d);
  await saveUnitProfile(d, profile as Profile, '李老师');
  const p = await createProject(
    d,
    {
      unitId: V1_UNIT.id,
      templateId: 'keytasks-2023',
      templateVersion: '2023.1',
      taskCode: 'T01',
      level: '省级',
      name: '长沙市域产教联合体',
      members: [{ name: '湖南工业职业技术学院', role: '牵头' }],
    },
    '李老师',
  );
  const s = await ensureSubmission(d, p.id, 2026);
  const part = keyTasks2023.scoring!.parts[0]!;
  await setValues(
    d,
    s.id,
    [
      { code: 'T01_01', value: 120 },
      { code: 'T01_02', value: null, raw: '八十' },
      { code: field.note('T01_01'), value: '含新增成员' },
      { code: field.funding('CENTRAL', 'planned'), value: 500 },
      { code: field.report('S1'), value: '<p>本年度新建实训基地两个。</p>' },
      { code: field.score(part.code, part.dimensions[0]!.code), value: 90 },
      { code: field.conclusion, value: '良好' },
    ],
    '李老师',
  );
  const kept = await attachEvidence(
    d,
    s.id,
    'T01_01',
    { name: '挂牌.pdf', mimeType: 'application/pdf', data: PDF },
    '李老师',
  );
  const dropped = await attachEvidence(
    d,
    s.id,
    'report:S1',
    { name: '照片.jpg', mimeType: 'image/jpeg', data: PHOTO },
    '李老师',
  );
  await detachEvidence(d, dropped.id, '李老师');
  await addComment(d, { submissionId: s.id, field: 'T01_01', text: '请补充佐证' }, '省厅');
  await changeStatus(d, s.id, 'submit', 'unit', '李老师');
  return { db: d, sid: s.id, pid: p.id, keptEvidence: kept.id };
}

const located = (r: ConsistencyReport) =>
  r.problems.map((p) => ({ severity: p.severity, table: p.table, key: p.key, message: p.message.key }));

describe('checkStoreConsistency: clean stores pass', () => {
  it('a store written through the repositories has no problems, with every record counted and every file hashed', async () => {
    const clean = await cleanStore();
    db = clean.db;
    const report = await checkStoreConsistency(db);
    expect(report.problems).toEqual([]);
    expect(report.checked).toMatchObject({
      units: 1,
      projects: 1,
      submissions: 1,
      values: 7,
      evidence: 1,
      attachments: 2,
      snapshots: 1,
      comments: 1,
      meta: 1,
    });
    // The detached photo's deletion waits in the outbox (its record is gone): a legal tombstone.
    expect((await db.outbox.toArray()).some((o) => o.entity === 'evidence' && !o.sealed)).toBe(true);
    expect(report.checked.outbox).toBe(await db.outbox.count());
    expect(report.checked.audit).toBe(await db.audit.count());
    expect(report.checked.templates).toBeGreaterThan(0);
  });

  it('the v3 fixture store (with the built-in templates the app installs on open) passes', async () => {
    db = memoryDb();
    await fillV3(db);
    await installBuiltinTemplates(db);
    expect((await checkStoreConsistency(db, { verifyFiles: false })).problems).toEqual([]);
    // Its one file is named "aaaa…" but holds the bytes 1 2 3: only hashing can tell, and it does.
    const hashed = await checkStoreConsistency(db);
    expect(located(hashed)).toEqual([
      { severity: 'error', table: 'attachments', key: 'a'.repeat(64), message: 'diagnostics:check.fileHash' },
    ]);
    expect(zh.format(hashed.problems[0]!.message)).toBe(
      `attachments[${'a'.repeat(64)}]：文件内容的 SHA-256 为 ${await sha256Hex(new Uint8Array([1, 2, 3]))}，与记录不符，文件已损坏（引用它的佐证材料：e-1）`,
    );
  });

  it('a v1 store upgraded to v3 (every record queued for its first push) passes', async () => {
    const idb = memoryIndexedDb();
    const old = openDb({ ...idb, name: 'up', versions: SCHEMA_VERSIONS.filter((v) => v.version === 1) });
    await fillV1(old);
    old.close();
    db = openDb({ ...idb, name: 'up' });
    await installBuiltinTemplates(db);
    const report = await checkStoreConsistency(db, { verifyFiles: false });
    expect(report.problems).toEqual([]);
    expect(report.checked.outbox).toBe(3);
  });
});

type Inject = (d: TianbaoDb, ids: { sid: string; pid: string; keptEvidence: string }) => Promise<unknown>;
const T = '2026-03-01T08:00:00.000Z';
const orphanValue = { submissionId: 's-gone', code: 'T01_01', value: 1, updatedAt: T, updatedBy: 'x' };
const doc = (entity: string, entityId: string, extra: object = {}) => ({
  mutationId: `m-${entity}-${entityId}`,
  kind: 'doc',
  entity,
  entityId,
  createdAt: T,
  attempts: 0,
  ...extra,
});

/** Each corruption, the one problem it must produce, and that problem's message in Chinese. */
const CASES: {
  name: string;
  inject: Inject;
  expected: {
    severity?: 'error' | 'warning';
    table: string;
    key: string | ((ids: { sid: string; keptEvidence: string }) => string);
    message: string;
  };
  zh?: string;
}[] = [
  {
    name: 'a value row of a missing submission',
    inject: (d) => d.values.put(orphanValue),
    expected: { table: 'values', key: 's-gone, T01_01', message: 'submissionMissing' },
    zh: 'values[s-gone, T01_01]：所属的年度填报“s-gone”不存在',
  },
  {
    name: 'an evidence link of a missing submission',
    inject: async (d, { keptEvidence }) => {
      const e = (await d.evidence.get(keptEvidence))!;
      await d.evidence.put({ ...e, id: 'e-orphan', submissionId: 's-gone' });
    },
    expected: { table: 'evidence', key: 'e-orphan', message: 'submissionMissing' },
  },
  {
    name: 'a snapshot of a missing submission',
    inject: async (d, { sid }) => {
      const [snap] = await d.snapshots.where('submissionId').equals(sid).toArray();
      await d.snapshots.put({ ...snap!, id: 'sn-orphan', submissionId: 's-gone' });
    },
    expected: { table: 'snapshots', key: 'sn-orphan', message: 'submissionMissing' },
  },
  {
    name: 'a comment on a missing submission',
    inject: (d) =>
      d.comments.put({
        id: 'c-orphan',
        submissionId: 's-gone',
        field: 'T01_01',
        text: '?',
        author: '省厅',
        at: T,
        resolved: false,
      }),
    expected: { table: 'comments', key: 'c-orphan', message: 'submissionMissing' },
  },
  {
    name: 'a submission of a missing project',
    inject: (d) =>
      d.submissions.put({
        id: 's-lost',
        projectId: 'p-gone',
        year: 2026,
        status: 'draft',
        createdAt: T,
        updatedAt: T,
      }),
    expected: { table: 'submissions', key: 's-lost', message: 'projectMissing' },
    zh: 'submissions[s-lost]：所属项目“p-gone”不存在',
  },
  {
    name: 'a project of a missing unit',
    inject: async (d, { pid }) =>
      d.projects.put({ ...(await d.projects.get(pid))!, id: 'p-lost', unitId: 'u-gone' }),
    expected: { table: 'projects', key: 'p-lost', message: 'unitMissing' },
  },
  {
    name: 'a project whose template is not in the store',
    inject: async (d, { pid }) =>
      d.projects.put({ ...(await d.projects.get(pid))!, id: 'p-tpl', templateVersion: '1999.1' }),
    expected: { table: 'projects', key: 'p-tpl', message: 'templateMissing' },
    zh: 'projects[p-tpl]：所用模板“keytasks-2023@1999.1”不在本机，这个项目的填报无法打开',
  },
  {
    name: 'a project of a task its template does not have',
    inject: async (d, { pid }) =>
      d.projects.put({ ...(await d.projects.get(pid))!, id: 'p-task', taskCode: 'T99' }),
    expected: { table: 'projects', key: 'p-task', message: 'taskMissing' },
  },
  {
    name: 'the active unit pointing nowhere',
    inject: (d) => d.meta.put({ key: 'activeUnitId', value: 'u-gone' }),
    expected: { table: 'meta', key: 'activeUnitId', message: 'activeUnitMissing' },
  },
  {
    name: 'a submission status outside the status machine',
    inject: async (d, { sid }) =>
      d.submissions.put({ ...(await d.submissions.get(sid))!, status: 'archived' as never }),
    expected: { table: 'submissions', key: (ids) => ids.sid, message: 'statusInvalid' },
  },
  {
    name: 'a value of a type no field stores',
    inject: (d, { sid }) => d.values.put({ ...orphanValue, submissionId: sid, value: { n: 1 } as never }),
    expected: { table: 'values', key: (ids) => `${ids.sid}, T01_01`, message: 'valueInvalid' },
  },
  {
    name: 'a value whose field the template does not know (a warning)',
    inject: (d, { sid }) => d.values.put({ ...orphanValue, submissionId: sid, code: 'T02_01' }),
    expected: {
      severity: 'warning',
      table: 'values',
      key: (ids) => `${ids.sid}, T02_01`,
      message: 'codeUnknown',
    },
  },
  {
    name: 'an evidence link whose file bytes are missing',
    inject: async (d, { keptEvidence }) => d.evidence.update(keptEvidence, { sha256: 'f'.repeat(64) }),
    expected: { table: 'evidence', key: (ids) => ids.keptEvidence, message: 'fileMissing' },
  },
  {
    name: 'file bytes that no longer hash to their name',
    inject: async (d) => {
      const sha = await sha256Hex(PDF);
      const data = PDF.slice();
      data[3] = 0x58;
      await d.attachments.update(sha, { data });
    },
    expected: { table: 'attachments', key: '', message: 'fileHash' },
  },
  {
    name: 'file bytes shorter than recorded',
    inject: async (d) => {
      const sha = await sha256Hex(PDF);
      await d.attachments.update(sha, { size: PDF.byteLength + 10 });
    },
    expected: { table: 'attachments', key: '', message: 'fileSize' },
  },
  {
    name: 'an outbox change of a submission that does not exist',
    inject: (d) => d.outbox.add(doc('submission', 's-gone') as never),
    expected: { table: 'outbox', key: '', message: 'outboxTarget' },
    zh: 'outbox[#?]：待同步的记录 submission:s-gone 在本机不存在，也没有记为删除',
  },
  {
    name: 'a sealed outbox document of an evidence link removed without queuing its deletion',
    inject: (d) =>
      d.outbox.add(doc('evidence', 'e-vanished', { sealed: { baseRev: 1, doc: { name: 'x' } } }) as never),
    expected: { table: 'outbox', key: '', message: 'outboxTarget' },
  },
  {
    name: 'a status change queued for a project',
    inject: (d, { pid }) =>
      d.outbox.add(doc('project', pid, { kind: 'transition', transition: { action: 'submit' } }) as never),
    expected: { table: 'outbox', key: '', message: 'outboxTransition' },
  },
  {
    name: 'a status change with an unknown action',
    inject: (d, { sid }) =>
      d.outbox.add(doc('submission', sid, { kind: 'transition', transition: { action: 'delete' } }) as never),
    expected: { table: 'outbox', key: '', message: 'outboxTransition' },
  },
  {
    name: 'a status change of a missing submission',
    inject: (d) =>
      d.outbox.add(
        doc('submission', 's-gone', { kind: 'transition', transition: { action: 'submit' } }) as never,
      ),
    expected: { table: 'outbox', key: '', message: 'outboxTarget' },
  },
  {
    name: 'an outbox entry of an entity sync does not know',
    inject: (d) => d.outbox.add(doc('template', 'keytasks-2023') as never),
    expected: { table: 'outbox', key: '', message: 'outboxEntity' },
  },
  {
    name: 'an outbox entry of an unknown kind',
    inject: (d, { sid }) => d.outbox.add(doc('submission', sid, { kind: 'patch' }) as never),
    expected: { table: 'outbox', key: '', message: 'outboxKind' },
  },
  {
    name: 'an outbox entry with negative attempts',
    inject: (d, { sid }) => d.outbox.add(doc('submission', sid, { attempts: -1 }) as never),
    expected: { table: 'outbox', key: '', message: 'outboxField' },
  },
  {
    name: 'a sealed outbox entry without its base revision',
    inject: (d, { sid }) => d.outbox.add(doc('submission', sid, { sealed: { doc: null } }) as never),
    expected: { table: 'outbox', key: '', message: 'outboxField' },
  },
  {
    name: 'an audit row without an actor',
    inject: (d, { sid }) =>
      d.audit.add({
        at: T,
        actor: '',
        entity: 'value',
        entityId: sid,
        field: 'T01_01',
        before: null,
        after: 1,
      }),
    expected: { table: 'audit', key: '', message: 'auditField' },
    zh: 'audit[#?]：修改记录的“actor”缺失或格式不对',
  },
  {
    name: 'an audit row with an unreadable time',
    inject: (d, { sid }) =>
      d.audit.add({
        at: 'yesterday',
        actor: 'x',
        entity: 'value',
        entityId: sid,
        field: 'T01_01',
        before: null,
        after: 1,
      }),
    expected: { table: 'audit', key: '', message: 'auditField' },
  },
  {
    name: 'an audit row of an unknown entity',
    inject: (d, { sid }) =>
      d.audit.add({
        at: T,
        actor: 'x',
        entity: 'budget' as never,
        entityId: sid,
        field: 'T01_01',
        before: null,
        after: 1,
      }),
    expected: { table: 'audit', key: '', message: 'auditField' },
  },
  {
    name: 'an audit row without its new value',
    inject: (d, { sid }) =>
      d.audit.add({
        at: T,
        actor: 'x',
        entity: 'value',
        entityId: sid,
        field: 'T01_01',
        before: null,
      } as never),
    expected: { table: 'audit', key: '', message: 'auditField' },
  },
];

describe('checkStoreConsistency: every kind of corruption is found and located', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const clean = await cleanStore();
      db = clean.db;
      const added = await c.inject(db, clean);
      const report = await checkStoreConsistency(db);
      expect(report.problems, JSON.stringify(located(report))).toHaveLength(1);
      const [p] = report.problems;
      // Outbox and audit rows are keyed by the number the store gave them; files by their hash.
      const key =
        typeof c.expected.key === 'function'
          ? c.expected.key(clean)
          : c.expected.key ||
            (c.expected.table === 'attachments' ? await sha256Hex(PDF) : `#${String(added)}`);
      expect(located(report)).toEqual([
        {
          severity: c.expected.severity ?? 'error',
          table: c.expected.table,
          key,
          message: `diagnostics:check.${c.expected.message}`,
        },
      ]);
      const text = zh.format(p!.message);
      expect(text.startsWith(`${c.expected.table}[${key}]：`), text).toBe(true);
      expect(text).not.toMatch(/\{\{|diagnostics:/);
      if (c.zh) expect(text).toBe(c.zh.replace('#?', key));
    });
  }

  it('legal tombstones are not problems: a sealed deletion, and a later deletion after a sealed document', async () => {
    const clean = await cleanStore();
    db = clean.db;
    await db.outbox.add(doc('comment', 'c-deleted', { sealed: { baseRev: 3, doc: null } }) as never);
    await db.outbox.add(
      doc('evidence', 'e-2', { mutationId: 'm1', sealed: { baseRev: 1, doc: { name: 'x' } } }) as never,
    );
    await db.outbox.add(doc('evidence', 'e-2', { mutationId: 'm2' }) as never);
    expect((await checkStoreConsistency(db)).problems).toEqual([]);
  });

  it('skips hashing on request (damaged bytes then go unnoticed) and reports many problems at once, errors first', async () => {
    const clean = await cleanStore();
    db = clean.db;
    const sha = await sha256Hex(PDF);
    await db.attachments.update(sha, { data: PHOTO.slice(0, PDF.byteLength) });
    expect((await checkStoreConsistency(db, { verifyFiles: false })).problems).toEqual([]);

    await db.values.put({ ...orphanValue, submissionId: clean.sid, code: 'X99' });
    await db.submissions.delete(clean.sid);
    const report = await checkStoreConsistency(db);
    const tables = located(report).map(
      (p) => `${p.severity}:${p.table}:${p.message.replace('diagnostics:check.', '')}`,
    );
    // The deleted submission strands its values, link, snapshot, comment and queued changes.
    expect(tables).toEqual([
      ...Array(8).fill('error:values:submissionMissing'),
      'error:evidence:submissionMissing',
      'error:attachments:fileHash',
      'error:snapshots:submissionMissing',
      'error:comments:submissionMissing',
      'error:outbox:outboxTarget',
      'error:outbox:outboxTarget',
    ]);
    expect(report.problems.filter((p) => p.severity === 'warning')).toEqual([]);
  });
});
