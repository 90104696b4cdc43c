import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { HostApi, UpdateState } from '../../shared/host/api.ts';
// Binds react-i18next to the shared locale files (zh-CN by default).
import '../../renderer/src/i18n.ts';
import { UpdateNotice, UpdateSettings } from '../../renderer/src/components/UpdateNotice.tsx';
import { watchUpdateState } from '../../renderer/src/host/watch.ts';
import { webOpenedFiles, webUpdates } from '../../renderer/src/host/web-host.ts';

const base: UpdateState = {
  status: 'disabled',
  enabled: false,
  url: null,
  urlSource: 'none',
  currentVersion: '0.1.0',
};

function fakeHost(state: UpdateState = base) {
  let ping: (() => void) | undefined;
  const host: Pick<HostApi, 'updates'> = {
    updates: {
      getState: vi.fn(async () => state),
      setSettings: vi.fn(async () => state),
      checkNow: vi.fn(async () => state),
      restartToUpdate: vi.fn(async () => undefined),
      subscribe: (l) => {
        ping = l;
        return () => (ping = undefined);
      },
    },
  };
  return { host, ping: () => ping?.() };
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('update banner', () => {
  it('shows only when an update is ready, with the version and the restart choice', () => {
    const { host } = fakeHost();
    for (const status of ['disabled', 'idle', 'checking', 'downloading', 'error', 'unsupported'] as const) {
      expect(renderToStaticMarkup(<UpdateNotice host={host} initialState={{ ...base, status }} />)).toBe('');
    }
    const html = renderToStaticMarkup(
      <UpdateNotice host={host} initialState={{ ...base, status: 'ready', availableVersion: '0.2.0' }} />,
    );
    expect(text(html)).toContain('新版本 0.2.0 已下载完成。');
    expect(text(html)).toContain('重启并更新');
    expect(text(html)).toContain('稍后');
    expect(text(html)).toContain('下次正常退出时自动安装');
    expect(host.updates.restartToUpdate).not.toHaveBeenCalled();
  });
});

describe('update settings', () => {
  it('says why there is nothing to set in the browser', async () => {
    const web = webUpdates('0.1.0');
    const state = await web.getState();
    expect(state).toMatchObject({ status: 'unsupported', unsupportedReason: 'web' });
    const html = renderToStaticMarkup(<UpdateSettings host={{ updates: web }} initialState={state} />);
    expect(text(html)).toContain('网页版随服务器一起更新');
    expect(html).not.toContain('<input');
  });

  it('shows the switch, the address and where the address comes from', () => {
    const { host } = fakeHost();
    const html = renderToStaticMarkup(
      <UpdateSettings
        host={host}
        initialState={{ ...base, enabled: true, url: 'https://env.example.cn/', urlSource: 'env' }}
      />,
    );
    expect(html).toMatch(/<input type="checkbox"[^>]*checked/);
    expect(text(html)).toContain('当前使用环境变量 TIANBAO_UPDATE_URL：https://env.example.cn/');
    // Only the saved address fills the field; the environment's is shown as a hint.
    expect(html).toMatch(/<input[^>]*type="url"[^>]*value=""/);
  });

  it('describes every status in Chinese', () => {
    const { host } = fakeHost();
    const cases: Array<[Partial<UpdateState>, string]> = [
      [{ status: 'disabled' }, '自动更新已关闭。'],
      [{ status: 'disabled', enabled: true }, '已开启自动更新，但尚未设置更新地址。'],
      [{ status: 'idle', enabled: true, url: 'https://u.cn/' }, '已是最新版本。'],
      [{ status: 'checking' }, '正在检查更新…'],
      [{ status: 'downloading', availableVersion: '0.2.0', percent: 42 }, '正在后台下载新版本 0.2.0：42%'],
      [{ status: 'error', message: '检查或下载更新失败，稍后会自动重试。' }, '检查或下载更新失败'],
      [{ status: 'unsupported', unsupportedReason: 'unpackaged' }, '开发版本不检查更新'],
    ];
    for (const [patch, expected] of cases) {
      const html = renderToStaticMarkup(<UpdateSettings host={host} initialState={{ ...base, ...patch }} />);
      expect(text(html), JSON.stringify(patch)).toContain(expected);
    }
  });
});

describe('watching the update state', () => {
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('reads the state at once and after each notification, until stopped', async () => {
    const { host, ping } = fakeHost({ ...base, status: 'idle' });
    const seen: string[] = [];
    const stop = watchUpdateState(host, (s) => seen.push(s.status));
    await settle();
    ping();
    await settle();
    expect(seen).toEqual(['idle', 'idle']);
    stop();
    ping();
    await settle();
    expect(seen).toHaveLength(2);
  });

  it('keeps only the newest answer when two overtake each other', async () => {
    const resolvers: Array<(s: UpdateState) => void> = [];
    const { host, ping } = fakeHost();
    host.updates.getState = () => new Promise((r) => resolvers.push(r));
    const seen: string[] = [];
    watchUpdateState(host, (s) => seen.push(s.status));
    ping();
    resolvers[1]!({ ...base, status: 'ready' });
    resolvers[0]!({ ...base, status: 'checking' });
    await settle();
    expect(seen).toEqual(['ready']);
  });
});

describe('web host opened files', () => {
  it('never has anything waiting', async () => {
    expect(await webOpenedFiles.take()).toEqual({ files: [], failed: [] });
    const off = webOpenedFiles.subscribe(vi.fn());
    expect(off()).toBeUndefined();
  });
});
