/**
 * The local store. One Dexie database per profile; the same code runs in the browser,
 * in Electron's renderer and in Node tests (with fake-indexeddb passed in).
 *
 * Before Dexie upgrades a store to a newer schema, the store as it is gets backed up into
 * `<name>-backups` (shared/backup/auto.ts); when that backup fails, the store is not opened, so
 * it is never migrated without a way back.
 */
import { Dexie, type EntityTable, type PromiseExtended } from 'dexie';
import type {
  AttachmentRecord,
  AuditRecord,
  CommentRecord,
  EvidenceRecord,
  SnapshotRecord,
  MetaRecord,
  ProjectRecord,
  SubmissionRecord,
  TemplateRecord,
  UnitRecord,
  OutboxRecord,
  SyncStateRecord,
  ConflictRecord,
  ReviewRecord,
  ValueRecord,
} from './records.ts';
import { LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from './schema.ts';
import { StorageError, toStorageError } from './errors.ts';
import { msg } from '../i18n/message.ts';
import { nativeVersion, resolveDeps } from '../backup/idb.ts';
import { backupBeforeMigration } from '../backup/auto.ts';

export const DEFAULT_DB_NAME = 'tianbao';

export interface OpenOptions {
  name?: string;
  /** For Node: fake-indexeddb's indexedDB and IDBKeyRange. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Open at an older schema (migration tests only). */
  versions?: SchemaVersion[];
  /** Back the store up before upgrading it to a newer schema (default true). */
  backupBeforeMigration?: boolean;
}

interface DexieOpenState {
  dbOpenError: unknown;
  openComplete: boolean;
  dbReadyResolve(): void;
}

export class TianbaoDb extends Dexie {
  units!: EntityTable<UnitRecord, 'id'>;
  templates!: EntityTable<TemplateRecord, 'key'>;
  projects!: EntityTable<ProjectRecord, 'id'>;
  submissions!: EntityTable<SubmissionRecord, 'id'>;
  values!: Dexie.Table<ValueRecord, [string, string]>;
  attachments!: EntityTable<AttachmentRecord, 'sha256'>;
  audit!: EntityTable<AuditRecord, 'id'>;
  meta!: EntityTable<MetaRecord, 'key'>;
  evidence!: EntityTable<EvidenceRecord, 'id'>;
  snapshots!: EntityTable<SnapshotRecord, 'id'>;
  comments!: EntityTable<CommentRecord, 'id'>;
  outbox!: EntityTable<OutboxRecord, 'seq'>;
  syncState!: EntityTable<SyncStateRecord, 'key'>;
  conflicts!: EntityTable<ConflictRecord, 'key'>;
  reviews!: EntityTable<ReviewRecord, 'id'>;

  /** The schema version this instance opens the store at. */
  readonly targetVersion: number;
  private readonly backupOnUpgrade: boolean;
  private readonly openOptions: OpenOptions;
  private migrationGuard?: Promise<void>;

  constructor(options: OpenOptions = {}) {
    super(options.name ?? DEFAULT_DB_NAME, {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    });
    const versions = options.versions ?? SCHEMA_VERSIONS;
    for (const v of versions) {
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
    this.targetVersion = Math.max(...versions.map((v) => v.version));
    this.backupOnUpgrade = options.backupBeforeMigration !== false;
    this.openOptions = options;
  }

  /**
   * Every open, explicit or Dexie's automatic one on first use, passes the migration guard
   * first: a store on disk at an older version is backed up before Dexie upgrades it.
   */
  override open(): PromiseExtended<Dexie> {
    return Dexie.Promise.resolve(this.guardMigration()).then(() => super.open());
  }

  private guardMigration(): Promise<void> {
    if (!this.backupOnUpgrade) return Promise.resolve();
    this.migrationGuard ??= this.backupIfUpgrading().catch((error: unknown) => {
      this.migrationGuard = undefined;
      this.failWaitingQueries(error);
      throw error;
    });
    return this.migrationGuard;
  }

  private async backupIfUpgrading(): Promise<void> {
    const deps = resolveDeps(this.openOptions);
    if (!deps.indexedDB) return; // Dexie itself reports the missing IndexedDB
    const native = await nativeVersion(deps.indexedDB, this.name);
    if (native === 0 || native >= Math.round(this.targetVersion * 10)) return;
    await backupBeforeMigration({ name: this.name, ...deps, targetVersion: this.targetVersion });
  }

  /**
   * Queries made before the store opened wait for Dexie's "ready"; when the guard refuses to
   * open, they fail with the guard's error instead of waiting for ever (what Dexie does itself
   * when an open fails).
   */
  private failWaitingQueries(error: unknown): void {
    const state = (this as unknown as { _state?: DexieOpenState })._state;
    if (!state || this.isOpen()) return;
    state.dbOpenError = error;
    state.openComplete = true;
    state.dbReadyResolve();
  }
}

export function openDb(options: OpenOptions = {}): TianbaoDb {
  return new TianbaoDb(options);
}

/**
 * Opens the store, refusing one written by a newer app version: Dexie would open it, but this
 * version would then write records in a shape the newer one does not expect.
 */
export async function openStore(options: OpenOptions = {}): Promise<TianbaoDb> {
  const db = openDb(options);
  await openChecked(db);
  return db;
}

/** Opens `db`; a store whose on-disk version is newer than this app's schema is closed and refused. */
export async function openChecked(db: TianbaoDb): Promise<void> {
  try {
    await db.open();
  } catch (error) {
    throw toStorageError(error);
  }
  // Dexie multiplies versions by 10 in IndexedDB and opens newer stores without complaint.
  const onDisk = db.backendDB().version / 10;
  if (onDisk > LATEST_SCHEMA_VERSION) {
    db.close();
    throw new StorageError(msg('common:storage.version'));
  }
}
