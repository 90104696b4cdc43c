/**
 * The local store. One Dexie database per profile; the same code runs in the browser,
 * in Electron's renderer and in Node tests (with fake-indexeddb passed in).
 */
import { Dexie, type EntityTable } from 'dexie';
import type {
  AttachmentRecord,
  AuditRecord,
  MetaRecord,
  ProjectRecord,
  SubmissionRecord,
  TemplateRecord,
  UnitRecord,
  ValueRecord,
} from './records.ts';
import { SCHEMA_VERSIONS, type SchemaVersion } from './schema.ts';

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
