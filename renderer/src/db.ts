/** The renderer's one connection to the local store. */
import { installBuiltinTemplates, openChecked, openDb, type TianbaoDb } from '../../shared/db/index.ts';

export const db: TianbaoDb = openDb();

/** Opens the store (refusing one from a newer app version) and installs the built-in templates. */
export async function prepareStore(): Promise<void> {
  await openChecked(db);
  await installBuiltinTemplates(db);
}
