/// <reference lib="webworker" />
/**
 * Reads any workbook into plain grids off the UI thread, so a large provincial sheet never
 * freezes the page; matching and previews then run on the grids in the page.
 */
import { readWorkbookGrids, type GridsResult } from '../../../shared/excel/sheet-mapping.ts';

export type MappingWorkerResponse =
  { type: 'done'; result: GridsResult } | { type: 'failed'; detail: string };

self.onmessage = async (event: MessageEvent<Uint8Array>) => {
  const post = (m: MappingWorkerResponse) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);
  try {
    post({ type: 'done', result: await readWorkbookGrids(event.data) });
  } catch (error) {
    post({ type: 'failed', detail: error instanceof Error ? error.message : String(error) });
  }
};
