/** Evidence links: an attachment (by SHA-256) cited by an indicator or a report section. */
import { markDirty } from '../../sync/outbox.ts';
import type { TianbaoDb } from '../database.ts';
import { guardedWrite, StorageError } from '../errors.ts';
import type { EvidenceRecord } from '../records.ts';
import { isEditable } from '../../domain/submission-status.ts';
import { msg } from '../../i18n/message.ts';
import { sha256Hex } from '../../util/sha256.ts';
import { newId, nowIso } from '../../util/ids.ts';

/** 50 MiB per file: what the ministry platform accepts for one piece of evidence. */
export const MAX_EVIDENCE_BYTES = 50 * 1024 * 1024;

export async function attachEvidence(
  db: TianbaoDb,
  submissionId: string,
  target: string,
  file: { name: string; mimeType: string; data: Uint8Array },
  actor: string,
): Promise<EvidenceRecord> {
  if (file.data.byteLength > MAX_EVIDENCE_BYTES) {
    throw new StorageError(
      msg('common:evidence.tooLarge', {
        name: file.name,
        sizeMb: (file.data.byteLength / 2 ** 20).toFixed(1),
        maxMb: MAX_EVIDENCE_BYTES / 2 ** 20,
      }),
    );
  }
  const sha256 = await sha256Hex(file.data);
  return guardedWrite(() =>
    db.transaction('rw', [db.submissions, db.attachments, db.evidence, db.audit, db.outbox], async () => {
      const s = await db.submissions.get(submissionId);
      if (!s) throw new StorageError(msg('common:submission.missing'));
      if (!isEditable(s.status)) throw new StorageError(msg('common:submission.locked'));
      const at = nowIso();
      if (!(await db.attachments.get(sha256))) {
        await db.attachments.add({
          sha256,
          name: file.name,
          mimeType: file.mimeType,
          size: file.data.byteLength,
          data: file.data,
          storedAt: at,
        });
      }
      const record: EvidenceRecord = {
        id: newId(),
        submissionId,
        target,
        sha256,
        name: file.name,
        mimeType: file.mimeType,
        size: file.data.byteLength,
        addedAt: at,
      };
      await db.evidence.add(record);
      await markDirty(db, 'evidence', record.id);
      await db.audit.add({
        at,
        actor,
        entity: 'evidence',
        entityId: submissionId,
        field: target,
        before: null,
        after: `${file.name} (${sha256})`,
      });
      return record;
    }),
  );
}

export async function detachEvidence(db: TianbaoDb, evidenceId: string, actor: string): Promise<void> {
  await guardedWrite(() =>
    db.transaction('rw', [db.submissions, db.evidence, db.audit, db.outbox], async () => {
      const e = await db.evidence.get(evidenceId);
      if (!e) return;
      const s = await db.submissions.get(e.submissionId);
      if (s && !isEditable(s.status)) throw new StorageError(msg('common:submission.locked'));
      await db.evidence.delete(evidenceId);
      await markDirty(db, 'evidence', evidenceId);
      await db.audit.add({
        at: nowIso(),
        actor,
        entity: 'evidence',
        entityId: e.submissionId,
        field: e.target,
        before: `${e.name} (${e.sha256})`,
        after: null,
      });
    }),
  );
}

export async function evidenceOf(db: TianbaoDb, submissionId: string): Promise<EvidenceRecord[]> {
  return db.evidence.where('submissionId').equals(submissionId).toArray();
}
