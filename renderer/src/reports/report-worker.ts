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
import { boldFontBytes, renderPdfInBrowser } from './pdf-browser.ts';
import { drawRoundSeal, sealFromScan, stampPdf, SealError } from '../../../shared/seal/index.ts';
import { verifyPdf } from '../../../shared/sign/index.ts';
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
  if (req.type === 'verify') {
    const result = await verifyPdf(req.pdf);
    return new TextEncoder().encode(JSON.stringify(result));
  }
  const report =
    req.type === 'provincial'
      ? buildProvincialSummary({ ...req.input, generatedAt })
      : buildAnnualReport(req.source, { generatedAt });
  progress(0.05);
  if (req.format === 'docx') return writeAnnualReportDocx(report);
  const pdf = await renderPdfInBrowser(annualReportDocDefinition(report), (f) => progress(0.05 + f * 0.9));
  if (req.type !== 'provincial' || !req.seals?.length) return pdf;
  // Seals go over the signature block of the last page, with a QR code of the document's hash.
  const font = await boldFontBytes();
  const seals = await Promise.all(
    req.seals.map(async (s) =>
      s.scan
        ? { png: await sealFromScan(s.scan) }
        : { drawing: drawRoundSeal({ name: s.draw ?? '', draft: true }, font) },
    ),
  );
  return (await stampPdf(pdf, seals, { qr: { label: req.qrLabel } })).pdf;
}

self.onmessage = async (event: MessageEvent<ReportRequest>) => {
  const req = event.data;
  try {
    const bytes = await handle(req);
    post({ id: req.id, type: 'done', bytes }, [bytes.buffer]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const message =
      error instanceof ReportInputError || error instanceof SealError
        ? error.detail
        : error instanceof SummaryInputError
          ? { key: 'document:ui.summaryRefused', params: { detail } }
          : undefined;
    post({ id: req.id, type: 'failed', message, detail });
  }
};
