/** 导出汇总表: every submission of the year in this store, one sheet per task, as Excel. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { getHost } from '../host/index.ts';
import { useUi } from '../store/ui.ts';
import { loadReportSources } from '../../../shared/db/index.ts';
import type { Template } from '../../../shared/domain/template.ts';
import { runReport } from './report-client.ts';
import { failureMessage, FILE_TYPES } from './report-files.ts';

export function SummaryExportButton({ template, year }: { template: Template; year: number }) {
  const { t } = useTranslation('document');
  const notify = useUi((s) => s.notify);
  const [fraction, setFraction] = useState<number | null>(null);

  const exportSummary = async () => {
    setFraction(0);
    try {
      const sources = await loadReportSources(db, { templateId: template.id, year });
      if (sources.length === 0) {
        notify('error', { key: 'document:ui.nothingToSummarise', params: { year } });
        return;
      }
      const bytes = await runReport(
        { type: 'summary', sources, template, year, generatedAt: new Date().toISOString() },
        setFraction,
      );
      const type = FILE_TYPES.xlsx;
      const saved = await getHost().saveFile({
        suggestedName: t('ui.summaryFileName', { year, ext: type.ext }),
        mimeType: type.mime,
        data: bytes as Uint8Array<ArrayBuffer>,
        filters: [{ name: type.filterName, extensions: [type.ext] }],
      });
      if (saved.saved) notify('success', { key: 'document:ui.saved', params: { file: saved.path ?? '' } });
    } catch (error) {
      notify('error', failureMessage(error));
    } finally {
      setFraction(null);
    }
  };

  return (
    <span className="report-actions">
      <button
        type="button"
        className="secondary"
        disabled={fraction !== null}
        onClick={() => void exportSummary()}
      >
        {t('ui.exportSummary', { year })}
      </button>
      {fraction !== null && (
        <span className="muted" role="status">
          <progress value={fraction} max={1} aria-label={t('ui.making.xlsx')} /> {t('ui.making.xlsx')}{' '}
          {Math.round(fraction * 100)}%
        </span>
      )}
    </span>
  );
}
