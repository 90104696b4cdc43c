/** The IndexedDB a Dexie instance runs on (fake-indexeddb in Node tests), for its sibling databases. */
import { Dexie } from 'dexie';

export interface IdbDeps {
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
}

/** Dexie keeps the factory it was given in `_deps` (public in Dexie 3 and 4, untyped). */
export function depsOf(db: Dexie): IdbDeps {
  const deps = (db as unknown as { _deps?: Partial<IdbDeps> })._deps;
  return resolveDeps(deps ?? {});
}

export function resolveDeps(deps: Partial<IdbDeps>): IdbDeps {
  const indexedDB =
    deps.indexedDB ?? (Dexie.dependencies.indexedDB as IDBFactory | undefined) ?? globalThis.indexedDB;
  const keyRange =
    deps.IDBKeyRange ??
    (Dexie.dependencies.IDBKeyRange as typeof IDBKeyRange | undefined) ??
    globalThis.IDBKeyRange;
  return { indexedDB, IDBKeyRange: keyRange };
}

/**
 * The version IndexedDB holds for `name` (0 when there is no such database), without creating
 * it: `databases()` where the browser has it, else an open whose creation is aborted.
 */
export async function nativeVersion(factory: IDBFactory, name: string): Promise<number> {
  if (typeof factory.databases === 'function') {
    const list = await factory.databases();
    return list.find((d) => d.name === name)?.version ?? 0;
  }
  return new Promise<number>((resolve) => {
    const request = factory.open(name);
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => {
      const version = request.result.version;
      request.result.close();
      resolve(version);
    };
    request.onerror = (event) => {
      event.preventDefault();
      resolve(0);
    };
  });
}

export async function deleteDatabase(deps: IdbDeps, name: string): Promise<void> {
  // Only databases whose connections this module closed itself are deleted, so none blocks.
  await new Promise<void>((resolve) => {
    const request = deps.indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
  });
}
