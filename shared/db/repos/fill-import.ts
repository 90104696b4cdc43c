/**
 * Applies an imported fill-in workbook: indicator values, notes and the year's targets in ONE
 * transaction, so a failure leaves the submission exactly as it was (all or nothing).
 */
import { markDirty } from '../../sync/outbox.ts';
import type { TianbaoDb } from '../database.ts';
import { guardedWrite, StorageError } from '../errors.ts';
import type { AuditRecord } from '../records.ts';
import type { Value } from '../../domain/expr/index.ts';
import { isEditable } from '../../domain/submission-status.ts';
import { msg } from '../../i18n/message.ts';
import { nowIso } from '../../util/ids.ts';

export interface FillImport {
  submissionId: string;
  /** Field code → value (indicator values and note fields). */
  values: Record<string, Value>;
  /** Indicator code → this year's target. */
  targets: Record<string, Value>;
}

export async function applyFillImport(db: TianbaoDb, input: FillImport, actor: string): Promise<void> {
  await guardedWrite(() =>
    db.transaction('rw', [db.submissions, db.projects, db.values, db.audit, db.outbox], async () => {
      const submission = await db.submissions.get(input.submissionId);
      if (!submission) throw new StorageError(msg('common:submission.missing'));
      if (!isEditable(submission.status)) throw new StorageError(msg('common:submission.locked'));
      const project = await db.projects.get(submission.projectId);
      if (!project) throw new StorageError(msg('common:submission.missing'));
      const at = nowIso();
      await markDirty(db, 'submission', submission.id);
      const audit: AuditRecord[] = [];
      for (const [code, value] of Object.entries(input.values)) {
        const before = await db.values.get([input.submissionId, code]);
        if (before && before.value === value && before.raw === undefined) continue;
        await db.values.put({
          submissionId: input.submissionId,
          code,
          value,
          updatedAt: at,
          updatedBy: actor,
        });
        audit.push({
          at,
          actor,
          entity: 'value',
          entityId: input.submissionId,
          field: code,
          before: before?.value ?? null,
          after: value,
        });
      }
      const year = String(submission.year);
      const yearTargets = { ...project.targets[year] };
      let targetsChanged = false;
      for (const [code, value] of Object.entries(input.targets)) {
        const before = yearTargets[code] ?? null;
        if (before === value) continue;
        yearTargets[code] = value;
        targetsChanged = true;
        audit.push({
          at,
          actor,
          entity: 'project',
          entityId: project.id,
          field: `target:${year}:${code}`,
          before,
          after: value,
        });
      }
      await db.projects.put({
        ...project,
        targets: { ...project.targets, [year]: yearTargets },
        updatedAt: at,
      });
      // Targets live on the project: it syncs too, or the platform never sees the imported targets.
      if (targetsChanged) await markDirty(db, 'project', project.id);
      if (audit.length) await db.audit.bulkAdd(audit);
    }),
  );
}
