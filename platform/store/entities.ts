/** Synced records, latest revision only (see migrations/001_init.sql). */
import type { Queryable } from '../db/types.ts';
import type { EntityName, EntityState } from '../../shared/api/entities.ts';
import type { Change } from '../../shared/api/sync.ts';
import type { UnitRow } from './units.ts';
import { toIso } from './time.ts';

export interface EntityRow {
  entity: EntityName;
  id: string;
  unitId: string;
  parentId: string | null;
  rev: number;
  seq: string;
  deleted: boolean;
  doc: Record<string, unknown> | null;
  updatedAt: string;
  updatedBy: string;
}

interface RawEntity {
  entity: EntityName;
  id: string;
  unit_id: string;
  parent_id: string | null;
  rev: number;
  seq: string;
  deleted: boolean;
  doc: Record<string, unknown> | null;
  updated_at: unknown;
  updated_by: string;
}

export const ENTITY_COLUMNS =
  'e.entity, e.id, e.unit_id, e.parent_id, e.rev, e.seq::text AS seq, e.deleted, e.doc, e.updated_at, e.updated_by';

export function fromRow(r: RawEntity): EntityRow {
  return {
    entity: r.entity,
    id: r.id,
    unitId: r.unit_id,
    parentId: r.parent_id,
    rev: Number(r.rev),
    seq: r.seq,
    deleted: r.deleted,
    doc: r.doc,
    updatedAt: toIso(r.updated_at),
    updatedBy: r.updated_by,
  };
}

export async function getEntity(
  q: Queryable,
  entity: EntityName,
  id: string,
): Promise<EntityRow | undefined> {
  const rows = await q.query<RawEntity>(
    `SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.entity = $1 AND e.id = $2`,
    [entity, id],
  );
  return rows[0] && fromRow(rows[0]);
}

/**
 * A record together with the unit it belongs to (for the authorisation check that always comes
 * next), in one statement instead of two.
 */
export async function getEntityWithUnit(
  q: Queryable,
  entity: EntityName,
  id: string,
): Promise<{ row: EntityRow; unit: UnitRow | undefined } | undefined> {
  const rows = await q.query<RawEntity & { unit_name: string | null; unit_region: string | null }>(
    `SELECT ${ENTITY_COLUMNS}, u.name AS unit_name, u.region_code AS unit_region
     FROM entities e LEFT JOIN units u ON u.id = e.unit_id WHERE e.entity = $1 AND e.id = $2`,
    [entity, id],
  );
  const r = rows[0];
  if (!r) return undefined;
  const row = fromRow(r);
  const unit =
    r.unit_region === null
      ? undefined
      : { id: row.unitId, name: r.unit_name ?? '', regionCode: r.unit_region };
  return { row, unit };
}

/** Many records with their units in one statement (the records a whole push names). */
export async function getEntitiesWithUnits(
  q: Queryable,
  keys: readonly { entity: EntityName; id: string }[],
): Promise<{ row: EntityRow; unit: UnitRow | undefined }[]> {
  if (keys.length === 0) return [];
  const rows = await q.query<RawEntity & { unit_name: string | null; unit_region: string | null }>(
    `SELECT ${ENTITY_COLUMNS}, u.name AS unit_name, u.region_code AS unit_region
     FROM entities e LEFT JOIN units u ON u.id = e.unit_id
     WHERE (e.entity, e.id) IN (SELECT k.entity, k.id FROM unnest($1::text[], $2::text[]) AS k (entity, id))`,
    [keys.map((k) => k.entity), keys.map((k) => k.id)],
  );
  return rows.map((r) => {
    const row = fromRow(r);
    const unit =
      r.unit_region === null
        ? undefined
        : { id: row.unitId, name: r.unit_name ?? '', regionCode: r.unit_region };
    return { row, unit };
  });
}

/** Live children of one kind (evidence of a submission …). */
export async function childrenOf(q: Queryable, entity: EntityName, parentId: string): Promise<EntityRow[]> {
  const rows = await q.query<RawEntity>(
    `SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.parent_id = $1 AND e.entity = $2 AND NOT e.deleted ORDER BY e.id`,
    [parentId, entity],
  );
  return rows.map(fromRow);
}

/** Another live submission of the same project and year, if any. */
export async function submissionOfYear(
  q: Queryable,
  projectId: string,
  year: number,
  exceptId: string,
): Promise<string | undefined> {
  const rows = await q.query<{ id: string }>(
    `SELECT id FROM entities WHERE entity = 'submission' AND parent_id = $1 AND doc ->> 'year' = $2
     AND NOT deleted AND id <> $3`,
    [projectId, String(year), exceptId],
  );
  return rows[0]?.id;
}

/** Writes the new revision of a record (insert or replace). */
export async function putEntity(q: Queryable, row: EntityRow): Promise<void> {
  await q.query(
    `INSERT INTO entities (entity, id, unit_id, parent_id, rev, seq, deleted, doc, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6::bigint, $7, $8::jsonb, $9, $10)
     ON CONFLICT (entity, id) DO UPDATE SET unit_id = EXCLUDED.unit_id, parent_id = EXCLUDED.parent_id,
       rev = EXCLUDED.rev, seq = EXCLUDED.seq, deleted = EXCLUDED.deleted, doc = EXCLUDED.doc,
       updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [
      row.entity,
      row.id,
      row.unitId,
      row.parentId,
      row.rev,
      row.seq,
      row.deleted,
      row.doc === null ? null : JSON.stringify(row.doc),
      row.updatedAt,
      row.updatedBy,
    ],
  );
}

/**
 * Writes the next revision of a record with a fresh change-sequence number and records the
 * mutation that made it (and the answer it got), in one statement: both or neither. Returns the
 * change-sequence number.
 */
export async function putEntityForMutation(
  q: Queryable,
  row: Omit<EntityRow, 'seq'>,
  m: { mutationId: string; userId: string; fingerprint: string; result: unknown },
): Promise<string> {
  const rows = await q.query<{ seq: string }>(
    `WITH s AS (SELECT nextval('change_seq') AS seq),
     w AS (
       INSERT INTO entities (entity, id, unit_id, parent_id, rev, seq, deleted, doc, updated_at, updated_by)
       SELECT $1::text, $2::text, $3::text, $4::text, $5::integer, s.seq, $6::boolean, $7::jsonb,
         $8::timestamptz, $9::text FROM s
       ON CONFLICT (entity, id) DO UPDATE SET unit_id = EXCLUDED.unit_id, parent_id = EXCLUDED.parent_id,
         rev = EXCLUDED.rev, seq = EXCLUDED.seq, deleted = EXCLUDED.deleted, doc = EXCLUDED.doc,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
       RETURNING seq
     ),
     r AS (
       INSERT INTO mutations (mutation_id, user_id, fingerprint, entity, entity_id, result, applied_at)
       SELECT $10::text, $11::text, $12::text, $1::text, $2::text, $13::jsonb, $8::timestamptz FROM w
     )
     SELECT seq::text AS seq FROM w`,
    [
      row.entity,
      row.id,
      row.unitId,
      row.parentId,
      row.rev,
      row.deleted,
      row.doc === null ? null : JSON.stringify(row.doc),
      row.updatedAt,
      row.updatedBy,
      m.mutationId,
      m.userId,
      m.fingerprint,
      JSON.stringify(m.result),
    ],
  );
  return rows[0]!.seq;
}

export function toState(row: EntityRow): EntityState {
  return {
    entity: row.entity,
    id: row.id,
    rev: row.rev,
    deleted: row.deleted,
    doc: row.deleted ? null : row.doc,
    unitId: row.unitId,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export function toChange(row: EntityRow): Change {
  return { ...toState(row), seq: row.seq };
}

/** Records changed after `since`, in change order, limited to a scope condition over e.unit_id. */
export async function changesSince(
  q: Queryable,
  since: string,
  limit: number,
  scope: { sql: string; params: unknown[] },
): Promise<EntityRow[]> {
  const rows = await q.query<RawEntity>(
    `SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.seq > $1::bigint AND (${scope.sql})
     ORDER BY e.seq LIMIT $2`,
    [since, limit, ...scope.params],
  );
  return rows.map(fromRow);
}
