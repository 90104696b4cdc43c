/** Reads a workbook into grids in a short-lived worker (one per file, ended when done). */
import type { GridsResult } from '../../../shared/excel/sheet-mapping.ts';
import type { MappingWorkerResponse } from './mapping-worker.ts';

export function readGridsInWorker(bytes: Uint8Array): Promise<GridsResult> {
  const worker = new Worker(new URL('./mapping-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<GridsResult>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<MappingWorkerResponse>) => {
      worker.terminate();
      if (e.data.type === 'done') resolve(e.data.result);
      else reject(new Error(e.data.detail));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage(bytes, [bytes.buffer]);
  });
}
