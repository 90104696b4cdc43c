/**
 * IPC channel names and limits, kept free of zod so the sandboxed preload stays small; the
 * schemas that validate these inputs live in api.ts and run in the main process.
 */

/** 200 MiB: larger files are refused before they cross IPC. */
export const MAX_HOST_FILE_BYTES = 200 * 1024 * 1024;

/** IPC channel names, shared by preload and main so they cannot drift. */
export const IPC = {
  appInfo: 'tianbao:app-info',
  saveFile: 'tianbao:save-file',
  openFile: 'tianbao:open-file',
  tokenGet: 'tianbao:token-get',
  tokenSet: 'tianbao:token-set',
  tokenDelete: 'tianbao:token-delete',
} as const;
