import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { useEditor } from './editor-store.ts';
import { historyOf, type AuditRecord } from '../../../shared/db/index.ts';

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'string' ? v.replace(/<[^>]+>/g, '').slice(0, 80) : String(v);
}

/** The change history of one field, from the audit log (who, when, before → after). */
export function FieldHistoryButton({ field, label }: { field: string; label: string }) {
  const { t, i18n } = useTranslation();
  const submissionId = useEditor((s) => s.submission?.id);
  const [rows, setRows] = useState<AuditRecord[] | null>(null);
  const toggle = async () => {
    if (rows) return setRows(null);
    if (!submissionId) return;
    setRows(await historyOf(db, 'value', submissionId, field));
  };
  return (
    <span className="history">
      <button
        type="button"
        className="icon-button"
        aria-expanded={!!rows}
        aria-label={t('editor:history.open', { label })}
        onClick={() => void toggle()}
      >
        {t('editor:history.button')}
      </button>
      {rows && (
        <div className="history-popover" role="dialog" aria-label={t('editor:history.title', { label })}>
          <strong>{t('editor:history.title', { label })}</strong>
          {rows.length === 0 ? (
            <p className="muted">{t('editor:history.empty')}</p>
          ) : (
            <table className="data-table compact">
              <thead>
                <tr>
                  <th scope="col">{t('editor:history.when')}</th>
                  <th scope="col">{t('editor:history.who')}</th>
                  <th scope="col">{t('editor:history.before')}</th>
                  <th scope="col">{t('editor:history.after')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{new Date(r.at).toLocaleString(i18n.language)}</td>
                    <td>{r.actor}</td>
                    <td>{show(r.before)}</td>
                    <td>{show(r.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" className="secondary" onClick={() => setRows(null)}>
            {t('action.close')}
          </button>
        </div>
      )}
    </span>
  );
}
