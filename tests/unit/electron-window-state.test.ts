import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  captureWindowState,
  isVisibleOnSomeDisplay,
  loadWindowState,
  parseWindowState,
  restoreWindowState,
  saveWindowState,
  trackWindowState,
  type TrackedWindow,
  type WindowStateFs,
} from '../../electron/window-state.ts';

const oneScreen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] };
const twoScreens = {
  getAllDisplays: () => [
    { workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
    { workArea: { x: 1920, y: 0, width: 1280, height: 1024 } },
  ],
};

/** An in-memory fs that records every call, to check the order of writes. */
function memoryFs(files: Record<string, string> = {}) {
  const calls: string[] = [];
  const fs: WindowStateFs = {
    readFileSync: (p) => {
      const v = files[p];
      if (v === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return v;
    },
    writeFileSync: (p, data) => {
      calls.push(`write ${p}`);
      files[p] = data;
    },
    renameSync: (from, to) => {
      calls.push(`rename ${from} -> ${to}`);
      const v = files[from];
      if (v === undefined) throw new Error('missing temp');
      files[to] = v;
      delete files[from];
    },
    unlinkSync: (p) => {
      calls.push(`unlink ${p}`);
      delete files[p];
    },
    mkdirSync: () => undefined,
  };
  return { fs, files, calls };
}

describe('window state validation', () => {
  it('accepts a well-formed state and rejects junk', () => {
    expect(parseWindowState({ x: 10, y: 20, width: 1000, height: 700, maximized: true })).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: true,
    });
    for (const bad of [
      null,
      'x',
      [],
      { width: 'big', height: 700 },
      { width: 100, height: 100 },
      { width: 1e9, height: 700 },
    ]) {
      expect(parseWindowState(bad)).toBeNull();
    }
  });

  it('checks that enough of the window is on a display', () => {
    expect(
      isVisibleOnSomeDisplay({ x: 100, y: 100, width: 1000, height: 700 }, oneScreen.getAllDisplays()),
    ).toBe(true);
    expect(
      isVisibleOnSomeDisplay({ x: 1880, y: 100, width: 1000, height: 700 }, oneScreen.getAllDisplays()),
    ).toBe(false);
    expect(
      isVisibleOnSomeDisplay({ x: 2000, y: 100, width: 1000, height: 700 }, twoScreens.getAllDisplays()),
    ).toBe(true);
  });
});

describe('restore', () => {
  it('restores a saved state that is on screen', () => {
    const saved = { x: 2000, y: 50, width: 1100, height: 800, maximized: false };
    expect(restoreWindowState(saved, twoScreens)).toEqual(saved);
  });

  it('falls back to defaults when the saved bounds are off-screen (monitor unplugged)', () => {
    const saved = { x: 2000, y: 50, width: 1100, height: 800, maximized: true };
    expect(restoreWindowState(saved, oneScreen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(
      restoreWindowState({ x: -5000, y: -5000, width: 900, height: 700, maximized: false }, oneScreen),
    ).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('uses defaults for a missing or corrupt file', () => {
    expect(loadWindowState(memoryFs().fs, '/u/window-state.json', oneScreen)).toEqual(DEFAULT_WINDOW_STATE);
    const { fs } = memoryFs({ '/u/window-state.json': '{"x":1,"y":' });
    expect(loadWindowState(fs, '/u/window-state.json', oneScreen)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('round-trips through save and load', () => {
    const { fs } = memoryFs();
    const state = { x: 40, y: 30, width: 1200, height: 760, maximized: true };
    saveWindowState(fs, '/u/window-state.json', '/u', state);
    expect(loadWindowState(fs, '/u/window-state.json', oneScreen)).toEqual(state);
  });
});

describe('atomic save', () => {
  it('writes a temp file and renames it over the target', () => {
    const { fs, files, calls } = memoryFs({ '/u/window-state.json': '{"old":true}' });
    saveWindowState(fs, '/u/window-state.json', '/u', {
      x: 0,
      y: 0,
      width: 900,
      height: 700,
      maximized: false,
    });
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^write \/u\/window-state\.json\..+\.tmp$/);
    expect(calls[1]).toMatch(/^rename \/u\/window-state\.json\..+\.tmp -> \/u\/window-state\.json$/);
    expect(Object.keys(files)).toEqual(['/u/window-state.json']);
  });

  it('leaves the old file intact and removes the temp file when the write fails', () => {
    const { fs, files } = memoryFs({ '/u/window-state.json': '{"old":true}' });
    fs.writeFileSync = (p) => {
      files[p] = 'partial';
      throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
    };
    expect(() =>
      saveWindowState(fs, '/u/window-state.json', '/u', {
        x: 0,
        y: 0,
        width: 900,
        height: 700,
        maximized: false,
      }),
    ).toThrow('no space');
    expect(files).toEqual({ '/u/window-state.json': '{"old":true}' });
  });
});

describe('tracking', () => {
  function fakeWindow() {
    const listeners = new Map<string, () => void>();
    const win: TrackedWindow & { fire(e: string): void; maximized: boolean; minimized: boolean } = {
      maximized: false,
      minimized: false,
      isMaximized: () => win.maximized,
      isMinimized: () => win.minimized,
      isFullScreen: () => false,
      getNormalBounds: () => ({ x: 5, y: 6, width: 1000, height: 700 }),
      on: (event, listener) => listeners.set(event, listener),
      fire: (e) => listeners.get(e)?.(),
    };
    return win;
  }

  it('debounces saves on move/resize and saves at once on close', () => {
    vi.useFakeTimers();
    try {
      const win = fakeWindow();
      const save = vi.fn();
      trackWindowState(win, { save, debounceMs: 100 });
      win.fire('resize');
      win.fire('move');
      expect(save).not.toHaveBeenCalled();
      vi.advanceTimersByTime(100);
      expect(save).toHaveBeenCalledTimes(1);
      win.maximized = true;
      win.fire('maximize');
      win.fire('close');
      expect(save).toHaveBeenCalledTimes(2);
      expect(save).toHaveBeenLastCalledWith({ x: 5, y: 6, width: 1000, height: 700, maximized: true });
      vi.advanceTimersByTime(1000);
      expect(save).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the last good state while minimized and reports save errors', () => {
    const win = fakeWindow();
    const onError = vi.fn();
    const save = vi.fn(() => {
      throw new Error('disk');
    });
    trackWindowState(win, { save, onError });
    win.minimized = true;
    win.fire('close');
    expect(save).not.toHaveBeenCalled();
    win.minimized = false;
    win.fire('close');
    expect(onError).toHaveBeenCalledOnce();
    expect(captureWindowState(win).maximized).toBe(false);
  });
});
