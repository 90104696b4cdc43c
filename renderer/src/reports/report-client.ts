/** Promise API over the report worker; one worker, started on first use and kept for its fonts. */
import type { ReportRequest, ReportResponse } from './report-protocol.ts';

type Failure = Extract<ReportResponse, { type: 'failed' }>;

/** A failed report: the translatable reason when the input is at fault, else the raw detail. */
export class ReportFailure extends Error {
  constructor(readonly failure: Pick<Failure, 'message' | 'detail'>) {
    super(failure.detail);
  }
}

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(e: Error): void;
  onProgress?(fraction: number): void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./report-worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<ReportResponse>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    if (e.data.type === 'progress') return p.onProgress?.(e.data.fraction);
    pending.delete(e.data.id);
    if (e.data.type === 'done') p.resolve(e.data.bytes);
    else p.reject(new ReportFailure(e.data));
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new ReportFailure({ detail: e.message }));
    pending.clear();
    worker = null;
  };
  return worker;
}

type Body = ReportRequest extends infer R ? (R extends ReportRequest ? Omit<R, 'id'> : never) : never;

export function runReport(body: Body, onProgress?: (fraction: number) => void): Promise<Uint8Array> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    getWorker().postMessage({ ...body, id });
  });
}
