/**
 * Replaces the whole store with a verified backup, all or nothing.
 *
 * - A backup from a newer schema than this app knows is refused (this version would write
 *   records the newer one does not expect, and IndexedDB cannot go back a version).
 * - A backup from an older schema is first restored into a scratch database at its own version,
 *   which is then opened at the app's version so the normal migration runs on it; the migrated
 *   rows are what gets restored.
 * - The current store is kept as an automatic backup first (reason 'restore').
 * - The store is replaced in ONE read-write transaction over every table: every table cleared
 *   and refilled; a failure anywhere rolls all of it back and the previous data stays.
 */
import { Dexie } from 'dexie';
import { SCHEMA_VERSIONS, type SchemaVersion } from '../db/schema.ts';
import { toStorageError } from '../db/errors.ts';
import { backupBeforeRestore, type LocalBackup } from './auto.ts';
import { BackupError, backupIssue, MANIFEST_PATH, type BackupIssue } from './format.ts';
import { deleteDatabase, depsOf, type IdbDeps } from './idb.ts';
import type { DecodedTable, VerifiedBackup } from './read.ts';
import { isOutbound, schemaVersionOf } from './snapshot.ts';

export interface RestoreOptions {
  /** The schema history (shared/db/schema.ts unless a test passes its own). */
  versions?: SchemaVersion[];
  /** Keep the current store as an automatic backup before replacing it (default true). */
  backupFirst?: boolean;
}

export interface RestoreResult {
  /** The backup's schema version; `migrated` when it was older than the store's. */
  fromVersion: number;
  toVersion: number;
  migrated: boolean;
  /** Rows written per table. */
  rows: Record<string, number>;
  /** The automatic backup of what the store held before. */
  before?: LocalBackup;
}

function declare(db: Dexie, versions: SchemaVersion[]): Dexie {
  for (const v of versions) {
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  return db;
}

async function writeAll(db: Dexie, tables: ReadonlyMap<string, DecodedTable>): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) {
      await table.clear();
      const t = tables.get(table.name);
      if (!t || t.rows.length === 0) continue;
      if (t.outbound) await table.bulkAdd(t.rows, t.keys as never);
      else await table.bulkAdd(t.rows);
    }
  });
}

/** Tables of the backup this schema has no place for (or keeps keys differently). */
function misfits(db: Dexie, tables: readonly DecodedTable[]): BackupIssue[] {
  const here = new Map(db.tables.map((t) => [t.name, t]));
  const issues: BackupIssue[] = [];
  for (const t of tables) {
    const table = here.get(t.name);
    if (!table) {
      if (t.rows.length > 0) issues.push(backupIssue('unknownTable', MANIFEST_PATH, { table: t.name }));
    } else if (isOutbound(table) !== t.outbound) {
      issues.push(backupIssue('unknownTable', MANIFEST_PATH, { table: t.name }));
    }
  }
  return issues;
}

/** Restores the backup into a scratch database at its own version, migrates it, reads it back. */
async function migrateStaged(
  name: string,
  deps: IdbDeps,
  tables: readonly DecodedTable[],
  from: number,
  to: number,
  versions: SchemaVersion[],
): Promise<DecodedTable[]> {
  const staging = `${name}-restore`;
  await deleteDatabase(deps, staging);
  try {
    const old = declare(
      new Dexie(staging, deps),
      versions.filter((v) => v.version <= from),
    );
    try {
      await old.open();
      const issues = misfits(old, tables);
      if (issues.length > 0) throw new BackupError(issues);
      await writeAll(old, new Map(tables.map((t) => [t.name, t])));
    } finally {
      old.close();
    }
    const migrated = declare(
      new Dexie(staging, deps),
      versions.filter((v) => v.version <= to),
    );
    try {
      await migrated.open();
      const all = migrated.tables;
      return await migrated.transaction('r', all, () =>
        Promise.all(
          all.map(async (table): Promise<DecodedTable> => {
            const outbound = isOutbound(table);
            const rows = await table.toArray();
            return outbound
              ? { name: table.name, outbound, rows, keys: await table.toCollection().primaryKeys() }
              : { name: table.name, outbound, rows };
          }),
        ),
      );
    } finally {
      migrated.close();
    }
  } finally {
    await deleteDatabase(deps, staging);
  }
}

export async function restoreBackup(
  db: Dexie,
  backup: VerifiedBackup,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  if (!db.isOpen()) await db.open();
  const versions = options.versions ?? SCHEMA_VERSIONS;
  const latest = Math.max(...versions.map((v) => v.version));
  const current = Math.min(schemaVersionOf(db), latest);
  const from = backup.manifest.schemaVersion;
  if (from > current) {
    throw new BackupError([
      backupIssue(
        'newerSchema',
        MANIFEST_PATH,
        { version: from, supported: current },
        { field: 'schemaVersion' },
      ),
    ]);
  }
  let tables: readonly DecodedTable[] = backup.tables;
  if (from < current) {
    try {
      tables = await migrateStaged(db.name, depsOf(db), tables, from, current, versions);
    } catch (error) {
      if (error instanceof BackupError) throw error;
      throw toStorageError(error);
    }
  }
  const issues = misfits(db, tables);
  if (issues.length > 0) throw new BackupError(issues);

  const before = options.backupFirst === false ? undefined : await backupBeforeRestore(db);
  try {
    await writeAll(db, new Map(tables.map((t) => [t.name, t])));
  } catch (error) {
    throw toStorageError(error);
  }
  return {
    fromVersion: from,
    toVersion: current,
    migrated: from < current,
    rows: Object.fromEntries(tables.map((t) => [t.name, t.rows.length])),
    ...(before ? { before } : {}),
  };
}
