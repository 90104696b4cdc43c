import { useState, type ReactNode } from 'react';
import { useDialog } from '../components/useDialog.ts';
import { useTranslation } from 'react-i18next';
import { ImportDiffTable } from './ImportDiffTable.tsx';
import { useEditor } from '../submission/editor-store.ts';
import { getHost } from '../host/index.ts';
import { useUi } from '../store/ui.ts';
import { useFormatMessage } from '../useMessage.ts';
import { readFillInWorker, writeFillInWorker } from './excel-client.ts';
import { changesToImport, fillDataOf } from '../../../shared/excel/fill-diff.ts';
import { ImportSheetButton } from './ImportSheetButton.tsx';
import type { FillChange, ReadFillOutcome } from './excel-protocol.ts';
import { isEditable } from '../../../shared/domain/submission-status.ts';
import { msg } from '../../../shared/i18n/message.ts';
import { backedUpForImport } from '../backup/before-import.ts';

const XLSX_FILTER = [{ name: 'Excel', extensions: ['xlsx'] }];

function ImportDialogFrame({ onClose, children }: { onClose(): void; children: ReactNode }) {
  const dialog = useDialog(onClose);
  return (
    <div className="import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" {...dialog}>
      {children}
    </div>
  );
}

type Stage = 'writing' | 'reading' | 'checking';

/** 导出 / 导入 Excel 填报表 for the open submission, with a per-cell diff before anything is applied. */
export function ExcelActions() {
  const { t } = useTranslation();
  const format = useFormatMessage();
  const notify = useUi((s) => s.notify);
  const template = useEditor((s) => s.template);
  const task = useEditor((s) => s.task);
  const project = useEditor((s) => s.project);
  const submission = useEditor((s) => s.submission);
  const applyImport = useEditor((s) => s.applyImport);
  const [stage, setStage] = useState<Stage | null>(null);
  const [outcome, setOutcome] = useState<ReadFillOutcome | null>(null);
  const [fileName, setFileName] = useState('');
  if (!template || !task || !project || !submission) return null;
  const editable = isEditable(submission.status);

  const exportWorkbook = async () => {
    const s = useEditor.getState();
    const fill = fillDataOf(s.values, s.targets);
    try {
      const bytes = await writeFillInWorker(
        {
          template,
          options: {
            taskCode: task.code,
            project: { id: project.id, name: project.name },
            year: submission.year,
            values: fill.values,
            targets: fill.targets,
            notes: fill.notes,
          },
        },
        setStage,
      );
      await getHost().saveFile({
        suggestedName: t('editor:excel.fileName', { project: project.name, year: submission.year }),
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        // Bytes from the worker are a plain ArrayBuffer (never shared memory).
        data: bytes as Uint8Array<ArrayBuffer>,
        filters: XLSX_FILTER,
      });
    } catch (error) {
      notify('error', {
        key: 'editor:excel.failed',
        params: { detail: error instanceof Error ? error.message : String(error) },
      });
    } finally {
      setStage(null);
    }
  };

  const importWorkbook = async () => {
    const [file] = await getHost().openFile({ filters: XLSX_FILTER });
    if (!file) return;
    setFileName(file.name);
    const s = useEditor.getState();
    try {
      const result = await readFillInWorker(
        { bytes: file.data, template, taskCode: task.code, current: fillDataOf(s.values, s.targets) },
        setStage,
      );
      setOutcome(result);
    } catch (error) {
      notify('error', {
        key: 'editor:excel.failed',
        params: { detail: error instanceof Error ? error.message : String(error) },
      });
    } finally {
      setStage(null);
    }
  };

  const apply = async (changes: FillChange[]) => {
    const { values, targets } = changesToImport(changes);
    // The whole store is backed up first; without that backup nothing is imported.
    const source = msg('backup:source.workbook', { file: fileName });
    if (!(await backedUpForImport(useEditor.getState().db, source))) return;
    if (await applyImport(values, targets)) {
      setOutcome(null);
      notify('success', { key: 'editor:excel.applied', params: { count: changes.length } });
    }
  };

  return (
    <div className="excel-actions">
      <button type="button" className="secondary" disabled={!!stage} onClick={() => void exportWorkbook()}>
        {t('editor:excel.export')}
      </button>
      {editable && (
        <button type="button" className="secondary" disabled={!!stage} onClick={() => void importWorkbook()}>
          {t('editor:excel.import')}
        </button>
      )}
      {editable && <ImportSheetButton />}
      {stage && (
        <span className="muted" role="status">
          <progress /> {t(`editor:excel.stage.${stage}`)}
        </span>
      )}
      {outcome && (
        <ImportDialogFrame onClose={() => setOutcome(null)}>
          <h3 id="import-title">{t('editor:excel.diffTitle')}</h3>
          {outcome.errors.length > 0 && (
            <div className="field-error" role="alert">
              <p>{t('editor:excel.errors', { count: outcome.errors.length })}</p>
              <ul className="import-errors">
                {outcome.errors.map((e, i) => (
                  <li key={i}>
                    <span className="mono">
                      {e.sheet}
                      {e.cell ? `!${e.cell}` : ''}
                    </span>{' '}
                    {format(e.message)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {outcome.ok && (
            <>
              <p>
                {t('editor:excel.summary', { changed: outcome.changes.length, unchanged: outcome.unchanged })}
              </p>
              {outcome.changes.length > 0 && (
                <ImportDiffTable
                  changes={outcome.changes}
                  template={template}
                  task={task}
                  label={t('editor:excel.diffTitle')}
                />
              )}
            </>
          )}
          <div className="form-actions">
            {outcome.ok && outcome.errors.length === 0 && outcome.changes.length > 0 && (
              <button type="button" className="primary" onClick={() => void apply(outcome.changes)}>
                {t('editor:excel.apply', { count: outcome.changes.length })}
              </button>
            )}
            <button type="button" className="secondary" onClick={() => setOutcome(null)}>
              {t('editor:excel.close')}
            </button>
          </div>
        </ImportDialogFrame>
      )}
    </div>
  );
}
