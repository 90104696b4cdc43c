/**
 * Write transactions. Every write takes one advisory lock first: writes are serialised, so the
 * change sequence is handed out in commit order (a pull cursor can never skip a change that
 * commits late with a smaller number) and there are no write-write races or deadlocks to handle.
 * Reads do not take it. On PGlite the lock is free; on PostgreSQL it also orders several
 * platform processes sharing one database.
 */
import type { Db, Queryable } from './types.ts';
import { LOCK_WRITES } from './locks.ts';

export async function writeTransaction<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_WRITES]);
    return fn(tx);
  });
}

/**
 * Runs fn inside a savepoint: kept when it returns keep=true, undone otherwise (and on a throw),
 * so one refused mutation in a batch leaves the others in the same transaction intact. fn gets the
 * transaction to use; the savepoint is set just before its first statement, so a mutation decided
 * without touching the database (a retry answered from the idempotency record) costs no round
 * trips, while every statement it does run is inside its own savepoint.
 */
export async function inSavepoint<T>(
  tx: Queryable,
  fn: (sp: Queryable) => Promise<{ keep: boolean; value: T }>,
): Promise<T> {
  let open = false;
  const begin = async () => {
    if (open) return;
    await tx.query('SAVEPOINT mutation');
    open = true;
  };
  const sp: Queryable = {
    async query<R>(sql: string, params?: readonly unknown[]) {
      await begin();
      return tx.query<R>(sql, params);
    },
    async exec(sql: string) {
      await begin();
      await tx.exec(sql);
    },
  };
  try {
    const r = await fn(sp);
    if (open) {
      if (!r.keep) await tx.query('ROLLBACK TO SAVEPOINT mutation');
      await tx.query('RELEASE SAVEPOINT mutation');
    }
    return r.value;
  } catch (error) {
    if (open) {
      await tx.query('ROLLBACK TO SAVEPOINT mutation');
      await tx.query('RELEASE SAVEPOINT mutation');
    }
    throw error;
  }
}

/** The next change-sequence value, as text (bigint does not fit a JS number in general). */
export async function nextSeq(tx: Queryable): Promise<string> {
  const rows = await tx.query<{ seq: string }>("SELECT nextval('change_seq')::text AS seq");
  return rows[0]!.seq;
}
