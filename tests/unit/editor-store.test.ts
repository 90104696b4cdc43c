import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useEditor } from '../../renderer/src/submission/editor-store.ts';
import {
  createProject,
  ensureSubmission,
  getValueRows,
  installBuiltinTemplates,
  type TianbaoDb,
} from '../../shared/db/index.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const zh = createTranslator('zh-CN');
let db: TianbaoDb;
let submissionId: string;

beforeEach(async () => {
  db = memoryDb();
  await installBuiltinTemplates(db);
  const p = await createProject(
    db,
    {
      unitId: 'u1',
      templateId: 'keytasks-2023',
      templateVersion: '2023.1',
      taskCode: 'T01',
      level: '省级',
      name: '长沙市域产教联合体',
      members: [],
    },
    'a',
  );
  submissionId = (await ensureSubmission(db, p.id, 2026)).id;
  await useEditor.getState().load(db, submissionId);
});
afterEach(() => db.close());

const state = () => useEditor.getState();

describe('submission editor state', () => {
  it('loads the task and checks an empty form', () => {
    expect(state().status).toBe('ready');
    expect(state().task?.code).toBe('T01');
    expect(state().check!.errorCount).toBeGreaterThan(5);
  });

  it('every edit is parsed and written at once; refused text is kept beside the last good value', async () => {
    await state().edit('T01_01', '１２０');
    await state().edit('T01_02', '八十');
    expect(state().values.T01_01).toBe(120);
    expect(state().raw.T01_02).toBe('八十');
    const rows = Object.fromEntries((await getValueRows(db, submissionId)).map((r) => [r.code, r]));
    expect(rows.T01_01!.value).toBe(120);
    expect(rows.T01_02!.raw).toBe('八十');
    expect(state().issuesByField.T01_02!.map((i) => zh.format(i.message))).toContain(
      '“其中：成员企业数”应填写数字，“八十”不是数字',
    );
  });

  it('a pasted block is one undo step; undo and redo write through to the store', async () => {
    await state().edit('T01_01', '100');
    await state().editMany([
      { code: 'T01_01', text: '120' },
      { code: 'T01_02', text: '80' },
      { code: 'T01_04', text: '12' },
    ]);
    await state().undo();
    expect([state().values.T01_01, state().values.T01_02 ?? null]).toEqual([100, null]);
    let stored = Object.fromEntries((await getValueRows(db, submissionId)).map((r) => [r.code, r.value]));
    expect(stored.T01_01).toBe(100);
    await state().redo();
    stored = Object.fromEntries((await getValueRows(db, submissionId)).map((r) => [r.code, r.value]));
    expect([stored.T01_01, stored.T01_02, stored.T01_04]).toEqual([120, 80, 12]);
  });

  it('a failed write puts the screen back to what is stored and says so at once', async () => {
    await state().edit('T01_01', '120');
    const acknowledged = state().savedAt;
    expect(acknowledged).toBeDefined();
    expect(state().pendingWrites).toBe(0);
    db.audit.hook('creating', () => {
      throw new Error('QuotaExceededError: disk full');
    });
    const failing = state().edit('T01_01', '130');
    expect(state().pendingWrites).toBe(1);
    await failing;
    // Not acknowledged: the saved time stays that of the last committed edit.
    expect(state().pendingWrites).toBe(0);
    expect(state().savedAt).toBe(acknowledged);
    expect(state().values.T01_01).toBe(120);
    expect(state().storageError?.key).toBe('common:storage.failed');
    const [row] = await getValueRows(db, submissionId);
    expect(row!.value).toBe(120);
  });

  it('an imported workbook is applied at once and undone as one step, values and targets together', async () => {
    await state().edit('T01_01', '100');
    expect(await state().applyImport({ T01_01: 120, T01_02: 80 }, { T01_01: 110 })).toBe(true);
    expect([state().values.T01_01, state().values.T01_02, state().targets.T01_01]).toEqual([120, 80, 110]);
    await state().undo();
    expect([state().values.T01_01, state().values.T01_02, state().targets.T01_01]).toEqual([100, null, null]);
    const stored = Object.fromEntries((await getValueRows(db, submissionId)).map((r) => [r.code, r.value]));
    expect([stored.T01_01, stored.T01_02 ?? null]).toEqual([100, null]);
    await state().redo();
    expect(state().targets.T01_01).toBe(110);
  });

  it('submitting is refused while errors remain and the status stays draft', async () => {
    const refused = await state().submit();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues.length).toBe(state().check!.errorCount);
    expect(state().submission!.status).toBe('draft');
  });
});
