/**
 * HostApi in a plain browser (`npm run web`, e2e tests): saving is a download, opening is a file
 * input, tokens live in their own small IndexedDB database. The logic sits in small helpers that
 * take their browser objects as parameters, so it is unit-tested in Node.
 */
import { Dexie, type EntityTable } from 'dexie';
import { version as packageVersion } from '../../../package.json';
import {
  MAX_HOST_FILE_BYTES,
  openFileRequestSchema,
  saveFileRequestSchema,
  tokenKeySchema,
  tokenValueSchema,
  type AppInfo,
  type FileFilter,
  type HostApi,
  type OnlineState,
  type OpenedFile,
  type OpenedFilesApi,
  type OpenFileRequest,
  type SaveFileRequest,
  type SaveFileResult,
  type SigningApi,
  type TokenStore,
  type UpdateApi,
  type UpdateState,
} from '../../../shared/host/api.ts';
import { createTranslator, localeFrom } from '../../../shared/i18n/index.ts';
// The same error type the Electron preload throws, so callers can check `code` on either host.
import { formatBytes, HostError } from '../../../shared/host/ipc-result.ts';

/** Separate from the app's data database so clearing one never touches the other. */
export const HOST_DB_NAME = 'tianbao-host';

/** Looks up `electron:<key>` (the host strings live in the "electron" namespace). */
export type HostTranslate = (key: string, params?: Record<string, string | number>) => string;

export function defaultTranslate(): HostTranslate {
  const translator = createTranslator(localeFrom(globalThis.navigator?.language));
  return (key, params) => String(translator.t(`electron:${key}`, params ?? {}));
}

/** `accept` for <input type=file>: ".xlsx,.xls"; empty (anything) when there are no filters. */
export function acceptFromFilters(filters: readonly FileFilter[]): string {
  const extensions = new Set<string>();
  for (const filter of filters) {
    for (const ext of filter.extensions) extensions.add(`.${ext.toLowerCase()}`);
  }
  return [...extensions].join(',');
}

function invalid(t: HostTranslate, issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }>): HostError {
  const fields = [...new Set(issues.map((i) => i.path.map(String).join('.') || '-'))].join(', ');
  return new HostError('invalid-input', t('errors.invalidInput', { fields }));
}

/** The parts of `document` and `URL` a download needs. */
export interface DownloadEnv {
  createAnchor(): {
    href: string;
    download: string;
    rel: string;
    style: { display: string };
    click(): void;
    remove(): void;
  };
  appendToBody(node: unknown): void;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  setTimeout(fn: () => void, ms: number): unknown;
}

/** Blob wants an ArrayBuffer-backed view; copy only when the bytes live elsewhere. */
function blobPart(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
}

export async function downloadFile(
  request: SaveFileRequest,
  env: DownloadEnv,
  t: HostTranslate,
): Promise<SaveFileResult> {
  if (request?.data instanceof Uint8Array && request.data.byteLength > MAX_HOST_FILE_BYTES) {
    throw new HostError('too-large', t('errors.dataTooLarge', { limit: formatBytes(MAX_HOST_FILE_BYTES) }));
  }
  const parsed = saveFileRequestSchema.safeParse(request);
  if (!parsed.success) throw invalid(t, parsed.error.issues);
  const { data, mimeType, suggestedName } = parsed.data;
  const url = env.createObjectURL(new Blob([blobPart(data)], { type: mimeType }));
  const a = env.createAnchor();
  a.href = url;
  a.download = suggestedName;
  a.rel = 'noopener';
  a.style.display = 'none';
  env.appendToBody(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  env.setTimeout(() => env.revokeObjectURL(url), 60_000);
  // The browser does not say whether the user kept the download; "saved" means it was offered.
  return { saved: true, path: suggestedName };
}

export interface FileLike {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Reads chosen files, refusing any single file or selection above the host size cap. */
export async function readSelectedFiles(
  files: ArrayLike<FileLike>,
  t: HostTranslate,
  maxBytes: number = MAX_HOST_FILE_BYTES,
): Promise<OpenedFile[]> {
  const list = Array.from(files);
  let total = 0;
  for (const file of list) {
    total += file.size;
    if (file.size > maxBytes || total > maxBytes) {
      throw new HostError(
        'too-large',
        t('errors.tooLarge', { name: file.name, limit: formatBytes(maxBytes) }),
      );
    }
  }
  const out: OpenedFile[] = [];
  for (const file of list) {
    const data = new Uint8Array(await file.arrayBuffer());
    out.push({ name: file.name, size: data.byteLength, data });
  }
  return out;
}

/** The parts of an <input type=file> the picker needs. */
export interface FileInputLike {
  type: string;
  accept: string;
  multiple: boolean;
  readonly files: ArrayLike<FileLike> | null;
  style: { display: string };
  addEventListener(type: 'change' | 'cancel', listener: () => void): void;
  click(): void;
  remove(): void;
}

/**
 * Shows the file picker. Resolves [] on cancel: browsers fire `cancel` on the input when the
 * dialog is dismissed (Chromium 113+, Firefox 91+, Safari 16.4+).
 */
export function pickFiles(
  request: OpenFileRequest,
  input: FileInputLike,
  appendToBody: (node: unknown) => void,
  t: HostTranslate,
): Promise<OpenedFile[]> {
  const parsed = openFileRequestSchema.safeParse(request ?? {});
  if (!parsed.success) return Promise.reject(invalid(t, parsed.error.issues));
  const { filters, multiple } = parsed.data;
  input.type = 'file';
  input.accept = acceptFromFilters(filters);
  input.multiple = multiple;
  input.style.display = 'none';
  return new Promise<OpenedFile[]>((resolve, reject) => {
    let settled = false;
    const finish = (run: () => Promise<OpenedFile[]>): void => {
      if (settled) return;
      settled = true;
      input.remove();
      run().then(resolve, reject);
    };
    input.addEventListener('change', () =>
      finish(() => {
        const files = Array.from(input.files ?? []);
        return readSelectedFiles(multiple ? files : files.slice(0, 1), t);
      }),
    );
    input.addEventListener('cancel', () => finish(() => Promise.resolve([])));
    // Some browsers only fire the events for inputs in the document.
    appendToBody(input);
    input.click();
  });
}

interface TokenRow {
  key: string;
  value: string;
}

export interface WebTokenStoreOptions {
  name?: string;
  /** For Node tests: fake-indexeddb's factory and key range. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  t?: HostTranslate;
}

/**
 * Tokens in IndexedDB. The browser offers no OS-backed encryption, so AppInfo reports
 * secureTokenStorage: false and the UI can say so.
 */
export function createWebTokenStore(options: WebTokenStoreOptions = {}): TokenStore & { close(): void } {
  const t = options.t ?? defaultTranslate();
  const db = new Dexie(options.name ?? HOST_DB_NAME, {
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  }) as Dexie & { tokens: EntityTable<TokenRow, 'key'> };
  db.version(1).stores({ tokens: 'key' });

  const key = (k: unknown): string => {
    const parsed = tokenKeySchema.safeParse(k);
    if (!parsed.success) throw invalid(t, parsed.error.issues);
    return parsed.data;
  };
  return {
    async get(k) {
      const row = await db.tokens.get(key(k));
      return row?.value ?? null;
    },
    async set(k, value) {
      const v = tokenValueSchema.safeParse(value);
      if (!v.success) throw invalid(t, v.error.issues);
      await db.tokens.put({ key: key(k), value: v.data });
    },
    async delete(k) {
      await db.tokens.delete(key(k));
    },
    close: () => db.close(),
  };
}

/** The window parts online state needs. */
export interface OnlineEnv {
  readonly navigator: { readonly onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

export function createWebOnlineState(env: OnlineEnv): OnlineState {
  return {
    isOnline: () => env.navigator.onLine,
    subscribe(listener) {
      const onOnline = (): void => listener(true);
      const onOffline = (): void => listener(false);
      env.addEventListener('online', onOnline);
      env.addEventListener('offline', onOffline);
      return () => {
        env.removeEventListener('online', onOnline);
        env.removeEventListener('offline', onOffline);
      };
    },
  };
}

export function webPlatform(
  nav: { userAgentData?: { platform?: string }; platform?: string } | undefined,
): string {
  return nav?.userAgentData?.platform || nav?.platform || 'web';
}

/** A browser is never handed files by the OS: nothing ever waits. */
export const webOpenedFiles: OpenedFilesApi = {
  take: async () => ({ files: [], failed: [] }),
  subscribe: () => () => undefined,
};

/** The web version is updated with the server that serves it, so there is nothing to do here. */
export function webUpdates(version: string): UpdateApi {
  const state: UpdateState = {
    status: 'unsupported',
    unsupportedReason: 'web',
    enabled: false,
    url: null,
    urlSource: 'none',
    currentVersion: version,
  };
  return {
    getState: async () => ({ ...state }),
    setSettings: async () => ({ ...state }),
    checkNow: async () => ({ ...state }),
    restartToUpdate: async () => undefined,
    subscribe: () => () => undefined,
  };
}

/**
 * The browser never signs: the certificate's private key must not enter page code. The UI shows
 * the command-line alternative instead (province:seal.signNote).
 */
export function webSigning(t: HostTranslate): SigningApi {
  return {
    available: false,
    signPdf: async () => {
      throw new HostError('signing-unavailable', t('errors.signingUnavailable'));
    },
  };
}

export interface WebHostOptions {
  /** Error messages in the UI's language; defaults to the browser's language. */
  t?: HostTranslate;
}

/** The browser HostApi. Needs `window` and `document`; call it from the renderer only. */
export function createWebHost(options: WebHostOptions = {}): HostApi {
  const t = options.t ?? defaultTranslate();
  const appendToBody = (node: unknown): void => {
    document.body.appendChild(node as Node);
  };
  const tokens = createWebTokenStore({ t });
  return {
    appInfo: async (): Promise<AppInfo> => ({
      name: 'tianbao',
      version: packageVersion,
      host: 'web',
      platform: webPlatform(navigator as Navigator & { userAgentData?: { platform?: string } }),
      secureTokenStorage: false,
    }),
    saveFile: (request) =>
      downloadFile(
        request,
        {
          createAnchor: () => document.createElement('a'),
          appendToBody,
          createObjectURL: (blob) => URL.createObjectURL(blob),
          revokeObjectURL: (url) => URL.revokeObjectURL(url),
          setTimeout: (fn, ms) => window.setTimeout(fn, ms),
        },
        t,
      ),
    openFile: (request) => pickFiles(request, document.createElement('input'), appendToBody, t),
    tokens,
    online: createWebOnlineState(window),
    openedFiles: webOpenedFiles,
    updates: webUpdates(packageVersion),
    signing: webSigning(t),
  };
}
