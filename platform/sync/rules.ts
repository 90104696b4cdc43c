/**
 * Per-entity write rules: which unit a record belongs to (through its parent chain), who may
 * write it, what must not change, and which fields only the platform sets. Each rule either
 * places the record (unit, parent, final document) or rejects it with a reason.
 */
import type { Queryable } from '../db/types.ts';
import type {
  CommentDoc,
  EntityDocs,
  EntityName,
  EvidenceDoc,
  ProjectDoc,
  ReviewDoc,
  SubmissionDoc,
  UnitDoc,
} from '../../shared/api/entities.ts';
import { SERVER_MANAGED_SUBMISSION_FIELDS } from '../../shared/api/entities.ts';
import { isEditable } from '../../shared/domain/submission-status.ts';
import { canScoreStage, reviewIdFor } from '../../shared/domain/review.ts';
import type { SubmissionStatus } from '../../shared/db/records.ts';
import { canSeeUnit, canUseRegion, blobOwner, provinceDigits, type Principal } from '../auth/principal.ts';
import { childrenOf, getEntityWithUnit, submissionOfYear, type EntityRow } from '../store/entities.ts';
import { getUnit, putUnit } from '../store/units.ts';
import { blobSize, hasRef } from '../store/blobs.ts';
import { isRejection, reject, type Rejection } from './outcome.ts';

export interface RuleContext {
  tx: Queryable;
  principal: Principal;
  now: string;
}

export interface Placement {
  unitId: string;
  parentId: string | null;
  doc: Record<string, unknown>;
}

export interface EntityRule<D> {
  /** `current` is the live record being replaced, absent for a create. */
  place(ctx: RuleContext, id: string, doc: D, current: EntityRow | undefined): Promise<Placement | Rejection>;
  /** null when the record may be deleted. */
  checkDelete(ctx: RuleContext, current: EntityRow): Promise<Rejection | null>;
  /** Runs before the record is written (a new unit must exist before records can point at it). */
  beforeWrite?(ctx: RuleContext, id: string, placement: Placement): Promise<void>;
}

function unitOnly(p: Principal): Rejection | null {
  return p.role === 'unit' ? null : reject('forbiddenRole', undefined, { key: 'api:reject.unitOnly' });
}

function statusOf(row: EntityRow): SubmissionStatus {
  return ((row.doc?.status as SubmissionStatus | undefined) ?? 'draft') as SubmissionStatus;
}

/** The live parent record, or the rejection saying why it cannot be used. */
async function liveParent(ctx: RuleContext, entity: EntityName, id: string): Promise<EntityRow | Rejection> {
  const found = await getEntityWithUnit(ctx.tx, entity, id);
  if (!found || found.row.deleted) return reject('parentMissing', { entity, id });
  if (!found.unit || !canSeeUnit(ctx.principal, found.unit)) return reject('forbidden');
  return found.row;
}

const unitRule: EntityRule<UnitDoc> = {
  async place(ctx, id, doc) {
    const p = ctx.principal;
    if (doc.id !== id) return reject('invalidDoc', undefined, { key: 'api:reject.unitIdMismatch' });
    const existing = await getUnit(ctx.tx, id);
    if (existing ? !canSeeUnit(p, existing) : p.role === 'unit') return reject('forbidden');
    // A unit may move within its province (a new city); only the ministry moves units across provinces.
    const allowed =
      p.role === 'unit' && existing
        ? provinceDigits(doc.regionCode) === provinceDigits(existing.regionCode)
        : canUseRegion(p, doc.regionCode);
    if (!allowed) return reject('regionOutOfScope', { regionCode: doc.regionCode });
    return { unitId: id, parentId: null, doc };
  },
  async checkDelete() {
    // Users and records hang off a unit; a unit is retired by the ministry, not deleted by sync.
    return reject('forbiddenRole', undefined, { key: 'api:reject.unitDelete' });
  },
  async beforeWrite(ctx, id, placement) {
    const doc = placement.doc as UnitDoc;
    await putUnit(ctx.tx, { id, name: doc.name, regionCode: doc.regionCode }, ctx.now);
  },
};

const projectRule: EntityRule<ProjectDoc> = {
  async place(ctx, _id, doc, current) {
    const denied = unitOnly(ctx.principal);
    if (denied) return denied;
    if (doc.unitId !== ctx.principal.unitId) return reject('forbidden');
    if (current && current.unitId !== doc.unitId) return reject('immutableField', { field: 'unitId' });
    return { unitId: doc.unitId, parentId: null, doc };
  },
  async checkDelete(ctx, current) {
    const denied = unitOnly(ctx.principal);
    if (denied) return denied;
    if ((await childrenOf(ctx.tx, 'submission', current.id)).length > 0)
      return reject('locked', undefined, { key: 'api:reject.projectHasSubmissions' });
    return null;
  },
};

const submissionRule: EntityRule<SubmissionDoc> = {
  async place(ctx, id, doc, current) {
    const denied = unitOnly(ctx.principal);
    if (denied) return denied;
    const project = await liveParent(ctx, 'project', doc.projectId);
    if (isRejection(project)) return project;
    if (current) {
      const before = current.doc as SubmissionDoc;
      if (before.projectId !== doc.projectId) return reject('immutableField', { field: 'projectId' });
      if (before.year !== doc.year) return reject('immutableField', { field: 'year' });
      if (!isEditable(statusOf(current))) return reject('locked', { status: statusOf(current) });
    }
    const existingId = await submissionOfYear(ctx.tx, doc.projectId, doc.year, id);
    if (existingId) return reject('submissionExists', { year: doc.year }, { details: { existingId } });
    // Status and snapshot fields come from the platform's own record, never from the client.
    const next: Record<string, unknown> = { ...doc };
    for (const f of SERVER_MANAGED_SUBMISSION_FIELDS) {
      const kept = current?.doc?.[f];
      if (kept === undefined) delete next[f];
      else next[f] = kept;
    }
    next.status ??= 'draft';
    return { unitId: project.unitId, parentId: doc.projectId, doc: next };
  },
  async checkDelete(ctx, current) {
    const denied = unitOnly(ctx.principal);
    if (denied) return denied;
    // Once submitted, a submission is part of the record; only a never-submitted draft may go.
    if (statusOf(current) !== 'draft' || current.doc?.submittedAt !== undefined)
      return reject('locked', { status: statusOf(current) });
    return null;
  },
};

async function editableSubmission(ctx: RuleContext, submissionId: string): Promise<EntityRow | Rejection> {
  const submission = await liveParent(ctx, 'submission', submissionId);
  if (isRejection(submission)) return submission;
  if (!isEditable(statusOf(submission))) return reject('locked', { status: statusOf(submission) });
  return submission;
}

const evidenceRule: EntityRule<EvidenceDoc> = {
  async place(ctx, _id, doc, current) {
    const denied = unitOnly(ctx.principal);
    if (denied) return denied;
    if (current && (current.doc as EvidenceDoc).submissionId !== doc.submissionId)
      return reject('immutableField', { field: 'submissionId' });
    const submission = await editableSubmission(ctx, doc.submissionId);
    if (isRejection(submission)) return submission;
    // Only a blob this unit uploaded itself (and the platform verified) can be cited.
    if (!(await hasRef(ctx.tx, doc.sha256, blobOwner(ctx.principal))))
      return reject('blobMissing', { sha256: doc.sha256 });
    const size = await blobSize(ctx.tx, doc.sha256);
    if (size !== doc.size)
      return reject('invalidDoc', { expected: size ?? 0, actual: doc.size }, { key: 'api:reject.blobSize' });
    return { unitId: submission.unitId, parentId: doc.submissionId, doc };
  },
  async checkDelete(ctx, current) {
    const denied = unitOnly(ctx.principal);
    if (denied) return denied;
    const submission = await editableSubmission(ctx, (current.doc as EvidenceDoc).submissionId);
    return isRejection(submission) ? submission : null;
  },
};

const commentRule: EntityRule<CommentDoc> = {
  async place(ctx, _id, doc, current) {
    const submission = await liveParent(ctx, 'submission', doc.submissionId);
    if (isRejection(submission)) return submission;
    const before = current?.doc as CommentDoc | undefined;
    if (before && before.submissionId !== doc.submissionId)
      return reject('immutableField', { field: 'submissionId' });
    if (before && before.field !== doc.field) return reject('immutableField', { field: 'field' });
    const placed = { unitId: submission.unitId, parentId: doc.submissionId };
    if (ctx.principal.role === 'unit') {
      // The unit answers a comment by marking it resolved; the words stay the reviewer's.
      if (!before || before.text !== doc.text) return reject('commentReadOnly');
      return { ...placed, doc: { ...before, resolved: doc.resolved } };
    }
    return {
      ...placed,
      doc: { ...doc, author: before?.author ?? ctx.principal.displayName, at: before?.at ?? ctx.now },
    };
  },
  async checkDelete(ctx) {
    return ctx.principal.role === 'unit' ? reject('commentReadOnly') : null;
  },
};

/** Scores are given to what was handed in: never to a draft or a returned submission. */
const SCORABLE: readonly SubmissionStatus[] = ['submitted', 'resubmitted', 'accepted'];

const reviewRule: EntityRule<ReviewDoc> = {
  async place(ctx, id, doc, current) {
    const p = ctx.principal;
    if (!canScoreStage(p.role, doc.stage))
      return reject(
        'forbiddenRole',
        {
          stage: doc.stage,
          role: doc.stage === 'ministry' ? 'ministry' : 'province',
        },
        { key: 'api:reject.reviewStage' },
      );
    // The id is derived from submission and stage, so each stage of a submission has one record.
    if (id !== reviewIdFor(doc.submissionId, doc.stage))
      return reject('invalidDoc', undefined, { key: 'api:reject.reviewKey' });
    if (current && (current.doc as ReviewDoc).submissionId !== doc.submissionId)
      return reject('immutableField', { field: 'submissionId' });
    const submission = await liveParent(ctx, 'submission', doc.submissionId);
    if (isRejection(submission)) return submission;
    const status = statusOf(submission);
    if (!SCORABLE.includes(status))
      return reject('locked', { status }, { key: 'api:reject.reviewNotSubmitted' });
    return {
      unitId: submission.unitId,
      parentId: doc.submissionId,
      doc: { ...doc, reviewer: p.displayName },
    };
  },
  async checkDelete(ctx, current) {
    const stage = String(current.doc?.stage ?? '');
    return canScoreStage(ctx.principal.role, stage) ? null : reject('forbiddenRole');
  },
};

export const RULES: { [E in EntityName]: EntityRule<EntityDocs[E]> } = {
  unit: unitRule,
  project: projectRule,
  submission: submissionRule,
  evidence: evidenceRule,
  comment: commentRule,
  review: reviewRule,
};
