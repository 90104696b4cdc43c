/** PGlite (Postgres compiled to WASM) in a data folder: the zero-setup default storage. */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Db, Queryable } from './types.ts';

export interface PgliteOptions {
  /** Folder of the database files; omitted for an in-memory database (tests). */
  dataDir?: string;
  /** A dumped data folder to start from (tests reuse one initdb instead of paying it each time). */
  loadDataDir?: Blob;
}

function wrap(q: PGlite | Transaction): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await q.query<T>(sql, params ? [...params] : undefined);
      return r.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

export async function openPglite(options: PgliteOptions = {}): Promise<Db> {
  // PGlite makes the folder itself but not its parents.
  if (options.dataDir) mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  const pg = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const root = wrap(pg);
  return {
    kind: 'pglite',
    query: root.query,
    exec: root.exec,
    // PGlite has one connection and serialises transactions itself.
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
}
