/**
 * PGlite (Postgres compiled to WASM) in a data folder: the zero-setup default storage.
 *
 * PGlite runs on this thread, so every protocol call into the WASM module is CPU the server does
 * not spend on requests. Its own `query()` makes six calls per statement (parse, describe the
 * statement for parameter types, bind, describe the portal, execute, sync) and plans the SQL each
 * time. Here a statement is one call: the protocol messages go in together, as node-postgres
 * sends them to a server, parameters as text for Postgres to type from the SQL (as node-postgres
 * does, so both backends see the same), and statements with parameters are prepared once under a
 * name and only bound and executed after that. Statements without parameters use the simple
 * protocol (one message). Results go through PGlite's own parsers, so rows look exactly as its
 * `query()` returns them. Measured on the push path: about a third of the CPU per statement.
 */
import { PGlite, parse as pgParse, protocol } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Db, Queryable } from './types.ts';

export interface PgliteOptions {
  /** Folder of the database files; omitted for an in-memory database (tests). */
  dataDir?: string;
  /** A dumped data folder to start from (tests reuse one initdb instead of paying it each time). */
  loadDataDir?: Blob;
}

const { serialize } = protocol;

/** Prepared statements kept per database; ad-hoc SQL beyond this runs unnamed (never unbounded). */
const MAX_PREPARED = 500;

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    const text = toText(v) as string;
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

/** A parameter in Postgres text form, as node-postgres prepares values. */
function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return arrayLiteral(value);
  return JSON.stringify(value);
}

type Messages = Parameters<typeof pgParse.parseResults>[0];

export async function openPglite(options: PgliteOptions = {}): Promise<Db> {
  // PGlite makes the folder itself but not its parents.
  if (options.dataDir) mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  const pg = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const prepared = new Map<string, string>();
  let closed = false;

  /** One round into the WASM module; throws the database error, if any, after the whole exchange. */
  async function run<T>(sql: string, params: readonly unknown[] | undefined): Promise<T[]> {
    if (closed) throw new Error('PGlite is closed');
    let message: Uint8Array;
    let naming: string | undefined;
    if (!params || params.length === 0) {
      message = serialize.query(sql);
    } else {
      const values = params.map(toText);
      const name = prepared.get(sql);
      if (name) {
        message = concat([
          serialize.bind({ statement: name, values }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]);
      } else {
        naming = prepared.size < MAX_PREPARED ? `tb${prepared.size + 1}` : undefined;
        message = concat([
          serialize.parse({ text: sql, ...(naming ? { name: naming } : {}) }),
          serialize.bind({ values, ...(naming ? { statement: naming } : {}) }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]);
      }
    }
    const { messages } = await pg.execProtocol(message, { syncToFs: false, throwOnError: false });
    // A statement prepared under a name exists from its ParseComplete on, even if executing it failed.
    if (naming && messages.some((m) => m.name === 'parseComplete')) prepared.set(sql, naming);
    const error = messages.find((m) => m.name === 'error');
    // The database's error as PGlite raises it (code, constraint …), naming the statement as well.
    if (error) throw Object.assign(error, { query: sql });
    const results = pgParse.parseResults(messages as Messages, pg.parsers);
    return (results.at(-1)?.rows ?? []) as T[];
  }

  /** Outside a transaction: waits for any transaction to finish, as PGlite's own query() does. */
  const root: Queryable = {
    query: <T>(sql: string, params?: readonly unknown[]) =>
      pg._runExclusiveTransaction(() =>
        pg._runExclusiveQuery(async () => {
          const rows = await run<T>(sql, params);
          await pg.syncToFs();
          return rows;
        }),
      ),
    async exec(sql: string) {
      await pg.exec(sql);
    },
  };

  /** Inside one: the transaction lock is ours, statements run one at a time. */
  const inTx: Queryable = {
    query: <T>(sql: string, params?: readonly unknown[]) => pg._runExclusiveQuery(() => run<T>(sql, params)),
    async exec(sql: string) {
      await pg._runExclusiveQuery(() => run(sql, undefined));
    },
  };

  return {
    kind: 'pglite',
    query: root.query,
    exec: root.exec,
    // PGlite has one connection: transactions run one after another, as in pg.transaction().
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      pg._runExclusiveTransaction(async () => {
        await inTx.query('BEGIN');
        let result: T;
        try {
          result = await fn(inTx);
        } catch (error) {
          // The original error is what matters; a failed ROLLBACK leaves nothing committed either.
          await inTx.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        const done = await pg._runExclusiveQuery(async () => {
          const { messages } = await pg.execProtocol(serialize.query('COMMIT'), {
            syncToFs: false,
            throwOnError: false,
          });
          return messages;
        });
        const error = done.find((m) => m.name === 'error');
        if (error) {
          await inTx.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        // COMMIT of a transaction that had failed (an error swallowed inside) answers ROLLBACK.
        const tag = done.find((m) => m.name === 'commandComplete') as { text?: string } | undefined;
        if (tag?.text === 'ROLLBACK') throw new Error('transaction was aborted and has been rolled back');
        await pg.syncToFs();
        return result;
      }),
    close: async () => {
      closed = true;
      await pg.close();
    },
  };
}
