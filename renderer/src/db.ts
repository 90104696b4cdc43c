/** The renderer's one connection to the local store. */
import { openDb, installBuiltinTemplates, type TianbaoDb } from '../../shared/db/index.ts';

export const db: TianbaoDb = openDb();

/** Opens the store and makes sure the built-in templates are there. */
export async function prepareStore(): Promise<void> {
  await db.open();
  await installBuiltinTemplates(db);
}
