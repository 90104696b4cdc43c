/**
 * The application menu as a plain template, built from a translator so the labels come from the
 * locale files and the structure is unit-tested without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Translate } from './i18n.ts';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Unpackaged builds get reload and developer tools; installed builds do not. */
  isDev: boolean;
  onAbout(): void;
}

export function buildMenuTemplate(t: Translate, options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const about: MenuItemConstructorOptions = { label: t('menu.about'), click: () => options.onAbout() };

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: t('app.name'),
      submenu: [
        about,
        sep,
        { role: 'hide', label: t('menu.hide') },
        { role: 'hideOthers', label: t('menu.hideOthers') },
        { role: 'unhide', label: t('menu.unhide') },
        sep,
        { role: 'quit', label: t('menu.quit') },
      ],
    });
  }
  template.push(
    {
      label: t('menu.file'),
      submenu: [
        isMac ? { role: 'close', label: t('menu.closeWindow') } : { role: 'quit', label: t('menu.quit') },
      ],
    },
    {
      label: t('menu.edit'),
      submenu: [
        { role: 'undo', label: t('menu.undo') },
        { role: 'redo', label: t('menu.redo') },
        sep,
        { role: 'cut', label: t('menu.cut') },
        { role: 'copy', label: t('menu.copy') },
        { role: 'paste', label: t('menu.paste') },
        { role: 'delete', label: t('menu.delete') },
        sep,
        { role: 'selectAll', label: t('menu.selectAll') },
      ],
    },
    {
      label: t('menu.view'),
      submenu: [
        ...(options.isDev
          ? ([
              { role: 'reload', label: t('menu.reload') },
              { role: 'toggleDevTools', label: t('menu.toggleDevTools') },
              sep,
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom', label: t('menu.resetZoom') },
        { role: 'zoomIn', label: t('menu.zoomIn') },
        { role: 'zoomOut', label: t('menu.zoomOut') },
        sep,
        { role: 'togglefullscreen', label: t('menu.toggleFullScreen') },
      ],
    },
    {
      label: t('menu.window'),
      submenu: [
        { role: 'minimize', label: t('menu.minimize') },
        { role: 'zoom', label: t('menu.zoom') },
        ...(isMac
          ? ([sep, { role: 'front', label: t('menu.front') }] satisfies MenuItemConstructorOptions[])
          : ([{ role: 'close', label: t('menu.closeWindow') }] satisfies MenuItemConstructorOptions[])),
      ],
    },
    {
      role: 'help',
      label: t('menu.help'),
      submenu: [about],
    },
  );
  return template;
}
