/**
 * Pure security policy for the Electron shell: which URLs the app may show or hand to the OS,
 * the Content-Security-Policy, which permissions a page gets, and how app:// URLs map to files.
 * No electron import here, so every rule is unit-tested in plain Node.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'tianbao';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for URLs on our own app://tianbao origin. `URL.origin` is "null" for non-special schemes in
 * Node, so scheme and host are compared directly; credentials and ports are never ours.
 */
export function isAppUrl(url: string): boolean {
  const u = parseUrl(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** The renderer may only ever show our own bundled pages. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * Links the OS browser may open: plain http(s) with a host and no embedded credentials. Anything
 * else (file:, javascript:, custom schemes that launch other programs) is refused.
 */
export function isAllowedExternalUrl(url: string): boolean {
  if (url.length > 2048) return false;
  const u = parseUrl(url);
  if (!u) return false;
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  return u.hostname !== '' && u.username === '' && u.password === '';
}

export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/** The policy every response carries. connect-src allows the local reference platform on any port. */
export const CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  // Vite inlines small assets as data: URIs; fonts are otherwise only our own files.
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'", 'http://127.0.0.1:*', 'http://localhost:*'],
  'object-src': ["'none'"],
  // Evidence previews show PDFs from blob: URLs in an iframe; nothing else may be framed.
  'frame-src': ["'self'", 'blob:'],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

export function buildCsp(directives: CspDirectives = CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, sources]) => (sources.length > 0 ? `${name} ${sources.join(' ')}` : name))
    .join('; ');
}

export const CONTENT_SECURITY_POLICY = buildCsp();

/**
 * The platform's origin from an address the IT department configured (TIANBAO_PLATFORM_URL):
 * https anywhere, http only on this machine; anything else is ignored, never widened to a wildcard.
 */
export function platformOrigin(url: string | undefined): string | undefined {
  const u = url ? parseUrl(url) : null;
  if (!u || u.username || u.password) return undefined;
  if (u.protocol === 'https:') return u.origin;
  if (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost')) return u.origin;
  return undefined;
}

/** The policy with the configured platform added to connect-src, so sync may reach it and nothing else. */
export function cspForPlatform(url: string | undefined): string {
  const origin = platformOrigin(url);
  if (!origin) return CONTENT_SECURITY_POLICY;
  return buildCsp({ ...CSP_DIRECTIVES, 'connect-src': [...CSP_DIRECTIVES['connect-src']!, origin] });
}

/**
 * Replaces any CSP a response brought with ours (header names are case-insensitive, so every
 * spelling is dropped first).
 */
export function withCspHeader(
  headers: Record<string, string | string[]> | undefined,
  csp: string = CONTENT_SECURITY_POLICY,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}

/** Only sanitized clipboard writes (copy buttons); no camera, location, notifications, USB, ... */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** A permission is granted only if it is on the list and asked for by our own origin. */
export function isPermissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl);
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type AppFileResolution =
  | { ok: true; filePath: string; relativePath: string; mimeType: string }
  | { ok: false; status: 400 | 403 | 404 };

// Segments that mean something to a file system other than "a name": separators, drive and
// stream colons, NUL and control characters, and the dot segments themselves.
// eslint-disable-next-line no-control-regex
const UNSAFE_SEGMENT = /[\\/:*?"<>|\x00-\x1f\x7f]/;

/**
 * Maps an app://tianbao/... URL to a file inside `rootDir`, refusing anything that could escape
 * it. Dot segments are refused in the raw URL (also percent-encoded, where URL parsing would
 * otherwise fold them away silently), every decoded segment is checked, and the final path must
 * still be inside the root. `pathImpl` lets tests check Windows rules on any OS.
 */
export function resolveAppFile(
  rootDir: string,
  requestUrl: string,
  pathImpl: typeof path.posix = path,
): AppFileResolution {
  const match = /^app:\/\/tianbao(?::\d*)?(\/[^?#]*)?(?:[?#].*)?$/i.exec(requestUrl);
  if (!match) return { ok: false, status: 403 };
  if (!isAppUrl(requestUrl)) return { ok: false, status: 403 };
  const rawPath = match[1] ?? '/';
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400 };
    }
    if (segment === '.' || segment === '..' || UNSAFE_SEGMENT.test(segment))
      return { ok: false, status: 403 };
    // Trailing dots and spaces are stripped by Windows, which could turn "..." into "..".
    if (/^[. ]+$/.test(segment) || /[. ]$/.test(segment)) return { ok: false, status: 403 };
    segments.push(segment);
  }
  if (segments.length === 0) segments.push('index.html');
  const root = pathImpl.resolve(rootDir);
  const filePath = pathImpl.resolve(root, ...segments);
  const relativePath = pathImpl.relative(root, filePath);
  if (relativePath === '' || escapesRoot(relativePath, pathImpl)) return { ok: false, status: 403 };
  return { ok: true, filePath, relativePath, mimeType: mimeTypeFor(filePath) };
}

/** True when `child` is `root` itself or inside it (after both are resolved). */
export function isInside(root: string, child: string, pathImpl: typeof path.posix = path): boolean {
  const rel = pathImpl.relative(pathImpl.resolve(root), pathImpl.resolve(child));
  return rel === '' || !escapesRoot(rel, pathImpl);
}

function escapesRoot(relativePath: string, pathImpl: typeof path.posix): boolean {
  return (
    relativePath === '..' || relativePath.startsWith(`..${pathImpl.sep}`) || pathImpl.isAbsolute(relativePath)
  );
}
