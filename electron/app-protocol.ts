/**
 * The app://tianbao/ protocol: serves the built renderer (dist/) and nothing else. A stable,
 * secure, standard origin gives IndexedDB one home across launches, unlike file://.
 */
import path from 'node:path';
import {
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  isInside,
  mimeTypeFor,
  resolveAppFile,
  type AppFileResolution,
} from './security.ts';

/** Registered before app ready: standard + secure is what enables IndexedDB and fetch on the scheme. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    // Vite marks module scripts `crossorigin`; CORS mode requests must be allowed on the scheme.
    corsEnabled: true,
    stream: true,
    codeCache: true,
  },
} as const;

export interface ProtocolFs {
  readFile(filePath: string): Promise<Uint8Array>;
  realpath(filePath: string): Promise<string>;
}

export interface AppProtocolOptions {
  rootDir: string;
  fs: ProtocolFs;
  csp?: string;
  pathImpl?: typeof path.posix;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const { rootDir, fs } = options;
  const pathImpl = options.pathImpl ?? path;
  const csp = options.csp ?? CONTENT_SECURITY_POLICY;
  let realRoot: Promise<string> | undefined;

  const headers = (contentType?: string): Headers => {
    const h = new Headers({
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      // Files change with every install; hashed asset names make revalidation cheap anyway.
      'Cache-Control': 'no-cache',
    });
    if (contentType) h.set('Content-Type', contentType);
    return h;
  };
  const fail = (status: number): Response => new Response(null, { status, headers: headers() });

  /** Reads a resolved file, refusing symlinks that lead out of dist/. */
  async function read(file: AppFileResolution & { ok: true }): Promise<Uint8Array | number> {
    realRoot ??= fs.realpath(rootDir).catch(() => pathImpl.resolve(rootDir));
    let real: string;
    try {
      real = await fs.realpath(file.filePath);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return 404;
      // The lexical check in resolveAppFile already holds; this is only the symlink guard.
      real = file.filePath;
    }
    if (!isInside(await realRoot, real, pathImpl)) return 403;
    try {
      return await fs.readFile(real);
    } catch (error) {
      const code = errorCode(error);
      return code === 'EISDIR' ? 403 : 404;
    }
  }

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405);
    const resolved = resolveAppFile(rootDir, request.url, pathImpl);
    if (!resolved.ok) return fail(resolved.status);
    let body = await read(resolved);
    let mimeType = resolved.mimeType;
    // Client-side routes (no extension) fall back to the app shell.
    if (body === 404 && pathImpl.extname(resolved.filePath) === '') {
      const shell = resolveAppFile(rootDir, 'app://tianbao/index.html', pathImpl);
      if (shell.ok) {
        body = await read(shell);
        mimeType = mimeTypeFor(shell.filePath);
      }
    }
    if (typeof body === 'number') return fail(body);
    const responseBody = request.method === 'HEAD' ? null : new Uint8Array(body);
    return new Response(responseBody, { status: 200, headers: headers(mimeType) });
  };
}
