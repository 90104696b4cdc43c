import { describe, expect, it, vi } from 'vitest';
import { IPC, MAX_HOST_FILE_BYTES, type TokenStore, type UpdateState } from '../../shared/host/api.ts';
import { createElectronFormat, createElectronTranslate } from '../../electron/i18n.ts';
import { memoryCertificateDir } from '../../electron/signing-prefs.ts';
import {
  registerIpcHandlers,
  isTrustedSender,
  type HostFs,
  type IpcEventLike,
  type UpdateService,
} from '../../electron/ipc.ts';
import type { IpcResult } from '../../shared/host/ipc-result.ts';

type Handler = (event: IpcEventLike, ...args: unknown[]) => Promise<IpcResult<unknown>>;

const ours: IpcEventLike = { senderFrame: { url: 'app://tianbao/index.html', parent: null } };
const evil: IpcEventLike = { senderFrame: { url: 'https://evil.example/', parent: null } };
const subFrame: IpcEventLike = { senderFrame: { url: 'app://tianbao/x.html', parent: {} } };
const gone: IpcEventLike = { senderFrame: null };

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: /secret/path/detail`), { code });
}

function setup(
  overrides: Partial<{
    fs: Partial<HostFs>;
    tokens: Partial<TokenStore>;
    updates: Partial<UpdateService>;
  }> = {},
) {
  const handlers = new Map<string, Handler>();
  const written = new Map<string, Uint8Array>();
  const fs: HostFs = {
    stat: async (p) => ({
      size: p.includes('big') ? MAX_HOST_FILE_BYTES + 1 : 5,
      isFile: () => !p.endsWith('/dir'),
    }),
    readFile: async () => new Uint8Array([1, 2, 3, 4, 5]),
    writeFile: async (p, data) => {
      written.set(p, data);
    },
    rename: async (from, to) => {
      const d = written.get(from);
      if (!d) throw new Error('no temp');
      written.set(to, d);
      written.delete(from);
    },
    unlink: async (p) => {
      written.delete(p);
    },
    ...overrides.fs,
  };
  const tokens: TokenStore = {
    get: vi.fn(async () => 'tok'),
    set: vi.fn(async () => undefined),
    delete: vi.fn(async () => undefined),
    ...overrides.tokens,
  };
  const dialog = {
    showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/home/u/文档/报告.xlsx' })),
    showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/home/u/a.xlsx', '/home/u/b.xlsx'] })),
  };
  const log = vi.fn();
  const state: UpdateState = {
    status: 'disabled',
    enabled: false,
    url: null,
    urlSource: 'none',
    currentVersion: '0.1.0',
  };
  const updates = {
    getState: vi.fn(() => state),
    setSettings: vi.fn((s: { enabled: boolean; url: string | null }) => ({ ...state, ...s })),
    checkNow: vi.fn(async () => state),
    restartToUpdate: vi.fn(() => false),
    ...overrides.updates,
  };
  const openedFiles = { take: vi.fn(async () => ({ files: [], failed: [] })) };
  registerIpcHandlers<IpcEventLike>({
    ipcMain: { handle: (channel, listener) => handlers.set(channel, listener as Handler) },
    dialog,
    fs,
    tokens,
    openedFiles,
    updates,
    t: createElectronTranslate('zh-CN'),
    format: createElectronFormat('zh-CN'),
    certificateDir: memoryCertificateDir(),
    appInfo: async () => ({
      name: 'tianbao',
      version: '1',
      host: 'electron',
      platform: 'linux',
      secureTokenStorage: true,
    }),
    defaultSaveDir: () => '/home/u/文档',
    log,
  });
  const call = (channel: string, event: IpcEventLike, ...args: unknown[]) => {
    const h = handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(event, ...args);
  };
  return { handlers, call, dialog, tokens, written, log, updates, openedFiles };
}

const validSave = () => ({
  suggestedName: '报告.xlsx',
  mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  data: new Uint8Array([1, 2, 3]),
  filters: [{ name: 'Excel', extensions: ['xlsx'] }],
});

describe('IPC registration', () => {
  it('registers a handler for every channel', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.values(IPC).sort());
  });
});

describe('sender check', () => {
  it('trusts only our top-level app:// page', () => {
    expect(isTrustedSender(ours)).toBe(true);
    expect(isTrustedSender(evil)).toBe(false);
    expect(isTrustedSender(subFrame)).toBe(false);
    expect(isTrustedSender(gone)).toBe(false);
  });

  it('refuses every channel for a wrong origin without running it', async () => {
    const { call, dialog, tokens } = setup();
    for (const channel of Object.values(IPC)) {
      const r = await call(channel, evil, 'key', 'value');
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(tokens.get).not.toHaveBeenCalled();
  });
});

describe('saveFile', () => {
  it('saves through a temp file renamed over the chosen path', async () => {
    const { call, dialog, written } = setup();
    const r = await call(IPC.saveFile, ours, validSave());
    expect(r).toEqual({ ok: true, value: { saved: true, path: '/home/u/文档/报告.xlsx' } });
    expect([...written.keys()]).toEqual(['/home/u/文档/报告.xlsx']);
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      ours,
      expect.objectContaining({
        title: '保存文件',
        defaultPath: '/home/u/文档/报告.xlsx',
        filters: [{ name: 'Excel', extensions: ['xlsx'] }],
      }),
    );
  });

  it('reports a cancelled dialog as not saved', async () => {
    const { call, dialog } = setup();
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await call(IPC.saveFile, ours, validSave())).toEqual({ ok: true, value: { saved: false } });
  });

  it('rejects names with directories and other invalid input', async () => {
    const { call, dialog } = setup();
    for (const suggestedName of ['../evil.xlsx', 'a/b.xlsx', 'C:\\x\\y.xlsx', '..', '']) {
      const r = await call(IPC.saveFile, ours, { ...validSave(), suggestedName });
      expect(r, suggestedName).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    const r = await call(IPC.saveFile, ours, { ...validSave(), data: 'not bytes' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('data') },
    });
    expect(await call(IPC.saveFile, ours, null)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('refuses oversize data before showing a dialog', async () => {
    const { call, dialog } = setup();
    const data = new Uint8Array(new ArrayBuffer(MAX_HOST_FILE_BYTES + 1));
    const r = await call(IPC.saveFile, ours, { ...validSave(), data });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'too-large', message: expect.stringContaining('200 MB') },
    });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('maps OS errors to codes without leaking paths or stacks, and cleans up the temp file', async () => {
    const { call, written } = setup({
      fs: {
        writeFile: async (p, d) => {
          written.set(p, d);
          throw errno('ENOSPC');
        },
      },
    });
    const r = await call(IPC.saveFile, ours, validSave());
    expect(r).toMatchObject({ ok: false, error: { code: 'disk-full' } });
    const message = (r as { error: { message: string } }).error.message;
    expect(message).toContain('报告.xlsx');
    expect(message).not.toContain('/secret/path');
    expect(message).not.toMatch(/\bat\b.*\.ts/);
    expect(written.size).toBe(0);

    const busy = setup({ fs: { rename: async () => Promise.reject(errno('EBUSY')) } });
    expect(await busy.call(IPC.saveFile, ours, validSave())).toMatchObject({
      ok: false,
      error: { code: 'file-busy' },
    });
  });

  it('turns unexpected failures into a generic internal error and logs the detail', async () => {
    const { call, dialog, log } = setup();
    dialog.showSaveDialog.mockRejectedValueOnce(new TypeError('boom at /src/x.ts:1'));
    const r = await call(IPC.saveFile, ours, validSave());
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: '发生内部错误，请重试。' } });
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('openFile', () => {
  it('returns the chosen files, all of them only when multiple', async () => {
    const { call, dialog } = setup();
    const one = await call(IPC.openFile, ours, { filters: [{ name: 'Excel', extensions: ['xlsx', 'xls'] }] });
    expect(one).toMatchObject({ ok: true, value: [{ name: 'a.xlsx', size: 5 }] });
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(
      ours,
      expect.objectContaining({ properties: ['openFile'] }),
    );
    const many = await call(IPC.openFile, ours, { multiple: true });
    expect((many as { value: unknown[] }).value).toHaveLength(2);
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(
      ours,
      expect.objectContaining({ properties: ['openFile', 'multiSelections'] }),
    );
    const data = (many as { value: Array<{ data: Uint8Array }> }).value[0]?.data;
    expect(data).toBeInstanceOf(Uint8Array);
  });

  it('resolves [] on cancel', async () => {
    const { call, dialog } = setup();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await call(IPC.openFile, ours, {})).toEqual({ ok: true, value: [] });
  });

  it('refuses files over the size cap and invalid filters', async () => {
    const { call, dialog } = setup();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/u/big.zip'] });
    expect(await call(IPC.openFile, ours, {})).toMatchObject({
      ok: false,
      error: { code: 'too-large', message: expect.stringContaining('big.zip') },
    });
    const bad = await call(IPC.openFile, ours, { filters: [{ name: 'x', extensions: ['../x'] }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call(IPC.openFile, ours, { multiple: 'yes' })).toMatchObject({ ok: false });
  });
});

describe('tokens', () => {
  it('validates keys and values before touching the store', async () => {
    const { call, tokens } = setup();
    expect(await call(IPC.tokenGet, ours, 'sync.token')).toEqual({ ok: true, value: 'tok' });
    expect(await call(IPC.tokenSet, ours, 'sync.token', 'abc')).toEqual({ ok: true, value: undefined });
    expect(await call(IPC.tokenDelete, ours, 'sync.token')).toEqual({ ok: true, value: undefined });
    for (const key of ['../x', 'A', '', 42, '__proto__', 'a'.repeat(65)]) {
      expect(await call(IPC.tokenGet, ours, key), String(key)).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
    expect(await call(IPC.tokenSet, ours, 'sync.token', 'x'.repeat(16 * 1024 + 1))).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(tokens.get).toHaveBeenCalledTimes(1);
    expect(tokens.set).toHaveBeenCalledTimes(1);
  });

  it('reports unavailable secure storage with its own code and message', async () => {
    const { call } = setup({
      tokens: {
        set: async () => Promise.reject(Object.assign(new Error('x'), { code: 'token-storage-unavailable' })),
      },
    });
    const r = await call(IPC.tokenSet, ours, 'sync.token', 'abc');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'token-storage-unavailable', message: expect.stringContaining('安全存储') },
    });
  });
});

describe('appInfo', () => {
  it('answers for our page', async () => {
    const { call } = setup();
    expect(await call(IPC.appInfo, ours)).toMatchObject({ ok: true, value: { host: 'electron' } });
  });
});

describe('update and opened-file channels', () => {
  it('validates update settings before they reach the updater', async () => {
    const { call, updates } = setup();
    const ok = await call(IPC.updateSettings, ours, {
      enabled: true,
      url: 'https://updates.example.cn/tianbao/',
    });
    expect(ok).toMatchObject({
      ok: true,
      value: { enabled: true, url: 'https://updates.example.cn/tianbao/' },
    });
    for (const bad of [
      { enabled: true, url: 'http://updates.example.cn/' },
      { enabled: true, url: 'https://user:pw@updates.example.cn/' },
      { enabled: 'yes', url: null },
      { enabled: true, url: null, extra: 1 },
      'https://updates.example.cn/',
      undefined,
    ]) {
      const r = await call(IPC.updateSettings, ours, bad);
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    const located = await call(IPC.updateSettings, ours, { enabled: true, url: 'ftp://x/' });
    expect(located).toMatchObject({ ok: false, error: { message: '请求参数无效：url' } });
    expect(updates.setSettings).toHaveBeenCalledTimes(1);
  });

  it('refuses restart-to-update unless an update is ready, and never restarts on its own', async () => {
    const { call, updates } = setup();
    const r = await call(IPC.updateRestart, ours);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'update-not-ready', message: '还没有下载好的更新，无法重启安装。' },
    });
    vi.mocked(updates.restartToUpdate).mockReturnValueOnce(true);
    expect(await call(IPC.updateRestart, ours)).toEqual({ ok: true, value: undefined });
    expect(updates.restartToUpdate).toHaveBeenCalledTimes(2);
    expect(await call(IPC.updateState, ours)).toMatchObject({ ok: true, value: { status: 'disabled' } });
    expect(await call(IPC.updateCheck, ours)).toMatchObject({ ok: true, value: { status: 'disabled' } });
  });

  it('hands out opened files only to our own page', async () => {
    const { call, openedFiles } = setup();
    expect(await call(IPC.openedFilesTake, ours)).toEqual({ ok: true, value: { files: [], failed: [] } });
    expect(await call(IPC.openedFilesTake, subFrame)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    expect(openedFiles.take).toHaveBeenCalledTimes(1);
  });
});
