/**
 * The one host API the renderer talks to. Electron implements it in the preload (IPC to the
 * main process); the browser implements it with downloads, file inputs and IndexedDB. The zod
 * schemas validate every input that crosses the IPC boundary in the main process.
 */
import { z } from 'zod';

import { MAX_HOST_FILE_BYTES, MAX_SIGN_PDF_BYTES } from './channels.ts';

export {
  IPC,
  IPC_EVENTS,
  MAX_HOST_FILE_BYTES,
  MAX_P12_BYTES,
  MAX_SIGN_PDF_BYTES,
  OPENED_FILE_EXTENSIONS,
} from './channels.ts';

export const fileFilterSchema = z.object({
  name: z.string().min(1).max(100),
  extensions: z
    .array(z.string().regex(/^[a-z0-9]{1,10}$/i))
    .min(1)
    .max(20),
});
export type FileFilter = z.infer<typeof fileFilterSchema>;

/** File name only, no directories: the user chooses where it goes. */
const bareFileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => !/[\\/]/.test(s) && s !== '.' && s !== '..', 'suggestedName must be a bare file name');

export const saveFileRequestSchema = z.object({
  suggestedName: bareFileNameSchema,
  mimeType: z.string().min(1).max(200),
  data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_HOST_FILE_BYTES, 'file too large'),
  filters: z.array(fileFilterSchema).max(10).default([]),
});
export type SaveFileRequest = z.input<typeof saveFileRequestSchema>;

export const saveFileResultSchema = z.object({
  saved: z.boolean(),
  /** Where it went (Electron) or the download name (web). */
  path: z.string().optional(),
});
export type SaveFileResult = z.infer<typeof saveFileResultSchema>;

export const openFileRequestSchema = z.object({
  filters: z.array(fileFilterSchema).max(10).default([]),
  multiple: z.boolean().default(false),
});
export type OpenFileRequest = z.input<typeof openFileRequestSchema>;

export interface OpenedFile {
  name: string;
  size: number;
  data: Uint8Array;
}

/** Token keys are fixed names, never user input paths. */
export const tokenKeySchema = z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/);
export const tokenValueSchema = z.string().max(16 * 1024);

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'web';
  platform: string;
  /** True when tokens are encrypted by the OS (Electron safeStorage). */
  secureTokenStorage: boolean;
}

export interface TokenStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface OnlineState {
  isOnline(): boolean;
  /** Calls back on every change; returns the unsubscribe function. */
  subscribe(listener: (online: boolean) => void): () => void;
}

/** What the OS handed the app to open since the renderer last asked (see OpenedFilesApi). */
export interface OpenedFilesBatch {
  files: OpenedFile[];
  /** Files that could not be read, with a message in the user's language. */
  failed: Array<{ name: string; message: string }>;
}

/**
 * Submission packages (.tbpkg) opened from outside the app: double-clicked (file association),
 * passed on the command line, or opened while the app already runs (second instance). The main
 * process keeps them until the renderer takes them, so a package opened before the page has
 * loaded is not lost.
 */
export interface OpenedFilesApi {
  /** Hands out the waiting files once each; empty when nothing waits. */
  take(): Promise<OpenedFilesBatch>;
  /** Called when files are waiting; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/**
 * An update feed address: https with a host and no credentials; plain http only on this machine
 * (for testing a local feed). electron-updater trusts what the feed says, so it must not travel
 * over an open network in clear text.
 */
export function isUpdateFeedUrl(value: string): boolean {
  if (value.length > 2048) return false;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  if (u.username || u.password || u.hostname === '') return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost');
}

export const updateFeedUrlSchema = z.string().trim().max(2048).refine(isUpdateFeedUrl, 'not an https URL');

/** What the user (or IT, by pre-seeding update-settings.json) chooses; updates are off by default. */
export const updateSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  /** null: use TIANBAO_UPDATE_URL when it is set. */
  url: updateFeedUrlSchema.nullable(),
});
export type UpdateSettings = z.infer<typeof updateSettingsSchema>;

export const UPDATE_STATUSES = [
  /** Not here: the web version (updated with the server), an unpacked development build. */
  'unsupported',
  /** Off, or on without a feed address. */
  'disabled',
  'idle',
  'checking',
  'downloading',
  /** Downloaded: installed when the user chooses 重启并更新, or at the next normal quit. */
  'ready',
  'error',
] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

export interface UpdateState {
  status: UpdateStatus;
  /** Why updates are unsupported here. */
  unsupportedReason?: 'web' | 'unpackaged' | 'platform';
  enabled: boolean;
  /** The feed in use: the saved address first, else TIANBAO_UPDATE_URL. */
  url: string | null;
  urlSource: 'settings' | 'env' | 'none';
  currentVersion: string;
  /** The version being downloaded or ready to install. */
  availableVersion?: string;
  /** 0–100 while downloading. */
  percent?: number;
  /** ISO time of the last completed check. */
  lastCheckedAt?: string;
  /** With status 'error': what went wrong, in the user's language (details stay in the main log). */
  message?: string;
}

export interface UpdateApi {
  getState(): Promise<UpdateState>;
  /** Saves the settings (validated in the main process) and answers the new state. */
  setSettings(settings: UpdateSettings): Promise<UpdateState>;
  /** Checks now (in the background when enabled); answers the state after the check. */
  checkNow(): Promise<UpdateState>;
  /**
   * Quits and installs the downloaded update. Only ever called when the user chooses 重启并更新;
   * the app never restarts by itself (otherwise the update is installed at the next normal quit).
   */
  restartToUpdate(): Promise<void>;
  /** Called when the state changes (ask getState for it); returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/**
 * What the renderer hands the main process to sign: the PDF, the name the save dialog proposes and
 * the certificate password the user typed. The PKCS#12 file is chosen in a native dialog and read
 * in the main process; its private key never leaves it.
 */
export const signPdfRequestSchema = z.strictObject({
  data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_SIGN_PDF_BYTES, 'file too large'),
  suggestedName: bareFileNameSchema,
  /** Never logged, never stored; PKCS#12 files may have an empty password. */
  password: z.string().max(1024),
  /** The signature's /Reason, e.g. 同意发布. */
  reason: z.string().trim().max(200).optional(),
  /** The signature's /Location, e.g. 长沙. */
  location: z.string().trim().max(200).optional(),
});
export interface SignPdfRequest {
  /** The PDF to sign (stamped already); at most MAX_SIGN_PDF_BYTES. */
  data: Uint8Array;
  suggestedName: string;
  password: string;
  reason?: string;
  location?: string;
}

export interface SignPdfResult {
  /** False when the user cancelled a dialog (nothing was written). */
  signed: boolean;
  /** Where the signed PDF was saved. */
  path?: string;
  /** The signer's name from the certificate (CN, else O). */
  signer?: string;
}

/**
 * PAdES signing (ETSI.CAdES.detached) with the office's PKCS#12 certificate. Only the desktop app
 * signs: its main process opens the certificate, signs and saves. In the browser `available` is
 * false and the UI points to the CLI (tianbao stamp --p12).
 */
export interface SigningApi {
  readonly available: boolean;
  /**
   * Asks for the .p12/.pfx (native dialog), signs, asks where to save and writes the signed PDF.
   * A cancelled dialog answers { signed: false }; refusals throw HostError ('invalid-pdf',
   * 'wrong-password', 'certificate-refused', 'too-large' …) with a message for the user.
   */
  signPdf(request: SignPdfRequest): Promise<SignPdfResult>;
}

export interface HostApi {
  appInfo(): Promise<AppInfo>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  /** Resolves to [] when the user cancels. */
  openFile(request: OpenFileRequest): Promise<OpenedFile[]>;
  tokens: TokenStore;
  online: OnlineState;
  openedFiles: OpenedFilesApi;
  updates: UpdateApi;
  signing: SigningApi;
}
