/** Applied mutations by id, with the answer given, so a retry gets the same answer. */
import type { Queryable } from '../db/types.ts';
import type { AppliedResult } from '../../shared/api/sync.ts';

export interface StoredMutation {
  userId: string;
  fingerprint: string;
  result: AppliedResult;
}

export async function findMutation(q: Queryable, mutationId: string): Promise<StoredMutation | undefined> {
  const rows = await q.query<{ user_id: string; fingerprint: string; result: AppliedResult }>(
    'SELECT user_id, fingerprint, result FROM mutations WHERE mutation_id = $1',
    [mutationId],
  );
  const r = rows[0];
  return r && { userId: r.user_id, fingerprint: r.fingerprint, result: r.result };
}

export async function recordMutation(
  q: Queryable,
  m: { mutationId: string; userId: string; fingerprint: string; entity: string; entityId: string },
  result: AppliedResult,
  now: string,
): Promise<void> {
  await q.query(
    `INSERT INTO mutations (mutation_id, user_id, fingerprint, entity, entity_id, result, applied_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [m.mutationId, m.userId, m.fingerprint, m.entity, m.entityId, JSON.stringify(result), now],
  );
}
