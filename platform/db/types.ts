/**
 * The storage adapter: the few operations the platform needs, implemented over PGlite (embedded)
 * and node-postgres (a real server). Both run the same SQL and the same migrations.
 */
export interface Queryable {
  /** One statement with $1… parameters; rows as plain objects. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type DbKind = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** Runs fn in BEGIN … COMMIT; any throw rolls back and is rethrown. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A database error code (SQLSTATE) if the error carries one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function constraintOf(error: unknown): string | undefined {
  const c = (error as { constraint?: unknown } | null)?.constraint;
  return typeof c === 'string' ? c : undefined;
}
