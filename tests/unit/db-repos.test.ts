import { afterEach, describe, expect, it } from 'vitest';
import {
  getActiveUnit,
  getValues,
  historyOf,
  installBuiltinTemplates,
  listTemplates,
  getTemplate,
  loadUnitDraft,
  saveUnitDraft,
  saveUnitProfile,
  setValue,
  storeAttachment,
  StorageError,
  compareVersions,
  type TianbaoDb,
} from '../../shared/db/index.ts';
import { sha256Hex } from '../../shared/util/sha256.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { V1_UNIT } from '../fixtures/db/v1.ts';

const { updatedAt: _u, ...profile } = V1_UNIT;
type Profile = Parameters<typeof saveUnitProfile>[1];
let db: TianbaoDb;
afterEach(() => db?.close());

describe('unit profile store', () => {
  it('saves the profile, makes it active, clears the draft, audits each changed field', async () => {
    db = memoryDb();
    await saveUnitDraft(db, { name: '湖南工业' });
    await saveUnitProfile(db, profile as Profile, '李老师');
    expect((await getActiveUnit(db))?.name).toBe('湖南工业职业技术学院');
    expect(await loadUnitDraft(db)).toBeUndefined();

    await saveUnitProfile(db, { ...profile, address: '长沙市岳麓区学士路' } as Profile, '王主任');
    const history = await historyOf(db, 'unit', 'unit-1', 'address');
    expect(history.map((h) => [h.actor, h.before, h.after])).toEqual([
      ['王主任', '长沙市岳麓区', '长沙市岳麓区学士路'],
      ['李老师', null, '长沙市岳麓区'],
    ]);
    // The second save changed only the address, so only one new audit row.
    expect((await historyOf(db, 'unit', 'unit-1')).filter((h) => h.actor === '王主任')).toHaveLength(1);
  });

  it('keeps a draft exactly as typed, even when invalid', async () => {
    db = memoryDb();
    await saveUnitDraft(db, { uscc: '91350100M000100Y4' });
    expect(await loadUnitDraft(db)).toEqual({ uscc: '91350100M000100Y4' });
  });
});

async function draft(d: TianbaoDb, id = 's1') {
  await d.submissions.add({ id, projectId: 'p1', year: 2025, status: 'draft', createdAt: '', updatedAt: '' });
}

describe('indicator values', () => {
  it('writes each edit with an audit entry and skips no-op edits', async () => {
    db = memoryDb();
    await draft(db);
    expect(await setValue(db, 's1', 'T01_01', 12, 'a')).toBe(true);
    expect(await setValue(db, 's1', 'T01_01', 12, 'a')).toBe(false);
    expect(await setValue(db, 's1', 'T01_01', 15, 'b')).toBe(true);
    expect(await getValues(db, 's1')).toEqual({ T01_01: 15 });
    const h = await historyOf(db, 'value', 's1', 'T01_01');
    expect(h.map((x) => [x.before, x.after])).toEqual([
      [12, 15],
      [null, 12],
    ]);
  });

  it('a failing audit write rolls the value back and reports a StorageError', async () => {
    db = memoryDb();
    await draft(db);
    await setValue(db, 's1', 'T01_01', 1, 'a');
    db.audit.hook('creating', () => {
      throw new Error('disk full');
    });
    const error = await setValue(db, 's1', 'T01_01', 2, 'a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).userMessage.key).toBe('common:storage.failed');
    expect(await getValues(db, 's1')).toEqual({ T01_01: 1 });
  });

  it('a closed database gives the "unavailable" message, not a silent drop', async () => {
    db = memoryDb();
    await db.open();
    db.close();
    const error = await setValue(db, 's1', 'T01_01', 2, 'a').catch((e: unknown) => e);
    expect((error as StorageError).userMessage.key).toBe('common:storage.unavailable');
  });
});

describe('attachments', () => {
  it('stores bytes once by SHA-256', async () => {
    db = memoryDb();
    const data = new TextEncoder().encode('佐证材料');
    const a = await storeAttachment(db, { name: 'a.pdf', mimeType: 'application/pdf', data });
    const b = await storeAttachment(db, { name: 'b.pdf', mimeType: 'application/pdf', data });
    expect(a.sha256).toBe(await sha256Hex(data));
    expect(b.name).toBe('a.pdf');
    expect(await db.attachments.count()).toBe(1);
  });

  it('hashes a known vector correctly', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('templates', () => {
  it('installs the built-in templates once and finds the latest version', async () => {
    db = memoryDb();
    expect(await installBuiltinTemplates(db)).toBeGreaterThanOrEqual(1);
    expect(await installBuiltinTemplates(db)).toBe(0);
    const list = await listTemplates(db);
    expect(list.map((t) => t.id)).toContain('keytasks-2023');
    expect((await getTemplate(db, 'keytasks-2023'))?.tasks).toHaveLength(11);
  });

  it('compares dotted versions numerically', () => {
    expect(compareVersions('2023.10', '2023.9')).toBeGreaterThan(0);
    expect(compareVersions('1.0', '1')).toBe(0);
    expect(compareVersions('1.2', '1.10')).toBeLessThan(0);
  });
});
