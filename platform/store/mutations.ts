/** Applied mutations by id, with the answer given, so a retry gets the same answer. */
import type { Queryable } from '../db/types.ts';
import type { AppliedResult } from '../../shared/api/sync.ts';

export interface StoredMutation {
  userId: string;
  fingerprint: string;
  result: AppliedResult;
}

/** Stored answers for many mutation ids at once (the idempotency check of a whole push). */
export async function findMutations(
  q: Queryable,
  mutationIds: readonly string[],
): Promise<Map<string, StoredMutation>> {
  const found = new Map<string, StoredMutation>();
  if (mutationIds.length === 0) return found;
  const rows = await q.query<{
    mutation_id: string;
    user_id: string;
    fingerprint: string;
    result: AppliedResult;
  }>('SELECT mutation_id, user_id, fingerprint, result FROM mutations WHERE mutation_id = ANY($1::text[])', [
    [...new Set(mutationIds)],
  ]);
  for (const r of rows)
    found.set(r.mutation_id, { userId: r.user_id, fingerprint: r.fingerprint, result: r.result });
  return found;
}
