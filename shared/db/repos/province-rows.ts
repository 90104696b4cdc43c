/**
 * The province workspace's rows: every project of a template in this store (synced from the
 * platform or imported from packages) with its submission of the year, if any. Read in one
 * transaction; about 3,000 rows load in a few indexed reads, not one read per row.
 */
import type { TianbaoDb } from '../database.ts';
import { toStorageError } from '../errors.ts';
import type { ProvinceRow } from '../../domain/province-stats.ts';
import type { Template } from '../../domain/template.ts';
import { reviewerGrades } from '../../domain/review.ts';

export interface ProvinceRowWithNames extends ProvinceRow {
  projectName: string;
  level: string;
  uscc?: string;
  /** Final score of the latest completed reviewer stage (省评/复核). */
  score?: number;
}

export async function loadProvinceRows(
  db: TianbaoDb,
  scope: { templateId: string; year: number; template?: Template },
): Promise<ProvinceRowWithNames[]> {
  try {
    return await db.transaction('r', [db.projects, db.submissions, db.units, db.reviews], async () => {
      // All four reads are issued at once: the browser serves them back to back in one transaction.
      const [allProjects, submissions, unitList, reviews] = await Promise.all([
        db.projects.toArray(),
        // One scan of the table is cheaper than an anyOf() over thousands of keys.
        db.submissions.toArray(),
        db.units.toArray(),
        scope.template ? db.reviews.toArray() : Promise.resolve([]),
      ]);
      const projects = allProjects.filter((p) => p.templateId === scope.templateId);
      const byProject = new Map(
        submissions.filter((s) => s.year === scope.year).map((s) => [s.projectId, s]),
      );
      const units = new Map(unitList.map((u) => [u.id, u]));
      const grades = scope.template ? reviewerGrades(scope.template, reviews) : new Map<string, never>();
      return projects.map((p) => {
        const s = byProject.get(p.id);
        const u = units.get(p.unitId);
        const final = s ? grades.get(s.id) : undefined;
        return {
          submissionId: s?.id,
          projectId: p.id,
          projectName: p.name,
          level: p.level,
          unitId: p.unitId,
          unitName: u?.name ?? p.unitId,
          uscc: u?.uscc,
          regionCode: u?.regionCode,
          taskCode: p.taskCode,
          year: scope.year,
          status: s?.status,
          submittedAt: s?.submittedAt,
          ...(final ? { grade: final.grade.name, score: final.score } : {}),
        };
      });
    });
  } catch (err) {
    throw toStorageError(err);
  }
}
