/**
 * The local store. One Dexie database per profile; the same code runs in the browser,
 * in Electron's renderer and in Node tests (with fake-indexeddb passed in).
 */
import { Dexie, type EntityTable } from 'dexie';
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

export const DEFAULT_DB_NAME = 'tianbao';

export interface OpenOptions {
  name?: string;
  /** For Node: fake-indexeddb's indexedDB and IDBKeyRange. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Open at an older schema (migration tests only). */
  versions?: SchemaVersion[];
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

  constructor(options: OpenOptions = {}) {
    super(options.name ?? DEFAULT_DB_NAME, {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    });
    for (const v of options.versions ?? SCHEMA_VERSIONS) {
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
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
