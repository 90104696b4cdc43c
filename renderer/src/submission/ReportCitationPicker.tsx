import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from './editor-store.ts';
import { citationValue } from './ReportCitation.ts';

interface ReportCitationPickerProps {
  /** Section title, named in the dialog heading so the user knows where the figure goes. */
  sectionTitle: string;
  onPick: (code: string) => void;
  onClose: () => void;
}

/**
 * Lists the task's indicators with their current values; choosing one inserts a citation that
 * keeps showing the current value. A modal <dialog>: focus is held inside, Esc closes it.
 */
export function ReportCitationPicker({ sectionTitle, onPick, onClose }: ReportCitationPickerProps) {
  const { t, i18n } = useTranslation('report');
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [query, setQuery] = useState('');
  const task = useEditor((s) => s.task);
  const values = useEditor((s) => s.values);
  const check = useEditor((s) => s.check);

  // No close() on cleanup: unmounting removes the dialog from the top layer anyway, and a close
  // event queued by StrictMode's effect replay would shut the picker the moment it opened.
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const rows = useMemo(() => {
    if (!task) return [];
    const state = { ...useEditor.getState(), values, check };
    const q = query.trim().toLowerCase();
    return task.groups.flatMap((g) =>
      g.indicators
        .filter((ind) => !q || ind.label.toLowerCase().includes(q) || ind.code.toLowerCase().includes(q))
        .map((ind) => ({ group: g.name, ind, text: citationValue(state, ind.code, i18n).text })),
    );
  }, [task, values, check, query, i18n]);

  return (
    <dialog ref={dialog} className="report-picker" aria-labelledby={headingId} onClose={onClose}>
      <h3 id={headingId}>{t('picker.title', { title: sectionTitle })}</h3>
      <p className="muted">{t('picker.intro')}</p>
      <label className="report-picker-search">
        <span>{t('picker.search')}</span>
        <input type="search" value={query} autoFocus onChange={(e) => setQuery(e.target.value)} />
      </label>
      <div className="report-picker-list">
        {rows.length === 0 ? (
          <p className="muted">{t('picker.none')}</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('picker.indicator')}</th>
                <th scope="col">{t('picker.code')}</th>
                <th scope="col">{t('picker.value')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('picker.action')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ group, ind, text }) => (
                <tr key={ind.code}>
                  <td>
                    {ind.label}
                    <div className="muted report-picker-group">{group}</div>
                  </td>
                  <td className="mono">{ind.code}</td>
                  <td>{text || <span className="muted">{t('picker.notFilled')}</span>}</td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={t('picker.insertLabel', { label: ind.label })}
                      onClick={() => onPick(ind.code)}
                    >
                      {t('picker.insert')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="form-actions">
        <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
          {t('picker.cancel')}
        </button>
      </div>
    </dialog>
  );
}
