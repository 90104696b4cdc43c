/**
 * The outbox: every local change leaves a mark here in the same transaction as the change itself,
 * so nothing written can be forgotten by sync. Keystrokes on one record share one unsealed entry.
 */
import type { TianbaoDb } from '../db/database.ts';
import type { OutboxRecord, SyncEntity } from '../db/records.ts';
import { newId, nowIso } from '../util/ids.ts';

export const syncKey = (entity: SyncEntity, id: string): string => `${entity}:${id}`;

/**
 * Notes that a record changed. Call inside the write transaction (with `db.outbox` in its scope).
 * A record with an unsealed entry already has its change queued: nothing to add.
 */
export async function markDirty(db: TianbaoDb, entity: SyncEntity, entityId: string): Promise<void> {
  const queued = await db.outbox.where('[entity+entityId]').equals([entity, entityId]).toArray();
  if (queued.some((o) => o.kind === 'doc' && !o.sealed)) return;
  await db.outbox.add({
    mutationId: newId(),
    kind: 'doc',
    entity,
    entityId,
    createdAt: nowIso(),
    attempts: 0,
  });
}

/** A status change made offline, sent to the platform after the submission's content. */
export async function queueTransition(
  db: TianbaoDb,
  submissionId: string,
  transition: NonNullable<OutboxRecord['transition']>,
): Promise<void> {
  await db.outbox.add({
    mutationId: newId(),
    kind: 'transition',
    entity: 'submission',
    entityId: submissionId,
    transition,
    createdAt: nowIso(),
    attempts: 0,
  });
}
