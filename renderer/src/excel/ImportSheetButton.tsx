import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../submission/editor-store.ts';
import { getHost } from '../host/index.ts';
import { useUi } from '../store/ui.ts';
import { isEditable } from '../../../shared/domain/submission-status.ts';
import type { SheetGrid } from '../../../shared/excel/sheet-mapping.ts';
import { readGridsInWorker } from './mapping-client.ts';
import { SheetMappingDialog } from './SheetMappingDialog.tsx';

const XLSX_FILTER = [{ name: 'Excel', extensions: ['xlsx'] }];

/** 从其他表格导入: indicator data from any workbook, through the column mapping screen. */
export function ImportSheetButton() {
  const { t } = useTranslation();
  const notify = useUi((s) => s.notify);
  const submission = useEditor((s) => s.submission);
  const task = useEditor((s) => s.task);
  const [reading, setReading] = useState(false);
  const [sheets, setSheets] = useState<SheetGrid[] | null>(null);
  if (!submission || !task || !isEditable(submission.status)) return null;

  const pick = async () => {
    const [file] = await getHost().openFile({ filters: XLSX_FILTER });
    if (!file) return;
    setReading(true);
    try {
      const result = await readGridsInWorker(file.data);
      if (!result.ok) notify('error', result.error.message);
      else if (result.sheets.length === 0) notify('error', { key: 'mapping:noSheets' });
      else setSheets(result.sheets);
    } catch (error) {
      notify('error', {
        key: 'mapping:failed',
        params: { detail: error instanceof Error ? error.message : String(error) },
      });
    } finally {
      setReading(false);
    }
  };

  return (
    <>
      <button type="button" className="secondary" disabled={reading} onClick={() => void pick()}>
        {t('mapping:button')}
      </button>
      {reading && (
        <span className="muted" role="status">
          <progress /> {t('mapping:stage.reading')}
        </span>
      )}
      {sheets && <SheetMappingDialog sheets={sheets} onClose={() => setSheets(null)} />}
    </>
  );
}
