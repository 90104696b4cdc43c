/**
 * Imports a verified submission package into a province's local store: one read-write
 * transaction, all or nothing. A submission the store already holds with other content is never
 * overwritten silently: the differences come back as located conflicts the UI can show, and are
 * only applied when the caller asks to replace. Every write is audited with the importing actor.
 */
import type { TianbaoDb } from '../db/database.ts';
import { guardedWrite } from '../db/errors.ts';
import type { AuditRecord, ProjectRecord, SubmissionRecord, UnitRecord } from '../db/records.ts';
import { auditEntries } from '../db/repos/audit.ts';
import { nowIso } from '../util/ids.ts';
import { evidenceEntity, projectEntity } from './from-store.ts';
import type { PackageContent } from './format.ts';
import {
  cellsOf,
  cellsOfRows,
  findConflicts,
  readLocal,
  same,
  sameEvidence,
  storedComment,
  TIMES,
  without,
  type ImportConflict,
  type Local,
} from './import-conflicts.ts';
import type { VerifiedPackage } from './read.ts';
import { backupBeforeImport } from '../backup/auto.ts';
import { msg } from '../i18n/message.ts';

export type { ConflictEntity, ImportConflict } from './import-conflicts.ts';

export interface ImportOptions {
  /** Who imports (written to every audit entry). */
  actor: string;
  /** Overwrite a submission the store holds with different content. */
  replace?: boolean;
  /**
   * Back the whole store up first (shared/backup/auto.ts), default true. When that backup fails
   * nothing is imported. A package refused for conflicts writes nothing and needs none.
   */
  backup?: boolean;
}

export interface ImportChanges {
  unit: boolean;
  project: boolean;
  submission: boolean;
  values: number;
  evidence: number;
  attachments: number;
  comments: number;
  snapshots: number;
}

export type ImportResult =
  | {
      ok: true;
      /** created: the submission was new; updated: written into an existing one; unchanged: nothing written. */
      outcome: 'created' | 'updated' | 'unchanged';
      submissionId: string;
      changes: ImportChanges;
    }
  | { ok: false; submissionId: string; conflicts: ImportConflict[] };

/** Applies the package: everything that differs is written, and what the package drops is removed. */
async function apply(
  db: TianbaoDb,
  content: PackageContent,
  local: Local,
  actor: string,
  manifestSha256: string,
): Promise<ImportChanges> {
  const at = nowIso();
  const audit: AuditRecord[] = [];
  const { unit, project, submission } = content;
  const sid = submission.id;
  const changes: ImportChanges = {
    unit: false,
    project: false,
    submission: false,
    values: 0,
    evidence: 0,
    attachments: 0,
    comments: 0,
    snapshots: 0,
  };

  if (!local.unit || !same(without(local.unit, TIMES), without(unit.doc, TIMES))) {
    const record: UnitRecord = { ...unit.doc, updatedAt: unit.doc.updatedAt ?? at };
    await db.units.put(record);
    audit.push(...auditEntries({ at, actor, entity: 'unit', entityId: unit.id }, local.unit, record));
    changes.unit = true;
  }

  if (
    !local.project ||
    !same(without(projectEntity(local.project).doc, TIMES), without(project.doc, TIMES))
  ) {
    const record: ProjectRecord = {
      ...project.doc,
      id: project.id,
      createdAt: project.doc.createdAt ?? local.project?.createdAt ?? at,
      updatedAt: project.doc.updatedAt ?? at,
    };
    await db.projects.put(record);
    audit.push(
      ...(local.project
        ? auditEntries({ at, actor, entity: 'project', entityId: project.id }, local.project, record)
        : [
            {
              at,
              actor,
              entity: 'project' as const,
              entityId: project.id,
              field: '*',
              before: null,
              after: record.name,
            },
          ]),
    );
    changes.project = true;
  }

  const { values: _v, raw: _r, ...head } = submission.doc;
  const record: SubmissionRecord = {
    ...head,
    id: sid,
    createdAt: submission.doc.createdAt ?? local.submission?.createdAt ?? at,
    updatedAt: submission.doc.updatedAt ?? at,
  };
  if (!local.submission || !same(without(local.submission, TIMES), without(record, TIMES))) {
    await db.submissions.put(record);
    audit.push(...auditEntries({ at, actor, entity: 'submission', entityId: sid }, local.submission, record));
    changes.submission = true;
  }

  // Values: one row per field, as setValues writes them, each change audited.
  const localCells = cellsOfRows(local.rows);
  const incomingCells = cellsOf(submission.doc.values, submission.doc.raw);
  for (const [code, cell] of incomingCells) {
    const before = localCells.get(code);
    if (same(before, cell)) continue;
    await db.values.put({
      submissionId: sid,
      code,
      value: cell.value,
      ...(cell.raw === undefined ? {} : { raw: cell.raw }),
      updatedAt: at,
      updatedBy: actor,
    });
    if (!same(before?.value, cell.value)) {
      audit.push({
        at,
        actor,
        entity: 'value',
        entityId: sid,
        field: code,
        before: before?.value ?? null,
        after: cell.value,
      });
    }
    changes.values++;
  }
  for (const [code, before] of localCells) {
    if (incomingCells.has(code)) continue;
    await db.values.delete([sid, code]);
    audit.push({ at, actor, entity: 'value', entityId: sid, field: code, before: before.value, after: null });
    changes.values++;
  }

  // Evidence links and their bytes; bytes are stored once by hash and never removed here.
  const incomingEvidence = new Set(content.evidence.map((e) => e.id));
  for (const e of local.evidence) {
    if (incomingEvidence.has(e.id)) continue;
    await db.evidence.delete(e.id);
    audit.push({
      at,
      actor,
      entity: 'evidence',
      entityId: sid,
      field: e.target,
      before: `${e.name} (${e.sha256})`,
      after: null,
    });
    changes.evidence++;
  }
  for (const e of content.evidence) {
    const mine = local.evidence.find((x) => x.id === e.id);
    if (mine && sameEvidence(evidenceEntity(mine).doc, e.doc)) continue;
    await db.evidence.put({ ...e.doc, id: e.id, addedAt: e.doc.addedAt ?? at });
    audit.push({
      at,
      actor,
      entity: 'evidence',
      entityId: sid,
      field: e.doc.target,
      before: mine ? `${mine.name} (${mine.sha256})` : null,
      after: `${e.doc.name} (${e.doc.sha256})`,
    });
    changes.evidence++;
  }
  for (const [sha256, data] of Object.entries(content.blobs)) {
    if (await db.attachments.get(sha256)) continue;
    const cited = content.evidence.find((e) => e.doc.sha256 === sha256)!.doc;
    await db.attachments.add({
      sha256,
      name: cited.name,
      mimeType: cited.mimeType,
      size: data.byteLength,
      data,
      storedAt: at,
    });
    changes.attachments++;
  }

  // Comments and snapshots the store has and the package lacks stay: they are the province's own.
  for (const c of content.comments) {
    const mine = local.comments.find((x) => x.id === c.id);
    const comment = storedComment(c.id, c.doc, mine?.at ?? at);
    if (mine && same(mine, comment)) continue;
    await db.comments.put(comment);
    audit.push({
      at,
      actor,
      entity: 'submission',
      entityId: sid,
      field: `comment:${c.doc.field}`,
      before: mine?.text ?? null,
      after: c.doc.text,
    });
    changes.comments++;
  }
  for (const s of content.snapshots) {
    if (local.snapshots.some((x) => x.id === s.id)) continue;
    await db.snapshots.add(s);
    changes.snapshots++;
  }

  if (audit.length > 0 || changes.attachments > 0 || changes.snapshots > 0) {
    // One entry naming the package, so the history says where the changes came from.
    audit.push({
      at,
      actor,
      entity: 'submission',
      entityId: sid,
      field: 'package',
      before: null,
      after: manifestSha256,
    });
    await db.audit.bulkAdd(audit);
  }
  return changes;
}

function changed(c: ImportChanges): boolean {
  return c.unit || c.project || c.submission || Object.values(c).some((v) => typeof v === 'number' && v > 0);
}

/**
 * Imports a package readPackage verified. Conflicts with what the store holds are returned
 * (nothing written) unless `replace` is set and every one of them may be replaced.
 */
export async function importPackage(
  db: TianbaoDb,
  pkg: VerifiedPackage,
  options: ImportOptions,
): Promise<ImportResult> {
  const { content, manifestSha256 } = pkg;
  const submissionId = content.submission.id;
  const tables = [
    db.units,
    db.projects,
    db.submissions,
    db.values,
    db.evidence,
    db.attachments,
    db.comments,
    db.snapshots,
    db.audit,
  ];
  const refusal = (local: Local): ImportConflict[] | undefined => {
    const conflicts = findConflicts(content, local);
    return conflicts.length > 0 && (!options.replace || conflicts.some((c) => !c.replaceable))
      ? conflicts
      : undefined;
  };
  if (options.backup !== false) {
    // The same check, read-only, before the backup: a refused package needs no backup.
    const refused = await guardedWrite(() =>
      db.transaction('r', tables, async () => refusal(await readLocal(db, content))),
    );
    if (refused) return { ok: false, submissionId, conflicts: refused };
    await backupBeforeImport(
      db,
      msg('backup:source.package', { unit: content.unit.doc.name, year: content.submission.doc.year }),
    );
  }
  return guardedWrite(() =>
    db.transaction('rw', tables, async (): Promise<ImportResult> => {
      const local = await readLocal(db, content);
      const conflicts = refusal(local);
      if (conflicts) return { ok: false, submissionId, conflicts };
      const changes = await apply(db, content, local, options.actor, manifestSha256);
      const outcome = !local.submission ? 'created' : changed(changes) ? 'updated' : 'unchanged';
      return { ok: true, outcome, submissionId, changes };
    }),
  );
}
