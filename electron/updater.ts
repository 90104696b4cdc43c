/**
 * Automatic updates over electron-updater's generic provider, off by default. When the user turns
 * them on (or IT pre-seeds update-settings.json) and a feed address is known (the saved one, else
 * TIANBAO_UPDATE_URL), the app checks a minute after start and every six hours, downloads in the
 * background, and tells the renderer an update is ready. It never restarts by itself: the update
 * is installed when the user chooses 重启并更新, or by electron-updater at the next normal quit.
 * The electron-updater object is injected, so every rule here is unit-tested with a fake.
 */
import {
  isUpdateFeedUrl,
  updateSettingsSchema,
  type UpdateSettings,
  type UpdateState,
} from '../shared/host/api.ts';
import type { Translate } from './i18n.ts';
import { writeJsonAtomic, type WindowStateFs } from './window-state.ts';

export const UPDATE_SETTINGS_FILE = 'update-settings.json';
export const DEFAULT_UPDATE_SETTINGS: Readonly<UpdateSettings> = Object.freeze({ enabled: false, url: null });
export const FIRST_CHECK_DELAY_MS = 60_000;
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

// electron-updater's emitter takes listeners of any shape; each handler below knows its event.
/* eslint-disable @typescript-eslint/no-explicit-any */
/** The parts of electron-updater's AppUpdater we use. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Reads the saved settings; a missing, damaged or hand-edited invalid file means the defaults. */
export function loadUpdateSettings(
  fs: Pick<WindowStateFs, 'readFileSync'>,
  filePath: string,
): UpdateSettings {
  try {
    const parsed = updateSettingsSchema.safeParse(JSON.parse(fs.readFileSync(filePath, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Falls through to the defaults.
  }
  return { ...DEFAULT_UPDATE_SETTINGS };
}

export function saveUpdateSettings(
  fs: WindowStateFs,
  filePath: string,
  dirname: string,
  settings: UpdateSettings,
): void {
  writeJsonAtomic(fs, filePath, settings, dirname);
}

/** The saved address wins; TIANBAO_UPDATE_URL is the fallback; anything not https is ignored. */
export function resolveFeedUrl(
  settings: UpdateSettings,
  envUrl: string | undefined,
): { url: string | null; source: UpdateState['urlSource'] } {
  if (settings.url && isUpdateFeedUrl(settings.url)) return { url: settings.url, source: 'settings' };
  const env = envUrl?.trim();
  if (env && isUpdateFeedUrl(env)) return { url: env, source: 'env' };
  return { url: null, source: 'none' };
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms);
    // Electron's lifetime does not depend on Node handles; unref keeps tests from waiting.
    (h as { unref?: () => void }).unref?.();
    return h;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface UpdateControllerOptions {
  /** electron-updater's autoUpdater, fetched lazily: it is created on first access. */
  getUpdater(): AutoUpdaterLike;
  /** False where electron-updater cannot work: not packaged, or an OS we do not ship for. */
  supported: { ok: true } | { ok: false; reason: 'unpackaged' | 'platform' };
  currentVersion: string;
  envUrl: string | undefined;
  settings: { load(): UpdateSettings; save(settings: UpdateSettings): void };
  /** Called on every state change (main.ts tells the renderer). */
  onChange(): void;
  t(): Translate;
  log(message: string, error?: unknown): void;
  timers?: Timers;
  now?: () => Date;
  firstCheckDelayMs?: number;
  intervalMs?: number;
}

export interface UpdateController {
  getState(): UpdateState;
  setSettings(settings: UpdateSettings): UpdateState;
  checkNow(): Promise<UpdateState>;
  restartToUpdate(): boolean;
  /** Schedules the first check when updates are on. */
  start(): void;
  stop(): void;
}

type Phase =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'downloading'; version?: string; percent: number }
  | { status: 'ready'; version?: string }
  | { status: 'error'; message: string };

function versionOf(info: unknown): string | undefined {
  const v = (info as { version?: unknown } | null | undefined)?.version;
  return typeof v === 'string' && v.length <= 64 ? v : undefined;
}

export function createUpdateController(options: UpdateControllerOptions): UpdateController {
  const timers = options.timers ?? realTimers;
  const now = options.now ?? (() => new Date());
  const firstDelay = options.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS;
  const interval = options.intervalMs ?? CHECK_INTERVAL_MS;
  let settings = options.settings.load();
  let phase: Phase = { status: 'idle' };
  let lastCheckedAt: string | undefined;
  let updater: AutoUpdaterLike | undefined;
  let feedInUse: string | undefined;
  let timer: unknown;
  let checking: Promise<void> | undefined;
  /** electron-updater answered null: it cannot update this installation (e.g. a copied binary). */
  let inactive = false;

  const feed = () => resolveFeedUrl(settings, options.envUrl);
  const active = (): boolean => options.supported.ok && !inactive && settings.enabled && feed().url !== null;

  function getState(): UpdateState {
    const { url, source } = feed();
    const base = {
      enabled: settings.enabled,
      url,
      urlSource: source,
      currentVersion: options.currentVersion,
      ...(lastCheckedAt ? { lastCheckedAt } : {}),
    };
    if (!options.supported.ok)
      return { ...base, status: 'unsupported', unsupportedReason: options.supported.reason };
    if (inactive) return { ...base, status: 'unsupported', unsupportedReason: 'platform' };
    // A downloaded update stays announced even if updates were turned off since: it is on disk.
    if (phase.status === 'ready') {
      return { ...base, status: 'ready', ...(phase.version ? { availableVersion: phase.version } : {}) };
    }
    if (!active()) return { ...base, status: 'disabled' };
    switch (phase.status) {
      case 'downloading':
        return {
          ...base,
          status: 'downloading',
          percent: phase.percent,
          ...(phase.version ? { availableVersion: phase.version } : {}),
        };
      case 'error':
        return { ...base, status: 'error', message: phase.message };
      default:
        return { ...base, status: phase.status };
    }
  }

  function setPhase(next: Phase): void {
    phase = next;
    options.onChange();
  }

  /** Creates and wires electron-updater once, on first use: nothing touches the network before. */
  function ensureUpdater(): AutoUpdaterLike {
    if (updater) return updater;
    const u = options.getUpdater();
    u.autoDownload = true;
    u.autoInstallOnAppQuit = settings.enabled;
    u.allowDowngrade = false;
    u.allowPrerelease = false;
    u.on('checking-for-update', () => {
      if (phase.status !== 'ready' && phase.status !== 'downloading') setPhase({ status: 'checking' });
    });
    u.on('update-not-available', () => {
      lastCheckedAt = now().toISOString();
      if (phase.status !== 'ready') setPhase({ status: 'idle' });
    });
    u.on('update-available', (info: unknown) => {
      lastCheckedAt = now().toISOString();
      const version = versionOf(info);
      setPhase({ status: 'downloading', ...(version ? { version } : {}), percent: 0 });
    });
    u.on('download-progress', (progress: { percent?: unknown } | undefined) => {
      if (phase.status !== 'downloading') return;
      const raw = typeof progress?.percent === 'number' ? progress.percent : 0;
      const percent = Math.max(0, Math.min(100, Math.floor(raw)));
      // One notification per whole percent, not per network chunk.
      if (percent !== phase.percent) setPhase({ ...phase, percent });
    });
    u.on('update-downloaded', (info: unknown) => {
      const version = versionOf(info) ?? (phase.status === 'downloading' ? phase.version : undefined);
      setPhase({ status: 'ready', ...(version ? { version } : {}) });
      cancelTimer();
    });
    u.on('error', (error: unknown) => {
      options.log('update failed', error);
      if (phase.status === 'ready') return;
      setPhase({ status: 'error', message: options.t()('update.failed') });
    });
    updater = u;
    return u;
  }

  function cancelTimer(): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  }

  function schedule(ms: number): void {
    cancelTimer();
    if (!active() || phase.status === 'ready') return;
    timer = timers.setTimeout(() => {
      timer = undefined;
      void check().finally(() => schedule(interval));
    }, ms);
  }

  async function check(): Promise<void> {
    if (!active() || phase.status === 'ready') return;
    if (checking) return checking;
    const url = feed().url!;
    checking = (async () => {
      const u = ensureUpdater();
      if (feedInUse !== url) {
        u.setFeedURL({ provider: 'generic', url });
        feedInUse = url;
      }
      try {
        // With autoDownload the download continues in the background after this settles.
        const result = await u.checkForUpdates();
        if (result === null) {
          // Not an installation electron-updater can replace (AppImage run under another name,
          // unpacked copy...): say so once instead of pretending to be up to date.
          inactive = true;
          cancelTimer();
          options.onChange();
        }
      } catch (error) {
        options.log('update check failed', error);
        if ((phase as Phase).status !== 'ready')
          setPhase({ status: 'error', message: options.t()('update.failed') });
      }
    })().finally(() => {
      checking = undefined;
    });
    return checking;
  }

  return {
    getState,
    setSettings(next) {
      const before = feed().url;
      const wasActive = active();
      settings = { enabled: next.enabled, url: next.url };
      options.settings.save(settings);
      // Turning updates off also stops a downloaded update from being installed at quit.
      if (updater) updater.autoInstallOnAppQuit = settings.enabled;
      if (!active()) cancelTimer();
      else if (!wasActive || before !== feed().url) {
        if (phase.status === 'error') phase = { status: 'idle' };
        // Just turned on, or a new address: check soon, then on the usual rhythm.
        schedule(0);
      }
      options.onChange();
      return getState();
    },
    async checkNow() {
      await check();
      return getState();
    },
    restartToUpdate() {
      if (phase.status !== 'ready' || !updater) return false;
      // isSilent false: the Windows installer shows its progress; isForceRunAfter: reopen the app.
      updater.quitAndInstall(false, true);
      return true;
    },
    start() {
      schedule(firstDelay);
    },
    stop: cancelTimer,
  };
}
