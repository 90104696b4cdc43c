import type { TianbaoDb } from '../database.ts';
import { guardedWrite } from '../errors.ts';

export async function getMeta<T>(db: TianbaoDb, key: string): Promise<T | undefined> {
  const row = await db.meta.get(key);
  return row?.value as T | undefined;
}

export async function setMeta(db: TianbaoDb, key: string, value: unknown): Promise<void> {
  await guardedWrite(() => db.meta.put({ key, value }));
}

export async function deleteMeta(db: TianbaoDb, key: string): Promise<void> {
  await guardedWrite(() => db.meta.delete(key));
}
