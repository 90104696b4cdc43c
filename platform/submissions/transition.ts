/**
 * Submission status changes on the platform: the shared status machine decides by role and
 * state; submit and resubmit freeze the document and hand back a receipt. One write transaction:
 * the new status, its change-sequence number and the history entry are written together.
 */
import type { Db } from '../db/types.ts';
import { nextSeq, writeTransaction } from '../db/write.ts';
import { transition } from '../../shared/domain/submission-status.ts';
import { hashDocument } from '../../shared/db/repos/submissions.ts';
import type { EvidenceDoc, SubmissionDoc } from '../../shared/api/entities.ts';
import type {
  Receipt,
  SubmissionEvent,
  TransitionRequest,
  TransitionResponse,
} from '../../shared/api/submissions.ts';
import { msg } from '../../shared/i18n/message.ts';
import { canSeeUnit, type Principal } from '../auth/principal.ts';
import { childrenOf, getEntity, putEntity, toState, type EntityRow } from '../store/entities.ts';
import { getUnit } from '../store/units.ts';
import { findByRequestId, insertEvent } from '../store/events.ts';
import { ApiError, apiError } from '../http/errors.ts';
import type { Queryable } from '../db/types.ts';
import { submissionDocumentOf } from './document.ts';

/** The live submission if the principal may see it; 404 or 403 otherwise. */
export async function visibleSubmission(q: Queryable, p: Principal, id: string): Promise<EntityRow> {
  const row = await getEntity(q, 'submission', id);
  if (!row || row.deleted) throw apiError(404, 'notFound');
  const unit = await getUnit(q, row.unitId);
  if (!unit || !canSeeUnit(p, unit)) throw apiError(403, 'forbidden');
  return row;
}

export async function changeStatus(
  db: Db,
  p: Principal,
  submissionId: string,
  req: TransitionRequest,
  now: string,
): Promise<TransitionResponse> {
  return writeTransaction(db, async (tx) => {
    if (req.requestId) {
      const earlier = await findByRequestId(tx, req.requestId);
      if (earlier) {
        if (earlier.actorId !== p.userId) throw apiError(409, 'requestIdReused');
        return earlier.response;
      }
    }
    const row = await visibleSubmission(tx, p, submissionId);
    const doc = row.doc as SubmissionDoc;
    const from = doc.status ?? 'draft';
    if (req.baseRev !== undefined && req.baseRev !== row.rev)
      throw apiError(409, 'staleRev', { serverRev: row.rev }, { serverRev: row.rev });
    const t = transition(from, req.action, p.role);
    if (!t.ok) {
      const params = { action: req.action, from };
      throw t.reason === 'wrongRole'
        ? new ApiError(403, 'wrongRole', msg('api:error.wrongRole', params))
        : new ApiError(409, 'wrongState', msg('api:error.wrongState', params), { details: { status: from } });
    }
    const reason = req.reason?.trim() || null;
    if (req.action === 'return' && !reason) throw apiError(400, 'reasonRequired');

    const freezes = req.action === 'submit' || req.action === 'resubmit';
    const evidence = freezes
      ? (await childrenOf(tx, 'evidence', submissionId)).map((e) => e.doc as EvidenceDoc)
      : [];
    const frozen = freezes ? submissionDocumentOf(submissionId, doc, evidence) : undefined;
    const sha256 = frozen ? hashDocument(frozen) : null;

    const nextDoc: SubmissionDoc = {
      ...doc,
      status: t.to,
      ...(sha256 ? { snapshotSha256: sha256, submittedAt: now } : {}),
    };
    const next: EntityRow = {
      ...row,
      rev: row.rev + 1,
      seq: await nextSeq(tx),
      doc: nextDoc,
      updatedAt: now,
      updatedBy: p.userId,
    };
    await putEntity(tx, next);

    const event: SubmissionEvent = {
      action: req.action,
      from,
      to: t.to,
      rev: next.rev,
      at: now,
      actorId: p.userId,
      actorName: p.displayName,
      role: p.role,
      reason,
      sha256,
    };
    const receipt: Receipt | undefined = sha256
      ? { submissionId, status: t.to, rev: next.rev, at: now, sha256, actor: p.displayName }
      : undefined;
    const response: TransitionResponse = { record: toState(next), event, ...(receipt ? { receipt } : {}) };
    await insertEvent(tx, submissionId, event, {
      ...(frozen ? { doc: frozen } : {}),
      ...(req.requestId ? { requestId: req.requestId, response } : {}),
    });
    return response;
  });
}
