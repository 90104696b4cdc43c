/**
 * Submission packages the OS asks the app to open: a double-clicked .tbpkg (file association),
 * a path on the command line, a second launch while the app runs, or macOS `open-file`. Paths wait
 * here until the renderer takes them; reading happens then, with the same size cap as the file
 * dialog, and only files with an associated extension are ever read.
 */
import path from 'node:path';
import {
  MAX_HOST_FILE_BYTES,
  OPENED_FILE_EXTENSIONS,
  type OpenedFile,
  type OpenedFilesBatch,
} from '../shared/host/api.ts';
import { formatBytes } from '../shared/host/ipc-result.ts';
import type { Translate } from './i18n.ts';
import { fsError, type HostFs } from './ipc.ts';

/** True for a path whose extension the installers associate with the app (case-insensitive). */
export function isOpenableFile(filePath: string): boolean {
  const ext = path.extname(filePath).slice(1).toLowerCase();
  return (OPENED_FILE_EXTENSIONS as readonly string[]).includes(ext);
}

/**
 * The package paths in a command line. argv[0] is the executable; switches (which Chromium may add
 * to a second instance's argv) and anything without an associated extension are ignored, relative
 * paths are resolved against the launching process's working directory, duplicates dropped.
 */
export function openablePathsFromArgv(
  argv: readonly string[],
  cwd: string,
  pathImpl: typeof path.posix = path,
): string[] {
  const out: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || !isOpenableFile(arg)) continue;
    const resolved = pathImpl.resolve(cwd, arg);
    if (!out.includes(resolved)) out.push(resolved);
  }
  return out;
}

export interface OpenedFilesQueue {
  /** Queues paths (non-package paths are ignored); calls onWaiting when something was added. */
  add(paths: readonly string[]): void;
  /** Reads and hands out waiting files, oldest first, up to the IPC size cap per batch. */
  take(): Promise<OpenedFilesBatch>;
  /** How many paths wait. */
  pending(): number;
}

export interface OpenedFilesOptions {
  fs: Pick<HostFs, 'stat' | 'readFile'>;
  t: () => Translate;
  onWaiting(): void;
  maxBytes?: number;
}

export function createOpenedFilesQueue(options: OpenedFilesOptions): OpenedFilesQueue {
  const { fs, onWaiting } = options;
  const maxBytes = options.maxBytes ?? MAX_HOST_FILE_BYTES;
  const waiting: string[] = [];

  return {
    add(paths) {
      let added = false;
      for (const p of paths) {
        if (!isOpenableFile(p) || waiting.includes(p)) continue;
        waiting.push(p);
        added = true;
      }
      if (added) onWaiting();
    },
    pending: () => waiting.length,
    async take() {
      const t = options.t();
      const limit = formatBytes(maxBytes);
      const batch: OpenedFilesBatch = { files: [], failed: [] };
      let total = 0;
      while (waiting.length > 0) {
        const filePath = waiting[0]!;
        const name = path.basename(filePath);
        try {
          const stat = await fs.stat(filePath);
          if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
          if (stat.size > maxBytes) {
            waiting.shift();
            batch.failed.push({ name, message: t('errors.tooLarge', { name, limit }) });
            continue;
          }
          // One IPC answer carries the whole batch: what does not fit waits for the next take.
          if (batch.files.length > 0 && total + stat.size > maxBytes) break;
          const data = await fs.readFile(filePath);
          waiting.shift();
          if (data.byteLength > maxBytes) {
            batch.failed.push({ name, message: t('errors.tooLarge', { name, limit }) });
            continue;
          }
          total += data.byteLength;
          const file: OpenedFile = { name, size: data.byteLength, data: exactBytes(data) };
          batch.files.push(file);
        } catch (error) {
          if (waiting[0] === filePath) waiting.shift();
          batch.failed.push({ name, message: fsError(t, error, name).message });
        }
      }
      if (waiting.length > 0) onWaiting();
      return batch;
    },
  };
}

/** A copy when needed, so IPC never clones a pooled ArrayBuffer bigger than the file. */
function exactBytes(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.buffer.byteLength === data.byteLength ? data : data.slice();
}
