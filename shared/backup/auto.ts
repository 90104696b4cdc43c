/**
 * Backups kept on this computer (本机备份): made automatically before every schema migration,
 * before every import and before every restore, and a copy of every manual backup.
 *
 * They live in an IndexedDB database of their own beside the store (`<store>-backups`, so
 * `tianbao-backups` for the app), in the same browser or Electron profile:
 *
 *   backups   one row per backup: when, why, schema version, row counts, size, its blobs
 *   archives  the backup's zip without its blobs (manifest + tables, fast deflate)
 *   blobs     byte arrays and Blobs by SHA-256, shared by every backup that has them, so a
 *             hundred backups of a store with 1 GB of evidence do not take 100 GB
 *
 * Retention: the newest AUTO_BACKUPS_KEPT automatic backups are kept, and always the newest one
 * from before a migration; manual copies are never deleted by retention (only by the user).
 * Blobs no backup cites any more are deleted with the backups.
 * Automatic backups are not encrypted: they sit in the same profile as the store they copy.
 */
import { Dexie, type EntityTable } from 'dexie';
import { StorageError } from '../db/errors.ts';
import { msg, type Message } from '../i18n/message.ts';
import { BackupError, type BackupReason } from './format.ts';
import { depsOf, nativeVersion, resolveDeps, type IdbDeps } from './idb.ts';
import { readBackup, type ReadBackupOptions, type ReadBackupResult } from './read.ts';
import { snapshotStore } from './snapshot.ts';
import {
  APP_VERSION,
  completeZip,
  manifestHash,
  partsOf,
  sealParts,
  zipParts,
  type BackupParts,
  type CreateBackupOptions,
  type CreatedBackup,
} from './write.ts';

export const BACKUPS_DB_SUFFIX = '-backups';
/** Automatic backups kept; older ones are deleted when a new one is made. */
export const AUTO_BACKUPS_KEPT = 10;

export interface LocalBackup {
  id?: number;
  createdAt: string;
  reason: BackupReason;
  /** What it was made for (the imported file, the migration's versions), as a message. */
  detail?: Message;
  database: string;
  schemaVersion: number;
  appVersion: string;
  /** Rows per table. */
  rows: Record<string, number>;
  /** Bytes of the complete `.tbbak` this backup makes (tables and blobs, unencrypted). */
  size: number;
  /** SHA-256 of every blob it cites (kept in the `blobs` table). */
  blobs: string[];
  storeDigest: string;
  manifestSha256: string;
}

interface ArchiveRow {
  id: number;
  data: Uint8Array;
}

interface BlobRow {
  sha256: string;
  data: Uint8Array;
}

export class BackupStore extends Dexie {
  backups!: EntityTable<LocalBackup, 'id'>;
  archives!: EntityTable<ArchiveRow, 'id'>;
  blobs!: EntityTable<BlobRow, 'sha256'>;

  constructor(name: string, deps: IdbDeps) {
    super(name, deps);
    this.version(1).stores({ backups: '++id, createdAt, reason', archives: 'id', blobs: 'sha256' });
  }
}

export function backupStoreName(storeName: string): string {
  return `${storeName}${BACKUPS_DB_SUFFIX}`;
}

function openBackupStore(storeName: string, deps: IdbDeps): BackupStore {
  return new BackupStore(backupStoreName(storeName), deps);
}

async function withBackupStore<T>(db: Dexie, run: (store: BackupStore) => Promise<T>): Promise<T> {
  const store = openBackupStore(db.name, depsOf(db));
  try {
    return await run(store);
  } finally {
    store.close();
  }
}

export interface SaveOptions {
  detail?: Message;
  appVersion?: string;
  /** Automatic backups to keep (default AUTO_BACKUPS_KEPT). */
  keep?: number;
}

/** Backs up `db` into its backups database; returns the new entry. */
export async function saveLocalBackup(
  db: Dexie,
  reason: BackupReason,
  options: SaveOptions = {},
): Promise<LocalBackup> {
  const parts = await partsOf(await snapshotStore(db), {
    reason,
    appVersion: options.appVersion ?? APP_VERSION,
  });
  return storeParts(db, parts, options);
}

/** Keeps backup parts in the backups database: the zip without blobs, the blobs shared. */
async function storeParts(db: Dexie, parts: BackupParts, options: SaveOptions): Promise<LocalBackup> {
  // Level 1: this runs before every import, where time matters more than a few MB.
  const archive = await zipParts(parts, { withoutBlobs: true, level: 1 });
  const shas = [...parts.blobs.keys()].sort();
  const blobBytes = shas.reduce((n, s) => n + parts.blobs.get(s)!.byteLength, 0);
  const entry: LocalBackup = {
    createdAt: parts.manifest.createdAt,
    reason: parts.manifest.reason,
    ...(options.detail ? { detail: options.detail } : {}),
    database: db.name,
    schemaVersion: parts.manifest.schemaVersion,
    appVersion: parts.manifest.appVersion ?? APP_VERSION,
    rows: Object.fromEntries(parts.manifest.tables.map((t) => [t.name, t.rows])),
    // Stored blobs add their bytes and about 100 bytes of zip headers each.
    size: archive.byteLength + blobBytes + shas.length * 200,
    blobs: shas,
    storeDigest: parts.manifest.storeDigest,
    manifestSha256: manifestHash(parts.manifest),
  };
  return withBackupStore(db, (store) =>
    store.transaction('rw', store.backups, store.archives, store.blobs, async () => {
      const present = new Set(await store.blobs.where('sha256').anyOf(shas).primaryKeys());
      const missing = shas.filter((s) => !present.has(s));
      if (missing.length > 0)
        await store.blobs.bulkAdd(missing.map((sha256) => ({ sha256, data: parts.blobs.get(sha256)! })));
      const id = await store.backups.add(entry);
      await store.archives.add({ id, data: archive });
      await prune(store, options.keep ?? AUTO_BACKUPS_KEPT);
      return { ...entry, id };
    }),
  );
}

export interface PreparedBackup extends CreatedBackup {
  /** Keeps a copy of this same backup on this computer (reason 'manual'), e.g. once it is saved. */
  keepLocalCopy(): Promise<LocalBackup>;
}

/** 立即备份: the file to save (sealed when a passphrase is given) from one read of the store. */
export async function prepareBackup(db: Dexie, options: CreateBackupOptions = {}): Promise<PreparedBackup> {
  const parts = await partsOf(await snapshotStore(db), { ...options, reason: options.reason ?? 'manual' });
  const created = await sealParts(parts, options);
  return { ...created, keepLocalCopy: () => storeParts(db, parts, {}) };
}

/** Deletes automatic backups beyond the newest `keep`, then blobs no backup cites. */
async function prune(store: BackupStore, keep: number): Promise<void> {
  const automatic = (await store.backups.toArray())
    .filter((b) => b.reason !== 'manual')
    .sort((a, b) => b.id! - a.id!);
  // The newest pre-migration backup is the only way back to the old schema: it always stays.
  const lastMigration = automatic.find((b) => b.reason === 'migration')?.id;
  const drop = automatic
    .slice(keep)
    .map((b) => b.id!)
    .filter((id) => id !== lastMigration);
  if (drop.length === 0) return;
  await store.backups.bulkDelete(drop);
  await store.archives.bulkDelete(drop);
  await collectBlobs(store);
}

async function collectBlobs(store: BackupStore): Promise<void> {
  const cited = new Set<string>();
  for (const b of await store.backups.toArray()) for (const s of b.blobs) cited.add(s);
  const stored = (await store.blobs.toCollection().primaryKeys()) as string[];
  const orphans = stored.filter((s) => !cited.has(s));
  if (orphans.length > 0) await store.blobs.bulkDelete(orphans);
}

/** The backups of `db`'s store, newest first (without their bytes). */
export async function listLocalBackups(db: Dexie): Promise<LocalBackup[]> {
  return withBackupStore(db, async (store) => (await store.backups.toArray()).sort((a, b) => b.id! - a.id!));
}

async function loadLocal(
  db: Dexie,
  id: number,
): Promise<{ entry: LocalBackup; archive: Uint8Array; blobs: Map<string, Uint8Array> }> {
  return withBackupStore(db, (store) =>
    store.transaction('r', store.backups, store.archives, store.blobs, async () => {
      const entry = await store.backups.get(id);
      const archive = await store.archives.get(id);
      if (!entry || !archive) throw new StorageError(msg('backup:local.missing', { id }));
      const rows = await store.blobs.bulkGet(entry.blobs);
      const blobs = new Map<string, Uint8Array>();
      rows.forEach((row) => row && blobs.set(row.sha256, row.data));
      return { entry, archive: archive.data, blobs };
    }),
  );
}

/** Reads and verifies a local backup, as readBackup does a file. */
export async function readLocalBackup(
  db: Dexie,
  id: number,
  options: Omit<ReadBackupOptions, 'blobs'> = {},
): Promise<ReadBackupResult> {
  const { archive, blobs } = await loadLocal(db, id);
  return readBackup(archive, { ...options, blobs });
}

/** A local backup as a complete `.tbbak` file (for saving it elsewhere). */
export async function localBackupFile(db: Dexie, id: number): Promise<Uint8Array> {
  const { entry, archive, blobs } = await loadLocal(db, id);
  return completeZip(archive, blobs, entry.createdAt);
}

export async function deleteLocalBackup(db: Dexie, id: number): Promise<void> {
  await withBackupStore(db, (store) =>
    store.transaction('rw', store.backups, store.archives, store.blobs, async () => {
      await store.backups.delete(id);
      await store.archives.delete(id);
      await collectBlobs(store);
    }),
  );
}

function isQuota(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e !== 'object') return false;
    const name = (e as { name?: unknown }).name;
    if (name === 'QuotaExceededError') return true;
    if (e instanceof StorageError && e.userMessage.key === 'common:storage.quota') return true;
    e = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The params of a "backup failed" message: a full disk gets its own wording (i18next context). */
function failure(
  error: unknown,
  params: Record<string, string | number> = {},
): Record<string, string | number> {
  if (isQuota(error)) return { ...params, context: 'quota' };
  let detail: string;
  if (error instanceof BackupError) detail = error.issues.map((i) => i.code).join(', ');
  else if (error instanceof StorageError) {
    const cause = error.cause;
    detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : error.message;
  } else detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { ...params, detail };
}

/**
 * Backs the store up before an import (a fill-in workbook, a sheet, a submission package). A
 * failure throws a StorageError and the caller must not import: nothing is changed without a
 * way back.
 */
export async function backupBeforeImport(db: Dexie, source: Message): Promise<LocalBackup> {
  try {
    return await saveLocalBackup(db, 'import', { detail: source });
  } catch (error) {
    throw new StorageError(msg('backup:auto.importFailed', failure(error)), error);
  }
}

/** Backs the store up before a restore replaces it; a failure stops the restore. */
export async function backupBeforeRestore(db: Dexie): Promise<LocalBackup> {
  try {
    return await saveLocalBackup(db, 'restore');
  } catch (error) {
    throw new StorageError(msg('backup:auto.restoreFailed', failure(error)), error);
  }
}

export interface MigrationGuardOptions {
  name: string;
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** The schema version the caller is about to open (and Dexie to upgrade to). */
  targetVersion: number;
}

/**
 * Before Dexie upgrades a store: when `name` exists at an older version than `targetVersion`,
 * opens it as it is (Dexie without a schema reads the one on disk), backs it up, and closes it.
 * Returns the backup, or undefined when there is nothing to upgrade. A failed backup throws a
 * StorageError; the caller must then not open (and so not upgrade) the store.
 */
export async function backupBeforeMigration(
  options: MigrationGuardOptions,
): Promise<LocalBackup | undefined> {
  const deps = resolveDeps(options);
  const native = await nativeVersion(deps.indexedDB, options.name);
  if (native === 0 || native >= Math.round(options.targetVersion * 10)) return undefined;
  const from = Math.floor(native / 10);
  const old = new Dexie(options.name, deps);
  try {
    await old.open();
    return await saveLocalBackup(old, 'migration', {
      detail: msg('backup:source.migration', { from, to: options.targetVersion }),
    });
  } catch (error) {
    throw new StorageError(
      msg('backup:auto.migrationFailed', failure(error, { from, to: options.targetVersion })),
      error,
    );
  } finally {
    old.close();
  }
}
