/**
 * Applying a pushed batch. The whole batch is one write transaction; each mutation runs in its own
 * savepoint, so a refused or conflicting one writes nothing while the others stand. A mutation id
 * already applied is answered from the stored result and never applied again. If the process dies
 * mid-batch, the transaction never commits: the client, which got no answer, pushes again.
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/types.ts';
import { constraintOf, sqlState } from '../db/types.ts';
import { inSavepoint, nextSeq, writeTransaction } from '../db/write.ts';
import { ENTITY_DOC_SCHEMAS, type EntityName } from '../../shared/api/entities.ts';
import type { AppliedResult, Mutation } from '../../shared/api/sync.ts';
import { canSeeUnit, type Principal } from '../auth/principal.ts';
import { getEntity, putEntity, type EntityRow } from '../store/entities.ts';
import { getUnit } from '../store/units.ts';
import { findMutation, recordMutation } from '../store/mutations.ts';
import { locatedIssues } from '../http/validate.ts';
import { isRejection, reject, type Outcome } from './outcome.ts';
import { RULES, type EntityRule, type RuleContext } from './rules.ts';

export interface PushLog {
  error(obj: unknown, msg: string): void;
}

function fingerprint(m: Mutation): string {
  const text = canonicalize({ entity: m.entity, id: m.id, baseRev: m.baseRev, doc: m.doc }) ?? '';
  return createHash('sha256').update(text).digest('hex');
}

export async function pushBatch(
  db: Db,
  principal: Principal,
  mutations: readonly Mutation[],
  now: string,
  log: PushLog,
): Promise<Outcome[]> {
  return writeTransaction(db, async (tx) => {
    const outcomes: Outcome[] = [];
    for (const m of mutations) {
      try {
        outcomes.push(
          await inSavepoint(tx, async () => {
            const value = await applyOne(tx, principal, m, now);
            return { keep: value.status === 'applied', value };
          }),
        );
      } catch (error) {
        outcomes.push(unexpected(error, m, log));
      }
    }
    return outcomes;
  });
}

/** A database error on one mutation: answered for that mutation, the batch goes on. */
function unexpected(error: unknown, m: Mutation, log: PushLog): Outcome {
  if (sqlState(error) === '23505' && constraintOf(error) === 'entities_submission_year')
    return reject('submissionExists', { year: Number((m.doc as { year?: unknown } | null)?.year ?? 0) });
  log.error({ err: error, mutationId: m.mutationId, entity: m.entity }, 'mutation failed');
  return reject('internal');
}

async function applyOne(tx: Queryable, principal: Principal, m: Mutation, now: string): Promise<Outcome> {
  const print = fingerprint(m);
  const earlier = await findMutation(tx, m.mutationId);
  if (earlier) {
    // The same id from someone else, or with other content, is a client bug, not a retry.
    if (earlier.userId !== principal.userId || earlier.fingerprint !== print)
      return reject('mutationIdReused');
    return { status: 'duplicate', result: earlier.result };
  }

  const current = await getEntity(tx, m.entity, m.id);
  if (current) {
    const unit = await getUnit(tx, current.unitId);
    // Checked before the revision so a conflict never hands out another unit's document.
    if (!unit || !canSeeUnit(principal, unit)) return reject('forbidden');
    if (current.rev !== m.baseRev)
      return {
        status: 'conflict',
        serverRev: current.rev,
        serverDoc: current.deleted ? null : current.doc,
        serverDeleted: current.deleted,
      };
    if (current.deleted) return reject('deleted');
  } else if (m.baseRev !== 0 || m.doc === null) {
    return reject('notFound', { entity: m.entity, id: m.id });
  }

  const ctx: RuleContext = { tx, principal, now };
  const rule = RULES[m.entity] as EntityRule<unknown>;
  let next: Omit<EntityRow, 'seq' | 'rev'>;
  if (m.doc === null) {
    const refused = await rule.checkDelete(ctx, current!);
    if (refused) return refused;
    next = { ...current!, deleted: true, doc: null, updatedAt: now, updatedBy: principal.userId };
  } else {
    const parsed = ENTITY_DOC_SCHEMAS[m.entity as EntityName].safeParse(m.doc, { reportInput: true });
    if (!parsed.success) {
      const issues = locatedIssues(parsed.error, ['doc']);
      return reject('invalidDoc', undefined, { issues });
    }
    const placed = await rule.place(ctx, m.id, parsed.data, current);
    if (isRejection(placed)) return placed;
    await rule.beforeWrite?.(ctx, m.id, placed);
    next = {
      entity: m.entity,
      id: m.id,
      unitId: placed.unitId,
      parentId: placed.parentId,
      deleted: false,
      doc: placed.doc,
      updatedAt: now,
      updatedBy: principal.userId,
    };
  }
  const result: AppliedResult = { status: 'applied', rev: (current?.rev ?? 0) + 1 };
  await putEntity(tx, { ...next, rev: result.rev, seq: await nextSeq(tx) });
  await recordMutation(
    tx,
    {
      mutationId: m.mutationId,
      userId: principal.userId,
      fingerprint: print,
      entity: m.entity,
      entityId: m.id,
    },
    result,
    now,
  );
  return result;
}
