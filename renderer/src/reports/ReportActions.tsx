/** 导出年度工作报告 (PDF / Word) for the open submission, laid out in a worker with a progress bar. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { getHost } from '../host/index.ts';
import { useEditor } from '../submission/editor-store.ts';
import { useUi } from '../store/ui.ts';
import { loadReportSource } from '../../../shared/db/index.ts';
import { runReport } from './report-client.ts';
import { failureMessage, FILE_TYPES } from './report-files.ts';
import type { ReportFormat } from './report-protocol.ts';

export function ReportActions() {
  const { t } = useTranslation('document');
  const notify = useUi((s) => s.notify);
  const project = useEditor((s) => s.project);
  const submission = useEditor((s) => s.submission);
  const [busy, setBusy] = useState<{ format: ReportFormat; fraction: number } | null>(null);
  if (!project || !submission) return null;

  const exportReport = async (format: ReportFormat) => {
    setBusy({ format, fraction: 0 });
    try {
      const source = await loadReportSource(db, submission.id);
      const bytes = await runReport(
        { type: 'annual', format, source, generatedAt: new Date().toISOString() },
        (fraction) => setBusy({ format, fraction }),
      );
      const type = FILE_TYPES[format];
      const saved = await getHost().saveFile({
        suggestedName: t('ui.reportFileName', {
          project: project.name,
          year: submission.year,
          ext: type.ext,
        }),
        mimeType: type.mime,
        data: bytes as Uint8Array<ArrayBuffer>,
        filters: [{ name: type.filterName, extensions: [type.ext] }],
      });
      if (saved.saved) notify('success', { key: 'document:ui.saved', params: { file: saved.path ?? '' } });
    } catch (error) {
      notify('error', failureMessage(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="report-actions" role="group" aria-label={t('ui.group')}>
      <button type="button" className="secondary" disabled={!!busy} onClick={() => void exportReport('pdf')}>
        {t('ui.exportPdf')}
      </button>
      <button type="button" className="secondary" disabled={!!busy} onClick={() => void exportReport('docx')}>
        {t('ui.exportDocx')}
      </button>
      {busy && (
        <span className="muted" role="status">
          <progress value={busy.fraction} max={1} aria-label={t(`ui.making.${busy.format}`)} />{' '}
          {t(`ui.making.${busy.format}`)} {Math.round(busy.fraction * 100)}%
        </span>
      )}
    </div>
  );
}
