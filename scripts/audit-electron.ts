#!/usr/bin/env tsx
/**
 * Security audit of the Electron shell, in the spirit of Electronegativity but tied to how this app
 * is built. It reads electron/*.ts with the TypeScript compiler (syntax tree plus type checker, so
 * an options object is recognised by its type wherever it is written), checks the
 * Content-Security-Policy the shell sends, and the Electron fuses in electron-builder.yml.
 * Every finding is printed as file:line:column [rule] message; the exit code is 1 when there is any.
 *
 *   npx tsx scripts/audit-electron.ts          (npm run audit:electron; part of npm test)
 *
 * Rules:
 *   web-preferences           contextIsolation: true, sandbox: true, nodeIntegration: false written
 *                             out; webSecurity not false; no allowRunningInsecureContent,
 *                             experimentalFeatures, enableBlinkFeatures, enableRemoteModule,
 *                             webviewTag: true, nodeIntegrationInWorker/SubFrames: true
 *   web-preferences-missing   every BrowserWindow options object sets webPreferences
 *   web-preferences-unverifiable  webPreferences built in a way the audit cannot follow
 *   open-external             shell.openExternal only with a literal https URL or behind an
 *                             allow-list check (isAllowed…Url) of the same variable
 *   navigation                a will-navigate handler that calls preventDefault, and a
 *                             setWindowOpenHandler that can answer { action: 'deny' }
 *   permissions               setPermissionRequestHandler present and never granting with a
 *                             literal true; no permission check handler returning literal true
 *   csp / csp-header          the policy: default-src, no 'unsafe-eval', no 'unsafe-inline' or
 *                             wildcards for scripts, object-src 'none', base-uri; and it is set
 *                             as a response header
 *   ipc-sender / ipc-validation  every ipcMain handler checks the sender (isTrustedSender) and
 *                             passes every argument through a schema (parseOrThrow, .parse,
 *                             .safeParse), directly or through a wrapper that does the first
 *   expose-ipc-renderer       contextBridge never exposes ipcRenderer itself
 *   certificates, insecure-url, execute-javascript, scheme-privileges, command-line-switch
 *   fuses                     runAsNode, NODE_OPTIONS and --inspect off; app only from asar
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export interface Finding {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

export interface AuditInput {
  /** Absolute path → source text. The CLI passes electron/*.ts; tests pass fixtures. */
  files: Record<string, string>;
  /** Policies to check, each with where it comes from (shown in findings). */
  csps?: ReadonlyArray<{ where: string; csp: string }>;
  /** electron-builder configuration: the parsed object and its text (to locate keys). */
  builder?: { file: string; config: unknown; text: string };
  /**
   * Whether the app-wide handlers must exist somewhere in `files` (navigation, window-open,
   * permissions, CSP header). True for the real shell; a fixture may check one rule alone.
   */
  requireAppHandlers?: boolean;
  /** Paths in findings are relative to this directory. */
  root: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const REQUIRED_TRUE = ['contextIsolation', 'sandbox'] as const;
const REQUIRED_FALSE = ['nodeIntegration'] as const;
/** Settings that must never be turned on (value true, or for these two: present at all). */
const FORBIDDEN_TRUE = [
  'allowRunningInsecureContent',
  'experimentalFeatures',
  'webviewTag',
  'nodeIntegrationInWorker',
  'nodeIntegrationInSubFrames',
  'enableRemoteModule',
] as const;
const FORBIDDEN_PRESENT = ['enableBlinkFeatures'] as const;
const SECURITY_KEYS = new Set<string>([
  ...REQUIRED_TRUE,
  ...REQUIRED_FALSE,
  ...FORBIDDEN_TRUE,
  ...FORBIDDEN_PRESENT,
  'webSecurity',
]);
const WINDOW_CONSTRUCTORS = new Set(['BrowserWindow', 'BrowserView', 'WebContentsView']);
const VALIDATOR_CALLS = new Set(['parseOrThrow', 'parse', 'safeParse', 'parseAsync', 'safeParseAsync']);
const URL_GUARD = /^isAllowed\w*Url$/;
const INSECURE_SWITCHES = new Set([
  'ignore-certificate-errors',
  'disable-web-security',
  'allow-running-insecure-content',
  'no-sandbox',
  'disable-site-isolation-trials',
  'remote-debugging-port',
  'inspect',
  'js-flags',
]);

// ---------------------------------------------------------------- helpers

function unwrap(node: ts.Expression): ts.Expression {
  let n = node;
  while (
    ts.isParenthesizedExpression(n) ||
    ts.isAsExpression(n) ||
    ts.isSatisfiesExpression(n) ||
    ts.isNonNullExpression(n) ||
    ts.isTypeAssertionExpression(n)
  ) {
    n = n.expression;
  }
  return n;
}

function propName(p: ts.ObjectLiteralElementLike): string | undefined {
  if (!p.name) return undefined;
  if (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name))
    return p.name.text;
  return undefined;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = unwrap(call.expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** `a.b.c(...)` → 'c' receiver name 'b'; `ipcMain.handle` → 'ipcMain'. */
function receiverName(call: ts.CallExpression): string | undefined {
  const e = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  const r = unwrap(e.expression);
  if (ts.isIdentifier(r)) return r.text;
  if (ts.isPropertyAccessExpression(r)) return r.name.text;
  return undefined;
}

function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n)
  );
}

function forEachDescendant(node: ts.Node, visit: (n: ts.Node) => void): void {
  const walk = (n: ts.Node): void => {
    visit(n);
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(node, walk);
}

/** Calls in a node, the node included (an arrow's expression body may itself be the call). */
function callsIn(node: ts.Node): ts.CallExpression[] {
  const out: ts.CallExpression[] = ts.isCallExpression(node) ? [node] : [];
  forEachDescendant(node, (n) => {
    if (ts.isCallExpression(n)) out.push(n);
  });
  return out;
}

function mentions(node: ts.Node, name: string): boolean {
  let found = ts.isIdentifier(node) && node.text === name;
  forEachDescendant(node, (n) => {
    if (ts.isIdentifier(n) && n.text === name) found = true;
  });
  return found;
}

function typeNames(type: ts.Type | undefined): string[] {
  if (!type) return [];
  const parts = type.isUnion() || type.isIntersection() ? type.types : [type];
  const names: string[] = [];
  for (const t of parts) {
    const s = t.aliasSymbol ?? t.getSymbol();
    if (s) names.push(s.getName());
    // Partial<X> and friends: look through one level of alias arguments.
    for (const a of t.aliasTypeArguments ?? []) {
      const as = a.getSymbol();
      if (as) names.push(as.getName());
    }
  }
  return names;
}

/** `{ preload }` in `...(preload ? { preload } : {})`: checked as part of its spread, not alone. */
function isSpreadOperand(node: ts.Node): boolean {
  let n: ts.Node = node;
  while (
    n.parent &&
    (ts.isParenthesizedExpression(n.parent) ||
      (ts.isConditionalExpression(n.parent) && n.parent.condition !== n) ||
      ts.isAsExpression(n.parent) ||
      ts.isSatisfiesExpression(n.parent))
  ) {
    n = n.parent;
  }
  return n.parent !== undefined && ts.isSpreadAssignment(n.parent);
}

function literalBoolean(e: ts.Expression): boolean | undefined {
  const n = unwrap(e);
  if (n.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (n.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

// ---------------------------------------------------------------- the audit

/** Parsed library files (lib.dom.d.ts, electron.d.ts, @types/node...), shared by every audit run. */
const libraryCache = new Map<string, ts.SourceFile | undefined>();

export function auditElectron(input: AuditInput): Finding[] {
  const findings: Finding[] = [];
  const fileNames = Object.keys(input.files);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    types: ['node'],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  };
  const host = ts.createCompilerHost(options, true);
  const virtual = new Map(fileNames.map((f) => [path.resolve(f), input.files[f]!]));
  const baseGetSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(path.resolve(fileName));
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!libraryCache.has(key))
      libraryCache.set(key, baseGetSourceFile(fileName, languageVersion, onError, shouldCreate));
    return libraryCache.get(key);
  };
  const baseFileExists = host.fileExists.bind(host);
  host.fileExists = (f) => virtual.has(path.resolve(f)) || baseFileExists(f);
  const baseReadFile = host.readFile.bind(host);
  host.readFile = (f) => virtual.get(path.resolve(f)) ?? baseReadFile(f);
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const checker = program.getTypeChecker();

  const report = (node: ts.Node, rule: string, message: string): void => {
    const sf = node.getSourceFile();
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    findings.push({
      file: path.relative(input.root, sf.fileName).split(path.sep).join('/'),
      line: line + 1,
      column: character + 1,
      rule,
      message,
    });
  };

  const sources = [...virtual.keys()].map((f) => program.getSourceFile(f)!).filter(Boolean);
  const checkedPreferences = new Set<ts.ObjectLiteralExpression>();
  let hasWillNavigate = false;
  let hasWindowOpenDeny = false;
  let hasPermissionHandler = false;
  let hasCspHeader = false;
  let firstWindowNode: ts.Node | undefined;

  /** Object literals a function returns (for `webPreferences: secureWebPreferences()`). */
  function returnedObjects(fn: ts.Node): ts.ObjectLiteralExpression[] | undefined {
    if (!isFunctionLike(fn) || !fn.body) return undefined;
    if (!ts.isBlock(fn.body)) {
      const e = unwrap(fn.body);
      return ts.isObjectLiteralExpression(e) ? [e] : undefined;
    }
    const out: ts.ObjectLiteralExpression[] = [];
    let ok = true;
    const visit = (n: ts.Node): void => {
      if (isFunctionLike(n)) return;
      if (ts.isReturnStatement(n) && n.expression) {
        const e = unwrap(n.expression);
        if (ts.isObjectLiteralExpression(e)) out.push(e);
        else ok = false;
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(fn.body, visit);
    return ok && out.length > 0 ? out : undefined;
  }

  function declarationOf(e: ts.Expression): ts.Declaration | undefined {
    let symbol = checker.getSymbolAtLocation(e);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  }

  /** Resolves the value of `webPreferences:` to the object literals that make it. */
  function resolvePreferences(value: ts.Expression): ts.ObjectLiteralExpression[] | undefined {
    const e = unwrap(value);
    if (ts.isObjectLiteralExpression(e)) return [e];
    if (ts.isCallExpression(e)) {
      const decl = declarationOf(e.expression);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer)
        return returnedObjects(decl.initializer);
      return decl ? returnedObjects(decl) : undefined;
    }
    if (ts.isIdentifier(e)) {
      const decl = declarationOf(e);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer)
        return resolvePreferences(decl.initializer);
    }
    return undefined;
  }

  function checkSpread(spread: ts.SpreadAssignment): void {
    const e = unwrap(spread.expression);
    const parts: ts.Expression[] = ts.isConditionalExpression(e) ? [e.whenTrue, e.whenFalse] : [e];
    for (const part of parts) {
      const p = unwrap(part);
      if (!ts.isObjectLiteralExpression(p)) {
        report(
          spread,
          'web-preferences-unverifiable',
          'webPreferences 中展开了无法静态检查的对象，安全设置可能被覆盖',
        );
        return;
      }
      for (const prop of p.properties) {
        const name = propName(prop);
        if (ts.isSpreadAssignment(prop) || (name && SECURITY_KEYS.has(name))) {
          report(prop, 'web-preferences', `webPreferences 的展开部分不得设置安全项 ${name ?? '…'}`);
        }
      }
    }
  }

  function checkPreferences(obj: ts.ObjectLiteralExpression): void {
    if (checkedPreferences.has(obj)) return;
    checkedPreferences.add(obj);
    const props = new Map<string, ts.PropertyAssignment | ts.ShorthandPropertyAssignment>();
    for (const p of obj.properties) {
      if (ts.isSpreadAssignment(p)) {
        checkSpread(p);
        continue;
      }
      const name = propName(p);
      if (name && (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p))) props.set(name, p);
    }
    const valueOf = (name: string): boolean | 'other' | undefined => {
      const p = props.get(name);
      if (!p) return undefined;
      if (ts.isShorthandPropertyAssignment(p)) return 'other';
      return literalBoolean(p.initializer) ?? 'other';
    };
    for (const key of REQUIRED_TRUE) {
      const v = valueOf(key);
      if (v !== true) {
        report(props.get(key) ?? obj, 'web-preferences', `webPreferences 必须明确写出 ${key}: true`);
      }
    }
    for (const key of REQUIRED_FALSE) {
      const v = valueOf(key);
      if (v !== false) {
        report(props.get(key) ?? obj, 'web-preferences', `webPreferences 必须明确写出 ${key}: false`);
      }
    }
    const webSecurity = valueOf('webSecurity');
    if (webSecurity === false || webSecurity === 'other') {
      report(props.get('webSecurity')!, 'web-preferences', 'webSecurity 不得关闭（须省略或为 true）');
    }
    for (const key of FORBIDDEN_TRUE) {
      const v = valueOf(key);
      if (v === true || v === 'other')
        report(props.get(key)!, 'web-preferences', `不得开启 ${key}（须省略或为 false）`);
    }
    for (const key of FORBIDDEN_PRESENT) {
      if (props.has(key)) report(props.get(key)!, 'web-preferences', `不得设置 ${key}`);
    }
  }

  function checkWindowOptions(obj: ts.ObjectLiteralExpression): void {
    const prefs = obj.properties.find((p) => propName(p) === 'webPreferences');
    firstWindowNode ??= obj;
    if (!prefs) {
      report(
        obj,
        'web-preferences-missing',
        '创建窗口的选项缺少 webPreferences（必须写出 contextIsolation、sandbox、nodeIntegration）',
      );
      return;
    }
    if (!ts.isPropertyAssignment(prefs)) {
      report(prefs, 'web-preferences-unverifiable', 'webPreferences 必须写成属性赋值，便于检查');
      return;
    }
    const objects = resolvePreferences(prefs.initializer);
    if (!objects) {
      report(prefs, 'web-preferences-unverifiable', 'webPreferences 的值无法静态解析为对象字面量');
      return;
    }
    for (const o of objects) checkPreferences(o);
  }

  /** True when `call` (using identifier `name`) is only reached after an allow-list check on `name`. */
  function guardedByUrlCheck(call: ts.Node, name: string): boolean {
    const guardCall = (e: ts.Expression, negated: boolean): boolean => {
      const n = unwrap(e);
      if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) {
        return guardCall(n.operand, !negated);
      }
      if (
        ts.isBinaryExpression(n) &&
        n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
        !negated
      ) {
        return guardCall(n.left, false) || guardCall(n.right, false);
      }
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.BarBarToken && negated) {
        return guardCall(n.left, true) || guardCall(n.right, true);
      }
      if (ts.isCallExpression(n)) {
        const c = calleeName(n);
        return (
          !negated &&
          c !== undefined &&
          URL_GUARD.test(c) &&
          n.arguments.some((a) => ts.isIdentifier(unwrap(a)) && (unwrap(a) as ts.Identifier).text === name)
        );
      }
      return false;
    };
    const exits = (s: ts.Statement): boolean =>
      ts.isReturnStatement(s) ||
      ts.isThrowStatement(s) ||
      (ts.isBlock(s) && s.statements.length > 0 && exits(s.statements[s.statements.length - 1]!));
    let node: ts.Node = call;
    while (node.parent && !isFunctionLike(node)) {
      const parent: ts.Node = node.parent;
      // if (isAllowed…Url(url)) { …openExternal(url)… }
      if (ts.isIfStatement(parent) && parent.thenStatement === node && guardCall(parent.expression, false))
        return true;
      // if (!isAllowed…Url(url)) return; …openExternal(url)…
      if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
        for (const s of parent.statements) {
          if (s === node) break;
          if (
            ts.isIfStatement(s) &&
            !s.elseStatement &&
            exits(s.thenStatement) &&
            guardCall(s.expression, true)
          ) {
            return true;
          }
        }
      }
      // cond && openExternal(url)
      if (
        ts.isBinaryExpression(parent) &&
        parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
        parent.right === node &&
        guardCall(parent.left, false)
      ) {
        return true;
      }
      node = parent;
    }
    return false;
  }

  function checkOpenExternal(call: ts.CallExpression): void {
    const arg = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    if (arg && ts.isStringLiteralLike(arg) && /^https:\/\//.test(arg.text)) return;
    if (arg && ts.isIdentifier(arg) && guardedByUrlCheck(call, arg.text)) return;
    report(
      call,
      'open-external',
      'shell.openExternal 的参数未经允许列表检查（须先通过 isAllowedExternalUrl 等检查同一变量）',
    );
  }

  /** The function a listener argument refers to, when it can be found. */
  function listenerFunction(arg: ts.Expression | undefined): ts.FunctionLikeDeclaration | undefined {
    if (!arg) return undefined;
    const e = unwrap(arg);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
    if (ts.isIdentifier(e)) {
      const decl = declarationOf(e);
      if (decl && isFunctionLike(decl)) return decl;
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer)
        return listenerFunction(decl.initializer);
    }
    return undefined;
  }

  function paramName(p: ts.ParameterDeclaration): string | undefined {
    return ts.isIdentifier(p.name) ? p.name.text : undefined;
  }

  /** Every parameter after the event is passed to a schema before use (or not used at all). */
  function unvalidatedParams(fn: ts.FunctionLikeDeclaration): ts.ParameterDeclaration[] {
    const body = fn.body;
    if (!body) return [];
    const validated = new Set<string>();
    for (const c of callsIn(body)) {
      const name = calleeName(c);
      if (!name || !VALIDATOR_CALLS.has(name)) continue;
      for (const a of c.arguments) {
        const u = unwrap(a);
        if (ts.isIdentifier(u)) validated.add(u.text);
        // parseOrThrow(t, schema, raw ?? {})
        if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
          const left = unwrap(u.left);
          if (ts.isIdentifier(left)) validated.add(left.text);
        }
      }
    }
    return fn.parameters.slice(1).filter((p) => {
      const name = paramName(p);
      if (!name) return true;
      if (!mentions(body, name)) return false;
      return !validated.has(name);
    });
  }

  /**
   * An ipcMain listener that hands `...args` to a parameter of its enclosing function (the
   * wrapper in electron/ipc.ts): the wrapper's callers are checked instead.
   */
  function delegatesTo(listener: ts.FunctionLikeDeclaration): ts.FunctionLikeDeclaration | undefined {
    const rest = listener.parameters.find((p) => p.dotDotDotToken);
    const restName = rest && paramName(rest);
    if (!restName || !listener.body) return undefined;
    let enclosing: ts.Node | undefined = listener.parent;
    while (enclosing && !isFunctionLike(enclosing)) enclosing = enclosing.parent;
    if (!enclosing || !isFunctionLike(enclosing)) return undefined;
    const wrapperParams = new Set(enclosing.parameters.map(paramName).filter(Boolean));
    const forwards = callsIn(listener.body).some((c) => {
      const callee = unwrap(c.expression);
      return (
        ts.isIdentifier(callee) &&
        wrapperParams.has(callee.text) &&
        c.arguments.some(
          (a) => ts.isSpreadElement(a) && ts.isIdentifier(a.expression) && a.expression.text === restName,
        )
      );
    });
    return forwards ? enclosing : undefined;
  }

  const wrappers = new Map<ts.FunctionLikeDeclaration, number>();

  function checkIpcRegistration(call: ts.CallExpression): void {
    const listener = listenerFunction(call.arguments[1]);
    if (!listener || !listener.body) {
      report(call, 'ipc-validation', 'IPC 处理函数必须写在注册处（或可解析的函数），以便检查来源与参数校验');
      return;
    }
    const checksSender = callsIn(listener.body).some((c) => calleeName(c) === 'isTrustedSender');
    if (!checksSender) report(call, 'ipc-sender', 'IPC 处理函数未检查调用来源（isTrustedSender）');
    const wrapper = delegatesTo(listener);
    if (wrapper) {
      // The wrapped run() gets the arguments; each registration through the wrapper is checked.
      const paramIndex = wrapper.parameters.findIndex((p) =>
        callsIn(listener.body!).some((c) => {
          const callee = unwrap(c.expression);
          return ts.isIdentifier(callee) && callee.text === paramName(p);
        }),
      );
      wrappers.set(wrapper, paramIndex);
      return;
    }
    for (const p of unvalidatedParams(listener)) {
      report(
        p,
        'ipc-validation',
        `IPC 参数 ${paramName(p) ?? '…'} 未经 schema 校验（parseOrThrow / safeParse）就被使用`,
      );
    }
  }

  function checkWrapperCall(call: ts.CallExpression, paramIndex: number): void {
    const fn = listenerFunction(call.arguments[paramIndex]);
    if (!fn) {
      report(call, 'ipc-validation', 'IPC 处理函数必须写在注册处，以便检查参数校验');
      return;
    }
    for (const p of unvalidatedParams(fn)) {
      report(
        p,
        'ipc-validation',
        `IPC 参数 ${paramName(p) ?? '…'} 未经 schema 校验（parseOrThrow / safeParse）就被使用`,
      );
    }
  }

  function checkPermissionHandler(call: ts.CallExpression, kind: 'request' | 'check'): void {
    const fn = listenerFunction(call.arguments[0]);
    if (!fn || !fn.body) {
      report(call, 'permissions', '权限处理函数必须可解析，以便检查默认拒绝');
      return;
    }
    if (kind === 'request') {
      hasPermissionHandler = true;
      const cb = fn.parameters[2] && paramName(fn.parameters[2]);
      for (const c of callsIn(fn.body)) {
        const callee = unwrap(c.expression);
        if (
          cb &&
          ts.isIdentifier(callee) &&
          callee.text === cb &&
          c.arguments[0] &&
          literalBoolean(c.arguments[0]) === true
        ) {
          report(
            c,
            'permissions',
            '权限请求处理函数不得直接授予（callback(true)）；应按允许列表判断、默认拒绝',
          );
        }
      }
      if (!cb || !mentions(fn.body, cb))
        report(call, 'permissions', '权限请求处理函数从不调用 callback，请求会一直挂起');
    } else {
      const returnsTrue = (n: ts.Node): boolean => {
        if (ts.isReturnStatement(n) && n.expression && literalBoolean(n.expression) === true) return true;
        let found = false;
        ts.forEachChild(n, (child) => {
          if (!isFunctionLike(child) && returnsTrue(child)) found = true;
        });
        return found;
      };
      const body = fn.body;
      if (
        (!ts.isBlock(body) && literalBoolean(body as ts.Expression) === true) ||
        (ts.isBlock(body) && returnsTrue(body))
      ) {
        report(call, 'permissions', '权限检查处理函数不得直接返回 true');
      }
    }
  }

  function visit(node: ts.Node): void {
    if (ts.isObjectLiteralExpression(node) && !isSpreadOperand(node)) {
      const contextual = typeNames(checker.getContextualType(node));
      if (contextual.includes('WebPreferences')) checkPreferences(node);
      if (
        contextual.includes('BrowserWindowConstructorOptions') ||
        contextual.includes('WebContentsViewConstructorOptions')
      ) {
        checkWindowOptions(node);
      }
      const prefs = node.properties.find((p) => propName(p) === 'webPreferences');
      if (
        prefs &&
        ts.isPropertyAssignment(prefs) &&
        !contextual.includes('BrowserWindowConstructorOptions')
      ) {
        checkWindowOptions(node);
      }
      for (const p of node.properties) {
        if (
          propName(p) === 'bypassCSP' &&
          ts.isPropertyAssignment(p) &&
          literalBoolean(p.initializer) !== false
        ) {
          report(p, 'scheme-privileges', '自定义协议不得设置 bypassCSP');
        }
        if (propName(p) === 'allowpopups') report(p, 'web-preferences', '不得使用 allowpopups');
      }
    }
    if (ts.isNewExpression(node)) {
      const name = calleeName(node);
      if (name && WINDOW_CONSTRUCTORS.has(name)) {
        firstWindowNode ??= node;
        const arg = node.arguments?.[0] ? unwrap(node.arguments[0]) : undefined;
        if (!arg)
          report(node, 'web-preferences-missing', `new ${name}() 没有传入选项（必须写出 webPreferences）`);
        else if (ts.isObjectLiteralExpression(arg)) checkWindowOptions(arg);
      }
    }
    if (ts.isStringLiteralLike(node) && node.text.toLowerCase() === 'content-security-policy')
      hasCspHeader = true;
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const receiver = receiverName(node);
      const firstArg = node.arguments[0] ? unwrap(node.arguments[0]) : undefined;
      const firstText = firstArg && ts.isStringLiteralLike(firstArg) ? firstArg.text : undefined;
      if (name === 'openExternal') checkOpenExternal(node);
      if ((name === 'on' || name === 'once') && firstText === 'will-navigate') {
        const fn = listenerFunction(node.arguments[1]);
        if (fn?.body && callsIn(fn.body).some((c) => calleeName(c) === 'preventDefault'))
          hasWillNavigate = true;
      }
      if ((name === 'on' || name === 'once') && firstText === 'certificate-error') {
        report(node, 'certificates', '不得处理 certificate-error 来放行证书错误');
      }
      if (name === 'setCertificateVerifyProc')
        report(node, 'certificates', '不得替换证书校验（setCertificateVerifyProc）');
      if (name === 'setWindowOpenHandler') {
        const fn = listenerFunction(node.arguments[0]);
        let denies = false;
        if (fn?.body) {
          forEachDescendant(fn.body, (n) => {
            if (ts.isStringLiteralLike(n) && n.text === 'deny') denies = true;
          });
        }
        if (denies) hasWindowOpenDeny = true;
        else report(node, 'navigation', "setWindowOpenHandler 必须能返回 { action: 'deny' }");
      }
      if (name === 'setPermissionRequestHandler') checkPermissionHandler(node, 'request');
      if (name === 'setPermissionCheckHandler') checkPermissionHandler(node, 'check');
      if (receiver === 'ipcMain' && name && ['handle', 'handleOnce', 'on', 'once'].includes(name)) {
        checkIpcRegistration(node);
      }
      if (name === 'exposeInMainWorld') {
        const api = node.arguments[1] ? unwrap(node.arguments[1]) : undefined;
        const exposesIpc = (e: ts.Node): boolean => {
          if (ts.isIdentifier(e) && e.text === 'ipcRenderer') {
            // Passing it to a factory (createPreloadApi(ipcRenderer, ...)) is fine; exposing it is not.
            const p = e.parent;
            return !(ts.isCallExpression(p) && p.arguments.includes(e as ts.Expression));
          }
          let found = false;
          ts.forEachChild(e, (c) => {
            if (!isFunctionLike(c) && exposesIpc(c)) found = true;
          });
          return found;
        };
        if (api && exposesIpc(api))
          report(node, 'expose-ipc-renderer', 'contextBridge 不得直接暴露 ipcRenderer');
      }
      if (
        name === 'loadURL' &&
        firstText &&
        /^http:\/\//i.test(firstText) &&
        !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(firstText)
      ) {
        report(node, 'insecure-url', 'loadURL 不得加载明文 http 地址');
      }
      if (name === 'executeJavaScript' && !(firstArg && ts.isStringLiteralLike(firstArg))) {
        report(node, 'execute-javascript', 'executeJavaScript 只能执行字面量代码');
      }
      if (name === 'appendSwitch' && firstText && INSECURE_SWITCHES.has(firstText.toLowerCase())) {
        report(node, 'command-line-switch', `不得开启命令行开关 ${firstText}`);
      }
    }
    ts.forEachChild(node, visit);
  }

  for (const sf of sources) visit(sf);

  // Calls of the validating wrapper, found in a second pass once the wrapper is known.
  if (wrappers.size > 0) {
    for (const sf of sources) {
      forEachDescendant(sf, (n) => {
        if (!ts.isCallExpression(n)) return;
        const decl = declarationOf(n.expression);
        if (decl && isFunctionLike(decl) && wrappers.has(decl)) checkWrapperCall(n, wrappers.get(decl)!);
      });
    }
  }

  if (input.requireAppHandlers && sources.length > 0) {
    const at = firstWindowNode ?? sources[0]!;
    if (!hasWillNavigate) report(at, 'navigation', '缺少调用 preventDefault 的 will-navigate 处理函数');
    if (!hasWindowOpenDeny) report(at, 'navigation', '缺少 setWindowOpenHandler（默认拒绝新窗口）');
    if (!hasPermissionHandler)
      report(at, 'permissions', '缺少 setPermissionRequestHandler（默认拒绝权限请求）');
    if (!hasCspHeader) report(at, 'csp-header', '没有在响应头中设置 Content-Security-Policy');
  }

  for (const { where, csp } of input.csps ?? []) {
    for (const message of cspProblems(csp))
      findings.push({ file: where, line: 1, column: 1, rule: 'csp', message });
  }
  if (input.builder) findings.push(...fuseProblems(input.builder, input.root));

  return findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
  );
}

/** What is wrong with a Content-Security-Policy string; empty when it is strict enough. */
export function cspProblems(csp: string): string[] {
  const directives = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name)
      directives.set(
        name.toLowerCase(),
        sources.map((s) => s.toLowerCase()),
      );
  }
  const problems: string[] = [];
  const defaults = directives.get('default-src');
  if (!defaults) problems.push('CSP 缺少 default-src');
  const scripts = directives.get('script-src') ?? defaults ?? [];
  for (const bad of [
    "'unsafe-eval'",
    "'unsafe-inline'",
    "'unsafe-hashes'",
    '*',
    'data:',
    'blob:',
    'http:',
    'https:',
  ]) {
    if (scripts.includes(bad)) problems.push(`CSP 的 script-src 不得包含 ${bad}`);
  }
  for (const s of scripts) {
    if (/^https?:\/\//.test(s)) problems.push(`CSP 的 script-src 不得加载外部脚本 ${s}`);
  }
  for (const d of ['default-src', 'connect-src', 'style-src', 'img-src', 'font-src', 'frame-src']) {
    if (directives.get(d)?.includes('*')) problems.push(`CSP 的 ${d} 不得使用通配符 *`);
  }
  if (defaults?.includes("'unsafe-eval'")) problems.push("CSP 的 default-src 不得包含 'unsafe-eval'");
  const objects = directives.get('object-src') ?? defaults;
  if (!objects || objects.join(' ') !== "'none'") problems.push("CSP 必须设置 object-src 'none'");
  const base = directives.get('base-uri');
  if (!base || !(base.join(' ') === "'none'" || base.join(' ') === "'self'")) {
    problems.push("CSP 必须设置 base-uri 'none' 或 'self'");
  }
  return problems;
}

/** Electron fuses and asar in the electron-builder configuration. */
export function fuseProblems(
  builder: { file: string; config: unknown; text: string },
  root: string,
): Finding[] {
  const file = path.relative(root, builder.file).split(path.sep).join('/');
  const lineOf = (key: string): number => {
    const i = builder.text.split('\n').findIndex((l) => new RegExp(`^\\s*${key}\\s*:`).test(l));
    return i >= 0 ? i + 1 : 0;
  };
  const out: Finding[] = [];
  const config = (builder.config ?? {}) as Record<string, unknown>;
  const fuses = (config.electronFuses ?? null) as Record<string, unknown> | null;
  const want: Array<[string, boolean, string]> = [
    ['runAsNode', false, '发布的程序不得能以 ELECTRON_RUN_AS_NODE 当作 Node.js 运行'],
    ['enableNodeOptionsEnvironmentVariable', false, '不得接受 NODE_OPTIONS 环境变量'],
    ['enableNodeCliInspectArguments', false, '不得接受 --inspect 调试参数'],
    ['onlyLoadAppFromAsar', true, '只能从 app.asar 加载应用代码'],
    ['grantFileProtocolExtraPrivileges', false, 'file:// 不得获得额外权限'],
  ];
  if (!fuses) {
    out.push({
      file,
      line: 1,
      column: 1,
      rule: 'fuses',
      message: '缺少 electronFuses（Electron 安全熔丝）配置',
    });
  } else {
    for (const [key, value, why] of want) {
      if (fuses[key] !== value) {
        out.push({
          file,
          line: lineOf(key) || lineOf('electronFuses') || 1,
          column: 1,
          rule: 'fuses',
          message: `electronFuses.${key} 必须为 ${value}：${why}`,
        });
      }
    }
  }
  if (config.asar === false)
    out.push({ file, line: lineOf('asar') || 1, column: 1, rule: 'fuses', message: 'asar 不得关闭' });
  return out;
}

export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column}  [${f.rule}] ${f.message}`).join('\n');
}

async function main(): Promise<void> {
  const electronDir = path.join(ROOT, 'electron');
  const files: Record<string, string> = {};
  for (const name of readdirSync(electronDir).sort()) {
    if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
    const p = path.join(electronDir, name);
    files[p] = readFileSync(p, 'utf8');
  }
  // The policies exactly as the shell builds them: without and with a configured platform.
  const security = await import(pathToFileURL(path.join(electronDir, 'security.ts')).href);
  const csps = [
    {
      where: 'electron/security.ts (CONTENT_SECURITY_POLICY)',
      csp: security.CONTENT_SECURITY_POLICY as string,
    },
    {
      where: 'electron/security.ts (cspForPlatform)',
      csp: (security.cspForPlatform as (u: string) => string)('https://platform.example.cn'),
    },
  ];
  const builderFile = path.join(ROOT, 'electron-builder.yml');
  const text = readFileSync(builderFile, 'utf8');
  // js-yaml is what electron-builder itself parses this file with.
  const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
  const findings = auditElectron({
    files,
    csps,
    builder: { file: builderFile, config: yaml.load(text), text },
    requireAppHandlers: true,
    root: ROOT,
  });
  if (findings.length > 0) {
    console.error(formatFindings(findings));
    console.error(`electron audit: ${findings.length} finding(s)`);
    process.exitCode = 1;
    return;
  }
  console.log(
    `electron audit: 0 findings (${Object.keys(files).length} files in electron/, ${csps.length} CSPs, electron-builder.yml fuses)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  });
}
