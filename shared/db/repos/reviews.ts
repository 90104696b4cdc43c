/**
 * Reviewers' scores per submission and stage (考核评价). Every save is one transaction with its
 * audit entry and its outbox mark, so a grade typed offline reaches the platform later.
 */
import type { TianbaoDb } from '../database.ts';
import { guardedWrite, StorageError } from '../errors.ts';
import type { AuditRecord, RectificationRecord, ReviewRecord } from '../records.ts';
import { msg } from '../../i18n/message.ts';
import { markDirty } from '../../sync/outbox.ts';
import { nowIso } from '../../util/ids.ts';
import { reviewIdFor } from '../../domain/review.ts';

export interface ReviewChange {
  submissionId: string;
  stage: string;
  combination?: string;
  /** Scores to set (null clears one); others are kept. */
  scores?: Record<string, number | null>;
  gradedOn?: string | null;
  rectification?: RectificationRecord[];
}

/** The review of a submission at a stage, or undefined when that stage is not scored yet. */
export async function getReview(
  db: TianbaoDb,
  submissionId: string,
  stage: string,
): Promise<ReviewRecord | undefined> {
  return db.reviews.get(reviewIdFor(submissionId, stage));
}

export async function reviewsOf(db: TianbaoDb, submissionId: string): Promise<ReviewRecord[]> {
  return db.reviews.where('submissionId').equals(submissionId).toArray();
}

/** Creates or updates a stage's review with the change and returns the stored record. */
export async function saveReview(
  db: TianbaoDb,
  change: ReviewChange,
  reviewer: string,
): Promise<ReviewRecord> {
  return guardedWrite(() =>
    db.transaction('rw', [db.submissions, db.reviews, db.audit, db.outbox], async () => {
      if (!(await db.submissions.get(change.submissionId)))
        throw new StorageError(msg('common:submission.missing'));
      const id = reviewIdFor(change.submissionId, change.stage);
      const before = await db.reviews.get(id);
      const at = nowIso();
      const record: ReviewRecord = {
        id,
        submissionId: change.submissionId,
        stage: change.stage,
        combination: change.combination ?? before?.combination ?? '',
        scores: { ...(before?.scores ?? {}), ...(change.scores ?? {}) },
        gradedOn: change.gradedOn !== undefined ? change.gradedOn : (before?.gradedOn ?? null),
        rectification: change.rectification ?? before?.rectification ?? [],
        reviewer,
        updatedAt: at,
      };
      await db.reviews.put(record);
      await markDirty(db, 'review', id);
      const audit: AuditRecord[] = Object.entries(change.scores ?? {})
        .filter(([field, value]) => (before?.scores[field] ?? null) !== value)
        .map(([field, value]) => ({
          at,
          actor: reviewer,
          entity: 'review',
          entityId: change.submissionId,
          field: `${change.stage}:${field}`,
          before: before?.scores[field] ?? null,
          after: value,
        }));
      for (const key of ['combination', 'gradedOn'] as const)
        if (change[key] !== undefined && (before?.[key] ?? null) !== change[key])
          audit.push({
            at,
            actor: reviewer,
            entity: 'review',
            entityId: change.submissionId,
            field: `${change.stage}:${key}`,
            before: before?.[key] ?? null,
            after: change[key] ?? null,
          });
      if (change.rectification)
        audit.push({
          at,
          actor: reviewer,
          entity: 'review',
          entityId: change.submissionId,
          field: `${change.stage}:rectification`,
          before: before?.rectification.length ?? 0,
          after: change.rectification.length,
        });
      if (audit.length) await db.audit.bulkAdd(audit);
      return record;
    }),
  );
}
