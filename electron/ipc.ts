/**
 * The main-process side of HostApi. Every handler checks that the call comes from our own
 * app:// page, validates its input with the shared zod schemas, and answers with an IpcResult:
 * never a thrown error, so no stack trace or OS message reaches the renderer.
 */
import path from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { ZodType } from 'zod';
import {
  IPC,
  MAX_HOST_FILE_BYTES,
  MAX_P12_BYTES,
  MAX_SIGN_PDF_BYTES,
  openFileRequestSchema,
  saveFileRequestSchema,
  signPdfRequestSchema,
  tokenKeySchema,
  tokenValueSchema,
  updateSettingsSchema,
  type AppInfo,
  type OpenedFile,
  type OpenedFilesBatch,
  type SaveFileResult,
  type SignPdfResult,
  type TokenStore,
  type UpdateSettings,
  type UpdateState,
} from '../shared/host/api.ts';
import { msg } from '../shared/i18n/message.ts';
import { PdfUpdateError, SignError } from '../shared/sign/errors.ts';
import type { FormatMessage, Translate } from './i18n.ts';
import { formatBytes, type HostErrorCode, type IpcResult } from '../shared/host/ipc-result.ts';
import { isAppUrl } from './security.ts';
import type { CertificateDirStore } from './signing-prefs.ts';

/** What we read from Electron's IpcMainInvokeEvent. */
export interface IpcEventLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface IpcMainLike<E extends IpcEventLike> {
  // Electron types handler arguments as any; they are validated before use.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handle(channel: string, listener: (event: E, ...args: any[]) => unknown): void;
}

/** Dialogs are opened for the window that asked, which main.ts finds from the event. */
export interface DialogLike<E extends IpcEventLike> {
  showSaveDialog(event: E, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(event: E, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface HostFs {
  stat(filePath: string): Promise<{ size: number; isFile(): boolean }>;
  readFile(filePath: string): Promise<Uint8Array>;
  writeFile(filePath: string, data: Uint8Array, options: { flag: 'wx' }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(filePath: string): Promise<void>;
}

/** The main-process side of HostApi.updates (electron/updater.ts). */
export interface UpdateService {
  getState(): UpdateState;
  setSettings(settings: UpdateSettings): UpdateState;
  checkNow(): Promise<UpdateState>;
  /** False when no downloaded update is ready. */
  restartToUpdate(): boolean;
}

export interface IpcDeps<E extends IpcEventLike> {
  ipcMain: IpcMainLike<E>;
  dialog: DialogLike<E>;
  fs: HostFs;
  tokens: TokenStore;
  /** Packages opened from outside the app (electron/open-files.ts). */
  openedFiles: { take(): Promise<OpenedFilesBatch> };
  updates: UpdateService;
  t: Translate;
  /** Messages of shared code (the signing refusals) in the same language as `t`. */
  format: FormatMessage;
  /** Where the certificate dialog starts: the folder of the last certificate chosen. */
  certificateDir: CertificateDirStore;
  appInfo(): Promise<AppInfo>;
  /** Where the save dialog starts (the user's documents folder). */
  defaultSaveDir(): string;
  /** Main-process log for the details that must not reach the renderer. */
  log?: (message: string, error: unknown) => void;
}

/** Thrown inside handlers for errors we can describe to the user. */
export class HandlerError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isTrustedSender(event: IpcEventLike): boolean {
  const frame = event.senderFrame;
  // Only our own top-level page: not a sub-frame, not a page that navigated elsewhere.
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

function errnoOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** OS errors become a code and a message the user can act on (disk full, file open in Excel...). */
export function fsError(t: Translate, error: unknown, name: string): HandlerError {
  switch (errnoOf(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new HandlerError('not-found', t('errors.notFound', { name }));
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new HandlerError('permission-denied', t('errors.permissionDenied', { name }));
    case 'EBUSY':
    case 'ETXTBSY':
      return new HandlerError('file-busy', t('errors.fileBusy', { name }));
    case 'ENOSPC':
    case 'EDQUOT':
      return new HandlerError('disk-full', t('errors.diskFull', { name }));
    default:
      return new HandlerError('io-error', t('errors.io', { name }));
  }
}

function parseOrThrow<T>(t: Translate, schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || '-'))].join(', ');
  throw new HandlerError('invalid-input', t('errors.invalidInput', { fields }));
}

/** A copy when needed, so IPC never clones a pooled ArrayBuffer bigger than the file. */
function exactBytes(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.buffer.byteLength === data.byteLength ? data : data.slice();
}

let tempCounter = 0;

type FileFilterLike = { name: string; extensions: readonly string[] };

/** A signing refusal located at the file it concerns: the PDF or the certificate. */
function refusal(
  t: Translate,
  format: FormatMessage,
  code: HostErrorCode,
  name: string,
  reason: string | Parameters<FormatMessage>[0],
): HandlerError {
  const text = typeof reason === 'string' ? reason : format(reason);
  return new HandlerError(code, t('errors.signRefused', { name, reason: text }));
}

export function registerIpcHandlers<E extends IpcEventLike>(deps: IpcDeps<E>): void {
  const { ipcMain, dialog, fs, tokens, t } = deps;
  const limit = formatBytes(MAX_HOST_FILE_BYTES);
  const signLimit = formatBytes(MAX_SIGN_PDF_BYTES);
  const p12Limit = formatBytes(MAX_P12_BYTES);

  function handle<T>(channel: string, run: (event: E, ...args: unknown[]) => Promise<T>): void {
    ipcMain.handle(channel, async (event: E, ...args: unknown[]): Promise<IpcResult<T>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'forbidden-sender', message: t('errors.forbiddenSender') } };
      }
      try {
        return { ok: true, value: await run(event, ...args) };
      } catch (error) {
        if (error instanceof HandlerError)
          return { ok: false, error: { code: error.code, message: error.message } };
        if (errnoOf(error) === 'token-storage-unavailable') {
          return {
            ok: false,
            error: { code: 'token-storage-unavailable', message: t('errors.tokenStorageUnavailable') },
          };
        }
        deps.log?.(`IPC ${channel} failed`, error);
        return { ok: false, error: { code: 'internal', message: t('errors.internal') } };
      }
    });
  }

  handle(IPC.appInfo, () => deps.appInfo());

  /**
   * The save dialog, then the bytes written beside the target and renamed over it: a full disk or
   * a crash leaves the old file. Used by saveFile and by signPdf for the signed PDF.
   */
  async function saveThroughDialog(
    event: E,
    request: { title: string; suggestedName: string; filters: FileFilterLike[]; data: Uint8Array },
  ): Promise<SaveFileResult> {
    const choice = await dialog.showSaveDialog(event, {
      title: request.title,
      defaultPath: path.join(deps.defaultSaveDir(), request.suggestedName),
      filters: request.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (choice.canceled || !choice.filePath) return { saved: false };
    const target = choice.filePath;
    const name = path.basename(target);
    tempCounter += 1;
    const temp = path.join(path.dirname(target), `.${name}.${process.pid}.${tempCounter}.tmp`);
    try {
      await fs.writeFile(temp, request.data, { flag: 'wx' });
      await fs.rename(temp, target);
    } catch (error) {
      await fs.unlink(temp).catch(() => undefined);
      throw fsError(t, error, name);
    }
    return { saved: true, path: target };
  }

  handle(IPC.saveFile, async (event, raw): Promise<SaveFileResult> => {
    // Size first, so an oversize file gets its own message rather than a generic one.
    const data = (raw as { data?: unknown } | null)?.data;
    if (data instanceof Uint8Array && data.byteLength > MAX_HOST_FILE_BYTES) {
      throw new HandlerError('too-large', t('errors.dataTooLarge', { limit }));
    }
    const request = parseOrThrow(t, saveFileRequestSchema, raw);
    return saveThroughDialog(event, { ...request, title: t('dialog.saveTitle') });
  });

  handle(IPC.openFile, async (event, raw): Promise<OpenedFile[]> => {
    const request = parseOrThrow(t, openFileRequestSchema, raw ?? {});
    const choice = await dialog.showOpenDialog(event, {
      title: t('dialog.openTitle'),
      filters: request.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
      properties: request.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
    });
    if (choice.canceled) return [];
    const paths = request.multiple ? choice.filePaths : choice.filePaths.slice(0, 1);
    // Everything goes back in one IPC message, so the cap applies to the whole selection too.
    let total = 0;
    const sized: Array<{ filePath: string; name: string }> = [];
    for (const filePath of paths) {
      const name = path.basename(filePath);
      let stat: { size: number; isFile(): boolean };
      try {
        stat = await fs.stat(filePath);
      } catch (error) {
        throw fsError(t, error, name);
      }
      if (!stat.isFile()) throw new HandlerError('not-found', t('errors.notFound', { name }));
      total += stat.size;
      if (stat.size > MAX_HOST_FILE_BYTES || total > MAX_HOST_FILE_BYTES) {
        throw new HandlerError('too-large', t('errors.tooLarge', { name, limit }));
      }
      sized.push({ filePath, name });
    }
    const files: OpenedFile[] = [];
    let read = 0;
    for (const { filePath, name } of sized) {
      let data: Uint8Array;
      try {
        data = await fs.readFile(filePath);
      } catch (error) {
        throw fsError(t, error, name);
      }
      // The file may have grown since stat.
      read += data.byteLength;
      if (read > MAX_HOST_FILE_BYTES)
        throw new HandlerError('too-large', t('errors.tooLarge', { name, limit }));
      files.push({ name, size: data.byteLength, data: exactBytes(data) });
    }
    return files;
  });

  handle(IPC.tokenGet, async (_event, key) => tokens.get(parseOrThrow(t, tokenKeySchema, key)));

  handle(IPC.tokenSet, async (_event, key, value) => {
    const k = parseOrThrow(t, tokenKeySchema, key);
    const v = parseOrThrow(t, tokenValueSchema, value);
    await tokens.set(k, v);
  });

  handle(IPC.tokenDelete, async (_event, key) => tokens.delete(parseOrThrow(t, tokenKeySchema, key)));

  handle(IPC.openedFilesTake, () => deps.openedFiles.take());

  handle(IPC.updateState, async () => deps.updates.getState());

  handle(IPC.updateSettings, async (_event, settings) =>
    deps.updates.setSettings(parseOrThrow(t, updateSettingsSchema, settings)),
  );

  handle(IPC.updateCheck, () => deps.updates.checkNow());

  handle(IPC.updateRestart, async () => {
    // Only ever on the user's click; refused unless an update has been downloaded.
    if (!deps.updates.restartToUpdate())
      throw new HandlerError('update-not-ready', t('errors.updateNotReady'));
  });

  /** The certificate the user picks in the native dialog, read here; null when cancelled. */
  async function chooseCertificate(event: E): Promise<{ name: string; data: Uint8Array } | null> {
    const lastDir = deps.certificateDir.get();
    const choice = await dialog.showOpenDialog(event, {
      title: t('dialog.certificateTitle'),
      ...(lastDir ? { defaultPath: lastDir } : {}),
      filters: [{ name: t('dialog.certificateFilter'), extensions: ['p12', 'pfx'] }],
      // The certificate's path stays out of the OS's recent-documents list (Windows).
      properties: ['openFile', 'dontAddToRecent'],
    });
    const filePath = choice.canceled ? undefined : choice.filePaths[0];
    if (!filePath) return null;
    deps.certificateDir.rememberFileDir(filePath);
    const name = path.basename(filePath);
    let stat: { size: number; isFile(): boolean };
    try {
      stat = await fs.stat(filePath);
    } catch (error) {
      throw fsError(t, error, name);
    }
    if (!stat.isFile()) throw new HandlerError('not-found', t('errors.notFound', { name }));
    const tooLarge = () =>
      refusal(t, deps.format, 'certificate-refused', name, t('errors.p12TooLarge', { limit: p12Limit }));
    if (stat.size > MAX_P12_BYTES) throw tooLarge();
    let data: Uint8Array;
    try {
      data = await fs.readFile(filePath);
    } catch (error) {
      throw fsError(t, error, name);
    }
    if (data.byteLength > MAX_P12_BYTES) throw tooLarge();
    return { name, data };
  }

  /**
   * Signs a PDF with the office's PKCS#12 certificate and saves it. The renderer sends the PDF and
   * the password it asked for; the certificate is chosen and read here, and its private key lives
   * only in this process (shared/sign/sign.ts). The password is never logged or kept.
   */
  handle(IPC.signPdf, async (event, raw): Promise<SignPdfResult> => {
    const data = (raw as { data?: unknown } | null)?.data;
    if (data instanceof Uint8Array && data.byteLength > MAX_SIGN_PDF_BYTES) {
      throw new HandlerError('too-large', t('errors.signTooLarge', { limit: signLimit }));
    }
    const request = parseOrThrow(t, signPdfRequestSchema, raw);
    const pdfName = request.suggestedName;
    // Loaded on first use: pdf-lib, pkijs and node-forge are not needed to start the window.
    const { isPdf } = await import('../shared/sign/incremental.ts');
    if (!isPdf(request.data)) throw refusal(t, deps.format, 'invalid-pdf', pdfName, msg('seal:error.notPdf'));

    const certificate = await chooseCertificate(event);
    if (!certificate) return { signed: false };
    const { signPdf } = await import('../shared/sign/sign.ts');
    let signed: Awaited<ReturnType<typeof signPdf>>;
    try {
      signed = await signPdf(request.data, {
        p12: certificate.data,
        password: request.password,
        ...(request.reason ? { reason: request.reason } : {}),
        ...(request.location ? { location: request.location } : {}),
      });
    } catch (error) {
      if (error instanceof PdfUpdateError)
        throw refusal(t, deps.format, 'invalid-pdf', pdfName, error.detail);
      if (error instanceof SignError) {
        const code =
          error.detail.key === 'seal:sign.wrongPassword' ? 'wrong-password' : 'certificate-refused';
        throw refusal(t, deps.format, code, certificate.name, error.detail);
      }
      throw error;
    } finally {
      // The container is not needed any more. The private key itself was a non-extractable
      // CryptoKey that existed only inside signPdf.
      certificate.data.fill(0);
    }

    const saved = await saveThroughDialog(event, {
      title: t('dialog.saveSignedTitle'),
      suggestedName: request.suggestedName,
      filters: [{ name: t('dialog.pdfFilter'), extensions: ['pdf'] }],
      data: signed.pdf,
    });
    if (!saved.saved) return { signed: false };
    return {
      signed: true,
      path: saved.path ?? '',
      signer: signed.signer.commonName ?? signed.signer.organization ?? '',
    };
  });
}
