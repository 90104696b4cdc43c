import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createElectronTranslate } from '../../electron/i18n.ts';
import { createOpenedFilesQueue, isOpenableFile, openablePathsFromArgv } from '../../electron/open-files.ts';
import type { HostFs } from '../../electron/ipc.ts';
import type { HostApi, OpenedFilesBatch } from '../../shared/host/api.ts';
import { watchOpenedFiles } from '../../renderer/src/host/watch.ts';

describe('package paths on a command line', () => {
  it('keeps .tbpkg arguments after the executable, resolved and without duplicates', () => {
    expect(
      openablePathsFromArgv(
        [
          '/opt/tianbao/tianbao',
          '--no-sandbox',
          '甲校 2026.tbpkg',
          '/srv/乙.TbPkg',
          './甲校 2026.tbpkg',
          'x.xlsx',
        ],
        '/home/u/下载',
        path.posix,
      ),
    ).toEqual(['/home/u/下载/甲校 2026.tbpkg', '/srv/乙.TbPkg']);
  });

  it('follows Windows paths and ignores the executable even if it were named like a package', () => {
    expect(
      openablePathsFromArgv(
        ['C:\\Apps\\x.tbpkg', 'D:\\提交包\\丙校.tbpkg', '丁校.tbpkg', '--updated'],
        'C:\\Users\\u\\Desktop',
        path.win32,
      ),
    ).toEqual(['D:\\提交包\\丙校.tbpkg', 'C:\\Users\\u\\Desktop\\丁校.tbpkg']);
  });

  it('recognises only the associated extension', () => {
    expect(isOpenableFile('a.tbpkg')).toBe(true);
    expect(isOpenableFile('a.TBPKG')).toBe(true);
    expect(isOpenableFile('a.tbpkg.exe')).toBe(false);
    expect(isOpenableFile('tbpkg')).toBe(false);
    expect(isOpenableFile('a.zip')).toBe(false);
  });
});

function disk(files: Record<string, Uint8Array | 'dir'>) {
  const fs: Pick<HostFs, 'stat' | 'readFile'> = {
    stat: vi.fn(async (p: string) => {
      const f = files[p];
      if (f === undefined) throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
      return { size: f === 'dir' ? 0 : f.byteLength, isFile: () => f !== 'dir' };
    }),
    readFile: vi.fn(async (p: string) => {
      const f = files[p];
      if (f === undefined || f === 'dir') throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return f;
    }),
  };
  return fs;
}

const t = () => createElectronTranslate('zh-CN');
const bytes = (n: number) => new Uint8Array(n).fill(7);

describe('opened files queue', () => {
  it('notifies when something new waits and hands each file out once, in order', async () => {
    const onWaiting = vi.fn();
    const q = createOpenedFilesQueue({
      fs: disk({ '/a.tbpkg': bytes(3), '/b.tbpkg': bytes(2) }),
      t,
      onWaiting,
    });
    q.add(['/a.tbpkg', '/notes.docx']);
    q.add(['/a.tbpkg']);
    expect(onWaiting).toHaveBeenCalledTimes(1);
    q.add(['/b.tbpkg']);
    expect(q.pending()).toBe(2);
    const batch = await q.take();
    expect(batch.files.map((f) => [f.name, f.size])).toEqual([
      ['a.tbpkg', 3],
      ['b.tbpkg', 2],
    ]);
    expect(batch.failed).toEqual([]);
    expect(await q.take()).toEqual({ files: [], failed: [] });
  });

  it('names every file it cannot open, with the reason, and goes on with the others', async () => {
    const q = createOpenedFilesQueue({
      fs: disk({ '/big.tbpkg': bytes(11), '/dir.tbpkg': 'dir', '/ok.tbpkg': bytes(1) }),
      t,
      onWaiting: vi.fn(),
      maxBytes: 10,
    });
    q.add(['/gone.tbpkg', '/big.tbpkg', '/dir.tbpkg', '/ok.tbpkg']);
    const batch = await q.take();
    expect(batch.files.map((f) => f.name)).toEqual(['ok.tbpkg']);
    expect(batch.failed).toEqual([
      { name: 'gone.tbpkg', message: '找不到文件“gone.tbpkg”。' },
      { name: 'big.tbpkg', message: '文件“big.tbpkg”超过 10 B 的大小上限（多选时按合计大小计算）。' },
      { name: 'dir.tbpkg', message: '找不到文件“dir.tbpkg”。' },
    ]);
    expect(q.pending()).toBe(0);
  });

  it('keeps what does not fit in one answer for the next take and says so', async () => {
    const onWaiting = vi.fn();
    const q = createOpenedFilesQueue({
      fs: disk({ '/a.tbpkg': bytes(6), '/b.tbpkg': bytes(6) }),
      t,
      onWaiting,
      maxBytes: 10,
    });
    q.add(['/a.tbpkg', '/b.tbpkg']);
    expect((await q.take()).files.map((f) => f.name)).toEqual(['a.tbpkg']);
    expect(onWaiting).toHaveBeenCalledTimes(2);
    expect((await q.take()).files.map((f) => f.name)).toEqual(['b.tbpkg']);
  });
});

describe('renderer side: watching opened files', () => {
  function fakeHost(batches: OpenedFilesBatch[]) {
    let ping: (() => void) | undefined;
    const take = vi.fn(async () => batches.shift() ?? { files: [], failed: [] });
    const unsubscribe = vi.fn();
    const host: Pick<HostApi, 'openedFiles'> = {
      openedFiles: {
        take,
        subscribe: (l) => {
          ping = l;
          return unsubscribe;
        },
      },
    };
    return { host, take, unsubscribe, ping: () => ping?.() };
  }
  const file = (name: string) => ({ name, size: 1, data: new Uint8Array([1]) });
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('takes at once (files opened before the page loaded) and on every notification', async () => {
    const h = fakeHost([
      { files: [file('a.tbpkg')], failed: [] },
      { files: [], failed: [] },
    ]);
    const seen: string[] = [];
    const stop = watchOpenedFiles(h.host, (b) => seen.push(...b.files.map((f) => f.name)), vi.fn());
    await settle();
    expect(seen).toEqual(['a.tbpkg']);
    h.ping();
    await settle();
    // An empty answer is not a batch.
    expect(seen).toEqual(['a.tbpkg']);
    stop();
    expect(h.unsubscribe).toHaveBeenCalled();
    h.ping();
    await settle();
    expect(h.take).toHaveBeenCalledTimes(2);
  });

  it('reports a failing take instead of throwing', async () => {
    const h = fakeHost([]);
    h.take.mockRejectedValueOnce(new Error('boom'));
    const onError = vi.fn();
    watchOpenedFiles(h.host, vi.fn(), onError);
    await settle();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }));
  });
});
