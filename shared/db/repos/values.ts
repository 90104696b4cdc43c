/**
 * Submission fields (indicator values, funding, report sections, self-scores): each edit is its
 * own transaction (value + audit), written as it happens, so a killed tab loses nothing that was
 * acknowledged. Writes are refused once the submission is locked.
 */
import { markDirty } from '../../sync/outbox.ts';
import type { TianbaoDb } from '../database.ts';
import { guardedWrite, StorageError } from '../errors.ts';
import type { AuditRecord, ValueRecord } from '../records.ts';
import type { Value } from '../../domain/expr/index.ts';
import { isEditable } from '../../domain/submission-status.ts';
import { msg } from '../../i18n/message.ts';
import { nowIso } from '../../util/ids.ts';

export interface ValueEdit {
  code: string;
  /** The accepted value (for refused input: the last good value, kept). */
  value: Value;
  /** Refused input to keep beside the value; absent for accepted input. */
  raw?: string;
}

async function assertEditable(db: TianbaoDb, submissionId: string): Promise<void> {
  const submission = await db.submissions.get(submissionId);
  if (!submission) throw new StorageError(msg('common:submission.missing'));
  if (!isEditable(submission.status)) throw new StorageError(msg('common:submission.locked'));
}

/** Applies edits in one transaction; returns the codes that actually changed. */
export async function setValues(
  db: TianbaoDb,
  submissionId: string,
  edits: ValueEdit[],
  actor: string,
): Promise<string[]> {
  return guardedWrite(() =>
    db.transaction('rw', [db.values, db.audit, db.submissions, db.outbox], async () => {
      await assertEditable(db, submissionId);
      const at = nowIso();
      const changed: string[] = [];
      const audit: AuditRecord[] = [];
      for (const { code, value, raw } of edits) {
        const before = await db.values.get([submissionId, code]);
        if (before && before.value === value && before.raw === raw) continue;
        const row: ValueRecord = {
          submissionId,
          code,
          value,
          updatedAt: at,
          updatedBy: actor,
          ...(raw === undefined ? {} : { raw }),
        };
        await db.values.put(row);
        if (!before || before.value !== value) {
          audit.push({
            at,
            actor,
            entity: 'value',
            entityId: submissionId,
            field: code,
            before: before?.value ?? null,
            after: value,
          });
        }
        changed.push(code);
      }
      if (audit.length) await db.audit.bulkAdd(audit);
      if (changed.length) await markDirty(db, 'submission', submissionId);
      return changed;
    }),
  );
}

export async function setValue(
  db: TianbaoDb,
  submissionId: string,
  code: string,
  value: Value,
  actor: string,
): Promise<boolean> {
  return (await setValues(db, submissionId, [{ code, value }], actor)).length > 0;
}

/**
 * Keeps input that could not be accepted (text in a number field …) next to the last accepted
 * value: the user sees what they typed after a restart, and the submission stays blocked.
 */
export async function setRawInput(
  db: TianbaoDb,
  submissionId: string,
  code: string,
  raw: string,
  actor: string,
): Promise<void> {
  const before = await db.values.get([submissionId, code]);
  await setValues(db, submissionId, [{ code, value: before?.value ?? null, raw }], actor);
}

export async function getValueRows(db: TianbaoDb, submissionId: string): Promise<ValueRecord[]> {
  return db.values.where('submissionId').equals(submissionId).toArray();
}

export async function getValues(db: TianbaoDb, submissionId: string): Promise<Record<string, Value>> {
  const rows = await getValueRows(db, submissionId);
  return Object.fromEntries(rows.map((r) => [r.code, r.value]));
}
