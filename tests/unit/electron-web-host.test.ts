import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { MAX_HOST_FILE_BYTES } from '../../shared/host/api.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import {
  acceptFromFilters,
  createWebOnlineState,
  createWebTokenStore,
  downloadFile,
  pickFiles,
  readSelectedFiles,
  webPlatform,
  webSigning,
  type DownloadEnv,
  type FileInputLike,
  type FileLike,
} from '../../renderer/src/host/web-host.ts';

const t = (key: string, params?: Record<string, string | number>) => `${key} ${JSON.stringify(params ?? {})}`;

function file(name: string, content: string | number): FileLike {
  if (typeof content === 'number') {
    return { name, size: content, arrayBuffer: async () => new ArrayBuffer(0) };
  }
  return new File([content], name);
}

describe('accept string', () => {
  it('joins filter extensions as dotted, lower-case, without duplicates', () => {
    expect(acceptFromFilters([])).toBe('');
    expect(
      acceptFromFilters([
        { name: 'Excel', extensions: ['xlsx', 'XLS'] },
        { name: 'Package', extensions: ['tbpkg', 'xlsx'] },
      ]),
    ).toBe('.xlsx,.xls,.tbpkg');
  });
});

describe('reading chosen files', () => {
  it('reads bytes, names and sizes', async () => {
    const files = await readSelectedFiles([file('a.txt', 'hello'), file('中文.csv', 'x,y')], t);
    expect(files.map((f) => [f.name, f.size])).toEqual([
      ['a.txt', 5],
      ['中文.csv', 3],
    ]);
    expect(new TextDecoder().decode(files[0]?.data)).toBe('hello');
  });

  it('refuses a single file or a selection over the cap', async () => {
    await expect(readSelectedFiles([file('big.zip', MAX_HOST_FILE_BYTES + 1)], t)).rejects.toMatchObject({
      code: 'too-large',
    });
    await expect(readSelectedFiles([file('a', 60), file('b', 50)], t, 100)).rejects.toMatchObject({
      code: 'too-large',
    });
  });
});

function fakeInput(files: FileLike[] | null) {
  const target = new EventTarget();
  const input: FileInputLike & { fire(type: 'change' | 'cancel'): void; removed: boolean; clicked: boolean } =
    {
      type: '',
      accept: '',
      multiple: false,
      files,
      style: { display: '' },
      removed: false,
      clicked: false,
      addEventListener: (type, l) => target.addEventListener(type, l),
      click: () => {
        input.clicked = true;
      },
      remove: () => {
        input.removed = true;
      },
      fire: (type) => target.dispatchEvent(new Event(type)),
    };
  return input;
}

describe('file picker', () => {
  it('configures the input from the request and reads the selection', async () => {
    const input = fakeInput([file('a.xlsx', 'A'), file('b.xlsx', 'B')]);
    const appended: unknown[] = [];
    const result = pickFiles(
      { filters: [{ name: 'Excel', extensions: ['xlsx'] }], multiple: false },
      input,
      (n) => appended.push(n),
      t,
    );
    expect(input).toMatchObject({ type: 'file', accept: '.xlsx', multiple: false, clicked: true });
    expect(appended).toEqual([input]);
    input.fire('change');
    const files = await result;
    // Only one file unless multiple was asked for.
    expect(files.map((f) => f.name)).toEqual(['a.xlsx']);
    expect(input.removed).toBe(true);
  });

  it('resolves [] when the user cancels', async () => {
    const input = fakeInput(null);
    const result = pickFiles({ multiple: true }, input, () => undefined, t);
    input.fire('cancel');
    expect(await result).toEqual([]);
    expect(input.removed).toBe(true);
  });

  it('rejects invalid filters without opening the picker', async () => {
    const input = fakeInput(null);
    await expect(
      pickFiles({ filters: [{ name: 'x', extensions: ['.x/'] }] }, input, () => undefined, t),
    ).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect(input.clicked).toBe(false);
  });
});

describe('download', () => {
  function env() {
    const anchor = {
      href: '',
      download: '',
      rel: '',
      style: { display: '' },
      click: vi.fn(),
      remove: vi.fn(),
    };
    const timers: Array<() => void> = [];
    const blobs: Blob[] = [];
    const e: DownloadEnv = {
      createAnchor: () => anchor,
      appendToBody: vi.fn(),
      createObjectURL: (blob) => {
        blobs.push(blob);
        return 'blob:tianbao/1';
      },
      revokeObjectURL: vi.fn(),
      setTimeout: (fn) => timers.push(fn),
    };
    return { e, anchor, timers, blobs };
  }

  it('offers the bytes as a download under the suggested name', async () => {
    const { e, anchor, timers, blobs } = env();
    const r = await downloadFile(
      { suggestedName: '报告.pdf', mimeType: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]) },
      e,
      t,
    );
    expect(r).toEqual({ saved: true, path: '报告.pdf' });
    expect(anchor).toMatchObject({ href: 'blob:tianbao/1', download: '报告.pdf' });
    expect(anchor.click).toHaveBeenCalledOnce();
    expect(blobs[0]?.type).toBe('application/pdf');
    expect(await blobs[0]?.text()).toBe('%PDF');
    expect(e.revokeObjectURL).not.toHaveBeenCalled();
    timers.forEach((fn) => fn());
    expect(e.revokeObjectURL).toHaveBeenCalledWith('blob:tianbao/1');
  });

  it('rejects bad names and oversize data', async () => {
    const { e, anchor } = env();
    await expect(
      downloadFile({ suggestedName: '../x.pdf', mimeType: 'application/pdf', data: new Uint8Array(1) }, e, t),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(
      downloadFile(
        {
          suggestedName: 'x.bin',
          mimeType: 'application/octet-stream',
          data: new Uint8Array(new ArrayBuffer(MAX_HOST_FILE_BYTES + 1)),
        },
        e,
        t,
      ),
    ).rejects.toMatchObject({ code: 'too-large' });
    expect(anchor.click).not.toHaveBeenCalled();
  });
});

describe('web token store', () => {
  it('round-trips tokens in its own IndexedDB database', async () => {
    const indexedDB = new IDBFactory();
    const store = createWebTokenStore({ indexedDB, IDBKeyRange, t });
    expect(await store.get('sync.token')).toBeNull();
    await store.set('sync.token', 'abc');
    expect(await store.get('sync.token')).toBe('abc');
    await store.delete('sync.token');
    expect(await store.get('sync.token')).toBeNull();
    await expect(store.set('../bad', 'x')).rejects.toMatchObject({ code: 'invalid-input' });
    store.close();
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).toEqual(['tianbao-host']);
  });
});

describe('web online state and platform', () => {
  it('follows navigator.onLine and online/offline events', () => {
    const target = new EventTarget();
    const nav = { onLine: true };
    const online = createWebOnlineState({
      navigator: nav,
      addEventListener: (type, l) => target.addEventListener(type, l),
      removeEventListener: (type, l) => target.removeEventListener(type, l),
    });
    const seen: boolean[] = [];
    const off = online.subscribe((o) => seen.push(o));
    target.dispatchEvent(new Event('offline'));
    off();
    target.dispatchEvent(new Event('online'));
    expect(seen).toEqual([false]);
    expect(online.isOnline()).toBe(true);
  });

  it('names the platform', () => {
    expect(webPlatform({ userAgentData: { platform: 'Windows' } })).toBe('Windows');
    expect(webPlatform({ platform: 'Linux x86_64' })).toBe('Linux x86_64');
    expect(webPlatform(undefined)).toBe('web');
  });
});

describe('web signing', () => {
  it('is not available, and refuses with the reason instead of ever seeing a certificate', async () => {
    const zh = createTranslator('zh-CN');
    const signing = webSigning((key, params) => String(zh.t(`electron:${key}`, params ?? {})));
    expect(signing.available).toBe(false);
    await expect(
      signing.signPdf({ data: new Uint8Array([1]), suggestedName: 'a.pdf', password: 'x' }),
    ).rejects.toMatchObject({
      name: 'HostError',
      code: 'signing-unavailable',
      message: '浏览器版不能数字签名：请在桌面版中签名，或使用命令行 tianbao stamp --p12。',
    });
  });
});
