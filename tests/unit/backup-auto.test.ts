/**
 * Automatic local backups: before a schema migration, before an import, before a restore; kept
 * in `<store>-backups` with retention; a failed backup stops what it was protecting.
 */
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
  applyFillImport,
  LATEST_SCHEMA_VERSION,
  openDb,
  openStore,
  SCHEMA_VERSIONS,
  StorageError,
  type TianbaoDb,
} from '../../shared/db/index.ts';
import {
  AUTO_BACKUPS_KEPT,
  backupBeforeImport,
  createBackup,
  deleteLocalBackup,
  listLocalBackups,
  localBackupFile,
  readBackup,
  readLocalBackup,
  restoreBackup,
  saveLocalBackup,
  storeDigest,
  type ReadBackupResult,
  type VerifiedBackup,
} from '../../shared/backup/index.ts';
import { BackupStore } from '../../shared/backup/auto.ts';
import { depsOf } from '../../shared/backup/idb.ts';
import { createTranslator, msg } from '../../shared/i18n/index.ts';
import { exportPackage } from '../../shared/package/from-store.ts';
import { importPackage } from '../../shared/package/import-to-store.ts';
import { readPackage, type VerifiedPackage } from '../../shared/package/read.ts';
import { seedSubmission } from '../fixtures/package.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { fillV3, V3_COUNTS } from '../fixtures/db/v3.ts';

const zh = createTranslator('zh-CN');

/**
 * fake-indexeddb whose backups databases can be made to fail as a full disk does, so a test can
 * see what a failed backup stops.
 */
class FlakyFactory extends IDBFactory {
  failBackups = false;
  override open(name: string, version?: number): IDBOpenDBRequest {
    if (this.failBackups && name.endsWith('-backups')) {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return super.open(name, version);
  }
}

function ok(result: ReadBackupResult): VerifiedBackup {
  if (!result.ok) throw new Error(result.issues.map((i) => zh.format(i.message)).join('\n'));
  return result.backup;
}

async function v3Store(idb: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }, name: string) {
  const old = openDb({ ...idb, name, versions: SCHEMA_VERSIONS.filter((v) => v.version <= 3) });
  await fillV3(old);
  const digest = await storeDigest(old);
  old.close();
  return digest;
}

describe('automatic backup before a schema migration', () => {
  it('a v3 store opened by this version is backed up as it was, then migrated', async () => {
    const idb = { indexedDB: new IDBFactory(), IDBKeyRange };
    const v3Digest = await v3Store(idb, 'tianbao');

    const db = await openStore({ ...idb, name: 'tianbao' });
    expect(db.verno).toBe(LATEST_SCHEMA_VERSION);
    const [backup, ...more] = await listLocalBackups(db);
    expect(more).toEqual([]);
    expect(backup).toMatchObject({
      reason: 'migration',
      schemaVersion: 3,
      database: 'tianbao',
      rows: V3_COUNTS,
    });
    expect(zh.format(backup!.detail!)).toBe(`从第 3 版升级到第 ${LATEST_SCHEMA_VERSION} 版`);
    // In its own database beside the store.
    expect((await idb.indexedDB.databases()).map((d) => d.name).sort()).toEqual([
      'tianbao',
      'tianbao-backups',
    ]);

    // It holds the v3 data exactly: same digest as the v3 store had, and it restores.
    const verified = ok(await readLocalBackup(db, backup!.id!));
    expect(verified.manifest).toMatchObject({ schemaVersion: 3, reason: 'migration', storeDigest: v3Digest });
    const file = ok(await readBackup(await localBackupFile(db, backup!.id!)));
    expect(file.manifest.storeDigest).toBe(v3Digest);
    const fresh = memoryDb({ name: 'fresh' });
    expect(await restoreBackup(fresh, verified, { backupFirst: false })).toMatchObject({
      fromVersion: 3,
      migrated: true,
    });
    expect(await fresh.conflicts.count()).toBe(1);

    // Opening again (already migrated), or a new store, makes no backup.
    db.close();
    const again = await openStore({ ...idb, name: 'tianbao' });
    expect(await listLocalBackups(again)).toHaveLength(1);
    const other = await openStore({ ...idb, name: 'new-profile' });
    expect(await listLocalBackups(other)).toEqual([]);
  });

  it('a failed backup stops the upgrade: the store stays at v3, untouched, with a clear message', async () => {
    const factory = new FlakyFactory();
    const idb = { indexedDB: factory, IDBKeyRange };
    const v3Digest = await v3Store(idb, 'tianbao');
    factory.failBackups = true;

    const error = await openStore({ ...idb, name: 'tianbao' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(zh.format((error as StorageError).userMessage)).toBe(
      `本机数据需要从第 3 版升级到第 ${LATEST_SCHEMA_VERSION} 版，但磁盘空间不足，升级前的自动备份没有完成；为保护数据，本次没有升级也没有打开数据。请腾出磁盘空间后重新打开程序。`,
    );
    // A query that opened the store on first use fails the same way instead of waiting for ever.
    const lazy = openDb({ ...idb, name: 'tianbao' });
    await expect(lazy.units.count()).rejects.toThrow();
    expect((await factory.databases()).find((d) => d.name === 'tianbao')?.version).toBe(30);
    const v3 = openDb({ ...idb, name: 'tianbao', versions: SCHEMA_VERSIONS.filter((v) => v.version <= 3) });
    expect(await storeDigest(v3)).toBe(v3Digest);
    v3.close();

    // Once the disk has room, the next start backs up and migrates.
    factory.failBackups = false;
    const db = await openStore({ ...idb, name: 'tianbao' });
    expect(db.verno).toBe(LATEST_SCHEMA_VERSION);
    expect((await listLocalBackups(db)).map((b) => b.reason)).toEqual(['migration']);
  });
});

/** The province's own data before an import (the fixture's comment id is also the package's). */
async function provinceData(db: TianbaoDb): Promise<void> {
  await fillV3(db);
  await db.comments.delete('c-1');
}

describe('automatic backup before an import', () => {
  async function packageFromUnit(): Promise<VerifiedPackage> {
    const unit = memoryDb({ name: 'unit' });
    const seeded = await seedSubmission(unit);
    const result = await readPackage(await exportPackage(unit, seeded.submissionId));
    if (!result.ok) throw new Error('package');
    return result;
  }

  it('a package import backs the province store up first; the backup holds the store before the import', async () => {
    const pkg = await packageFromUnit();
    const province = memoryDb({ name: 'province' });
    await provinceData(province);
    const before = await storeDigest(province);
    const result = await importPackage(province, pkg, { actor: '省厅' });
    expect(result).toMatchObject({ ok: true, outcome: 'created' });
    expect(await storeDigest(province)).not.toBe(before);

    const [backup, ...more] = await listLocalBackups(province);
    expect(more).toEqual([]);
    expect(backup).toMatchObject({ reason: 'import', schemaVersion: LATEST_SCHEMA_VERSION });
    expect(zh.format(backup!.detail!)).toBe('提交包：湖南工业职业技术学院 2025 年');
    const verified = ok(await readLocalBackup(province, backup!.id!));
    expect(verified.manifest.storeDigest).toBe(before);

    // Restoring it undoes the import (and keeps what the import made as a 'restore' backup).
    await restoreBackup(province, verified);
    expect(await storeDigest(province)).toBe(before);
    expect((await listLocalBackups(province)).map((b) => b.reason)).toEqual(['restore', 'import']);
  });

  it('a package refused for conflicts writes nothing and makes no backup', async () => {
    const pkg = await packageFromUnit();
    const province = memoryDb({ name: 'province' });
    await importPackage(province, pkg, { actor: '省厅' });
    // A value the province store holds differently: a conflict, nothing to replace without asking.
    await province.values.put({
      submissionId: pkg.content.submission.id,
      code: 'T01_01',
      value: 1,
      updatedAt: '2026-01-01T00:00:00.000Z',
      updatedBy: '省厅',
    });
    const refused = await importPackage(province, pkg, { actor: '省厅' });
    expect(refused.ok).toBe(false);
    expect((await listLocalBackups(province)).map((b) => b.reason)).toEqual(['import']);
  });

  it('when the backup fails, the import does not happen', async () => {
    const pkg = await packageFromUnit();
    const factory = new FlakyFactory();
    const province = openDb({ indexedDB: factory, IDBKeyRange, name: 'province' });
    await provinceData(province);
    const before = await storeDigest(province);
    factory.failBackups = true;
    const error = await importPackage(province, pkg, { actor: '省厅' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(zh.format((error as StorageError).userMessage)).toContain(
      '导入前的自动备份没有完成：磁盘空间不足',
    );
    expect(await storeDigest(province)).toBe(before);
  });

  it('a workbook import is backed up the way the app does it: backup, then one transaction', async () => {
    const db = memoryDb({ name: 'unit' });
    const { submissionId } = await seedSubmission(db, { submit: false });
    const before = await storeDigest(db);
    await backupBeforeImport(db, msg('backup:source.workbook', { file: '填报表.xlsx' }));
    await applyFillImport(db, { submissionId, values: { T01_01: 500 }, targets: { T01_01: 600 } }, '李老师');
    const [backup] = await listLocalBackups(db);
    expect(zh.format(backup!.detail!)).toBe('Excel 填报表 填报表.xlsx');
    expect(ok(await readLocalBackup(db, backup!.id!)).manifest.storeDigest).toBe(before);
  });
});

describe('retention', () => {
  it(`keeps the newest ${AUTO_BACKUPS_KEPT} automatic backups, the last pre-migration one, every manual one, and only the blobs still cited`, async () => {
    const db = memoryDb({ name: 'tianbao' });
    await fillV3(db);
    const migration = await saveLocalBackup(db, 'migration');
    const evidence = Uint8Array.from({ length: 5000 }, (_, i) => i % 256);
    await db.attachments.put({
      sha256: 'e'.repeat(64),
      name: '旧证明.pdf',
      mimeType: 'application/pdf',
      size: evidence.byteLength,
      data: evidence,
      storedAt: '2026-01-01T00:00:00.000Z',
    });
    const manual = await saveLocalBackup(db, 'manual');
    await db.attachments.delete('e'.repeat(64));
    const first = await saveLocalBackup(db, 'import', { detail: msg('backup:source.sheet', { file: 'a' }) });
    for (let i = 0; i < AUTO_BACKUPS_KEPT + 2; i++) {
      await db.meta.put({ key: 'counter', value: i });
      await saveLocalBackup(db, i % 2 ? 'import' : 'restore');
    }
    const list = await listLocalBackups(db);
    // The newest ten automatic ones, the last pre-migration one (older than those), the manual one.
    expect(list.filter((b) => b.reason !== 'manual' && b.reason !== 'migration')).toHaveLength(
      AUTO_BACKUPS_KEPT,
    );
    expect(list.map((b) => b.id)).toContain(migration.id);
    expect(list.map((b) => b.id)).toContain(manual.id);
    expect(list.map((b) => b.id)).not.toContain(first.id);
    // Newest first, and the newest is the last one made.
    expect(list[0]!.createdAt >= list[1]!.createdAt).toBe(true);
    expect(
      ok(await readLocalBackup(db, list[0]!.id!)).tables.find((t) => t.name === 'meta')!.rows,
    ).toContainEqual({
      key: 'counter',
      value: AUTO_BACKUPS_KEPT + 1,
    });

    // The manual backup still has its evidence (blobs are shared, kept while cited).
    const store = new BackupStore('tianbao-backups', depsOf(db));
    const blobCount = await store.blobs.count();
    const restoredManual = ok(await readLocalBackup(db, manual.id!));
    const attachments = restoredManual.tables.find((t) => t.name === 'attachments')!;
    expect(attachments.rows.map((r) => (r as { sha256: string }).sha256)).toContain('e'.repeat(64));
    // Deleting the manual backup frees the blob nobody else cites.
    await deleteLocalBackup(db, manual.id!);
    expect(await store.blobs.count()).toBe(blobCount - 1);
    store.close();
    expect(await listLocalBackups(db)).toHaveLength(AUTO_BACKUPS_KEPT + 1);
  });

  it('a manual backup file and its local copy describe the same store', async () => {
    const db = memoryDb({ name: 'tianbao' });
    await fillV3(db);
    const { manifest } = await createBackup(db);
    const copy = await saveLocalBackup(db, 'manual');
    expect(copy.storeDigest).toBe(manifest.storeDigest);
    expect(copy.size).toBeGreaterThan(0);
  });
});
