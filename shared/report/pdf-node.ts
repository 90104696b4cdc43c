/**
 * Renders a pdfmake document in Node (CLI, tests, benchmarks, platform). Fonts are read from the
 * installed npm package; pdfmake may touch no other file and no URL, so a report built from a
 * hostile workbook cannot make it read the disk or the network.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { msg } from '../i18n/message.ts';
import { PDF_FONT_FILES, pdfFontDictionary } from './pdf-fonts.ts';
import { ReportInputError } from './annual-report.ts';

const require = createRequire(import.meta.url);

function fontPath(spec: string): string {
  let path: string;
  try {
    path = require.resolve(spec);
  } catch {
    throw new ReportInputError(msg('document:error.fontMissing', { path: spec }));
  }
  if (!existsSync(path)) throw new ReportInputError(msg('document:error.fontMissing', { path }));
  return path;
}

export async function renderPdfNode(
  doc: TDocumentDefinitions,
  onProgress?: (fraction: number) => void,
): Promise<Uint8Array> {
  const normal = fontPath(PDF_FONT_FILES.normal);
  const bold = fontPath(PDF_FONT_FILES.bold);
  pdfmake.setFonts(pdfFontDictionary(normal, bold));
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p: string) => p === normal || p === bold);
  pdfmake.setProgressCallback(onProgress ?? (() => {}));
  const buffer = await pdfmake.createPdf(doc).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
