/**
 * IPC channel names and limits, kept free of zod so the sandboxed preload stays small; the
 * schemas that validate these inputs live in api.ts and run in the main process.
 */

/** 200 MiB: larger files are refused before they cross IPC. */
export const MAX_HOST_FILE_BYTES = 200 * 1024 * 1024;

/**
 * 100 MiB: the largest PDF the desktop app signs (signing holds several copies of it in memory).
 * Checked in the preload, so a larger one never crosses IPC, and again in the main process.
 */
export const MAX_SIGN_PDF_BYTES = 100 * 1024 * 1024;

/** 1 MiB: a PKCS#12 file with its chain is a few KB; anything this large is not one. */
export const MAX_P12_BYTES = 1024 * 1024;

/** IPC channel names, shared by preload and main so they cannot drift. */
export const IPC = {
  appInfo: 'tianbao:app-info',
  saveFile: 'tianbao:save-file',
  openFile: 'tianbao:open-file',
  tokenGet: 'tianbao:token-get',
  tokenSet: 'tianbao:token-set',
  tokenDelete: 'tianbao:token-delete',
  openedFilesTake: 'tianbao:opened-files-take',
  updateState: 'tianbao:update-state',
  updateSettings: 'tianbao:update-settings',
  updateCheck: 'tianbao:update-check',
  updateRestart: 'tianbao:update-restart',
  signPdf: 'tianbao:sign-pdf',
} as const;

/**
 * Main → renderer notifications. They carry no data: the renderer asks for it over `invoke`, so
 * nothing arriving unasked needs validating and a page that is still loading misses nothing.
 */
export const IPC_EVENTS = {
  /** Files the OS asked us to open (double-clicked .tbpkg, command line) are waiting. */
  openedFiles: 'tianbao:opened-files-waiting',
  /** The update state changed (checking, downloading, ready...). */
  updateChanged: 'tianbao:update-changed',
} as const;

/** Extensions the installers associate with the app (submission packages, 提交包). */
export const OPENED_FILE_EXTENSIONS = ['tbpkg'] as const;
