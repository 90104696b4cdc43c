/**
 * Report sources from the local store: one submission with everything its report shows (unit,
 * project, targets of the year, last year's values, evidence), read in one transaction so the
 * report never mixes two moments of an edit.
 */
import type { TianbaoDb } from '../database.ts';
import { StorageError, toStorageError } from '../errors.ts';
import type { ProjectRecord, SubmissionRecord } from '../records.ts';
import type { Value } from '../../domain/expr/index.ts';
import { msg } from '../../i18n/message.ts';
import type { ReportSource } from '../../report/source.ts';
import { getTemplate } from './templates.ts';

function valuesOf(rows: { code: string; value: Value }[]): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const r of rows) if (r.value !== null) out[r.code] = r.value;
  return out;
}

async function sourceOf(
  db: TianbaoDb,
  submission: SubmissionRecord,
  project: ProjectRecord,
): Promise<ReportSource> {
  const template = await getTemplate(db, project.templateId, project.templateVersion);
  if (!template)
    throw new StorageError(
      msg('common:editor.templateMissing', { id: project.templateId, version: project.templateVersion }),
    );
  const unit = await db.units.get(project.unitId);
  const rows = await db.values.where('submissionId').equals(submission.id).toArray();
  const previous = await db.submissions
    .where('[projectId+year]')
    .equals([project.id, submission.year - 1])
    .first();
  const lastRows = previous ? await db.values.where('submissionId').equals(previous.id).toArray() : [];
  const evidence = await db.evidence.where('submissionId').equals(submission.id).toArray();
  const reviews = await db.reviews.where('submissionId').equals(submission.id).toArray();
  return {
    template,
    taskCode: project.taskCode,
    year: submission.year,
    unit: { name: unit?.name ?? '', uscc: unit?.uscc, regionCode: unit?.regionCode },
    project: { name: project.name, level: project.level, subType: project.subType },
    status: submission.status,
    submittedAt: submission.submittedAt,
    snapshotSha256: submission.snapshotSha256,
    values: valuesOf(rows),
    targets: project.targets[String(submission.year)] ?? {},
    lastYear: valuesOf(lastRows),
    evidence: evidence.map((e) => ({ target: e.target, name: e.name, sha256: e.sha256, size: e.size })),
    reviews: reviews.map((r) => ({
      stage: r.stage,
      combination: r.combination,
      scores: r.scores,
      gradedOn: r.gradedOn ?? null,
    })),
  };
}

export async function loadReportSource(db: TianbaoDb, submissionId: string): Promise<ReportSource> {
  try {
    return await db.transaction(
      'r',
      [db.submissions, db.projects, db.units, db.templates, db.values, db.evidence, db.reviews],
      async () => {
        const submission = await db.submissions.get(submissionId);
        const project = submission && (await db.projects.get(submission.projectId));
        if (!submission || !project) throw new StorageError(msg('common:submission.missing'));
        return sourceOf(db, submission, project);
      },
    );
  } catch (err) {
    throw toStorageError(err);
  }
}

/** Every submission of a template and year in the store, for a summary (汇总表). */
export async function loadReportSources(
  db: TianbaoDb,
  scope: { templateId: string; year: number; taskCode?: string },
): Promise<ReportSource[]> {
  try {
    return await db.transaction(
      'r',
      [db.submissions, db.projects, db.units, db.templates, db.values, db.evidence, db.reviews],
      async () => {
        const projects = (await db.projects.toArray()).filter(
          (p) => p.templateId === scope.templateId && (!scope.taskCode || p.taskCode === scope.taskCode),
        );
        const out: ReportSource[] = [];
        for (const project of projects) {
          const submission = await db.submissions
            .where('[projectId+year]')
            .equals([project.id, scope.year])
            .first();
          if (submission) out.push(await sourceOf(db, submission, project));
        }
        return out;
      },
    );
  } catch (err) {
    throw toStorageError(err);
  }
}
