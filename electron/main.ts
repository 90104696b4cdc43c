/**
 * Electron entry point: hands the real electron modules to startApp (electron/app.ts), where all
 * the logic lives and is tested. Only one-line adapters belong here.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
// Bundled by esbuild; `autoUpdater` is a getter that creates the updater on first access, which
// app.ts does only when the user has turned updates on.
import { autoUpdater } from 'electron-updater';
import { startApp } from './app.ts';

// dist-electron/main.js → the app root holds dist/ and dist-electron/ (also inside app.asar).
const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(here, '..');

const ownerWindow = (event: IpcMainInvokeEvent): BrowserWindow | null =>
  BrowserWindow.fromWebContents(event.sender);

startApp<IpcMainInvokeEvent>({
  app,
  protocol,
  // session.defaultSession exists only after ready; startApp touches it only then.
  get session() {
    return session.defaultSession;
  },
  ipcMain,
  dialog: {
    showSaveDialog: (event, options) => {
      const owner = ownerWindow(event);
      return owner ? dialog.showSaveDialog(owner, options) : dialog.showSaveDialog(options);
    },
    showOpenDialog: (event, options) => {
      const owner = ownerWindow(event);
      return owner ? dialog.showOpenDialog(owner, options) : dialog.showOpenDialog(options);
    },
  },
  shell,
  screen,
  safeStorage,
  createWindow: (options) => new BrowserWindow(options),
  setApplicationMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template)),
  showAbout: ({ title, message, detail }) => {
    void dialog.showMessageBox({ type: 'info', title, message, detail });
  },
  fs: { sync: fs, promises: fsp },
  platform: process.platform,
  platformUrl: process.env.TIANBAO_PLATFORM_URL,
  argv: process.argv,
  cwd: process.cwd(),
  getUpdater: () => autoUpdater,
  updateUrl: process.env.TIANBAO_UPDATE_URL,
  paths: {
    distDir: path.join(appRoot, 'dist'),
    preloadPath: path.join(here, 'preload.cjs'),
  },
  log: (message, error) => console.error(`[tianbao] ${message}`, error ?? ''),
});
