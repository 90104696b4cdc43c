/**
 * Remembers the main window's bounds and maximized state between launches. Pure apart from the
 * injected fs and screen, so restore and save rules are unit-tested. Synchronous fs on purpose:
 * the last save happens in the window's `close` handler, and an async write could be cut off by
 * the process exiting.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent when the OS should place the window (first launch, or the saved place is gone). */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: Readonly<WindowState> = Object.freeze({
  width: 1280,
  height: 800,
  maximized: false,
});
export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const;
const MAX_DIMENSION = 32_000;
/** At least this much of the window must be on some display, so the title bar can be grabbed. */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

export interface WindowStateFs {
  readFileSync(filePath: string, encoding: 'utf8'): string;
  writeFileSync(filePath: string, data: string, options: { encoding: 'utf8'; mode?: number }): void;
  renameSync(from: string, to: string): void;
  unlinkSync(filePath: string): void;
  mkdirSync(dirPath: string, options: { recursive: true }): unknown;
}

export interface ScreenLike {
  getAllDisplays(): ReadonlyArray<{ workArea: Rect }>;
}

function isFiniteInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_DIMENSION;
}

/** Accepts only a well-formed state; anything else (hand-edited, truncated, old format) is null. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const { width, height, x, y, maximized } = v;
  if (!isFiniteInt(width) || !isFiniteInt(height)) return null;
  if (width < MIN_WINDOW_SIZE.width || height < MIN_WINDOW_SIZE.height) return null;
  const state: WindowState = {
    width: Math.round(width),
    height: Math.round(height),
    maximized: maximized === true,
  };
  if (isFiniteInt(x) && isFiniteInt(y)) {
    state.x = Math.round(x);
    state.y = Math.round(y);
  }
  return state;
}

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** True when a usable part of `bounds` lies on one of the displays (monitors get unplugged). */
export function isVisibleOnSomeDisplay(bounds: Rect, displays: ReadonlyArray<{ workArea: Rect }>): boolean {
  return displays.some(({ workArea }) => {
    const i = intersection(bounds, workArea);
    return i.width >= MIN_VISIBLE.width && i.height >= MIN_VISIBLE.height;
  });
}

/**
 * The state to open the window with: the saved one if it is valid and on a visible display;
 * the defaults otherwise.
 */
export function restoreWindowState(saved: unknown, screen: ScreenLike): WindowState {
  const state = parseWindowState(saved);
  // We always save a position; a state without one is not ours to trust.
  if (!state || state.x === undefined || state.y === undefined) return { ...DEFAULT_WINDOW_STATE };
  const bounds = { x: state.x, y: state.y, width: state.width, height: state.height };
  return isVisibleOnSomeDisplay(bounds, screen.getAllDisplays()) ? state : { ...DEFAULT_WINDOW_STATE };
}

export function loadWindowState(fs: WindowStateFs, filePath: string, screen: ScreenLike): WindowState {
  let saved: unknown;
  try {
    saved = JSON.parse(fs.readFileSync(filePath, 'utf8'));
  } catch {
    saved = undefined;
  }
  return restoreWindowState(saved, screen);
}

let tempCounter = 0;

/** Writes JSON atomically: a crash mid-write leaves the old file, never a torn one. */
export function writeJsonAtomic(fs: WindowStateFs, filePath: string, value: unknown, dirname: string): void {
  fs.mkdirSync(dirname, { recursive: true });
  tempCounter += 1;
  const temp = `${filePath}.${process.pid}.${tempCounter}.tmp`;
  try {
    fs.writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    fs.renameSync(temp, filePath);
  } catch (error) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // The temp file may never have been created.
    }
    throw error;
  }
}

export function saveWindowState(
  fs: WindowStateFs,
  filePath: string,
  dirname: string,
  state: WindowState,
): void {
  writeJsonAtomic(fs, filePath, state, dirname);
}

/** The parts of a BrowserWindow the tracker needs. */
export interface TrackedWindow {
  isMaximized(): boolean;
  isMinimized(): boolean;
  isFullScreen(): boolean;
  getNormalBounds(): Rect;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

/** Normal (un-maximized) bounds are stored so un-maximizing after a restore lands somewhere sane. */
export function captureWindowState(win: TrackedWindow): WindowState {
  const b = win.getNormalBounds();
  return {
    x: b.x,
    y: b.y,
    width: b.width,
    height: b.height,
    maximized: win.isMaximized() || win.isFullScreen(),
  };
}

export interface TrackOptions {
  save(state: WindowState): void;
  debounceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  onError?: (error: unknown) => void;
}

/** Saves after moves/resizes settle, and once more when the window closes. */
export function trackWindowState(win: TrackedWindow, options: TrackOptions): void {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const debounceMs = options.debounceMs ?? 500;
  let pending: unknown;
  const saveNow = (): void => {
    if (pending !== undefined) clearTimer(pending);
    pending = undefined;
    // A minimized window's bounds are meaningless on some platforms; keep the last good save.
    if (win.isMinimized()) return;
    try {
      options.save(captureWindowState(win));
    } catch (error) {
      options.onError?.(error);
    }
  };
  const schedule = (): void => {
    if (pending !== undefined) clearTimer(pending);
    pending = setTimer(saveNow, debounceMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, schedule);
  win.on('close', saveNow);
}
