/** Promise API over the Excel worker; one worker, started on first use. */
import type { ExcelRequest, ExcelResponse, ReadFillOutcome } from './excel-protocol.ts';

type Stage = Extract<ExcelResponse, { type: 'progress' }>['stage'];
type Pending = {
  resolve(r: Extract<ExcelResponse, { type: 'done' }>): void;
  reject(e: Error): void;
  onProgress?(s: Stage): void;
};

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./excel-worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<ExcelResponse>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    if (e.data.type === 'progress') return p.onProgress?.(e.data.stage);
    pending.delete(e.data.id);
    if (e.data.type === 'done') p.resolve(e.data);
    else p.reject(new Error(e.data.detail));
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new Error(e.message));
    pending.clear();
    worker = null;
  };
  return worker;
}

type RequestBody = ExcelRequest extends infer R ? (R extends ExcelRequest ? Omit<R, 'id'> : never) : never;

function call(body: RequestBody, onProgress?: (s: Stage) => void, transfer: Transferable[] = []) {
  const id = nextId++;
  return new Promise<Extract<ExcelResponse, { type: 'done' }>>((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    getWorker().postMessage({ ...body, id }, transfer);
  });
}

export async function writeFillInWorker(
  body: Omit<Extract<ExcelRequest, { type: 'write-fill' }>, 'id' | 'type'>,
  onProgress?: (s: Stage) => void,
): Promise<Uint8Array> {
  const r = await call({ type: 'write-fill', ...body }, onProgress);
  if (!r.bytes) throw new Error('no workbook');
  return r.bytes;
}

export async function readFillInWorker(
  body: Omit<Extract<ExcelRequest, { type: 'read-fill' }>, 'id' | 'type'>,
  onProgress?: (s: Stage) => void,
): Promise<ReadFillOutcome> {
  const r = await call({ type: 'read-fill', ...body }, onProgress, [body.bytes.buffer]);
  if (!r.read) throw new Error('no result');
  return r.read;
}
