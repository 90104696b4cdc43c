import { describe, expect, it, vi } from 'vitest';
import { isUpdateFeedUrl, type UpdateSettings } from '../../shared/host/api.ts';
import { createElectronTranslate } from '../../electron/i18n.ts';
import {
  CHECK_INTERVAL_MS,
  FIRST_CHECK_DELAY_MS,
  createUpdateController,
  loadUpdateSettings,
  resolveFeedUrl,
  saveUpdateSettings,
  type AutoUpdaterLike,
  type Timers,
  type UpdateControllerOptions,
} from '../../electron/updater.ts';
import type { WindowStateFs } from '../../electron/window-state.ts';

type Listener = (...args: unknown[]) => void;

class FakeUpdater implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  allowPrerelease = true;
  listeners = new Map<string, Listener[]>();
  setFeedURL = vi.fn();
  checkForUpdates = vi.fn(async (): Promise<unknown> => ({ updateInfo: { version: '0.1.0' } }));
  quitAndInstall = vi.fn();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

/** Timers driven by hand: `run` fires every due callback up to a time. */
function manualTimers() {
  let now = 0;
  let nextId = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      nextId += 1;
      pending.set(nextId, { at: now + ms, fn });
      return nextId;
    },
    clearTimeout: (h) => {
      pending.delete(h as number);
    },
  };
  return {
    timers,
    pending: () => [...pending.values()].map((p) => p.at - now),
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, p]) => p.at <= until).sort((a, b) => a[1].at - b[1].at);
        if (due.length === 0) break;
        const [id, p] = due[0]!;
        pending.delete(id);
        now = p.at;
        p.fn();
        // Let the check's promise chain settle before the next timer.
        for (let i = 0; i < 10; i++) await Promise.resolve();
      }
      now = until;
    },
  };
}

function setup(
  options: {
    settings?: UpdateSettings;
    envUrl?: string;
    supported?: UpdateControllerOptions['supported'];
  } = {},
) {
  const updater = new FakeUpdater();
  const getUpdater = vi.fn(() => updater);
  let saved = options.settings ?? { enabled: false, url: null };
  const save = vi.fn((s: UpdateSettings) => {
    saved = s;
  });
  const onChange = vi.fn();
  const log = vi.fn();
  const clock = manualTimers();
  const controller = createUpdateController({
    getUpdater,
    supported: options.supported ?? { ok: true },
    currentVersion: '0.1.0',
    envUrl: options.envUrl,
    settings: { load: () => saved, save },
    onChange,
    t: () => createElectronTranslate('zh-CN'),
    log,
    timers: clock.timers,
    now: () => new Date('2026-03-01T08:00:00Z'),
  });
  return { controller, updater, getUpdater, save, onChange, log, clock, saved: () => saved };
}

const FEED = 'https://updates.example.cn/tianbao/';
const ON: UpdateSettings = { enabled: true, url: FEED };

describe('feed addresses', () => {
  it('accepts https anywhere and http only on this machine, never credentials', () => {
    expect(isUpdateFeedUrl(FEED)).toBe(true);
    expect(isUpdateFeedUrl('http://127.0.0.1:8080/feed/')).toBe(true);
    expect(isUpdateFeedUrl('http://localhost/feed/')).toBe(true);
    expect(isUpdateFeedUrl('http://updates.example.cn/')).toBe(false);
    expect(isUpdateFeedUrl('https://u:p@updates.example.cn/')).toBe(false);
    expect(isUpdateFeedUrl('file:///etc/')).toBe(false);
    expect(isUpdateFeedUrl('updates.example.cn')).toBe(false);
    expect(isUpdateFeedUrl(`https://x.cn/${'a'.repeat(2100)}`)).toBe(false);
  });

  it('prefers the saved address, falls back to TIANBAO_UPDATE_URL, ignores anything unsafe', () => {
    expect(resolveFeedUrl(ON, 'https://env.example.cn/')).toEqual({ url: FEED, source: 'settings' });
    expect(resolveFeedUrl({ enabled: true, url: null }, ' https://env.example.cn/ ')).toEqual({
      url: 'https://env.example.cn/',
      source: 'env',
    });
    expect(resolveFeedUrl({ enabled: true, url: null }, 'http://env.example.cn/')).toEqual({
      url: null,
      source: 'none',
    });
    expect(resolveFeedUrl({ enabled: true, url: null }, undefined)).toEqual({ url: null, source: 'none' });
  });
});

describe('settings file', () => {
  function memFs(initial: Record<string, string> = {}) {
    const files = { ...initial };
    const fs: WindowStateFs = {
      readFileSync: (p) => {
        const v = files[p];
        if (v === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return v;
      },
      writeFileSync: (p, d) => {
        files[p] = d;
      },
      renameSync: (a, b) => {
        files[b] = files[a]!;
        delete files[a];
      },
      unlinkSync: (p) => {
        delete files[p];
      },
      mkdirSync: () => undefined,
    };
    return { fs, files };
  }

  it('defaults to off and survives a missing, damaged or tampered file', () => {
    const p = '/u/update-settings.json';
    expect(loadUpdateSettings(memFs().fs, p)).toEqual({ enabled: false, url: null });
    expect(loadUpdateSettings(memFs({ [p]: '{"enabled": tru' }).fs, p)).toEqual({
      enabled: false,
      url: null,
    });
    expect(
      loadUpdateSettings(
        memFs({ [p]: JSON.stringify({ enabled: true, url: 'http://evil.example/' }) }).fs,
        p,
      ),
    ).toEqual({ enabled: false, url: null });
  });

  it('writes atomically and reads back what it wrote', () => {
    const p = '/u/update-settings.json';
    const { fs, files } = memFs();
    saveUpdateSettings(fs, p, '/u', ON);
    expect(Object.keys(files)).toEqual([p]);
    expect(loadUpdateSettings(fs, p)).toEqual(ON);
  });
});

describe('update controller', () => {
  it('is off by default: no updater, no timer, no network', async () => {
    const { controller, getUpdater, clock } = setup({ envUrl: FEED });
    controller.start();
    expect(clock.pending()).toEqual([]);
    expect(controller.getState()).toMatchObject({
      status: 'disabled',
      enabled: false,
      url: FEED,
      urlSource: 'env',
    });
    await controller.checkNow();
    expect(getUpdater).not.toHaveBeenCalled();
  });

  it('stays disabled when on but without any feed address', async () => {
    const { controller, getUpdater, clock } = setup({ settings: { enabled: true, url: null } });
    controller.start();
    expect(clock.pending()).toEqual([]);
    expect(controller.getState()).toMatchObject({ status: 'disabled', enabled: true, url: null });
    await controller.checkNow();
    expect(getUpdater).not.toHaveBeenCalled();
  });

  it('is unsupported where electron-updater cannot work, whatever the settings', async () => {
    const { controller, getUpdater, clock } = setup({
      settings: ON,
      supported: { ok: false, reason: 'unpackaged' },
    });
    controller.start();
    await controller.checkNow();
    expect(clock.pending()).toEqual([]);
    expect(getUpdater).not.toHaveBeenCalled();
    expect(controller.getState()).toMatchObject({ status: 'unsupported', unsupportedReason: 'unpackaged' });
  });

  it('checks a minute after start, then every six hours, with the generic provider', async () => {
    const { controller, updater, clock } = setup({ settings: ON });
    controller.start();
    expect(clock.pending()).toEqual([FIRST_CHECK_DELAY_MS]);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: FEED });
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater).toMatchObject({
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowDowngrade: false,
      allowPrerelease: false,
    });
    expect(clock.pending()).toEqual([CHECK_INTERVAL_MS]);
    await clock.advance(CHECK_INTERVAL_MS);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    // The feed is set once, not on every check.
    expect(updater.setFeedURL).toHaveBeenCalledTimes(1);
  });

  it('reports checking, downloading with whole percents, then ready; never installs by itself', async () => {
    const { controller, updater, onChange, clock } = setup({ settings: ON });
    await controller.checkNow();
    updater.emit('checking-for-update');
    expect(controller.getState().status).toBe('checking');
    updater.emit('update-available', { version: '0.2.0' });
    expect(controller.getState()).toMatchObject({
      status: 'downloading',
      availableVersion: '0.2.0',
      percent: 0,
      lastCheckedAt: '2026-03-01T08:00:00.000Z',
    });
    const before = onChange.mock.calls.length;
    updater.emit('download-progress', { percent: 41.2 });
    updater.emit('download-progress', { percent: 41.9 });
    updater.emit('download-progress', { percent: 250 });
    expect(onChange.mock.calls.length - before).toBe(2);
    expect(controller.getState().percent).toBe(100);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(controller.getState()).toMatchObject({ status: 'ready', availableVersion: '0.2.0' });
    // No more checks once an update waits, and nothing restarts the app.
    controller.start();
    expect(clock.pending()).toEqual([]);
    await clock.advance(CHECK_INTERVAL_MS * 3);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('installs only when the user asks, and only a downloaded update', async () => {
    const { controller, updater } = setup({ settings: ON });
    expect(controller.restartToUpdate()).toBe(false);
    await controller.checkNow();
    updater.emit('update-available', { version: '0.2.0' });
    expect(controller.restartToUpdate()).toBe(false);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(controller.restartToUpdate()).toBe(true);
    expect(updater.quitAndInstall).toHaveBeenCalledExactlyOnceWith(false, true);
  });

  it('turns failures into a message in the user language and keeps details in the log', async () => {
    const { controller, updater, log } = setup({ settings: ON });
    updater.checkForUpdates.mockRejectedValueOnce(new Error('getaddrinfo ENOTFOUND updates.example.cn'));
    const state = await controller.checkNow();
    expect(state).toMatchObject({ status: 'error', message: '检查或下载更新失败，稍后会自动重试。' });
    expect(JSON.stringify(state)).not.toContain('ENOTFOUND');
    expect(log).toHaveBeenCalledWith('update check failed', expect.any(Error));
    updater.emit('update-not-available');
    expect(controller.getState().status).toBe('idle');
    updater.emit('update-downloaded', { version: '0.3.0' });
    updater.emit('error', new Error('late'));
    expect(controller.getState().status).toBe('ready');
  });

  it('saves settings, checks soon after turning on, and stops when turned off', async () => {
    const { controller, save, clock, updater, saved } = setup({ envUrl: FEED });
    controller.start();
    expect(controller.setSettings({ enabled: true, url: null })).toMatchObject({
      status: 'idle',
      urlSource: 'env',
    });
    expect(save).toHaveBeenCalledWith({ enabled: true, url: null });
    expect(clock.pending()).toEqual([0]);
    await clock.advance(0);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(controller.setSettings({ enabled: false, url: null })).toMatchObject({ status: 'disabled' });
    expect(saved()).toEqual({ enabled: false, url: null });
    expect(clock.pending()).toEqual([]);
    // A downloaded update is no longer installed at quit once updates are off.
    expect(updater.autoInstallOnAppQuit).toBe(false);
  });

  it('switches to a new saved address at the next check', async () => {
    const { controller, updater, clock } = setup({ settings: ON });
    await controller.checkNow();
    controller.setSettings({ enabled: true, url: 'https://mirror.example.cn/tb/' });
    await clock.advance(0);
    expect(updater.setFeedURL.mock.calls).toEqual([
      [{ provider: 'generic', url: FEED }],
      [{ provider: 'generic', url: 'https://mirror.example.cn/tb/' }],
    ]);
  });

  it('says updates are unsupported when electron-updater cannot update this installation', async () => {
    const { controller, updater, clock } = setup({ settings: ON });
    controller.start();
    updater.checkForUpdates.mockResolvedValueOnce(null);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(controller.getState()).toMatchObject({ status: 'unsupported', unsupportedReason: 'platform' });
    expect(clock.pending()).toEqual([]);
  });

  it('runs one check at a time', async () => {
    const { controller, updater } = setup({ settings: ON });
    let release!: () => void;
    updater.checkForUpdates.mockImplementationOnce(() => new Promise((r) => (release = () => r({}))));
    const a = controller.checkNow();
    const b = controller.checkNow();
    release();
    await Promise.all([a, b]);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
  });
});
