/**
 * Local records ↔ the platform's documents (shared/api/entities.ts). A submission's document
 * gathers its value rows; applying a document writes them back row by row, with audit, so a
 * change that arrived by sync reads in a field's history like any other.
 */
import type { TianbaoDb } from '../db/database.ts';
import type { AuditRecord, SubmissionRecord, SyncDoc, SyncEntity, ValueRecord } from '../db/records.ts';
import type { Value } from '../domain/expr/index.ts';
import { nowIso } from '../util/ids.ts';

/** Tables a local document is read from or written to. */
export function docTables(db: TianbaoDb) {
  return [db.units, db.projects, db.submissions, db.values, db.evidence, db.comments, db.reviews, db.audit];
}

function withoutId<T extends { id: string }>(record: T): SyncDoc {
  const { id: _id, ...rest } = record;
  return JSON.parse(JSON.stringify(rest)) as SyncDoc;
}

/** The document of a local record now; null when it no longer exists (a deletion to send). */
export async function readLocalDoc(db: TianbaoDb, entity: SyncEntity, id: string): Promise<SyncDoc | null> {
  switch (entity) {
    case 'unit': {
      const r = await db.units.get(id);
      return r ? withoutId(r) : null;
    }
    case 'project': {
      const r = await db.projects.get(id);
      return r ? withoutId(r) : null;
    }
    case 'evidence': {
      const r = await db.evidence.get(id);
      return r ? withoutId(r) : null;
    }
    case 'comment': {
      const r = await db.comments.get(id);
      return r ? withoutId(r) : null;
    }
    case 'review': {
      const r = await db.reviews.get(id);
      return r ? withoutId(r) : null;
    }
    case 'submission': {
      const s = await db.submissions.get(id);
      if (!s) return null;
      const rows = await db.values.where('submissionId').equals(id).toArray();
      const values: Record<string, Value> = {};
      const raw: Record<string, string> = {};
      for (const r of rows) {
        if (r.value !== null) values[r.code] = r.value;
        if (r.raw !== undefined) raw[r.code] = r.raw;
      }
      const doc: SyncDoc = { projectId: s.projectId, year: s.year, values, status: s.status };
      if (Object.keys(raw).length) doc.raw = raw;
      if (s.snapshotSha256) doc.snapshotSha256 = s.snapshotSha256;
      if (s.submittedAt) doc.submittedAt = s.submittedAt;
      doc.createdAt = s.createdAt;
      doc.updatedAt = s.updatedAt;
      return doc;
    }
  }
}

async function applySubmission(db: TianbaoDb, id: string, doc: SyncDoc, actor: string): Promise<void> {
  const at = nowIso();
  const before = await db.submissions.get(id);
  const record: SubmissionRecord = {
    ...(before ?? {}),
    id,
    projectId: String(doc.projectId),
    year: Number(doc.year),
    status: (doc.status as SubmissionRecord['status'] | undefined) ?? before?.status ?? 'draft',
    createdAt: (doc.createdAt as string | undefined) ?? before?.createdAt ?? at,
    updatedAt: (doc.updatedAt as string | undefined) ?? at,
  };
  if (doc.snapshotSha256) record.snapshotSha256 = doc.snapshotSha256 as string;
  if (doc.submittedAt) record.submittedAt = doc.submittedAt as string;
  await db.submissions.put(record);

  const values = (doc.values ?? {}) as Record<string, Value>;
  const raw = (doc.raw ?? {}) as Record<string, string>;
  const rowOf = (code: string): ValueRecord => {
    const row: ValueRecord = {
      submissionId: id,
      code,
      value: values[code] ?? null,
      updatedAt: at,
      updatedBy: actor,
    };
    if (raw[code] !== undefined) row.raw = raw[code];
    return row;
  };
  const codes = new Set([...Object.keys(values), ...Object.keys(raw)]);
  if (!before) {
    // A submission new to this store: its fields arrive together, recorded as one audit entry.
    await db.values.bulkPut([...codes].map(rowOf));
    await db.audit.add({
      at,
      actor,
      entity: 'submission',
      entityId: id,
      field: 'sync',
      before: null,
      after: record.status,
    });
    return;
  }
  const rows = await db.values.where('submissionId').equals(id).toArray();
  const current = new Map(rows.map((r) => [r.code, r]));
  const audit: AuditRecord[] = [];
  const puts: ValueRecord[] = [];
  const deletes: [string, string][] = [];
  for (const code of new Set([...codes, ...current.keys()])) {
    const old = current.get(code);
    const value = values[code] ?? null;
    const typed = raw[code];
    if (old && old.value === value && old.raw === typed) continue;
    if (value === null && typed === undefined) {
      if (old) deletes.push([id, code]);
    } else puts.push(rowOf(code));
    if ((old?.value ?? null) !== value)
      audit.push({
        at,
        actor,
        entity: 'value',
        entityId: id,
        field: code,
        before: old?.value ?? null,
        after: value,
      });
  }
  if (puts.length) await db.values.bulkPut(puts);
  if (deletes.length) await db.values.bulkDelete(deletes);
  if (before.status !== record.status)
    audit.push({
      at,
      actor,
      entity: 'submission',
      entityId: id,
      field: 'status',
      before: before.status,
      after: record.status,
    });
  if (audit.length) await db.audit.bulkAdd(audit);
}

/**
 * Writes a platform document into the local store (null deletes). Call inside a transaction over
 * docTables(db). `actor` names where the change came from in the audit log.
 */
export async function applyDoc(
  db: TianbaoDb,
  entity: SyncEntity,
  id: string,
  doc: SyncDoc | null,
  actor: string,
): Promise<void> {
  if (doc === null) {
    if (entity === 'submission') {
      await db.values.where('submissionId').equals(id).delete();
      await db.submissions.delete(id);
    } else {
      const table = {
        unit: db.units,
        project: db.projects,
        evidence: db.evidence,
        comment: db.comments,
        review: db.reviews,
      }[entity];
      await table.delete(id);
    }
    return;
  }
  switch (entity) {
    case 'submission':
      return applySubmission(db, id, doc, actor);
    case 'unit':
      await db.units.put({ ...(doc as object), id } as never);
      return;
    case 'project':
      await db.projects.put({ ...(doc as object), id } as never);
      return;
    case 'evidence':
      await db.evidence.put({ ...(doc as object), id } as never);
      return;
    case 'comment':
      await db.comments.put({ ...(doc as object), id } as never);
      return;
    case 'review':
      await db.reviews.put({ ...(doc as object), id } as never);
      return;
  }
}
