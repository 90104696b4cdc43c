/**
 * Builds a submission package from the local store. Everything is read in one read transaction,
 * so the package is one consistent moment of the submission even while the user keeps typing.
 */
import type { TianbaoDb } from '../db/database.ts';
import { StorageError, toStorageError } from '../db/errors.ts';
import type {
  CommentRecord,
  EvidenceRecord,
  ProjectRecord,
  SubmissionRecord,
  UnitRecord,
  ValueRecord,
} from '../db/records.ts';
import type { Value } from '../domain/expr/index.ts';
import { msg } from '../i18n/message.ts';
import type { PackageBody, PackageContent } from './format.ts';
import { writePackage, type WriteOptions } from './write.ts';

type Entity<K extends keyof PackageBody> = PackageBody[K];

export function unitEntity(u: UnitRecord): Entity<'unit'> {
  return { id: u.id, doc: u };
}

export function projectEntity(p: ProjectRecord): Entity<'project'> {
  const { id, ...doc } = p;
  return { id, doc };
}

/**
 * The submission document from its record and value rows: accepted values (nulls are "not
 * filled" and left out, as submissionDocument does) and refused input kept beside them.
 */
export function submissionEntity(s: SubmissionRecord, rows: ValueRecord[]): Entity<'submission'> {
  const values: Record<string, Value> = {};
  const raw: Record<string, string> = {};
  for (const r of [...rows].sort((a, b) => a.code.localeCompare(b.code))) {
    if (r.value !== null) values[r.code] = r.value;
    if (r.raw !== undefined) raw[r.code] = r.raw;
  }
  return {
    id: s.id,
    doc: {
      projectId: s.projectId,
      year: s.year,
      values,
      ...(Object.keys(raw).length > 0 ? { raw } : {}),
      status: s.status,
      ...(s.snapshotSha256 ? { snapshotSha256: s.snapshotSha256 } : {}),
      ...(s.submittedAt ? { submittedAt: s.submittedAt } : {}),
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    },
  };
}

export function evidenceEntity(e: EvidenceRecord): Entity<'evidence'>[number] {
  const { id, ...doc } = e;
  return { id, doc };
}

export function commentEntity(c: CommentRecord): Entity<'comments'>[number] {
  const { id, ...doc } = c;
  return { id, doc };
}

const byTimeThenId =
  <T extends { id: string }>(time: (x: T) => string) =>
  (a: T, b: T) =>
    time(a).localeCompare(time(b)) || a.id.localeCompare(b.id);

/** The package content of one submission, with the bytes of every evidence file it cites. */
export async function packageContentFromStore(db: TianbaoDb, submissionId: string): Promise<PackageContent> {
  try {
    return await db.transaction(
      'r',
      [
        db.submissions,
        db.projects,
        db.units,
        db.values,
        db.evidence,
        db.comments,
        db.snapshots,
        db.attachments,
      ],
      async () => {
        const s = await db.submissions.get(submissionId);
        if (!s) throw new StorageError(msg('common:submission.missing'));
        const project = await db.projects.get(s.projectId);
        if (!project) throw new StorageError(msg('sync:package.store.projectMissing', { id: s.projectId }));
        const unit = await db.units.get(project.unitId);
        if (!unit) throw new StorageError(msg('sync:package.store.unitMissing', { id: project.unitId }));
        const rows = await db.values.where('submissionId').equals(submissionId).toArray();
        const evidence = await db.evidence.where('submissionId').equals(submissionId).toArray();
        const comments = await db.comments.where('submissionId').equals(submissionId).toArray();
        const snapshots = await db.snapshots.where('submissionId').equals(submissionId).toArray();

        const blobs: Record<string, Uint8Array> = {};
        for (const e of evidence) {
          if (blobs[e.sha256]) continue;
          const attachment = await db.attachments.get(e.sha256);
          if (!attachment) {
            throw new StorageError(
              msg('sync:package.store.attachmentMissing', { name: e.name, sha256: e.sha256 }),
            );
          }
          blobs[e.sha256] = attachment.data;
        }
        return {
          unit: unitEntity(unit),
          project: projectEntity(project),
          submission: submissionEntity(s, rows),
          evidence: evidence.sort(byTimeThenId((e) => e.addedAt)).map(evidenceEntity),
          comments: comments.sort(byTimeThenId((c) => c.at)).map(commentEntity),
          snapshots: snapshots.sort(byTimeThenId((x) => x.at)),
          blobs,
        };
      },
    );
  } catch (err) {
    throw toStorageError(err);
  }
}

/** The package file of one submission (see writePackage for what is checked on the way). */
export async function exportPackage(
  db: TianbaoDb,
  submissionId: string,
  options: WriteOptions = {},
): Promise<Uint8Array> {
  return writePackage(await packageContentFromStore(db, submissionId), options);
}
