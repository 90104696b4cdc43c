import { describe, expect, it, vi } from 'vitest';
import { IPC, MAX_HOST_FILE_BYTES } from '../../shared/host/api.ts';
import { HostError, unwrapIpcResult } from '../../shared/host/ipc-result.ts';
import { createPreloadApi, type OnlineEnv } from '../../electron/preload-api.ts';

function onlineEnv(initial: boolean) {
  const target = new EventTarget();
  const env: OnlineEnv & { onLine: boolean; fire(type: 'online' | 'offline'): void } = {
    onLine: initial,
    navigator: {
      get onLine() {
        return env.onLine;
      },
    },
    addEventListener: (type, l) => target.addEventListener(type, l),
    removeEventListener: (type, l) => target.removeEventListener(type, l),
    fire: (type) => {
      env.onLine = type === 'online';
      target.dispatchEvent(new Event(type));
    },
  };
  return env;
}

const messages = { dataTooLarge: 'too large', internal: 'internal' };

describe('preload HostApi', () => {
  it('maps every method to its IPC channel and unwraps results', async () => {
    const invoke = vi.fn(async (channel: string) => ({
      ok: true,
      value: channel === IPC.tokenGet ? 'tok' : [],
    }));
    const api = createPreloadApi({ invoke }, onlineEnv(true), messages);
    await api.appInfo();
    await api.openFile({ multiple: true });
    expect(await api.tokens.get('sync.token')).toBe('tok');
    await api.tokens.set('sync.token', 'v');
    await api.tokens.delete('sync.token');
    const data = new Uint8Array([1]);
    await api.saveFile({ suggestedName: 'a.txt', mimeType: 'text/plain', data });
    expect(invoke.mock.calls).toEqual([
      [IPC.appInfo],
      [IPC.openFile, { multiple: true }],
      [IPC.tokenGet, 'sync.token'],
      [IPC.tokenSet, 'sync.token', 'v'],
      [IPC.tokenDelete, 'sync.token'],
      [IPC.saveFile, { suggestedName: 'a.txt', mimeType: 'text/plain', data }],
    ]);
  });

  it('throws structured errors as HostError with the main process message', async () => {
    const invoke = vi.fn(async () => ({ ok: false, error: { code: 'disk-full', message: '磁盘空间不足' } }));
    const api = createPreloadApi({ invoke }, onlineEnv(true), messages);
    await expect(api.tokens.get('a')).rejects.toMatchObject({
      name: 'HostError',
      code: 'disk-full',
      message: '磁盘空间不足',
    });
  });

  it('refuses oversize files before they cross IPC', async () => {
    const invoke = vi.fn();
    const api = createPreloadApi({ invoke }, onlineEnv(true), messages);
    const data = new Uint8Array(new ArrayBuffer(MAX_HOST_FILE_BYTES + 1));
    await expect(
      api.saveFile({ suggestedName: 'a.bin', mimeType: 'application/octet-stream', data }),
    ).rejects.toMatchObject({
      code: 'too-large',
    });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('treats malformed replies as internal errors', () => {
    expect(() => unwrapIpcResult(undefined, 'x')).toThrow(HostError);
    expect(() => unwrapIpcResult({ ok: false, error: { code: 'nope', message: 'm' } }, 'x')).toThrow('x');
    expect(unwrapIpcResult({ ok: true, value: 1 }, 'x')).toBe(1);
  });

  it('reports online state and its changes until unsubscribed', () => {
    const env = onlineEnv(false);
    const api = createPreloadApi({ invoke: vi.fn() }, env, messages);
    expect(api.online.isOnline()).toBe(false);
    const seen: boolean[] = [];
    const off = api.online.subscribe((o) => seen.push(o));
    env.fire('online');
    expect(api.online.isOnline()).toBe(true);
    env.fire('offline');
    off();
    env.fire('online');
    expect(seen).toEqual([true, false]);
  });
});
