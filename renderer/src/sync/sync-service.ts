/**
 * The app's one sync engine and its state for the UI. Sync runs in the background whenever the
 * platform answers: soon after local changes, every minute when idle, and with growing pauses
 * (backoff with jitter) while the platform cannot be reached. Signing in and out go through here.
 */
import { create } from 'zustand';
import { liveQuery } from 'dexie';
import { db } from '../db.ts';
import { getHost } from '../host/index.ts';
import { PlatformClient, PlatformError } from '../../../shared/sync/api-client.ts';
import { SyncEngine, type SyncReport, type SyncStatus } from '../../../shared/sync/engine.ts';
import { backoffDelay } from '../../../shared/sync/backoff.ts';
import type { Message } from '../../../shared/i18n/message.ts';

const URL_KEY = 'sync.platformUrl';
const IDLE_MS = 60_000;
/** Local edits are gathered for this long before a push, so typing does not push per keystroke. */
const DEBOUNCE_MS = 1_500;

interface SyncUi {
  status: SyncStatus | null;
  url: string;
  busy: boolean;
  /** The last attempt could not reach the platform. */
  unreachable: boolean;
  error: Message | null;
  setUrl(url: string): Promise<void>;
  login(username: string, password: string): Promise<boolean>;
  logout(): Promise<void>;
  syncNow(): Promise<SyncReport | null>;
  resolve(key: string, choices: Record<string, 'local' | 'server'>): Promise<void>;
}

let engine: SyncEngine | null = null;
let client: PlatformClient | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let failures = 0;

/** The web build talks to the platform it was served with; Electron needs an address set. */
function defaultUrl(): string {
  return typeof location !== 'undefined' && /^https?:$/.test(location.protocol) ? location.origin : '';
}

function build(url: string): void {
  client = url ? new PlatformClient({ baseUrl: url, tokens: getHost().tokens }) : null;
  engine = client ? new SyncEngine({ db, client }) : null;
}

function messageOf(err: unknown): Message {
  if (err instanceof PlatformError) {
    if (err.status === 0) return { key: 'sync:error.unreachable' };
    if (err.key) return { key: err.key.includes(':') ? err.key : `api:${err.key}`, params: err.params };
    return { key: 'sync:error.other', params: { detail: err.message } };
  }
  return { key: 'sync:error.other', params: { detail: err instanceof Error ? err.message : String(err) } };
}

export const useSync = create<SyncUi>((set, get) => ({
  status: null,
  url: '',
  busy: false,
  unreachable: false,
  error: null,
  async setUrl(url) {
    const clean = url.trim().replace(/\/+$/, '');
    await db.meta.put({ key: URL_KEY, value: clean });
    build(clean);
    set({ url: clean });
    await refreshStatus();
  },
  async login(username, password) {
    if (!client) return false;
    set({ busy: true, error: null });
    try {
      await client.login(username, password);
      set({ busy: false });
      void get().syncNow();
      return true;
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
      return false;
    }
  },
  async logout() {
    await client?.logout().catch(() => undefined);
    await refreshStatus();
  },
  async syncNow() {
    if (!engine) return null;
    set({ busy: true, error: null });
    try {
      const report = await engine.sync();
      failures = report.reachable ? 0 : failures + 1;
      set({ unreachable: !report.reachable });
      return report;
    } catch (err) {
      failures++;
      set({ error: messageOf(err) });
      return null;
    } finally {
      set({ busy: false });
      await refreshStatus();
      schedule();
    }
  },
  async resolve(key, choices) {
    await engine?.resolve(key, choices);
    await get().syncNow();
  },
}));

async function refreshStatus(): Promise<void> {
  useSync.setState({
    status: engine ? await engine.status(useSync.getState().busy ? 'syncing' : undefined) : null,
  });
}

function schedule(delay?: number): void {
  if (timer) clearTimeout(timer);
  const wait = delay ?? (failures > 0 ? backoffDelay(failures) : IDLE_MS);
  timer = setTimeout(() => void useSync.getState().syncNow(), wait);
}

/** Starts background sync: called once at startup. */
export async function startSync(): Promise<void> {
  const saved = (await db.meta.get(URL_KEY))?.value;
  const url = typeof saved === 'string' && saved ? saved : defaultUrl();
  build(url);
  useSync.setState({ url });
  await refreshStatus();
  // A new outbox entry means a local change: push it shortly.
  let lastCount = -1;
  liveQuery(() => db.outbox.count()).subscribe((count) => {
    if (count > lastCount && lastCount >= 0) schedule(DEBOUNCE_MS);
    lastCount = count;
    void refreshStatus();
  });
  liveQuery(() => db.conflicts.count()).subscribe(() => void refreshStatus());
  // The browser thinks the network is back: try now rather than at the next backoff step.
  getHost().online.subscribe((online) => {
    if (online) schedule(0);
  });
  schedule(0);
}
