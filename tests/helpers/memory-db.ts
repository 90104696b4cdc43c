/** A fresh, isolated IndexedDB per test (fake-indexeddb), so tests never share state. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDb, type OpenOptions, type TianbaoDb } from '../../shared/db/index.ts';

export function memoryIndexedDb(): { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange } {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

export function memoryDb(options: Omit<OpenOptions, 'indexedDB' | 'IDBKeyRange'> = {}): TianbaoDb {
  return openDb({ ...options, ...memoryIndexedDb() });
}
