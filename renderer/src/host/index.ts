/**
 * The renderer's way to the host: Electron's preload API when present, the browser
 * implementation otherwise. Components call getHost() and never check which one they got.
 */
import type { HostApi } from '../../../shared/host/api.ts';
import { i18n } from '../i18n.ts';
import { createWebHost } from './web-host.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a plain browser. */
    tianbao?: HostApi;
  }
}

let webHost: HostApi | undefined;

export function getHost(): HostApi {
  const electronHost = typeof window !== 'undefined' ? window.tianbao : undefined;
  if (electronHost) return electronHost;
  // Error messages follow the language chosen in the UI.
  webHost ??= createWebHost({ t: (key, params) => String(i18n.t(`electron:${key}`, params ?? {})) });
  return webHost;
}

export type { HostApi } from '../../../shared/host/api.ts';
