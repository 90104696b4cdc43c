/**
 * The Electron security audit (scripts/audit-electron.ts): the real shell passes with zero
 * findings, and every bad pattern in the fixtures below is found on the line marked
 * `// expect: <rule>`, and nothing else is reported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { auditElectron, cspProblems, formatFindings, fuseProblems } from '../../scripts/audit-electron.ts';
import { CONTENT_SECURITY_POLICY, cspForPlatform } from '../../electron/security.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Fixtures live beside the real sources (in memory only) so `import 'electron'` resolves.
const FIXTURE_DIR = path.join(ROOT, 'electron', '__audit_fixtures__');

const GOOD = `
import { app, BrowserWindow, ipcMain, session, shell, type WebPreferences } from 'electron';
import { z } from 'zod';

const schema = z.string();
declare function isTrustedSender(e: unknown): boolean;
declare function isAllowedExternalUrl(u: string): boolean;

function prefs(preload?: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    ...(preload ? { preload } : {}),
  };
}

export function start(): void {
  const win = new BrowserWindow({ width: 800, height: 600, webPreferences: prefs('/p.cjs') });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write');
  });
  session.defaultSession.webRequest.onHeadersReceived((d, cb) =>
    cb({ responseHeaders: { ...d.responseHeaders, 'Content-Security-Policy': ["default-src 'self'"] } }),
  );
  ipcMain.handle('x', (event, raw) => {
    if (!isTrustedSender(event)) return null;
    return schema.parse(raw).length;
  });
  void shell.openExternal('https://www.moe.gov.cn/');
  app.on('ready', () => undefined);
}
`;

const BAD: Record<string, string> = {
  'node-integration.ts': `
import { BrowserWindow } from 'electron';
export const w = new BrowserWindow({
  webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: true }, // expect: web-preferences
});
`,
  'isolation-off.ts': `
import { BrowserWindow } from 'electron';
export const w = new BrowserWindow({
  webPreferences: { contextIsolation: false, sandbox: true, nodeIntegration: false }, // expect: web-preferences
});
`,
  'sandbox-missing.ts': `
import { BrowserWindow } from 'electron';
export const w = new BrowserWindow({
  webPreferences: { contextIsolation: true, nodeIntegration: false }, // expect: web-preferences
});
`,
  'sandbox-expression.ts': `
import { BrowserWindow } from 'electron';
declare const production: boolean;
export const w = new BrowserWindow({
  webPreferences: { contextIsolation: true, sandbox: production, nodeIntegration: false }, // expect: web-preferences
});
`,
  'web-security.ts': `
import { BrowserWindow } from 'electron';
export const w = new BrowserWindow({
  webPreferences: {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: false, // expect: web-preferences
    allowRunningInsecureContent: true, // expect: web-preferences
    experimentalFeatures: true, // expect: web-preferences
    webviewTag: true, // expect: web-preferences
    nodeIntegrationInSubFrames: true, // expect: web-preferences
    enableBlinkFeatures: 'CSSColorSchemeUARendering', // expect: web-preferences
  },
});
`,
  'remote-module.ts': `
import type { WebPreferences } from 'electron';
export const p = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  enableRemoteModule: true, // expect: web-preferences
} as WebPreferences;
`,
  'spread-override.ts': `
import { BrowserWindow } from 'electron';
declare const dev: boolean;
declare const extra: object;
export const w = new BrowserWindow({
  webPreferences: {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    ...(dev ? { sandbox: false } : {}), // expect: web-preferences
  },
});
export const v = new BrowserWindow({
  webPreferences: {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    ...extra, // expect: web-preferences-unverifiable
  },
});
`,
  'prefs-function.ts': `
import { BrowserWindow, type WebPreferences } from 'electron';
function prefs(): WebPreferences {
  return { contextIsolation: true, sandbox: false, nodeIntegration: false }; // expect: web-preferences
}
export const w = new BrowserWindow({ webPreferences: prefs() });
`,
  'prefs-missing.ts': `
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
export const w = new BrowserWindow({ width: 800 }); // expect: web-preferences-missing
export const bare = new BrowserWindow(); // expect: web-preferences-missing
export function options(): BrowserWindowConstructorOptions {
  return { title: 'x' }; // expect: web-preferences-missing
}
declare function make(): Electron.WebPreferences;
export const u = new BrowserWindow({ webPreferences: make() }); // expect: web-preferences-unverifiable
`,
  'open-external.ts': `
import { shell } from 'electron';
declare function isAllowedExternalUrl(u: string): boolean;
export function open(url: string, other: string): void {
  void shell.openExternal(url); // expect: open-external
  if (isAllowedExternalUrl(other)) void shell.openExternal(url); // expect: open-external
  if (!isAllowedExternalUrl(url)) void shell.openExternal(url); // expect: open-external
  void shell.openExternal('http://example.com/'); // expect: open-external
  void shell.openExternal(\`https://x/\${url}\`); // expect: open-external
}
export function guarded(url: string): void {
  if (!isAllowedExternalUrl(url)) return;
  void shell.openExternal(url);
}
`,
  'ipc.ts': `
import { ipcMain } from 'electron';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
declare function isTrustedSender(e: unknown): boolean;
const name = z.string();
ipcMain.handle('no-sender', (_e, raw) => name.parse(raw)); // expect: ipc-sender
ipcMain.handle('no-validation', (event, file: string) => { // expect: ipc-validation
  if (!isTrustedSender(event)) return null;
  return readFileSync(file);
});
ipcMain.on('send-style', (_e, msg) => console.log(msg)); // expect: ipc-sender, ipc-validation
declare const listener: (...args: unknown[]) => void;
ipcMain.handle('opaque', listener); // expect: ipc-validation

function handle(channel: string, run: (event: unknown, ...args: unknown[]) => unknown): void {
  ipcMain.handle(channel, (event, ...args) => (isTrustedSender(event) ? run(event, ...args) : null));
}
handle('checked', (_event, raw) => name.parse(raw));
handle('fallback', (_event, raw) => name.safeParse(raw ?? '').success);
handle('unchecked', (_event, raw) => readFileSync(String(raw))); // expect: ipc-validation
handle('unused', () => 1);
`,
  'permissions.ts': `
import { session } from 'electron';
session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(true)); // expect: permissions
session.defaultSession.setPermissionCheckHandler(() => true); // expect: permissions
session.defaultSession.setPermissionRequestHandler(() => undefined); // expect: permissions
`,
  'navigation.ts': `
import { BrowserWindow } from 'electron';
declare const win: BrowserWindow;
win.webContents.setWindowOpenHandler(() => ({ action: 'allow' })); // expect: navigation
`,
  'misc.ts': `
import { app, BrowserWindow, contextBridge, ipcRenderer, protocol } from 'electron';
declare const win: BrowserWindow;
declare const code: string;
app.on('certificate-error', (event) => event.preventDefault()); // expect: certificates
app.commandLine.appendSwitch('ignore-certificate-errors'); // expect: command-line-switch
void win.webContents.executeJavaScript(code); // expect: execute-javascript
void win.loadURL('http://example.com/'); // expect: insecure-url
contextBridge.exposeInMainWorld('bridge', { ipcRenderer }); // expect: expose-ipc-renderer
protocol.registerSchemesAsPrivileged([{ scheme: 'x', privileges: { bypassCSP: true } }]); // expect: scheme-privileges
`,
};

function expected(files: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    text.split('\n').forEach((line, i) => {
      const m = /\/\/ expect: (.+)$/.exec(line);
      if (!m) return;
      for (const rule of m[1]!.split(',').map((r) => r.trim())) {
        out.push(`electron/__audit_fixtures__/${name}:${i + 1} ${rule}`);
      }
    });
  }
  return out.sort();
}

function audit(files: Record<string, string>, requireAppHandlers = false) {
  return auditElectron({
    files: Object.fromEntries(Object.entries(files).map(([n, t]) => [path.join(FIXTURE_DIR, n), t])),
    root: ROOT,
    requireAppHandlers,
  });
}

describe('electron security audit', () => {
  it('finds every bad pattern on its line, and nothing more', () => {
    const findings = audit(BAD);
    const got = findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort();
    // Duplicates collapse: one line may break the same rule twice (e.g. two missing settings).
    expect([...new Set(got)]).toEqual([...new Set(expected(BAD))]);
    // Every rule of the brief is exercised.
    expect(new Set(findings.map((f) => f.rule))).toEqual(
      new Set([
        'web-preferences',
        'web-preferences-missing',
        'web-preferences-unverifiable',
        'open-external',
        'ipc-sender',
        'ipc-validation',
        'permissions',
        'navigation',
        'certificates',
        'command-line-switch',
        'execute-javascript',
        'insecure-url',
        'expose-ipc-renderer',
        'scheme-privileges',
      ]),
    );
  }, 120_000);

  it('says precisely what is wrong, in Chinese, located as file:line:column', () => {
    const findings = audit({ 'one.ts': BAD['sandbox-missing.ts']! });
    expect(formatFindings(findings)).toBe(
      'electron/__audit_fixtures__/one.ts:4:19  [web-preferences] webPreferences 必须明确写出 sandbox: true',
    );
  }, 120_000);

  it('passes a compliant shell, and requires its app-wide handlers', () => {
    expect(formatFindings(audit({ 'good.ts': GOOD }, true))).toBe('');
    const bare = audit(
      { 'bare.ts': "import { app } from 'electron';\napp.on('ready', () => undefined);\n" },
      true,
    );
    expect(bare.map((f) => `${f.rule}: ${f.message}`)).toEqual([
      'csp-header: 没有在响应头中设置 Content-Security-Policy',
      'navigation: 缺少调用 preventDefault 的 will-navigate 处理函数',
      'navigation: 缺少 setWindowOpenHandler（默认拒绝新窗口）',
      'permissions: 缺少 setPermissionRequestHandler（默认拒绝权限请求）',
    ]);
  }, 120_000);

  it('finds nothing in the real electron/ sources', () => {
    const dir = path.join(ROOT, 'electron');
    const files = Object.fromEntries(
      readdirSync(dir)
        .filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))
        .map((n) => [path.join(dir, n), readFileSync(path.join(dir, n), 'utf8')]),
    );
    expect(Object.keys(files).length).toBeGreaterThan(5);
    const findings = auditElectron({ files, root: ROOT, requireAppHandlers: true });
    expect(formatFindings(findings)).toBe('');
  }, 120_000);
});

describe('content security policy check', () => {
  it('accepts the policies the shell sends', () => {
    expect(cspProblems(CONTENT_SECURITY_POLICY)).toEqual([]);
    expect(cspProblems(cspForPlatform('https://platform.example.cn'))).toEqual([]);
  });

  it('refuses eval, inline or remote scripts, wildcards and missing fallbacks', () => {
    expect(
      cspProblems("default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'"),
    ).toEqual(["CSP 的 script-src 不得包含 'unsafe-eval'"]);
    expect(cspProblems("default-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'")).toEqual([
      "CSP 的 script-src 不得包含 'unsafe-inline'",
    ]);
    expect(cspProblems("default-src *; script-src 'self' https://cdn.example.com; base-uri 'none'")).toEqual([
      'CSP 的 script-src 不得加载外部脚本 https://cdn.example.com',
      'CSP 的 default-src 不得使用通配符 *',
      "CSP 必须设置 object-src 'none'",
    ]);
    expect(cspProblems("script-src 'self'")).toEqual([
      'CSP 缺少 default-src',
      "CSP 必须设置 object-src 'none'",
      "CSP 必须设置 base-uri 'none' 或 'self'",
    ]);
  });
});

describe('electron fuses check', () => {
  const file = path.join(ROOT, 'electron-builder.yml');

  it('accepts electron-builder.yml as committed', () => {
    const text = readFileSync(file, 'utf8');
    const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
    expect(fuseProblems({ file, text, config: yaml.load(text) }, ROOT)).toEqual([]);
  });

  it('locates every fuse left open', () => {
    const text = 'appId: x\nasar: false\nelectronFuses:\n  runAsNode: true\n  onlyLoadAppFromAsar: false\n';
    const config = { asar: false, electronFuses: { runAsNode: true, onlyLoadAppFromAsar: false } };
    expect(fuseProblems({ file, text, config }, ROOT).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual(
      [
        'electron-builder.yml:4 electronFuses.runAsNode 必须为 false：发布的程序不得能以 ELECTRON_RUN_AS_NODE 当作 Node.js 运行',
        'electron-builder.yml:3 electronFuses.enableNodeOptionsEnvironmentVariable 必须为 false：不得接受 NODE_OPTIONS 环境变量',
        'electron-builder.yml:3 electronFuses.enableNodeCliInspectArguments 必须为 false：不得接受 --inspect 调试参数',
        'electron-builder.yml:5 electronFuses.onlyLoadAppFromAsar 必须为 true：只能从 app.asar 加载应用代码',
        'electron-builder.yml:3 electronFuses.grantFileProtocolExtraPrivileges 必须为 false：file:// 不得获得额外权限',
        'electron-builder.yml:2 asar 不得关闭',
      ],
    );
    expect(fuseProblems({ file, text: 'appId: x\n', config: { appId: 'x' } }, ROOT)).toEqual([
      {
        file: 'electron-builder.yml',
        line: 1,
        column: 1,
        rule: 'fuses',
        message: '缺少 electronFuses（Electron 安全熔丝）配置',
      },
    ]);
  });
});
