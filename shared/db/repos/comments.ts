/** Reviewers' comments pinned to a field or report section; each is synced as its own record. */
import type { TianbaoDb } from '../database.ts';
import { guardedWrite, StorageError } from '../errors.ts';
import type { CommentRecord } from '../records.ts';
import { msg } from '../../i18n/message.ts';
import { markDirty } from '../../sync/outbox.ts';
import { newId, nowIso } from '../../util/ids.ts';

export const COMMENT_MAX = 5000;

export async function addComment(
  db: TianbaoDb,
  input: { submissionId: string; field: string; text: string },
  author: string,
): Promise<CommentRecord> {
  const text = input.text.trim();
  if (!text) throw new StorageError(msg('common:comment.empty'));
  if (text.length > COMMENT_MAX) throw new StorageError(msg('common:comment.tooLong', { max: COMMENT_MAX }));
  return guardedWrite(() =>
    db.transaction('rw', [db.submissions, db.comments, db.audit, db.outbox], async () => {
      if (!(await db.submissions.get(input.submissionId)))
        throw new StorageError(msg('common:submission.missing'));
      const record: CommentRecord = {
        id: newId(),
        submissionId: input.submissionId,
        field: input.field,
        text,
        author,
        at: nowIso(),
        resolved: false,
      };
      await db.comments.add(record);
      await markDirty(db, 'comment', record.id);
      await db.audit.add({
        at: record.at,
        actor: author,
        entity: 'submission',
        entityId: input.submissionId,
        field: `comment:${input.field}`,
        before: null,
        after: text,
      });
      return record;
    }),
  );
}

export async function commentsOf(db: TianbaoDb, submissionId: string): Promise<CommentRecord[]> {
  return (await db.comments.where('submissionId').equals(submissionId).toArray()).sort((a, b) =>
    a.at.localeCompare(b.at),
  );
}
