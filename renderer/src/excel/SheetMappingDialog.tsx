import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportDiffTable } from './ImportDiffTable.tsx';
import { useDialog as useDialogProps } from '../components/useDialog.ts';
import { useEditor } from '../submission/editor-store.ts';
import { useUi } from '../store/ui.ts';
import { useFormatMessage } from '../useMessage.ts';
import { getMeta, setMeta } from '../../../shared/db/repos/meta.ts';
import { msg } from '../../../shared/i18n/message.ts';
import { backedUpForImport } from '../backup/before-import.ts';
import { columnLetter, errorLocation } from '../../../shared/excel/errors.ts';
import { changesToImport, diffFill, fillDataOf, type FillChange } from '../../../shared/excel/fill-diff.ts';
import {
  COLUMN_ROLES,
  HEADER_SCAN_ROWS,
  applyMapping,
  detectHeader,
  firstDataRow,
  fromSavedMapping,
  headerCandidates,
  headerColumns,
  mappingKey,
  mappingSignature,
  suggestMapping,
  toSavedMapping,
  type ColumnRole,
  type HeaderChoice,
  type SavedMapping,
  type SheetGrid,
  type SheetMapping,
} from '../../../shared/excel/sheet-mapping.ts';
import './mapping.css';

const PREVIEW_ROWS = 50;
const SINGLE_ROLES: ReadonlySet<ColumnRole> = new Set(COLUMN_ROLES.filter((r) => r !== 'ignore'));

function rowSummary(grid: SheetGrid, n: number): string {
  const cells = grid.rows[n - 1]?.cells ?? [];
  const text = [...new Set(cells.filter((c) => c !== ''))].join(' | ');
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

interface Props {
  sheets: SheetGrid[];
  onClose(): void;
}

/** Sheet → header row → a role per column → preview → per-cell diff → apply (one undo step). */
export function SheetMappingDialog({ sheets, onClose }: Props) {
  const { t } = useTranslation();
  const format = useFormatMessage();
  const notify = useUi((s) => s.notify);
  const template = useEditor((s) => s.template);
  const task = useEditor((s) => s.task);
  const submission = useEditor((s) => s.submission);
  const db = useEditor((s) => s.db);
  const applyImport = useEditor((s) => s.applyImport);
  const [sheetIndex, setSheetIndex] = useState(0);
  const [mapping, setMapping] = useState<SheetMapping | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [diff, setDiff] = useState<{ changes: FillChange[]; unchanged: number } | null>(null);
  const dialog = useDialogProps(onClose);
  const grid = sheets[sheetIndex] ?? sheets[0]!;
  const year = submission?.year;
  const taskCode = task?.code;

  // A new sheet: suggest from its headers, then prefer a mapping saved for the same headers.
  useEffect(() => {
    if (!template || !taskCode) return;
    let cancelled = false;
    setMapping(suggestMapping(grid, detectHeader(grid), { year, template, taskCode }));
    setSavedAt(null);
    setDiff(null);
    void (async () => {
      if (!db) return;
      for (const choice of headerCandidates(grid)) {
        const signature = mappingSignature(headerColumns(grid, choice));
        if (signature === '') continue;
        const saved = await getMeta<SavedMapping>(db, mappingKey(signature)).catch(() => undefined);
        const restored = saved && fromSavedMapping(grid, choice, saved);
        if (cancelled) return;
        if (restored && saved) {
          setMapping(restored);
          setSavedAt(saved.savedAt);
          return;
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [grid, db, template, taskCode, year]);

  const result = useMemo(() => {
    if (!mapping || !template || !taskCode) return null;
    const roles = Object.values(mapping.roles);
    if (!roles.includes('indicator-name') && !roles.includes('indicator-code')) return null;
    return applyMapping(grid, mapping, template, taskCode);
  }, [grid, mapping, template, taskCode]);

  if (!template || !task || !mapping) return null;
  const columns = headerColumns(grid, mapping);
  const roles = Object.values(mapping.roles);
  const hasIndicator = roles.includes('indicator-name') || roles.includes('indicator-code');
  const hasValue = roles.includes('actual') || roles.includes('target') || roles.includes('note');
  const problemRows = result?.preview.filter((p) => p.problems.length > 0).length ?? 0;

  const chooseHeader = (choice: HeaderChoice) => {
    setMapping(suggestMapping(grid, choice, { year, template, taskCode: task.code }));
    setSavedAt(null);
  };

  const setRole = (col: number, role: ColumnRole) => {
    const next: Record<number, ColumnRole> = { ...mapping.roles };
    // One column per role: the previous holder of the role gives it up.
    if (SINGLE_ROLES.has(role))
      for (const [c, r] of Object.entries(next)) if (r === role) next[Number(c)] = 'ignore';
    next[col] = role;
    setMapping({ ...mapping, roles: next });
  };

  const review = () => {
    if (!result) return;
    const s = useEditor.getState();
    const d = diffFill(fillDataOf(s.values, s.targets), result.incoming, template, task.code);
    setDiff({ changes: d.changes, unchanged: d.unchanged });
  };

  const apply = async (changes: FillChange[]) => {
    const { values, targets } = changesToImport(changes);
    // The whole store is backed up first; without that backup nothing is imported.
    if (!(await backedUpForImport(db, msg('backup:source.sheet', { file: grid.name })))) return;
    if (!(await applyImport(values, targets))) return;
    notify('success', { key: 'mapping:applied', params: { count: changes.length } });
    if (db) {
      const saved = toSavedMapping(grid, mapping, new Date().toISOString().slice(0, 10));
      await setMeta(db, mappingKey(saved.signature), saved).catch((error: unknown) =>
        notify('error', {
          key: 'mapping:saveFailed',
          params: { detail: error instanceof Error ? error.message : String(error) },
        }),
      );
    }
    onClose();
  };

  const sample = (col: number) =>
    grid.rows.find((r) => r.row >= firstDataRow(mapping) && !r.hidden && (r.cells[col - 1] ?? '') !== '')
      ?.cells[col - 1] ?? '';
  const headerRows = Array.from(
    { length: Math.min(HEADER_SCAN_ROWS, grid.rows.length) },
    (_, i) => i + 1,
  ).filter((n) => rowSummary(grid, n) !== '');

  return (
    <div
      className="import-dialog mapping-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="mapping-title"
      {...dialog}
    >
      <h3 id="mapping-title">{diff ? t('mapping:diffTitle') : t('mapping:title')}</h3>
      {!diff && (
        <>
          <p className="muted">{t('mapping:intro')}</p>
          <div className="mapping-controls">
            {sheets.length > 1 && (
              <label>
                {t('mapping:sheet')}
                <select value={sheetIndex} onChange={(e) => setSheetIndex(Number(e.target.value))}>
                  {sheets.map((s, i) => (
                    <option key={s.name} value={i}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              {t('mapping:headerRow')}
              <select
                value={mapping.headerRow}
                onChange={(e) =>
                  chooseHeader({ headerRow: Number(e.target.value), headerRows: mapping.headerRows })
                }
              >
                {headerRows.map((n) => (
                  <option key={n} value={n}>
                    {t('mapping:headerRowOption', { row: n, text: rowSummary(grid, n) })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input
                type="checkbox"
                checked={mapping.headerRows === 2}
                onChange={(e) =>
                  chooseHeader({ headerRow: mapping.headerRow, headerRows: e.target.checked ? 2 : 1 })
                }
              />
              {t('mapping:twoRows')}
            </label>
          </div>
          {savedAt && (
            <p className="mapping-saved" role="note">
              {t('mapping:savedUsed', { date: savedAt })}
            </p>
          )}
          <table className="data-table compact" aria-label={t('mapping:columns')}>
            <thead>
              <tr>
                <th scope="col">{t('mapping:col.letter')}</th>
                <th scope="col">{t('mapping:col.header')}</th>
                <th scope="col">{t('mapping:col.role')}</th>
                <th scope="col">{t('mapping:col.sample')}</th>
              </tr>
            </thead>
            <tbody>
              {columns.map((c) => (
                <tr key={c.col}>
                  <td className="mono">{columnLetter(c.col)}</td>
                  <th scope="row">{c.name}</th>
                  <td>
                    <select
                      aria-label={c.name}
                      value={mapping.roles[c.col] ?? 'ignore'}
                      onChange={(e) => setRole(c.col, e.target.value as ColumnRole)}
                    >
                      {COLUMN_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`mapping:role.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="muted">{sample(c.col)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!hasIndicator && (
            <p className="field-error" role="alert">
              {t('mapping:needIndicator')}
            </p>
          )}
          {hasIndicator && !hasValue && (
            <p className="field-error" role="alert">
              {t('mapping:needValue')}
            </p>
          )}
          {result && hasValue && (
            <>
              <h4>{t('mapping:preview', { count: PREVIEW_ROWS })}</h4>
              <p>
                {t('mapping:previewSummary', {
                  total: result.preview.length,
                  matched: result.matched,
                  problems: problemRows,
                })}
                {result.hiddenRows > 0 && ` ${t('mapping:hiddenRows', { count: result.hiddenRows })}`}
              </p>
              <div className="import-diff-wrap">
                <table
                  className="data-table compact mapping-preview"
                  aria-label={t('mapping:preview', { count: PREVIEW_ROWS })}
                >
                  <thead>
                    <tr>
                      <th scope="col">{t('mapping:pv.row')}</th>
                      <th scope="col">{t('mapping:pv.source')}</th>
                      <th scope="col">{t('mapping:pv.indicator')}</th>
                      <th scope="col">{t('mapping:pv.actual')}</th>
                      <th scope="col">{t('mapping:pv.target')}</th>
                      <th scope="col">{t('mapping:pv.note')}</th>
                      <th scope="col">{t('mapping:pv.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.preview.slice(0, PREVIEW_ROWS).map((p) => (
                      <tr key={p.row} className={p.problems.length > 0 ? 'mapping-problem' : undefined}>
                        <td className="mono">{p.row}</td>
                        <td>{p.source}</td>
                        <td>{p.indicator?.label ?? ''}</td>
                        <td className="col-num">{p.actualText}</td>
                        <td className="col-num">{p.targetText}</td>
                        <td>{p.noteText}</td>
                        <td>
                          {p.problems.length === 0
                            ? t('mapping:ok')
                            : p.problems.map((e, i) => (
                                <div key={i}>
                                  <span className="mono">{errorLocation(e)}</span> {format(e.message)}
                                </div>
                              ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {result.preview.length > PREVIEW_ROWS && (
                <p className="muted">{t('mapping:more', { count: result.preview.length - PREVIEW_ROWS })}</p>
              )}
            </>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              disabled={!result || !hasValue || result.matched === 0}
              onClick={review}
            >
              {t('mapping:next')}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t('mapping:cancel')}
            </button>
          </div>
        </>
      )}
      {diff && (
        <>
          <p>{t('mapping:diffSummary', { changed: diff.changes.length, unchanged: diff.unchanged })}</p>
          {problemRows > 0 && (
            <p className="field-error" role="alert">
              {t('mapping:skipped', { count: problemRows })}
            </p>
          )}
          {diff.changes.length === 0 ? (
            <p className="muted">{t('mapping:noChanges')}</p>
          ) : (
            <ImportDiffTable
              changes={diff.changes}
              template={template}
              task={task}
              label={t('mapping:diffTitle')}
            />
          )}
          <div className="form-actions">
            {diff.changes.length > 0 && (
              <button type="button" className="primary" onClick={() => void apply(diff.changes)}>
                {t('mapping:apply', { count: diff.changes.length })}
              </button>
            )}
            <button type="button" className="secondary" onClick={() => setDiff(null)}>
              {t('mapping:back')}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t('mapping:cancel')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
