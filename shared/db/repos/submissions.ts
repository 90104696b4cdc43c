/**
 * Annual submissions (年度填报): one per project and year. Status changes go through the shared
 * status machine; submitting freezes a snapshot whose SHA-256 the unit can show later.
 */
import canonicalize from 'canonicalize';
import type { TianbaoDb } from '../database.ts';
import { guardedWrite, StorageError } from '../errors.ts';
import type { SnapshotRecord, SubmissionDocument, SubmissionRecord } from '../records.ts';
import { transition, type Role, type SubmissionAction } from '../../domain/submission-status.ts';
import { msg } from '../../i18n/message.ts';
import { sha256HexSync } from '../../util/sha256.ts';
import { newId, nowIso } from '../../util/ids.ts';
import { markDirty, queueTransition } from '../../sync/outbox.ts';

export async function ensureSubmission(
  db: TianbaoDb,
  projectId: string,
  year: number,
): Promise<SubmissionRecord> {
  return guardedWrite(() =>
    db.transaction('rw', [db.submissions, db.outbox], async () => {
      const existing = await db.submissions.where('[projectId+year]').equals([projectId, year]).first();
      if (existing) return existing;
      const at = nowIso();
      const record: SubmissionRecord = {
        id: newId(),
        projectId,
        year,
        status: 'draft',
        createdAt: at,
        updatedAt: at,
      };
      await db.submissions.add(record);
      await markDirty(db, 'submission', record.id);
      return record;
    }),
  );
}

export async function submissionsOfProject(db: TianbaoDb, projectId: string): Promise<SubmissionRecord[]> {
  return (await db.submissions.where('projectId').equals(projectId).toArray()).sort(
    (a, b) => a.year - b.year,
  );
}

/** The submission's content in a canonical form, the thing that is hashed and later synced. */
export async function submissionDocument(db: TianbaoDb, submissionId: string): Promise<SubmissionDocument> {
  const s = await db.submissions.get(submissionId);
  if (!s) throw new StorageError(msg('common:submission.missing'));
  const rows = await db.values.where('submissionId').equals(submissionId).toArray();
  const evidence = await db.evidence.where('submissionId').equals(submissionId).toArray();
  return {
    submissionId,
    projectId: s.projectId,
    year: s.year,
    values: Object.fromEntries(rows.filter((r) => r.value !== null).map((r) => [r.code, r.value])),
    evidence: evidence
      .map((e) => ({ target: e.target, sha256: e.sha256, name: e.name }))
      .sort((a, b) => (a.target + a.sha256).localeCompare(b.target + b.sha256)),
  };
}

/** SHA-256 of the RFC 8785 canonical JSON, so any system can recompute it. */
export function hashDocument(doc: SubmissionDocument): string {
  return sha256HexSync(canonicalize(doc) ?? '');
}

/**
 * Moves a submission through the status machine in one transaction. Submit and resubmit
 * freeze a snapshot; return and accept record who and why.
 */
export async function changeStatus(
  db: TianbaoDb,
  submissionId: string,
  action: SubmissionAction,
  role: Role,
  actor: string,
  reason?: string,
): Promise<SubmissionRecord> {
  return guardedWrite(() =>
    db.transaction(
      'rw',
      [db.submissions, db.values, db.evidence, db.snapshots, db.audit, db.outbox],
      async () => {
        const s = await db.submissions.get(submissionId);
        if (!s) throw new StorageError(msg('common:submission.missing'));
        const t = transition(s.status, action, role);
        if (!t.ok) throw new StorageError(msg(`common:submission.${t.reason}`, { action, from: s.status }));
        const at = nowIso();
        const next: SubmissionRecord = { ...s, status: t.to, updatedAt: at };
        // A returned version is frozen too, so a resubmission can be compared with it field by field.
        if (action === 'submit' || action === 'resubmit' || action === 'return') {
          const doc = await submissionDocument(db, submissionId);
          const sha256 = hashDocument(doc);
          const snapshot: SnapshotRecord = {
            id: newId(),
            submissionId,
            status: t.to,
            at,
            actor,
            sha256,
            doc,
            ...(reason ? { reason } : {}),
          };
          await db.snapshots.add(snapshot);
          if (action !== 'return') {
            next.snapshotSha256 = sha256;
            next.submittedAt = at;
          }
        }
        await db.submissions.put(next);
        // Status is the platform's to set: the change travels as a transition, after any content
        // still waiting in the outbox, never as an edit of the document.
        await queueTransition(db, submissionId, { action, ...(reason ? { reason } : {}) });
        await db.audit.add({
          at,
          actor,
          entity: 'submission',
          entityId: submissionId,
          field: 'status',
          before: s.status,
          after: reason ? `${t.to}: ${reason}` : t.to,
        });
        return next;
      },
    ),
  );
}

export async function snapshotsOf(db: TianbaoDb, submissionId: string): Promise<SnapshotRecord[]> {
  return (await db.snapshots.where('submissionId').equals(submissionId).toArray()).sort((a, b) =>
    a.at.localeCompare(b.at),
  );
}
