/**
 * What the shell remembers about signing: only the folder the last certificate (.p12/.pfx) was
 * chosen from, so the next open dialog starts there. Never the certificate's path or bytes, never
 * the password.
 */
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic, type WindowStateFs } from './window-state.ts';

export const SIGNING_PREFS_FILE = 'signing.json';

const prefsSchema = z.strictObject({
  lastCertificateDir: z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => path.isAbsolute(p), 'not an absolute path'),
});

export interface CertificateDirStore {
  /** The folder of the last chosen certificate; undefined at first. */
  get(): string | undefined;
  /** Remembers the folder of a chosen certificate file. */
  rememberFileDir(filePath: string): void;
}

/** In memory only (tests, or when userData cannot be written). */
export function memoryCertificateDir(initial?: string): CertificateDirStore {
  let dir = initial;
  return {
    get: () => dir,
    rememberFileDir: (filePath) => {
      dir = path.dirname(filePath);
    },
  };
}

/**
 * Backed by `signing.json` in userData: read once, written atomically on change. A missing or
 * hand-edited invalid file means "no folder yet"; a failed write is logged and the folder is
 * still remembered for this session.
 */
export function fileCertificateDir(options: {
  fs: WindowStateFs;
  filePath: string;
  dirname: string;
  onError(error: unknown): void;
}): CertificateDirStore {
  let loaded = false;
  let dir: string | undefined;
  const load = (): void => {
    if (loaded) return;
    loaded = true;
    try {
      const parsed = prefsSchema.safeParse(JSON.parse(options.fs.readFileSync(options.filePath, 'utf8')));
      if (parsed.success) dir = parsed.data.lastCertificateDir;
    } catch {
      // No file yet, or not JSON: no folder.
    }
  };
  return {
    get() {
      load();
      return dir;
    },
    rememberFileDir(filePath) {
      load();
      const next = path.dirname(filePath);
      if (next === dir) return;
      dir = next;
      try {
        writeJsonAtomic(options.fs, options.filePath, { lastCertificateDir: next }, options.dirname);
      } catch (error) {
        options.onError(error);
      }
    },
  };
}
