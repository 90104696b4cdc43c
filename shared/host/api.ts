/**
 * The one host API the renderer talks to. Electron implements it in the preload (IPC to the
 * main process); the browser implements it with downloads, file inputs and IndexedDB. The zod
 * schemas validate every input that crosses the IPC boundary in the main process.
 */
import { z } from 'zod';

import { MAX_HOST_FILE_BYTES } from './channels.ts';

export { IPC, MAX_HOST_FILE_BYTES } from './channels.ts';

export const fileFilterSchema = z.object({
  name: z.string().min(1).max(100),
  extensions: z
    .array(z.string().regex(/^[a-z0-9]{1,10}$/i))
    .min(1)
    .max(20),
});
export type FileFilter = z.infer<typeof fileFilterSchema>;

export const saveFileRequestSchema = z.object({
  /** File name only, no directories: the user chooses where it goes. */
  suggestedName: z
    .string()
    .min(1)
    .max(255)
    .refine((s) => !/[\\/]/.test(s) && s !== '.' && s !== '..', 'suggestedName must be a bare file name'),
  mimeType: z.string().min(1).max(200),
  data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_HOST_FILE_BYTES, 'file too large'),
  filters: z.array(fileFilterSchema).max(10).default([]),
});
export type SaveFileRequest = z.input<typeof saveFileRequestSchema>;

export const saveFileResultSchema = z.object({
  saved: z.boolean(),
  /** Where it went (Electron) or the download name (web). */
  path: z.string().optional(),
});
export type SaveFileResult = z.infer<typeof saveFileResultSchema>;

export const openFileRequestSchema = z.object({
  filters: z.array(fileFilterSchema).max(10).default([]),
  multiple: z.boolean().default(false),
});
export type OpenFileRequest = z.input<typeof openFileRequestSchema>;

export interface OpenedFile {
  name: string;
  size: number;
  data: Uint8Array;
}

/** Token keys are fixed names, never user input paths. */
export const tokenKeySchema = z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/);
export const tokenValueSchema = z.string().max(16 * 1024);

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'web';
  platform: string;
  /** True when tokens are encrypted by the OS (Electron safeStorage). */
  secureTokenStorage: boolean;
}

export interface TokenStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface OnlineState {
  isOnline(): boolean;
  /** Calls back on every change; returns the unsubscribe function. */
  subscribe(listener: (online: boolean) => void): () => void;
}

export interface HostApi {
  appInfo(): Promise<AppInfo>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  /** Resolves to [] when the user cancels. */
  openFile(request: OpenFileRequest): Promise<OpenedFile[]>;
  tokens: TokenStore;
  online: OnlineState;
}
