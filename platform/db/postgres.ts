/** A real PostgreSQL server through node-postgres, chosen by DATABASE_URL. */
import pg from 'pg';
import type { Db, Queryable } from './types.ts';

/** Statements prepared by name (per connection, by node-postgres); ad-hoc SQL beyond this runs unnamed. */
const MAX_PREPARED = 500;

function wrap(client: pg.Pool | pg.PoolClient, names: Map<string, string>): Queryable {
  const nameOf = (sql: string): string | undefined => {
    let name = names.get(sql);
    if (!name && names.size < MAX_PREPARED) {
      name = `tb${names.size + 1}`;
      names.set(sql, name);
    }
    return name;
  };
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      // With parameters: prepared once per connection and only bound and executed after that,
      // so the server does not parse and plan the same statement on every push.
      const r =
        params && params.length > 0
          ? await client.query({ text: sql, values: [...params], ...nameIf(nameOf(sql)) })
          : await client.query(sql);
      return r.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

function nameIf(name: string | undefined): { name?: string } {
  return name ? { name } : {};
}

export async function openPostgres(connectionString: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Fail at start, not at the first request, when the server cannot be reached.
  await pool.query('SELECT 1');
  const names = new Map<string, string>();
  const root = wrap(pool, names);
  return {
    kind: 'postgres',
    query: root.query,
    exec: root.exec,
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client, names));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection is unusable: drop it from the pool instead of reusing it.
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
