/**
 * The platform's data folder: PGlite files, blobs, the signing key. One process at a time: PGlite
 * has no lock of its own, and two processes writing one database folder would corrupt it. A lock
 * left by a killed process (its pid no longer runs) is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'platform.lock';

export interface DataDirLayout {
  root: string;
  pgdata: string;
  blobs: string;
}

export function layout(root: string): DataDirLayout {
  const abs = path.resolve(root);
  return { root: abs, pgdata: path.join(abs, 'pgdata'), blobs: path.join(abs, 'blobs') };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`data folder ${dir} is in use by process ${pid}; stop it first or set another DATA_DIR`);
    this.name = 'DataDirLockedError';
  }
}

/** Takes the folder's lock; returns the function that releases it. */
export function lockDataDir(root: string): () => void {
  mkdirSync(root, { recursive: true });
  const file = path.join(root, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file, { force: true });
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new DataDirLockedError(root, pid);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${root}`);
}
