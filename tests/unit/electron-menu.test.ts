import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createElectronTranslate } from '../../electron/i18n.ts';
import { buildMenuTemplate } from '../../electron/menu.ts';

function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.map((i) => i.label ?? '');
}
function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return Array.isArray(item?.submenu) ? item.submenu : [];
}

describe('application menu', () => {
  it('has the zh-CN top-level menus', () => {
    const t = createElectronTranslate('zh-CN');
    const template = buildMenuTemplate(t, { platform: 'win32', isDev: false, onAbout: () => undefined });
    expect(labels(template)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    expect(labels(submenu(template[1]))).toContain('复制');
    expect(labels(submenu(template[0]))).toEqual(['退出']);
  });

  it('has English labels in English', () => {
    const t = createElectronTranslate('en');
    const template = buildMenuTemplate(t, { platform: 'linux', isDev: false, onAbout: () => undefined });
    expect(labels(template)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
  });

  it('offers developer tools only in development', () => {
    const t = createElectronTranslate('zh-CN');
    const roles = (isDev: boolean) =>
      submenu(buildMenuTemplate(t, { platform: 'linux', isDev, onAbout: () => undefined })[2]).map(
        (i) => i.role,
      );
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('opens About from Help', () => {
    const onAbout = vi.fn();
    const t = createElectronTranslate('zh-CN');
    const help = buildMenuTemplate(t, { platform: 'win32', isDev: false, onAbout }).at(-1);
    const about = submenu(help)[0];
    expect(about?.label).toBe('关于职教填报');
    (about?.click as () => void)();
    expect(onAbout).toHaveBeenCalledOnce();
  });

  it('adds the app menu on macOS', () => {
    const t = createElectronTranslate('zh-CN');
    const template = buildMenuTemplate(t, { platform: 'darwin', isDev: false, onAbout: () => undefined });
    expect(labels(template)).toEqual(['职教填报', '文件', '编辑', '视图', '窗口', '帮助']);
  });

  it('never shows a raw i18n key', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const t = createElectronTranslate(locale);
      const all = (items: MenuItemConstructorOptions[]): string[] =>
        items.flatMap((i) => [i.label ?? '', ...all(submenu(i))]);
      for (const platform of ['win32', 'darwin', 'linux'] as const) {
        for (const label of all(buildMenuTemplate(t, { platform, isDev: true, onAbout: () => undefined }))) {
          expect(label).not.toMatch(/^(menu|app)\./);
        }
      }
    }
  });
});
