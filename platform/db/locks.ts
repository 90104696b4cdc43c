/** Advisory lock keys; any two distinct numbers, kept in one place so they never collide. */
export const LOCK_MIGRATIONS = 72_110_001;
/** Held by every write transaction, so change-sequence order is commit order (see write.ts). */
export const LOCK_WRITES = 72_110_002;
