/**
 * Applying pushed batches. Pushes that arrive while another is being written are grouped and
 * written together in one write transaction (group commit): the transaction, the write lock and
 * the idempotency look-up are paid once per group instead of once per request, and every request
 * is answered only after the group has committed. Within the transaction each mutation runs in
 * its own savepoint, so a refused or conflicting one writes nothing while the others stand. A
 * mutation id already applied is answered from the stored result and never applied again (also
 * when the same id comes twice in one group). If the process dies mid-group, the transaction
 * never commits: the clients, which got no answer, push again.
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/types.ts';
import { constraintOf, sqlState } from '../db/types.ts';
import { inSavepoint, writeTransaction } from '../db/write.ts';
import { ENTITY_DOC_SCHEMAS, type EntityName } from '../../shared/api/entities.ts';
import { MAX_PUSH_MUTATIONS, type AppliedResult, type Mutation } from '../../shared/api/sync.ts';
import { canSeeUnit, type Principal } from '../auth/principal.ts';
import {
  getEntitiesWithUnits,
  getEntityWithUnit,
  putEntityForMutation,
  type EntityRow,
} from '../store/entities.ts';
import { findMutations, type StoredMutation } from '../store/mutations.ts';
import { getUnit, type UnitRow } from '../store/units.ts';
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

/** One push request: whose, what, and when it was received. */
export interface PushJob {
  principal: Principal;
  mutations: readonly Mutation[];
  now: string;
  log: PushLog;
}

/** Applies one batch in a transaction of its own. */
export async function pushBatch(
  db: Db,
  principal: Principal,
  mutations: readonly Mutation[],
  now: string,
  log: PushLog,
): Promise<Outcome[]> {
  const [outcomes] = await writeTransaction(db, (tx) => applyJobs(tx, [{ principal, mutations, now, log }]));
  return outcomes!;
}

/**
 * What a group's transaction knows of the records it writes: read for every record the group
 * names in one statement at the start, then kept up to date with each mutation applied (and only
 * those: a mutation undone in its savepoint changes nothing here). Only pushes write records
 * inside the group's transaction and the write lock keeps everyone else out, so this is exactly
 * what the database holds; a record or unit it has not seen is read from the database.
 */
class GroupRecords {
  private readonly rows = new Map<string, EntityRow | null>();
  private readonly units = new Map<string, UnitRow>();

  private static key(entity: string, id: string): string {
    return `${entity}\u0000${id}`;
  }

  async load(tx: Queryable, mutations: readonly Mutation[]): Promise<void> {
    const keys = new Map<string, { entity: EntityName; id: string }>();
    for (const m of mutations) keys.set(GroupRecords.key(m.entity, m.id), { entity: m.entity, id: m.id });
    for (const k of keys.keys()) this.rows.set(k, null);
    for (const { row, unit } of await getEntitiesWithUnits(tx, [...keys.values()])) {
      this.rows.set(GroupRecords.key(row.entity, row.id), row);
      if (unit) this.units.set(unit.id, unit);
    }
  }

  async find(
    tx: Queryable,
    entity: EntityName,
    id: string,
  ): Promise<{ row: EntityRow; unit: UnitRow | undefined } | undefined> {
    const key = GroupRecords.key(entity, id);
    if (!this.rows.has(key)) {
      const found = await getEntityWithUnit(tx, entity, id);
      this.rows.set(key, found?.row ?? null);
      if (found?.unit) this.units.set(found.unit.id, found.unit);
      return found;
    }
    const row = this.rows.get(key);
    if (!row) return undefined;
    let unit = this.units.get(row.unitId);
    if (!unit) {
      unit = await getUnit(tx, row.unitId);
      if (unit) this.units.set(unit.id, unit);
    }
    return { row, unit };
  }

  applied(row: EntityRow): void {
    this.rows.set(GroupRecords.key(row.entity, row.id), row);
    // A unit's profile carries its name and region (written to the units table with it).
    if (row.entity === 'unit' && row.doc) {
      const doc = row.doc as { name: string; regionCode: string };
      this.units.set(row.id, { id: row.id, name: doc.name, regionCode: doc.regionCode });
    }
  }
}

/**
 * The jobs in order, in one transaction: one idempotency look-up for every mutation id and one
 * read of every record named, then each mutation in its savepoint. Mutations applied here are
 * added to both as they are written, so a later copy of the same id in the group is answered as
 * a duplicate and a later change of the same record sees its new revision.
 */
async function applyJobs(tx: Queryable, jobs: readonly PushJob[]): Promise<Outcome[][]> {
  const mutations = jobs.flatMap((j) => j.mutations);
  const known = await findMutations(
    tx,
    mutations.map((m) => m.mutationId),
  );
  const records = new GroupRecords();
  await records.load(
    tx,
    mutations.filter((m) => !known.has(m.mutationId)),
  );
  const all: Outcome[][] = [];
  for (const job of jobs) {
    const outcomes: Outcome[] = [];
    for (const m of job.mutations) {
      const print = fingerprint(m);
      try {
        let written: EntityRow | undefined;
        const outcome = await inSavepoint(tx, async (sp) => {
          const earlier = known.get(m.mutationId);
          const value = await applyOne(sp, records, job.principal, m, print, earlier, job.now, (row) => {
            written = row;
          });
          return { keep: value.status === 'applied', value };
        });
        if (outcome.status === 'applied') {
          known.set(m.mutationId, { userId: job.principal.userId, fingerprint: print, result: outcome });
          if (written) records.applied(written);
        }
        outcomes.push(outcome);
      } catch (error) {
        outcomes.push(unexpected(error, m, job.log));
      }
    }
    all.push(outcomes);
  }
  return all;
}

interface Waiting extends PushJob {
  resolve(outcomes: Outcome[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit for pushes. A push waits in the queue while a group is being written; the next
 * group takes everything that is waiting (up to about one full batch of mutations), so under load
 * many small pushes share one transaction and at rest a push is written at once. Should a group's
 * transaction fail as a whole (not one mutation: those are answered in their savepoints), each of
 * its pushes is tried again on its own, so one bad request cannot fail the others with it.
 */
export class PushQueue {
  private readonly waiting: Waiting[] = [];
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly maxGroupMutations = MAX_PUSH_MUTATIONS,
  ) {}

  push(principal: Principal, mutations: readonly Mutation[], now: string, log: PushLog): Promise<Outcome[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ principal, mutations, now, log, resolve, reject });
      if (!this.running) {
        this.running = true;
        // After the current I/O callbacks: requests that arrived together join the same group.
        setImmediate(() => void this.drain());
      }
    });
  }

  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    let size = 0;
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      if (group.length > 0 && size + next.mutations.length > this.maxGroupMutations) break;
      group.push(this.waiting.shift()!);
      size += next.mutations.length;
    }
    return group;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.takeGroup();
        try {
          const results = await writeTransaction(this.db, (tx) => applyJobs(tx, group));
          group.forEach((job, i) => job.resolve(results[i]!));
        } catch (error) {
          if (group.length === 1) {
            group[0]!.reject(error);
            continue;
          }
          for (const job of group) {
            try {
              job.resolve(await pushBatch(this.db, job.principal, job.mutations, job.now, job.log));
            } catch (alone) {
              job.reject(alone);
            }
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/** A database error on one mutation: answered for that mutation, the batch goes on. */
function unexpected(error: unknown, m: Mutation, log: PushLog): Outcome {
  if (sqlState(error) === '23505' && constraintOf(error) === 'entities_submission_year')
    return reject('submissionExists', { year: Number((m.doc as { year?: unknown } | null)?.year ?? 0) });
  log.error({ err: error, mutationId: m.mutationId, entity: m.entity }, 'mutation failed');
  return reject('internal');
}

async function applyOne(
  tx: Queryable,
  records: GroupRecords,
  principal: Principal,
  m: Mutation,
  print: string,
  earlier: StoredMutation | undefined,
  now: string,
  wrote: (row: EntityRow) => void,
): Promise<Outcome> {
  if (earlier) {
    // The same id from someone else, or with other content, is a client bug, not a retry.
    if (earlier.userId !== principal.userId || earlier.fingerprint !== print)
      return reject('mutationIdReused');
    return { status: 'duplicate', result: earlier.result };
  }

  const found = await records.find(tx, m.entity, m.id);
  const current = found?.row;
  if (found) {
    // Checked before the revision so a conflict never hands out another unit's document.
    if (!found.unit || !canSeeUnit(principal, found.unit)) return reject('forbidden');
    if (found.row.rev !== m.baseRev)
      return {
        status: 'conflict',
        serverRev: found.row.rev,
        serverDoc: found.row.deleted ? null : found.row.doc,
        serverDeleted: found.row.deleted,
      };
    if (found.row.deleted) return reject('deleted');
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
  const row = { ...next, rev: result.rev };
  const seq = await putEntityForMutation(tx, row, {
    mutationId: m.mutationId,
    userId: principal.userId,
    fingerprint: print,
    result,
  });
  wrote({ ...row, seq });
  return result;
}
