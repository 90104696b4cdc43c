/**
 * A reviewer's tools on a submitted year: comments pinned to a field or report section, 退回修改 with
 * a reason, 通过; and for a resubmission, what changed since the version that was returned. Every
 * change of status records who, when and why, and reaches the platform through the outbox.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db.ts';
import { useEditor } from '../submission/editor-store.ts';
import { useSync } from '../sync/sync-service.ts';
import { useUi } from '../store/ui.ts';
import { addComment, changeStatus, commentsOf, snapshotsOf, StorageError } from '../../../shared/db/index.ts';
import { diffValues } from '../../../shared/domain/submission-diff.ts';
import { taskIndicators } from '../../../shared/domain/template.ts';
import { formatValue } from '../../../shared/domain/value-input.ts';
import type { Value } from '../../../shared/domain/expr/index.ts';

export function ReviewPanel() {
  const { t } = useTranslation('province');
  const user = useSync((s) => s.status?.user);
  const submission = useEditor((s) => s.submission);
  const template = useEditor((s) => s.template);
  const task = useEditor((s) => s.task);
  const notify = useUi((s) => s.notify);
  const navigate = useUi((s) => s.navigate);
  const [field, setField] = useState('');
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const live = useLiveQuery(
    async () =>
      submission
        ? {
            status: (await db.submissions.get(submission.id))?.status,
            comments: await commentsOf(db, submission.id),
            snapshots: await snapshotsOf(db, submission.id),
            values: Object.fromEntries(
              (await db.values.where('submissionId').equals(submission.id).toArray()).map((r) => [
                r.code,
                r.value,
              ]),
            ) as Record<string, Value>,
          }
        : undefined,
    [submission?.id],
  );
  if (!user || user.role === 'unit' || !submission || !template || !task || !live) return null;
  const indicators = taskIndicators(task);
  const labelOf = (code: string) =>
    indicators.find((i) => i.code === code)?.label ??
    template.outline.find((o) => `report:${o.code}` === code)?.title ??
    code;
  const show = (code: string, v: Value) => {
    const ind = indicators.find((i) => i.code === code);
    return ind
      ? formatValue(ind, v, { yes: t('common:form.yes'), no: t('noValue') }) || '—'
      : v === null
        ? '—'
        : String(v);
  };
  const reviewable = live.status === 'submitted' || live.status === 'resubmitted';
  const returned = [...live.snapshots].reverse().find((s) => s.status === 'returned');
  const changes =
    live.status === 'resubmitted' && returned ? diffValues(returned.doc.values, live.values) : [];
  const actor = user.displayName;
  const role = user.role === 'ministry' ? 'ministry' : 'province';

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      notify('success', { key: done });
      return true;
    } catch (err) {
      notify(
        'error',
        err instanceof StorageError
          ? err.userMessage
          : { key: 'province:failed', params: { detail: String(err) } },
      );
      return false;
    }
  };

  const pin = async () => {
    if (!field) return;
    if (
      await run(
        () => addComment(db, { submissionId: submission.id, field, text }, actor),
        'province:commented',
      )
    ) {
      setText('');
      useEditor.setState({ comments: await commentsOf(db, submission.id) });
    }
  };

  return (
    <section className="review-panel" aria-label={t('panel')}>
      <h3>{t('panel')}</h3>
      {changes.length > 0 && (
        <table className="conflict-table" aria-label={t('diff.title')}>
          <caption>{t('diff.title', { count: changes.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('diff.field')}</th>
              <th scope="col">{t('diff.before')}</th>
              <th scope="col">{t('diff.after')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.code}>
                <th scope="row">{labelOf(c.code)}</th>
                <td>{show(c.code, c.before)}</td>
                <td>{show(c.code, c.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {live.comments.length > 0 && (
        <ul className="review-comments" aria-label={t('comments')}>
          {live.comments.map((c) => (
            <li key={c.id}>
              {t('commentLine', { field: labelOf(c.field), text: c.text, author: c.author })}
            </li>
          ))}
        </ul>
      )}
      {reviewable && (
        <>
          <div className="review-pin">
            <label>
              {t('pin.field')}{' '}
              <select value={field} onChange={(e) => setField(e.target.value)}>
                <option value="">{t('pin.choose')}</option>
                {indicators.map((i) => (
                  <option key={i.code} value={i.code}>
                    {i.code} {i.label}
                  </option>
                ))}
                {template.outline.map((o) => (
                  <option key={o.code} value={`report:${o.code}`}>
                    {t('pin.section', { title: o.title })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('pin.text')}{' '}
              <input value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} />
            </label>
            <button
              type="button"
              className="secondary"
              disabled={!field || !text.trim()}
              onClick={() => void pin()}
            >
              {t('pin.add')}
            </button>
          </div>
          <div className="review-decide">
            <label>
              {t('decide.reason')}{' '}
              <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
            </label>
            <button
              type="button"
              className="secondary"
              disabled={!reason.trim()}
              onClick={() =>
                void run(
                  () => changeStatus(db, submission.id, 'return', role, actor, reason.trim()),
                  'province:returned',
                ).then((ok) => ok && navigate({ name: 'province' }))
              }
            >
              {t('decide.return')}
            </button>
            <button
              type="button"
              className="primary"
              onClick={() =>
                void run(
                  () => changeStatus(db, submission.id, 'accept', role, actor, reason.trim() || undefined),
                  'province:accepted',
                ).then((ok) => ok && navigate({ name: 'province' }))
              }
            >
              {t('decide.accept')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
