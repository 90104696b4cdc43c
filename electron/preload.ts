/**
 * Preload (sandboxed, context-isolated): exposes exactly one object, window.tianbao, implementing
 * HostApi over IPC. Bundled to CommonJS because sandboxed preloads cannot load ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { MAX_HOST_FILE_BYTES, MAX_SIGN_PDF_BYTES } from '../shared/host/channels.ts';
import en from '../shared/i18n/locales/en/electron.json';
import zh from '../shared/i18n/locales/zh-CN/electron.json';
import { formatBytes } from '../shared/host/ipc-result.ts';
import { createPreloadApi } from './preload-api.ts';

// The full i18n stack is not worth bundling here for three messages; the strings still come from
// the locale files.
const strings = /^en/i.test(navigator.language) ? en.errors : zh.errors;

contextBridge.exposeInMainWorld(
  'tianbao',
  createPreloadApi(ipcRenderer, window, {
    dataTooLarge: strings.dataTooLarge.replace('{{limit}}', formatBytes(MAX_HOST_FILE_BYTES)),
    signTooLarge: strings.signTooLarge.replace('{{limit}}', formatBytes(MAX_SIGN_PDF_BYTES)),
    internal: strings.internal,
  }),
);
