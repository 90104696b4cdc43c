import { describe, expect, it, vi } from 'vitest';
import { IPC, IPC_EVENTS, MAX_HOST_FILE_BYTES, MAX_SIGN_PDF_BYTES } from '../../shared/host/api.ts';
import { HostError, unwrapIpcResult } from '../../shared/host/ipc-result.ts';
import { createPreloadApi, type IpcRendererLike, type OnlineEnv } from '../../electron/preload-api.ts';

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

const messages = { dataTooLarge: 'too large', signTooLarge: 'sign too large', internal: 'internal' };

function fakeIpc(invoke: IpcRendererLike['invoke']) {
  const target = new EventTarget();
  const wrapped = new Map<(...args: unknown[]) => void, EventListener>();
  return {
    invoke,
    on(channel: string, listener: (...args: unknown[]) => void) {
      // Electron passes its event object (with `sender`) first; the API must not forward it.
      const l: EventListener = () => listener({ sender: 'secret' }, 'extra');
      wrapped.set(listener, l);
      target.addEventListener(channel, l);
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      const l = wrapped.get(listener);
      if (l) target.removeEventListener(channel, l);
    },
    emit: (channel: string) => target.dispatchEvent(new Event(channel)),
  };
}

describe('preload HostApi', () => {
  it('maps every method to its IPC channel and unwraps results', async () => {
    const invoke = vi.fn(async (channel: string) => ({
      ok: true,
      value: channel === IPC.tokenGet ? 'tok' : [],
    }));
    const api = createPreloadApi(fakeIpc(invoke), onlineEnv(true), messages);
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
    const api = createPreloadApi(fakeIpc(invoke), onlineEnv(true), messages);
    await expect(api.tokens.get('a')).rejects.toMatchObject({
      name: 'HostError',
      code: 'disk-full',
      message: '磁盘空间不足',
    });
  });

  it('refuses oversize files before they cross IPC', async () => {
    const invoke = vi.fn();
    const api = createPreloadApi(fakeIpc(invoke), onlineEnv(true), messages);
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
    const api = createPreloadApi(fakeIpc(vi.fn()), env, messages);
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

  it('maps opened files and updates to their channels', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: null }));
    const api = createPreloadApi(fakeIpc(invoke), onlineEnv(true), messages);
    await api.openedFiles.take();
    await api.updates.getState();
    await api.updates.setSettings({ enabled: true, url: 'https://u.example.cn/' });
    await api.updates.checkNow();
    await api.updates.restartToUpdate();
    expect(invoke.mock.calls).toEqual([
      [IPC.openedFilesTake],
      [IPC.updateState],
      [IPC.updateSettings, { enabled: true, url: 'https://u.example.cn/' }],
      [IPC.updateCheck],
      [IPC.updateRestart],
    ]);
  });

  it('forwards main-process notifications without the Electron event, until unsubscribed', () => {
    const ipc = fakeIpc(vi.fn());
    const api = createPreloadApi(ipc, onlineEnv(true), messages);
    const opened = vi.fn();
    const updated = vi.fn();
    const offOpened = api.openedFiles.subscribe(opened);
    const offUpdated = api.updates.subscribe(updated);
    ipc.emit(IPC_EVENTS.openedFiles);
    ipc.emit(IPC_EVENTS.updateChanged);
    ipc.emit(IPC_EVENTS.updateChanged);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(opened).toHaveBeenCalledWith();
    expect(updated).toHaveBeenCalledTimes(2);
    expect(updated.mock.calls.every((c) => c.length === 0)).toBe(true);
    offOpened();
    offUpdated();
    ipc.emit(IPC_EVENTS.openedFiles);
    ipc.emit(IPC_EVENTS.updateChanged);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(updated).toHaveBeenCalledTimes(2);
  });

  it('exposes signing as available and sends the PDF and password to the main process', async () => {
    const invoke = vi.fn(async () => ({
      ok: true,
      value: { signed: true, path: '/home/u/已签名.pdf', signer: '湖南省教育厅' },
    }));
    const api = createPreloadApi(fakeIpc(invoke), onlineEnv(true), messages);
    expect(api.signing.available).toBe(true);
    const request = { data: new Uint8Array([0x25, 0x50]), suggestedName: '报告.pdf', password: 'pw' };
    expect(await api.signing.signPdf(request)).toEqual({
      signed: true,
      path: '/home/u/已签名.pdf',
      signer: '湖南省教育厅',
    });
    expect(invoke.mock.calls).toEqual([[IPC.signPdf, request]]);
  });

  it('passes signing refusals on as HostError and refuses oversize PDFs before IPC', async () => {
    const invoke = vi.fn(async () => ({
      ok: false,
      error: { code: 'wrong-password', message: '“单位证书.p12”：密码错误' },
    }));
    const api = createPreloadApi(fakeIpc(invoke), onlineEnv(true), messages);
    await expect(
      api.signing.signPdf({ data: new Uint8Array([1]), suggestedName: 'a.pdf', password: 'x' }),
    ).rejects.toMatchObject({
      name: 'HostError',
      code: 'wrong-password',
      message: '“单位证书.p12”：密码错误',
    });
    invoke.mockClear();
    const data = new Uint8Array(new ArrayBuffer(MAX_SIGN_PDF_BYTES + 1));
    await expect(api.signing.signPdf({ data, suggestedName: 'a.pdf', password: 'x' })).rejects.toMatchObject({
      code: 'too-large',
      message: 'sign too large',
    });
    expect(invoke).not.toHaveBeenCalled();
  });
});
