import { mkdtemp, mkdir, rm, symlink, writeFile, readFile, realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../electron/app-protocol.ts';
import {
  APP_START_URL,
  CONTENT_SECURITY_POLICY,
  cspForPlatform,
  platformOrigin,
  buildCsp,
  isAllowedExternalUrl,
  isAllowedNavigation,
  isPermissionAllowed,
  resolveAppFile,
  withCspHeader,
} from '../../electron/security.ts';

describe('navigation policy', () => {
  it('allows only our own app://tianbao origin', () => {
    expect(isAllowedNavigation(APP_START_URL)).toBe(true);
    expect(isAllowedNavigation('app://tianbao/#/submissions/1')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'http://evil.example/',
      'https://evil.example/app://tianbao/',
      'javascript:alert(1)',
      'app://evil/index.html',
      'app://tianbao.evil/index.html',
      'app://user:pw@tianbao/index.html',
      'app://tianbao:8080/index.html',
      'data:text/html,<script>alert(1)</script>',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('hands only plain http(s) links to the OS browser', () => {
    expect(isAllowedExternalUrl('https://www.moe.gov.cn/')).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:8787/help')).toBe(true);
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'https://user:pw@example.com/',
      'app://tianbao/index.html',
      `https://example.com/${'a'.repeat(3000)}`,
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('content security policy', () => {
  it('has the required directives', () => {
    const csp = CONTENT_SECURITY_POLICY;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:* http://localhost:*");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  it('builds from directives and replaces any CSP header regardless of case', () => {
    expect(buildCsp({ 'default-src': ["'none'"], 'upgrade-insecure-requests': [] })).toBe(
      "default-src 'none'; upgrade-insecure-requests",
    );
    const headers = withCspHeader({ 'content-security-policy': ['default-src *'], 'X-Other': ['1'] }, 'x');
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': ['x'] });
  });
});

describe('permissions', () => {
  it('grants only sanitized clipboard writes, and only to our origin', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://tianbao/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://tianbao')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined)).toBe(false);
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'usb',
      'fullscreen',
    ]) {
      expect(isPermissionAllowed(p, 'app://tianbao/index.html'), p).toBe(false);
    }
  });
});

describe('app:// file resolution', () => {
  const root = '/opt/tianbao/dist';

  it('maps paths inside dist/', () => {
    expect(resolveAppFile(root, 'app://tianbao/')).toMatchObject({
      ok: true,
      filePath: '/opt/tianbao/dist/index.html',
      mimeType: 'text/html; charset=utf-8',
    });
    expect(resolveAppFile(root, 'app://tianbao/assets/index-abc.js?v=1#x')).toMatchObject({
      ok: true,
      relativePath: 'assets/index-abc.js',
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppFile(root, 'app://tianbao/fonts/%E6%80%9D%E6%BA%90.woff2')).toMatchObject({
      ok: true,
      relativePath: 'fonts/思源.woff2',
    });
  });

  it('refuses path traversal, raw or encoded', () => {
    for (const url of [
      'app://tianbao/../../etc/passwd',
      'app://tianbao/%2e%2e/%2e%2e/etc/passwd',
      'app://tianbao/%2E%2E/etc/passwd',
      'app://tianbao/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://tianbao/..%5c..%5cwindows%5cwin.ini',
      'app://tianbao/.%2e/secret',
      'app://tianbao/assets/./x.js',
      'app://tianbao/%00index.html',
      'app://tianbao/C:%5CWindows%5Cwin.ini',
      'app://tianbao/index.html::$DATA',
      'app://tianbao/...',
      'app://tianbao/index.html.',
    ]) {
      const r = resolveAppFile(root, url);
      expect(r.ok, url).toBe(false);
    }
  });

  it('refuses other origins and malformed escapes', () => {
    expect(resolveAppFile(root, 'app://evil/index.html')).toEqual({ ok: false, status: 403 });
    expect(resolveAppFile(root, 'file:///etc/passwd')).toEqual({ ok: false, status: 403 });
    expect(resolveAppFile(root, 'app://tianbao/%E0%A4%A')).toEqual({ ok: false, status: 400 });
  });

  it('applies the same rules with Windows paths', () => {
    const winRoot = 'C:\\Program Files\\Tianbao\\resources\\app.asar\\dist';
    expect(resolveAppFile(winRoot, 'app://tianbao/assets/a.css', path.win32)).toMatchObject({
      ok: true,
      filePath: 'C:\\Program Files\\Tianbao\\resources\\app.asar\\dist\\assets\\a.css',
    });
    expect(resolveAppFile(winRoot, 'app://tianbao/..%5C..%5Csecret.txt', path.win32).ok).toBe(false);
    expect(resolveAppFile(winRoot, 'app://tianbao/D:%5Csecret.txt', path.win32).ok).toBe(false);
  });
});

describe('app:// protocol handler', () => {
  let tmp: string;
  let dist: string;

  beforeAll(async () => {
    tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tianbao-proto-')));
    dist = path.join(tmp, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(tmp, 'secret.txt'), 'secret');
    await symlink(path.join(tmp, 'secret.txt'), path.join(dist, 'assets', 'link.txt'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const handler = () => createAppProtocolHandler({ rootDir: dist, fs: { readFile, realpath } });

  it('serves dist files with CSP and content type', async () => {
    const res = await handler()(new Request('app://tianbao/assets/app.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('serves the app shell for extension-less routes and 404 for missing files', async () => {
    const shell = await handler()(new Request('app://tianbao/submissions/42'));
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<!doctype html>');
    expect((await handler()(new Request('app://tianbao/assets/missing.js'))).status).toBe(404);
  });

  it('refuses traversal, symlinks out of dist/ and non-GET methods, with CSP on errors too', async () => {
    // Request() normalizes dot segments like Chromium does; the raw strings are checked above.
    const traversal = await handler()(new Request('app://tianbao/..%2f..%2fsecret.txt'));
    expect(traversal.status).toBe(403);
    expect(traversal.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const link = await handler()(new Request('app://tianbao/assets/link.txt'));
    expect(link.status).toBe(403);
    expect(
      (await handler()(new Request('app://tianbao/index.html', { method: 'POST', body: 'x' }))).status,
    ).toBe(405);
    expect((await handler()(new Request('app://tianbao/assets'))).status).toBe(403);
  });

  it('answers HEAD without a body', async () => {
    const res = await handler()(new Request('app://tianbao/index.html', { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('the configured platform joins connect-src, and nothing wider', () => {
  it('adds an https platform origin (path and query dropped)', () => {
    const csp = cspForPlatform('https://platform.jyt.hunan.gov.cn/tianbao/?x=1');
    expect(csp).toMatch(/connect-src [^;]*https:\/\/platform\.jyt\.hunan\.gov\.cn(;|\s|$)/);
    expect(csp).not.toContain('/tianbao');
  });

  it.each([
    ['plain http to another host', 'http://platform.example.cn'],
    ['credentials in the address', 'https://user:pw@platform.example.cn'],
    ['another scheme', 'file:///etc/passwd'],
    ['not an address', 'platform'],
    ['nothing set', undefined],
  ])('ignores %s', (_label, url) => {
    expect(cspForPlatform(url)).toBe(CONTENT_SECURITY_POLICY);
  });

  it('allows a platform on this machine over http', () => {
    expect(platformOrigin('http://127.0.0.1:8787/')).toBe('http://127.0.0.1:8787');
  });
});
