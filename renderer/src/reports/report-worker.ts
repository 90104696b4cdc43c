/// <reference lib="webworker" />
/**
 * Lays out and writes reports off the UI thread: a 100-page PDF or a 3,000-row summary never
 * freezes typing. Progress is posted as a fraction for the page's progress bar.
 */
import { buildAnnualReport, ReportInputError } from '../../../shared/report/annual-report.ts';
import { buildProvincialSummary } from '../../../shared/report/provincial-summary.ts';
import { annualReportDocDefinition } from '../../../shared/report/annual-report-pdf.ts';
import { writeAnnualReportDocx } from '../../../shared/report/annual-report-docx.ts';
import { writeSummaryWorkbook, SummaryInputError } from '../../../shared/excel/summary-workbook.ts';
import { renderPdfInBrowser } from './pdf-browser.ts';
import type { ReportRequest, ReportResponse } from './report-protocol.ts';

const post = (message: ReportResponse, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(message, transfer);

async function handle(req: ReportRequest): Promise<Uint8Array> {
  const progress = (fraction: number) => post({ id: req.id, type: 'progress', fraction });
  const generatedAt = new Date(req.generatedAt);
  if (req.type === 'summary') {
    return writeSummaryWorkbook(req.sources, {
      template: req.template,
      year: req.year,
      generatedAt,
      onMismatch: 'skip',
      onProgress: (done, total) => progress(done / total),
    });
  }
  const report =
    req.type === 'provincial'
      ? buildProvincialSummary({ ...req.input, generatedAt })
      : buildAnnualReport(req.source, { generatedAt });
  progress(0.05);
  if (req.format === 'docx') return writeAnnualReportDocx(report);
  return renderPdfInBrowser(annualReportDocDefinition(report), (f) => progress(0.05 + f * 0.95));
}

self.onmessage = async (event: MessageEvent<ReportRequest>) => {
  const req = event.data;
  try {
    const bytes = await handle(req);
    post({ id: req.id, type: 'done', bytes }, [bytes.buffer]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const message =
      error instanceof ReportInputError
        ? error.detail
        : error instanceof SummaryInputError
          ? { key: 'document:ui.summaryRefused', params: { detail } }
          : undefined;
    post({ id: req.id, type: 'failed', message, detail });
  }
};
