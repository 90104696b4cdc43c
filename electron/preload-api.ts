/**
 * HostApi over ipcRenderer.invoke, for the preload. Kept apart from preload.ts (which only wires
 * the real electron module) so it is unit-tested with a fake ipcRenderer and window.
 */
import type {
  AppInfo,
  HostApi,
  OpenedFile,
  OpenedFilesBatch,
  OpenFileRequest,
  SaveFileRequest,
  SaveFileResult,
  SignPdfRequest,
  SignPdfResult,
  UpdateSettings,
  UpdateState,
} from '../shared/host/api.ts';
import { IPC, IPC_EVENTS, MAX_HOST_FILE_BYTES, MAX_SIGN_PDF_BYTES } from '../shared/host/channels.ts';
import { HostError, unwrapIpcResult } from '../shared/host/ipc-result.ts';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Subscribes to a main-process notification. The page's listener is called with no arguments:
 * Electron's event object (with its `sender`) never reaches page code.
 */
export function subscribeToEvent(ipc: IpcRendererLike, channel: string, listener: () => void): () => void {
  const onEvent = (): void => listener();
  ipc.on(channel, onEvent);
  return () => {
    ipc.removeListener(channel, onEvent);
  };
}

/** The window parts the online state needs; the preload shares the page's window and events. */
export interface OnlineEnv {
  readonly navigator: { readonly onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

export interface PreloadMessages {
  /** Shown when a file is refused before it crosses IPC. */
  dataTooLarge: string;
  /** Shown when a PDF to sign is refused before it crosses IPC. */
  signTooLarge: string;
  /** Shown when the main process answers something unexpected. */
  internal: string;
}

export function createOnlineState(env: OnlineEnv): HostApi['online'] {
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

export function createPreloadApi(ipc: IpcRendererLike, env: OnlineEnv, messages: PreloadMessages): HostApi {
  const call = async <T>(channel: string, ...args: unknown[]): Promise<T> =>
    unwrapIpcResult<T>(await ipc.invoke(channel, ...args), messages.internal);

  return {
    appInfo: () => call<AppInfo>(IPC.appInfo),
    saveFile: (request: SaveFileRequest) => {
      // Refused here so a huge buffer is never copied into the main process.
      if (request?.data instanceof Uint8Array && request.data.byteLength > MAX_HOST_FILE_BYTES) {
        return Promise.reject(new HostError('too-large', messages.dataTooLarge));
      }
      return call<SaveFileResult>(IPC.saveFile, request);
    },
    openFile: (request: OpenFileRequest) => call<OpenedFile[]>(IPC.openFile, request),
    tokens: {
      get: (key: string) => call<string | null>(IPC.tokenGet, key),
      set: (key: string, value: string) => call<void>(IPC.tokenSet, key, value),
      delete: (key: string) => call<void>(IPC.tokenDelete, key),
    },
    online: createOnlineState(env),
    openedFiles: {
      take: () => call<OpenedFilesBatch>(IPC.openedFilesTake),
      subscribe: (listener) => subscribeToEvent(ipc, IPC_EVENTS.openedFiles, listener),
    },
    updates: {
      getState: () => call<UpdateState>(IPC.updateState),
      setSettings: (settings: UpdateSettings) => call<UpdateState>(IPC.updateSettings, settings),
      checkNow: () => call<UpdateState>(IPC.updateCheck),
      restartToUpdate: () => call<void>(IPC.updateRestart),
      subscribe: (listener) => subscribeToEvent(ipc, IPC_EVENTS.updateChanged, listener),
    },
    signing: {
      // The main process holds the certificate and signs; the page only ever sees the result.
      available: true,
      signPdf: (request: SignPdfRequest) => {
        if (request?.data instanceof Uint8Array && request.data.byteLength > MAX_SIGN_PDF_BYTES) {
          return Promise.reject(new HostError('too-large', messages.signTooLarge));
        }
        return call<SignPdfResult>(IPC.signPdf, request);
      },
    },
  };
}
