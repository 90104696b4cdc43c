/**
 * The shell's wiring, with every Electron object passed in: main.ts hands over the real modules,
 * tests hand over fakes. Holds no business rules; it connects security policy, window state,
 * menu, IPC and the token store to Electron's lifecycle.
 */
import path from 'node:path';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, WebPreferences } from 'electron';
import { IPC_EVENTS, type AppInfo } from '../shared/host/api.ts';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, type ProtocolFs } from './app-protocol.ts';
import { formatFor, translateFor, type Translate } from './i18n.ts';
import {
  registerIpcHandlers,
  type DialogLike,
  type HostFs,
  type IpcEventLike,
  type IpcMainLike,
} from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { SIGNING_PREFS_FILE, fileCertificateDir } from './signing-prefs.ts';
import { createOpenedFilesQueue, openablePathsFromArgv, type OpenedFilesQueue } from './open-files.ts';
import {
  APP_SCHEME,
  APP_START_URL,
  CONTENT_SECURITY_POLICY,
  cspForPlatform,
  isAllowedExternalUrl,
  isAllowedNavigation,
  isPermissionAllowed,
  withCspHeader,
} from './security.ts';
import {
  createTokenStore,
  encryptorFromSafeStorage,
  type SafeStorageLike,
  type TokenFs,
} from './token-store.ts';
import {
  UPDATE_SETTINGS_FILE,
  createUpdateController,
  loadUpdateSettings,
  saveUpdateSettings,
  type AutoUpdaterLike,
  type UpdateController,
} from './updater.ts';
import {
  MIN_WINDOW_SIZE,
  loadWindowState,
  saveWindowState,
  trackWindowState,
  type ScreenLike,
  type TrackedWindow,
  type WindowState,
  type WindowStateFs,
} from './window-state.ts';

/** Folder under the OS app-data dir; fixed so renaming the product never orphans user data. */
export const USER_DATA_DIR_NAME = 'tianbao';
export const WINDOW_STATE_FILE = 'window-state.json';
export const TOKEN_FILE = 'tokens.json';

// Electron's event APIs are overloaded per event name; these ports take any listener and the
// handlers below know each event's arguments.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Listener = (...args: any[]) => void;

export interface AppLike {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  enableSandbox(): void;
  quit(): void;
  on(event: string, listener: Listener): unknown;
  whenReady(): Promise<unknown>;
  getPath(name: 'appData' | 'userData' | 'documents'): string;
  setPath(name: 'userData', value: string): void;
  getVersion(): string;
  getLocale(): string;
}

export interface WindowLike extends TrackedWindow {
  loadURL(url: string): Promise<void>;
  once(event: string, listener: Listener): unknown;
  on(event: string, listener: Listener): unknown;
  isDestroyed(): boolean;
  isVisible(): boolean;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  /** Used only to send the renderer data-free notifications (IPC_EVENTS). */
  readonly webContents: { send(channel: string): void; isDestroyed(): boolean };
}

export interface WebContentsLike {
  on(event: string, listener: Listener): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void;
}

export type WindowOpenResponse =
  { action: 'deny' } | { action: 'allow'; overrideBrowserWindowOptions?: BrowserWindowConstructorOptions };

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (
      webContents: any,
      permission: string,
      callback: (granted: boolean) => void,
      details: any,
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: any, permission: string, requestingOrigin: string, details: any) => boolean,
  ): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<typeof APP_SCHEME_PRIVILEGES>): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export interface ShellDeps<E extends IpcEventLike> {
  app: AppLike;
  protocol: ProtocolLike;
  session: SessionLike;
  ipcMain: IpcMainLike<E>;
  dialog: DialogLike<E>;
  shell: { openExternal(url: string): Promise<void> };
  screen: ScreenLike;
  safeStorage: SafeStorageLike;
  createWindow(options: BrowserWindowConstructorOptions): WindowLike;
  setApplicationMenu(template: MenuItemConstructorOptions[]): void;
  showAbout(about: { title: string; message: string; detail: string }): void;
  fs: { sync: WindowStateFs; promises: TokenFs & HostFs & ProtocolFs };
  platform: NodeJS.Platform;
  /** The built renderer (dist/) and the bundled preload (dist-electron/preload.cjs). */
  paths: { distDir: string; preloadPath: string };
  /** The central platform's address (TIANBAO_PLATFORM_URL); its origin joins connect-src. */
  platformUrl?: string;
  /** This launch's process.argv and working directory: a .tbpkg named there is opened. */
  argv: readonly string[];
  cwd: string;
  /** electron-updater's autoUpdater; only fetched (and so created) when updates are on. */
  getUpdater(): AutoUpdaterLike;
  /** TIANBAO_UPDATE_URL: the update feed when the user has not saved one. */
  updateUrl?: string;
  log(message: string, error?: unknown): void;
}

/** The settings every renderer gets; child windows get the same minus the preload. */
export function secureWebPreferences(preload?: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    // The spell checker downloads dictionaries; the app must not phone home, and it is of no use for Chinese.
    spellcheck: false,
    // Chromium's built-in PDF viewer, for evidence previews; it runs sandboxed like the page.
    plugins: true,
    ...(preload ? { preload } : {}),
  };
}

export function createMainWindowOptions(
  state: WindowState,
  preloadPath: string,
  title: string,
): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title,
    // Shown on ready-to-show, so the user never sees a blank white frame.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

function openExternalIfAllowed(
  url: string,
  shell: ShellDeps<IpcEventLike>['shell'],
  log: ShellDeps<IpcEventLike>['log'],
) {
  if (!isAllowedExternalUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => log('openExternal failed', error));
}

/**
 * Applied to every webContents the app creates: navigation stays on app://tianbao, http(s) links
 * go to the OS browser, everything else (file:, javascript:, other schemes) is dropped.
 */
export function hardenWebContents(
  contents: WebContentsLike,
  shell: ShellDeps<IpcEventLike>['shell'],
  log: ShellDeps<IpcEventLike>['log'],
): void {
  contents.on('will-navigate', (event: { preventDefault(): void; url?: string }, url?: string) => {
    const target = event.url ?? url ?? '';
    if (isAllowedNavigation(target)) return;
    event.preventDefault();
    openExternalIfAllowed(target, shell, log);
  });
  contents.on('will-redirect', (event: { preventDefault(): void; url?: string }, url?: string) => {
    if (!isAllowedNavigation(event.url ?? url ?? '')) event.preventDefault();
  });
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedNavigation(url)) {
      return { action: 'allow', overrideBrowserWindowOptions: { webPreferences: secureWebPreferences() } };
    }
    openExternalIfAllowed(url, shell, log);
    return { action: 'deny' };
  });
}

/** Permissions and the CSP header for the session the window uses. */
export function configureSession(session: SessionLike, csp: string = CONTENT_SECURITY_POLICY): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(
      isPermissionAllowed(permission, (details as { requestingUrl?: string } | undefined)?.requestingUrl),
    );
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isPermissionAllowed(
      permission,
      (details as { requestingUrl?: string } | undefined)?.requestingUrl ?? requestingOrigin,
    ),
  );
  session.webRequest.onHeadersReceived((details, callback) => {
    // DevTools (development only) brings its own policy and breaks under ours.
    if (details.url.startsWith('devtools:')) return callback({});
    callback({ responseHeaders: withCspHeader(details.responseHeaders, csp) });
  });
}

/** Brings an existing window to the front (used when the app is launched a second time). */
export function focusWindow(win: WindowLike | null): boolean {
  if (!win || win.isDestroyed()) return false;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
  return true;
}

export interface StartedApp {
  /** Settles once the window is created (or startup failed and was logged). */
  ready: Promise<void>;
  getMainWindow(): WindowLike | null;
  openedFiles: OpenedFilesQueue;
  /** Exists once the app is ready. */
  getUpdates(): UpdateController | undefined;
}

/** electron-updater ships for the installers we build: NSIS on Windows, AppImage and deb on Linux. */
export function updateSupport(
  isPackaged: boolean,
  platform: NodeJS.Platform,
): { ok: true } | { ok: false; reason: 'unpackaged' | 'platform' } {
  if (!isPackaged) return { ok: false, reason: 'unpackaged' };
  return platform === 'win32' || platform === 'linux' ? { ok: true } : { ok: false, reason: 'platform' };
}

/**
 * Starts the shell. Returns null when another instance already runs (that instance is focused
 * through its `second-instance` event and this one quits).
 */
export function startApp<E extends IpcEventLike>(deps: ShellDeps<E>): StartedApp | null {
  const { app } = deps;
  // Both must happen before `ready`.
  deps.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  app.setPath('userData', path.join(app.getPath('appData'), USER_DATA_DIR_NAME));

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  let mainWindow: WindowLike | null = null;
  let t: Translate = translateFor(undefined);
  let updates: UpdateController | undefined;

  /** Tells the page something waits for it; a page still loading asks on its own when ready. */
  const notifyRenderer = (channel: string): void => {
    const win = mainWindow;
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    win.webContents.send(channel);
  };

  const openedFiles = createOpenedFilesQueue({
    fs: deps.fs.promises,
    t: () => t,
    onWaiting: () => notifyRenderer(IPC_EVENTS.openedFiles),
  });
  openedFiles.add(openablePathsFromArgv(deps.argv, deps.cwd));

  // A second launch (double-clicking another .tbpkg) hands its command line to this instance.
  app.on('second-instance', (_event: unknown, argv: unknown, workingDirectory: unknown) => {
    if (Array.isArray(argv) && typeof workingDirectory === 'string') {
      openedFiles.add(
        openablePathsFromArgv(
          argv.filter((a): a is string => typeof a === 'string'),
          workingDirectory,
        ),
      );
    }
    focusWindow(mainWindow);
  });
  // macOS delivers opened files as events, possibly before ready.
  app.on('open-file', (event: { preventDefault(): void }, filePath: unknown) => {
    event.preventDefault();
    if (typeof filePath === 'string') openedFiles.add([filePath]);
  });
  app.on('web-contents-created', (_event: unknown, contents: WebContentsLike) => {
    hardenWebContents(contents, deps.shell, deps.log);
  });
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });

  const userData = (): string => app.getPath('userData');

  function createMainWindow(): WindowLike {
    const statePath = path.join(userData(), WINDOW_STATE_FILE);
    const state = loadWindowState(deps.fs.sync, statePath, deps.screen);
    const win = deps.createWindow(createMainWindowOptions(state, deps.paths.preloadPath, t('app.name')));
    trackWindowState(win, {
      save: (s) => saveWindowState(deps.fs.sync, statePath, userData(), s),
      onError: (error) => deps.log('saving window state failed', error),
    });
    let shown = false;
    const reveal = (): void => {
      if (shown || win.isDestroyed()) return;
      shown = true;
      if (state.maximized) win.maximize();
      win.show();
    };
    win.once('ready-to-show', reveal);
    // If the first paint never comes (renderer crash), the window must not stay invisible.
    const fallback = setTimeout(reveal, 10_000);
    // Electron's app lifetime does not depend on Node handles; unref keeps tests from waiting.
    (fallback as { unref?: () => void }).unref?.();
    win.on('closed', () => {
      clearTimeout(fallback);
      if (mainWindow === win) mainWindow = null;
    });
    win.loadURL(APP_START_URL).catch((error: unknown) => deps.log('loading the renderer failed', error));
    return win;
  }

  const ready = app.whenReady().then(() => {
    t = translateFor(app.getLocale());
    const csp = cspForPlatform(deps.platformUrl);
    configureSession(deps.session, csp);
    deps.protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({ rootDir: deps.paths.distDir, fs: deps.fs.promises, csp }),
    );

    deps.setApplicationMenu(
      buildMenuTemplate(t, {
        platform: deps.platform,
        isDev: !app.isPackaged,
        onAbout: () =>
          deps.showAbout({
            title: t('about.title'),
            message: t('app.name'),
            detail: t('about.detail', { version: app.getVersion() }),
          }),
      }),
    );

    const tokens = createTokenStore({
      encryptor: encryptorFromSafeStorage(deps.safeStorage, deps.platform),
      fs: deps.fs.promises,
      filePath: path.join(userData(), TOKEN_FILE),
    });
    const updateSettingsPath = path.join(userData(), UPDATE_SETTINGS_FILE);
    updates = createUpdateController({
      getUpdater: deps.getUpdater,
      supported: updateSupport(app.isPackaged, deps.platform),
      currentVersion: app.getVersion(),
      envUrl: deps.updateUrl,
      settings: {
        load: () => loadUpdateSettings(deps.fs.sync, updateSettingsPath),
        save: (settings) => saveUpdateSettings(deps.fs.sync, updateSettingsPath, userData(), settings),
      },
      onChange: () => notifyRenderer(IPC_EVENTS.updateChanged),
      t: () => t,
      log: deps.log,
    });
    registerIpcHandlers({
      ipcMain: deps.ipcMain,
      dialog: deps.dialog,
      fs: deps.fs.promises,
      tokens,
      openedFiles,
      updates,
      t,
      format: formatFor(app.getLocale()),
      certificateDir: fileCertificateDir({
        fs: deps.fs.sync,
        filePath: path.join(userData(), SIGNING_PREFS_FILE),
        dirname: userData(),
        onError: (error) => deps.log('saving the certificate folder failed', error),
      }),
      appInfo: async (): Promise<AppInfo> => ({
        name: 'tianbao',
        version: app.getVersion(),
        host: 'electron',
        platform: deps.platform,
        secureTokenStorage: await tokens.isSecure(),
      }),
      defaultSaveDir: () => app.getPath('documents'),
      log: deps.log,
    });

    mainWindow = createMainWindow();
    app.on('activate', () => {
      if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow();
      else focusWindow(mainWindow);
    });
    updates.start();
  });

  return {
    ready: ready.catch((error: unknown) => {
      deps.log('startup failed', error);
      app.quit();
    }),
    getMainWindow: () => mainWindow,
    openedFiles,
    getUpdates: () => updates,
  };
}
