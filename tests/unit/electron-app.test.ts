import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  configureSession,
  createMainWindowOptions,
  focusWindow,
  hardenWebContents,
  startApp,
  type AppLike,
  type SessionLike,
  type ShellDeps,
  type WebContentsLike,
  type WindowLike,
  type WindowOpenResponse,
} from '../../electron/app.ts';
import type { IpcEventLike } from '../../electron/ipc.ts';
import { APP_START_URL, CONTENT_SECURITY_POLICY } from '../../electron/security.ts';
import { IPC, IPC_EVENTS } from '../../shared/host/api.ts';
import { DEFAULT_WINDOW_STATE } from '../../electron/window-state.ts';
import { PDFDocument } from 'pdf-lib';
import { makeTestCerts } from '../fixtures/certs/make-certs.ts';

type Listener = (...args: unknown[]) => void;

class FakeEmitter {
  listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

class FakeWindow extends FakeEmitter implements WindowLike {
  minimized = false;
  visible = false;
  destroyed = false;
  maximized = false;
  calls: string[] = [];
  loaded: string[] = [];
  sent: string[] = [];
  webContents = {
    send: (channel: string) => {
      this.sent.push(channel);
    },
    isDestroyed: () => this.destroyed,
  };
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  isDestroyed = () => this.destroyed;
  isVisible = () => this.visible;
  isMinimized = () => this.minimized;
  isMaximized = () => this.maximized;
  isFullScreen = () => false;
  getNormalBounds = () => ({ x: 0, y: 0, width: 1000, height: 700 });
  show = () => {
    this.calls.push('show');
    this.visible = true;
  };
  focus = () => this.calls.push('focus');
  restore = () => {
    this.calls.push('restore');
    this.minimized = false;
  };
  maximize = () => {
    this.calls.push('maximize');
    this.maximized = true;
  };
}

function fakeContents() {
  const emitter = new FakeEmitter();
  let openHandler: ((d: { url: string }) => WindowOpenResponse) | undefined;
  const contents: WebContentsLike = {
    on: (e, l) => emitter.on(e, l as Listener),
    setWindowOpenHandler: (h) => {
      openHandler = h;
    },
  };
  return { contents, emitter, open: (url: string) => openHandler?.({ url }) };
}

function fakeSession() {
  const s = {
    request: undefined as undefined | Parameters<SessionLike['setPermissionRequestHandler']>[0],
    check: undefined as undefined | Parameters<SessionLike['setPermissionCheckHandler']>[0],
    headers: undefined as undefined | Parameters<SessionLike['webRequest']['onHeadersReceived']>[0],
  };
  const session: SessionLike = {
    setPermissionRequestHandler: (h) => (s.request = h),
    setPermissionCheckHandler: (h) => (s.check = h),
    webRequest: { onHeadersReceived: (l) => (s.headers = l) },
  };
  return { session, s };
}

class FakeUpdater extends FakeEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  allowPrerelease = true;
  setFeedURL = vi.fn();
  checkForUpdates = vi.fn(async () => ({}));
  quitAndInstall = vi.fn();
}

function fakeDeps(
  options: {
    locked?: boolean;
    saved?: string;
    argv?: string[];
    packaged?: boolean;
    files?: Record<string, string>;
    updateUrl?: string;
    disk?: Record<string, Uint8Array>;
  } = {},
) {
  const app = new FakeEmitter() as FakeEmitter & AppLike;
  const paths: Record<string, string> = { appData: '/home/u/.config', documents: '/home/u/Documents' };
  Object.assign(app, {
    isPackaged: options.packaged ?? true,
    requestSingleInstanceLock: vi.fn(() => options.locked ?? true),
    enableSandbox: vi.fn(),
    quit: vi.fn(),
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => paths[name] ?? '',
    setPath: vi.fn((name: string, value: string) => {
      paths[name] = value;
    }),
    getVersion: () => '0.1.0',
    getLocale: () => 'zh-CN',
  });
  const windows: FakeWindow[] = [];
  const files: Record<string, string> = {
    ...(options.saved ? { '/home/u/.config/tianbao/window-state.json': options.saved } : {}),
    ...options.files,
  };
  const disk = options.disk ?? {};
  const updater = new FakeUpdater();
  const getUpdater = vi.fn(() => updater);
  const { session, s } = fakeSession();
  const menus: MenuItemConstructorOptions[][] = [];
  const handlers = new Map<string, unknown>();
  const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
  const deps: ShellDeps<IpcEventLike> = {
    app,
    protocol,
    session,
    ipcMain: { handle: (c, l) => handlers.set(c, l) },
    dialog: {
      showSaveDialog: async () => ({ canceled: true }),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    },
    shell: { openExternal: vi.fn(async () => undefined) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s) => Buffer.from(s),
      decryptString: (b) => b.toString(),
    },
    createWindow: (o) => {
      const w = new FakeWindow(o);
      windows.push(w);
      return w;
    },
    setApplicationMenu: (t) => menus.push(t),
    showAbout: vi.fn(),
    fs: {
      sync: {
        readFileSync: (p) => {
          const v = files[p];
          if (v === undefined) throw new Error('ENOENT');
          return v;
        },
        writeFileSync: (p, d) => {
          files[p] = d;
        },
        renameSync: (a, b) => {
          files[b] = files[a] ?? '';
          delete files[a];
        },
        unlinkSync: () => undefined,
        mkdirSync: () => undefined,
      },
      promises: {
        writeFile: vi.fn(),
        rename: vi.fn(),
        unlink: vi.fn(),
        mkdir: vi.fn(),
        stat: vi.fn(async (p: string) => {
          const d = disk[p];
          if (!d) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
          return { size: d.byteLength, isFile: () => true };
        }),
        readFile: vi.fn(async (p: string) => {
          const d = disk[p];
          if (!d) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
          return d;
        }),
        realpath: vi.fn(),
      } as unknown as ShellDeps<IpcEventLike>['fs']['promises'],
    },
    platform: 'linux',
    argv: options.argv ?? ['/opt/tianbao/tianbao'],
    cwd: '/home/u',
    getUpdater,
    ...(options.updateUrl ? { updateUrl: options.updateUrl } : {}),
    paths: {
      distDir: '/opt/tianbao/resources/app.asar/dist',
      preloadPath: '/opt/tianbao/resources/app.asar/dist-electron/preload.cjs',
    },
    log: vi.fn(),
  };
  return { deps, app, windows, files, s, menus, handlers, protocol, updater, getUpdater };
}

describe('main window options', () => {
  it('sets every security flag and the preload', () => {
    const o = createMainWindowOptions(DEFAULT_WINDOW_STATE, '/app/dist-electron/preload.cjs', '职教填报');
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist-electron/preload.cjs',
    });
    expect(o.show).toBe(false);
    expect(o.x).toBeUndefined();
  });
});

describe('startApp', () => {
  it('registers the scheme, enables the sandbox and pins userData before ready', async () => {
    const { deps, app, protocol } = fakeDeps();
    const started = startApp(deps);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(app.setPath).toHaveBeenCalledWith('userData', '/home/u/.config/tianbao');
    await started?.ready;
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('creates a secure window, loads app://tianbao and shows it when ready', async () => {
    const { deps, windows, menus, handlers } = fakeDeps();
    const started = startApp(deps);
    await started?.ready;
    expect(windows).toHaveLength(1);
    const win = windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(win.options.webPreferences?.preload).toBe(deps.paths.preloadPath);
    expect(win.loaded).toEqual([APP_START_URL]);
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
    expect(menus[0]?.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    expect([...handlers.keys()].sort()).toEqual(Object.values(IPC).sort());
    win.emit('closed');
    expect(started?.getMainWindow()).toBeNull();
  });

  it('restores a saved maximized window and saves state on close', async () => {
    const saved = JSON.stringify({ x: 100, y: 80, width: 1100, height: 750, maximized: true });
    const { deps, windows, files } = fakeDeps({ saved });
    await startApp(deps)?.ready;
    const win = windows[0]!;
    expect(win.options).toMatchObject({ x: 100, y: 80, width: 1100, height: 750 });
    win.emit('ready-to-show');
    expect(win.calls).toEqual(['maximize', 'show']);
    win.emit('close');
    expect(JSON.parse(files['/home/u/.config/tianbao/window-state.json'] ?? '{}')).toMatchObject({
      maximized: true,
    });
  });

  it('quits at once when another instance holds the lock', () => {
    const { deps, app, windows } = fakeDeps({ locked: false });
    expect(startApp(deps)).toBeNull();
    expect(app.quit).toHaveBeenCalled();
    expect(windows).toHaveLength(0);
  });

  it('focuses and restores the existing window on second-instance', async () => {
    const { deps, app, windows } = fakeDeps();
    await startApp(deps)?.ready;
    const win = windows[0]!;
    win.minimized = true;
    app.emit('second-instance', {}, ['tianbao'], '/home/u');
    expect(win.calls).toEqual(['restore', 'show', 'focus']);
    expect(windows).toHaveLength(1);
  });

  it('hardens every web contents the app creates', async () => {
    const { deps, app } = fakeDeps();
    startApp(deps);
    const { contents, open } = fakeContents();
    app.emit('web-contents-created', {}, contents);
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
  });

  it('quits when all windows close except on macOS', () => {
    const { deps, app } = fakeDeps();
    startApp(deps);
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalled();
  });
});

const ours = { senderFrame: { url: 'app://tianbao/index.html', parent: null } };
type Invoke = (
  event: unknown,
  ...args: unknown[]
) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
const invoke = (handlers: Map<string, unknown>, channel: string, ...args: unknown[]) =>
  (handlers.get(channel) as Invoke)(ours, ...args);

describe('packages opened from outside the app', () => {
  const pkg = new Uint8Array([0x50, 0x4b, 3, 4]);

  it('queues a .tbpkg named on the command line and hands it to the page once', async () => {
    const { deps, handlers } = fakeDeps({
      argv: ['/opt/tianbao/tianbao', '--no-sandbox', '甲校.tbpkg', '/home/u/表.xlsx'],
      disk: { '/home/u/甲校.tbpkg': pkg },
    });
    const started = startApp(deps);
    expect(started?.openedFiles.pending()).toBe(1);
    await started?.ready;
    const first = await invoke(handlers, IPC.openedFilesTake);
    expect(first).toEqual({
      ok: true,
      value: { files: [{ name: '甲校.tbpkg', size: 4, data: pkg }], failed: [] },
    });
    expect(await invoke(handlers, IPC.openedFilesTake)).toEqual({
      ok: true,
      value: { files: [], failed: [] },
    });
  });

  it('takes packages from a second launch, focuses the window and tells the page', async () => {
    const { deps, app, windows, handlers } = fakeDeps({ disk: { '/media/usb/乙校.TBPKG': pkg } });
    const started = startApp(deps);
    await started?.ready;
    const win = windows[0]!;
    app.emit('second-instance', {}, ['C:\\tianbao.exe', '乙校.TBPKG', '--flag'], '/media/usb');
    expect(win.sent).toEqual([IPC_EVENTS.openedFiles]);
    expect(win.calls).toContain('focus');
    const r = await invoke(handlers, IPC.openedFilesTake);
    expect(r.value).toMatchObject({ files: [{ name: '乙校.TBPKG' }], failed: [] });
    // A launch with nothing to open only focuses.
    app.emit('second-instance', {}, ['C:\\tianbao.exe'], '/media/usb');
    expect(win.sent).toHaveLength(1);
  });

  it('accepts macOS open-file events and reports unreadable files by name', async () => {
    const { deps, app, handlers } = fakeDeps();
    const started = startApp(deps);
    const event = { preventDefault: vi.fn() };
    app.emit('open-file', event, '/Users/u/丢失.tbpkg');
    app.emit('open-file', { preventDefault: vi.fn() }, '/Users/u/notes.txt');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(started?.openedFiles.pending()).toBe(1);
    await started?.ready;
    expect((await invoke(handlers, IPC.openedFilesTake)).value).toEqual({
      files: [],
      failed: [{ name: '丢失.tbpkg', message: '找不到文件“丢失.tbpkg”。' }],
    });
  });
});

describe('automatic updates in the shell', () => {
  const settingsPath = '/home/u/.config/tianbao/update-settings.json';

  it('are off by default and never create the updater', async () => {
    const { deps, handlers, getUpdater } = fakeDeps({ updateUrl: 'https://updates.example.cn/tianbao/' });
    const started = startApp(deps);
    await started?.ready;
    expect((await invoke(handlers, IPC.updateState)).value).toMatchObject({
      status: 'disabled',
      enabled: false,
      url: 'https://updates.example.cn/tianbao/',
      urlSource: 'env',
      currentVersion: '0.1.0',
    });
    await invoke(handlers, IPC.updateCheck);
    expect(getUpdater).not.toHaveBeenCalled();
    started?.getUpdates()?.stop();
  });

  it('are unsupported in an unpacked development build', async () => {
    const { deps, handlers } = fakeDeps({ packaged: false });
    await startApp(deps)?.ready;
    expect((await invoke(handlers, IPC.updateState)).value).toMatchObject({
      status: 'unsupported',
      unsupportedReason: 'unpackaged',
    });
  });

  it('save settings in userData, check with the generic provider and tell the page', async () => {
    const { deps, handlers, windows, files, updater } = fakeDeps();
    const started = startApp(deps);
    await started?.ready;
    const r = await invoke(handlers, IPC.updateSettings, {
      enabled: true,
      url: 'https://updates.example.cn/tb/',
    });
    expect(r).toMatchObject({ ok: true, value: { enabled: true, status: 'idle', urlSource: 'settings' } });
    expect(JSON.parse(files[settingsPath] ?? '{}')).toEqual({
      enabled: true,
      url: 'https://updates.example.cn/tb/',
    });
    expect(windows[0]?.sent).toContain(IPC_EVENTS.updateChanged);
    await invoke(handlers, IPC.updateCheck);
    expect(updater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://updates.example.cn/tb/',
    });
    expect(updater.checkForUpdates).toHaveBeenCalled();
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    started?.getUpdates()?.stop();
  });

  it('read saved settings on start', async () => {
    const { deps, handlers } = fakeDeps({
      files: { [settingsPath]: JSON.stringify({ enabled: true, url: 'https://u.example.cn/' }) },
    });
    const started = startApp(deps);
    await started?.ready;
    expect((await invoke(handlers, IPC.updateState)).value).toMatchObject({ status: 'idle', enabled: true });
    started?.getUpdates()?.stop();
  });
});

describe('signing in the shell', () => {
  it('signs in the OS language and keeps the certificate folder in userData', async () => {
    const certs = makeTestCerts();
    const doc = await PDFDocument.create();
    doc.addPage();
    const pdf = await doc.save();
    const { deps, app, handlers, files } = fakeDeps({
      disk: { '/media/key/office.pfx': certs.education.p12.slice() },
    });
    Object.assign(app, { getLocale: () => 'en-US' });
    const showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: ['/media/key/office.pfx'] }));
    deps.dialog = { ...deps.dialog, showOpenDialog };
    await startApp(deps)?.ready;

    const r = await invoke(handlers, IPC.signPdf, { data: pdf, suggestedName: 'r.pdf', password: 'nope' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'wrong-password',
        message:
          '"office.pfx": Wrong password: the certificate file cannot be opened; check its password. Nothing was signed or written.',
      },
    });
    expect(JSON.parse(files['/home/u/.config/tianbao/signing.json'] ?? '{}')).toEqual({
      lastCertificateDir: '/media/key',
    });
    expect(Object.values(files).join('\n')).not.toContain('nope');
    expect(deps.fs.promises.writeFile).not.toHaveBeenCalled();

    await invoke(handlers, IPC.signPdf, { data: pdf, suggestedName: 'r.pdf', password: 'nope' });
    expect(showOpenDialog).toHaveBeenLastCalledWith(
      ours,
      expect.objectContaining({ defaultPath: '/media/key' }),
    );
  });
});

describe('focusWindow', () => {
  it('is safe without a window', () => {
    expect(focusWindow(null)).toBe(false);
    const w = new FakeWindow({});
    w.destroyed = true;
    expect(focusWindow(w)).toBe(false);
  });
});

describe('web contents hardening', () => {
  function harden() {
    const shell = { openExternal: vi.fn(async () => undefined) };
    const c = fakeContents();
    hardenWebContents(c.contents, shell, vi.fn());
    const navigate = (url: string, viaDetails = true) => {
      const event = { preventDefault: vi.fn(), ...(viaDetails ? { url } : {}) };
      c.emitter.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    return { ...c, shell, navigate };
  }

  it('allows navigation only within our origin', () => {
    const { navigate, shell } = harden();
    expect(navigate('app://tianbao/index.html#/x')).toBe(false);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('javascript:alert(1)', false)).toBe(true);
    expect(navigate('http://evil.example/')).toBe(true);
    // A plain http(s) link leaves the app for the OS browser, nothing else does.
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('http://evil.example/');
  });

  it('denies window.open except for our origin, which gets the secure preferences', () => {
    const { open, shell } = harden();
    const own = open('app://tianbao/print.html');
    expect(own).toMatchObject({ action: 'allow' });
    expect(own?.action === 'allow' && own.overrideBrowserWindowOptions?.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(open('file:///C:/Windows/System32/calc.exe')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(open('https://www.moe.gov.cn/')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.moe.gov.cn/');
  });

  it('blocks webviews and foreign redirects', () => {
    const { emitter } = harden();
    const webview = { preventDefault: vi.fn() };
    emitter.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn(), url: 'https://evil.example/' };
    emitter.emit('will-redirect', redirect, redirect.url);
    expect(redirect.preventDefault).toHaveBeenCalled();
  });
});

describe('session configuration', () => {
  it('denies permissions except clipboard-sanitized-write from our origin', () => {
    const { session, s } = fakeSession();
    configureSession(session);
    const ask = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      s.request?.({}, permission, (g) => (granted = g), { requestingUrl });
      return granted;
    };
    expect(ask('clipboard-sanitized-write', 'app://tianbao/index.html')).toBe(true);
    expect(ask('media', 'app://tianbao/index.html')).toBe(false);
    expect(ask('geolocation', 'app://tianbao/index.html')).toBe(false);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(s.check?.({}, 'notifications', 'app://tianbao', {})).toBe(false);
    expect(s.check?.({}, 'clipboard-sanitized-write', 'app://tianbao', {})).toBe(true);
  });

  it('puts our CSP on every response', () => {
    const { session, s } = fakeSession();
    configureSession(session);
    let headers: Record<string, string | string[]> | undefined;
    s.headers?.(
      {
        url: 'app://tianbao/index.html',
        responseHeaders: { 'Content-Security-Policy': ['default-src *'], 'Content-Type': ['text/html'] },
      },
      (r) => {
        headers = r.responseHeaders;
      },
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    const devtools = vi.fn();
    s.headers?.({ url: 'devtools://devtools/bundled/inspector.html', responseHeaders: {} }, devtools);
    expect(devtools).toHaveBeenCalledWith({});
  });
});
