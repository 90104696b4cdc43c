/**
 * The two storage backends every platform suite runs against: PGlite (in memory, started from a
 * cached initdb so each file does not pay for one) and a real PostgreSQL database.
 */
import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { Db } from '../../platform/db/types.ts';
import { openPglite } from '../../platform/db/pglite.ts';
import { openPostgres } from '../../platform/db/postgres.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createTestDatabase } from './pg-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl?: string;
  }
}

export type BackendKind = 'pglite' | 'postgres';

export interface Backend {
  kind: BackendKind;
  db: Db;
  /** Set for postgres: where a child platform process can connect. */
  databaseUrl?: string;
  close(): Promise<void>;
}

// The package does not export its package.json; read it from node_modules.
const PGLITE_VERSION = (
  JSON.parse(
    readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
  ) as { version: string }
).version;

/** A freshly initialised, empty PGlite data folder as a tarball, made once per PGlite version. */
export async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `tianbao-pglite-initdb-${PGLITE_VERSION}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const pg = await PGlite.create();
  const dump = await pg.dumpDataDir('none');
  await pg.close();
  const bytes = new Uint8Array(await dump.arrayBuffer());
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  return new Blob([bytes]);
}

export async function openBackend(kind: BackendKind): Promise<Backend> {
  if (kind === 'pglite') {
    const db = await openPglite({ loadDataDir: await pgliteTemplate() });
    await migrate(db);
    return { kind, db, close: () => db.close() };
  }
  let provided: string | undefined;
  try {
    provided = inject('pgAdminUrl');
  } catch {
    // No global setup in this run: the test process starts its own server.
  }
  const database = await createTestDatabase(provided);
  const db = await openPostgres(database.url);
  await migrate(db);
  return {
    kind,
    db,
    databaseUrl: database.url,
    async close() {
      await db.close();
      await database.drop();
    },
  };
}

/**
 * Fills an empty PGlite data folder from the cached initdb (a few seconds instead of a full
 * initdb) for tests that start the platform on a folder.
 */
export async function preparePgliteDir(dir: string): Promise<void> {
  mkdirSync(path.dirname(dir), { recursive: true });
  const pg = await PGlite.create(dir, { loadDataDir: await pgliteTemplate() });
  await pg.close();
}
