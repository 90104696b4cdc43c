/** Opens the storage the environment asks for (DATABASE_URL, else PGlite in a folder) and migrates it. */
import type { Db } from './types.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { migrate } from './migrate.ts';

export async function openDatabase(o: { databaseUrl?: string | undefined; pgdata: string }): Promise<Db> {
  const db = o.databaseUrl ? await openPostgres(o.databaseUrl) : await openPglite({ dataDir: o.pgdata });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
