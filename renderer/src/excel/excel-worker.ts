/// <reference lib="webworker" />
/**
 * Parses and writes workbooks off the UI thread, so a large file never freezes typing; the page
 * shows the stages this worker reports.
 */
import { readFillWorkbook, writeFillWorkbook } from '../../../shared/excel/fill-workbook.ts';
import { diffFill } from '../../../shared/excel/fill-diff.ts';
import type { ExcelRequest, ExcelResponse } from './excel-protocol.ts';

const post = (message: ExcelResponse, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(message, transfer);

self.onmessage = async (event: MessageEvent<ExcelRequest>) => {
  const req = event.data;
  try {
    if (req.type === 'write-fill') {
      post({ id: req.id, type: 'progress', stage: 'writing' });
      const bytes = await writeFillWorkbook(req.template, req.options);
      post({ id: req.id, type: 'done', bytes }, [bytes.buffer]);
      return;
    }
    post({ id: req.id, type: 'progress', stage: 'reading' });
    const read = await readFillWorkbook(req.bytes, req.template);
    if (!read.ok) {
      post({ id: req.id, type: 'done', read: { ok: false, errors: read.errors } });
      return;
    }
    post({ id: req.id, type: 'progress', stage: 'checking' });
    const incoming = { values: read.values, targets: read.targets, notes: read.notes };
    const diff = diffFill(req.current, incoming, req.template, req.taskCode);
    post({
      id: req.id,
      type: 'done',
      read: { ok: true, changes: diff.changes, unchanged: diff.unchanged, errors: read.errors, incoming },
    });
  } catch (error) {
    post({ id: req.id, type: 'failed', detail: error instanceof Error ? error.message : String(error) });
  }
};
