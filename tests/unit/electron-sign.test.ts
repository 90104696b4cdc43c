/**
 * 签名并保存 in the desktop app: the main-process IPC handler with fake dialogs over the real file
 * system of a temporary folder, real PKCS#12 files (tests/fixtures/certs/make-certs.ts) and a real
 * PDF. The written file is read back by our verifyPdf and by poppler's pdfsig; every refusal is
 * checked for its message, its code, and that nothing was written.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { build } from 'esbuild';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronFormat, createElectronTranslate } from '../../electron/i18n.ts';
import { registerIpcHandlers, type HostFs, type IpcEventLike } from '../../electron/ipc.ts';
import { fileCertificateDir, memoryCertificateDir } from '../../electron/signing-prefs.ts';
import { IPC, MAX_SIGN_PDF_BYTES } from '../../shared/host/api.ts';
import type { IpcResult } from '../../shared/host/ipc-result.ts';
import type { Locale } from '../../shared/i18n/index.ts';
import { verifyPdf } from '../../shared/sign/verify.ts';
import { makeTestCerts, type TestCerts } from '../fixtures/certs/make-certs.ts';
import { NOTICE_BODY, noticePdf } from '../fixtures/certs/sample-documents.ts';
import { pdfSig, pdfText } from '../helpers/poppler.ts';

type Handler = (event: IpcEventLike, ...args: unknown[]) => Promise<IpcResult<unknown>>;

const ours: IpcEventLike = { senderFrame: { url: 'app://tianbao/index.html', parent: null } };
const evil: IpcEventLike = { senderFrame: { url: 'https://evil.example/', parent: null } };
const subFrame: IpcEventLike = { senderFrame: { url: 'app://tianbao/x.html', parent: {} } };

let certs: TestCerts;
let pdf: Uint8Array;

beforeAll(async () => {
  certs = makeTestCerts();
  pdf = await noticePdf();
});

let root: string;
let certDir: string;
let outDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tianbao-sign-'));
  certDir = join(root, '证书');
  outDir = join(root, '文档');
  mkdirSync(certDir);
  mkdirSync(outDir);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Puts a certificate file in the certificate folder and returns its path. */
function certFile(which: keyof Omit<TestCerts, 'caDer'>, name = '单位证书.p12'): string {
  const p = join(certDir, name);
  writeFileSync(p, certs[which].p12);
  return p;
}

function setup(
  options: {
    p12Path?: string | null;
    savePath?: string | null;
    fs?: Partial<HostFs>;
    locale?: Locale;
    certificateDir?: ReturnType<typeof memoryCertificateDir>;
  } = {},
) {
  const handlers = new Map<string, Handler>();
  const readBuffers: Uint8Array[] = [];
  const fs: HostFs = {
    stat: (p) => fsp.stat(p),
    readFile: async (p) => {
      const data = await fsp.readFile(p);
      readBuffers.push(data);
      return data;
    },
    writeFile: (p, d, o) => fsp.writeFile(p, d, o),
    rename: (a, b) => fsp.rename(a, b),
    unlink: (p) => fsp.unlink(p),
    ...options.fs,
  };
  const p12Path = options.p12Path === undefined ? certFile('education') : options.p12Path;
  const savePath = options.savePath === undefined ? join(outDir, '已签名.pdf') : options.savePath;
  const dialog = {
    showOpenDialog: vi.fn(async (_event: IpcEventLike, _options: OpenDialogOptions) =>
      p12Path === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [p12Path] },
    ),
    showSaveDialog: vi.fn(async (_event: IpcEventLike, _options: SaveDialogOptions) =>
      savePath === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: savePath },
    ),
  };
  const log = vi.fn();
  const certificateDir = options.certificateDir ?? memoryCertificateDir();
  registerIpcHandlers<IpcEventLike>({
    ipcMain: { handle: (channel, listener) => handlers.set(channel, listener as Handler) },
    dialog,
    fs,
    tokens: { get: vi.fn(), set: vi.fn(), delete: vi.fn() },
    openedFiles: { take: vi.fn() },
    updates: {
      getState: vi.fn(),
      setSettings: vi.fn(),
      checkNow: vi.fn(),
      restartToUpdate: vi.fn(),
    },
    t: createElectronTranslate(options.locale ?? 'zh-CN'),
    format: createElectronFormat(options.locale ?? 'zh-CN'),
    certificateDir,
    appInfo: vi.fn(),
    defaultSaveDir: () => outDir,
    log,
  });
  const sign = (request: unknown, event: IpcEventLike = ours) => handlers.get(IPC.signPdf)!(event, request);
  return { sign, dialog, log, readBuffers, certificateDir };
}

const request = (extra: Record<string, unknown> = {}) => ({
  data: pdf,
  suggestedName: '2026年度省级总结报告.pdf',
  password: certs.education.password,
  reason: '湖南省教育厅审定发布2026年度省级总结报告',
  ...extra,
});

/** Everything in the output folder: nothing at all after a refusal (no temp files either). */
const outFiles = () => readdirSync(outDir);

function refused(r: IpcResult<unknown>): { code: string; message: string } {
  expect(r.ok).toBe(false);
  return (r as { error: { code: string; message: string } }).error;
}

describe('签名并保存 (IPC signPdf)', () => {
  it('signs with the chosen certificate and writes a PDF that verifies, here and in pdfsig', async () => {
    const { sign, dialog, log } = setup();
    const r = await sign(request());
    const target = join(outDir, '已签名.pdf');
    expect(r).toEqual({ ok: true, value: { signed: true, path: target, signer: '湖南省教育厅' } });
    expect(outFiles()).toEqual(['已签名.pdf']);

    // The certificate dialog: certificates only, kept out of the recent-documents list.
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      ours,
      expect.objectContaining({
        title: '选择单位数字证书（.p12 / .pfx）',
        filters: [{ name: '数字证书（PKCS#12）', extensions: ['p12', 'pfx'] }],
        properties: ['openFile', 'dontAddToRecent'],
      }),
    );
    // The save dialog proposes the report's name in the documents folder, as PDF.
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      ours,
      expect.objectContaining({
        title: '保存已签名的 PDF',
        defaultPath: join(outDir, '2026年度省级总结报告.pdf'),
        filters: [{ name: 'PDF 文件', extensions: ['pdf'] }],
      }),
    );

    const written = new Uint8Array(readFileSync(target));
    // An incremental update: the generated PDF is unchanged at the start of the signed one.
    expect(Buffer.from(written.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
    const result = await verifyPdf(written, { trustAnchors: [certs.caDer] });
    expect(result.allIntact).toBe(true);
    expect(result.signatures).toHaveLength(1);
    const s = result.signatures[0]!;
    expect(s).toMatchObject({
      subFilter: 'ETSI.CAdES.detached',
      filter: 'Adobe.PPKLite',
      coversWholeFile: true,
      digestMatches: true,
      signatureValid: true,
      trust: 'trusted',
      reason: '湖南省教育厅审定发布2026年度省级总结报告',
    });
    expect(s.signer?.commonName).toBe('湖南省教育厅');

    const { output } = pdfSig(target);
    expect(output).toContain('Signature Validation: Signature is Valid.');
    expect(output).toContain('Signer Certificate Common Name: 湖南省教育厅');
    expect(output).toContain('Signature Type: ETSI.CAdES.detached');
    expect(output).toContain('Total document signed');
    expect(pdfText(target).replace(/\s+/g, '')).toContain(NOTICE_BODY.replace(/\s+/g, ''));
    expect(log).not.toHaveBeenCalled();
  });

  it('remembers the certificate folder (not the file, not the password) for the next dialog', async () => {
    const prefsFile = join(root, 'userData', 'signing.json');
    const fsSync = await import('node:fs');
    const store = fileCertificateDir({
      fs: fsSync,
      filePath: prefsFile,
      dirname: join(root, 'userData'),
      onError: (e) => {
        throw e;
      },
    });
    const first = setup({ certificateDir: store });
    expect(await first.sign(request())).toMatchObject({ ok: true, value: { signed: true } });
    expect(first.dialog.showOpenDialog.mock.calls[0]![1]).not.toHaveProperty('defaultPath');
    const saved = readFileSync(prefsFile, 'utf8');
    expect(JSON.parse(saved)).toEqual({ lastCertificateDir: certDir });
    expect(saved).not.toContain(certs.education.password);
    expect(saved).not.toContain('单位证书.p12');

    // A new launch reads it back; the dialog opens there.
    const again = setup({
      certificateDir: fileCertificateDir({
        fs: fsSync,
        filePath: prefsFile,
        dirname: root,
        onError: vi.fn(),
      }),
      savePath: join(outDir, '第二份.pdf'),
    });
    await again.sign(request());
    expect(again.dialog.showOpenDialog.mock.calls[0]![1]).toMatchObject({ defaultPath: certDir });

    // A hand-edited file with a relative path is ignored.
    writeFileSync(prefsFile, JSON.stringify({ lastCertificateDir: '../x' }));
    expect(
      fileCertificateDir({ fs: fsSync, filePath: prefsFile, dirname: root, onError: vi.fn() }).get(),
    ).toBeUndefined();
  });

  it('refuses a wrong password with its message, writes nothing and never logs the password', async () => {
    const { sign, dialog, log } = setup();
    const password = 'wrong-pass-一二三';
    const r = refused(await sign(request({ password })));
    expect(r).toEqual({
      code: 'wrong-password',
      message: '“单位证书.p12”：密码错误：无法打开证书文件，请检查证书密码。未签名，也没有写入任何文件。',
    });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(outFiles()).toEqual([]);
    expect(JSON.stringify(log.mock.calls)).not.toContain(password);
  });

  it('refuses an expired and a not yet valid certificate, naming the validity period', async () => {
    const expired = setup({ p12Path: certFile('expired', '旧证书.pfx') });
    const a = refused(await expired.sign(request({ password: certs.expired.password })));
    expect(a.code).toBe('certificate-refused');
    expect(a.message).toMatch(
      /^“旧证书\.pfx”：证书已过期：有效期 .+ 至 .+（北京时间），签名时间 .+。未签名，也没有写入任何文件。$/,
    );
    expect(expired.dialog.showSaveDialog).not.toHaveBeenCalled();

    const future = setup({ p12Path: certFile('notYetValid', '新证书.p12') });
    const b = refused(await future.sign(request({ password: certs.notYetValid.password })));
    expect(b.code).toBe('certificate-refused');
    expect(b.message).toContain('“新证书.p12”：证书尚未生效：有效期');
    expect(outFiles()).toEqual([]);
  });

  it('refuses a certificate file without a private key, and a file that is not PKCS#12', async () => {
    const noKey = setup({ p12Path: certFile('certOnly', '仅证书.p12') });
    const a = refused(await noKey.sign(request({ password: certs.certOnly.password })));
    expect(a).toEqual({
      code: 'certificate-refused',
      message:
        '“仅证书.p12”：证书文件中没有私钥，无法签名：请导出包含私钥的 .p12 / .pfx 文件。未签名，也没有写入任何文件。',
    });

    const junkPath = join(certDir, '不是证书.p12');
    writeFileSync(junkPath, 'hello, not a certificate');
    const junk = setup({ p12Path: junkPath });
    const b = refused(await junk.sign(request()));
    expect(b.code).toBe('certificate-refused');
    expect(b.message).toContain('“不是证书.p12”：证书文件无法读取');

    const bigPath = join(certDir, '大文件.pfx');
    writeFileSync(bigPath, new Uint8Array(1024 * 1024 + 1));
    const big = setup({ p12Path: bigPath });
    const c = refused(await big.sign(request()));
    expect(c).toEqual({
      code: 'certificate-refused',
      message:
        '“大文件.pfx”：文件超过 1 MB，不是 PKCS#12（.p12 / .pfx）证书文件。未签名，也没有写入任何文件。',
    });
    expect(outFiles()).toEqual([]);
  });

  it('answers signed:false and writes nothing when either dialog is cancelled', async () => {
    const atCertificate = setup({ p12Path: null });
    expect(await atCertificate.sign(request())).toEqual({ ok: true, value: { signed: false } });
    expect(atCertificate.dialog.showSaveDialog).not.toHaveBeenCalled();

    const atSave = setup({ savePath: null });
    expect(await atSave.sign(request())).toEqual({ ok: true, value: { signed: false } });
    expect(atSave.dialog.showSaveDialog).toHaveBeenCalledOnce();
    expect(outFiles()).toEqual([]);
  });

  it('refuses data that is not a PDF before any dialog', async () => {
    const { sign, dialog } = setup();
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    for (const data of [png, new TextEncoder().encode('PDF-1.7 but no percent sign'), new Uint8Array(0)]) {
      const r = refused(await sign(request({ data })));
      expect(r).toEqual({
        code: 'invalid-pdf',
        message: '“2026年度省级总结报告.pdf”：这不是 PDF 文件。未签名，也没有写入任何文件。',
      });
    }
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(outFiles()).toEqual([]);
  });

  it('refuses a damaged PDF with the reason, naming the PDF', async () => {
    const { sign } = setup();
    const damaged = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    const r = refused(await sign(request({ data: damaged })));
    expect(r.code).toBe('invalid-pdf');
    expect(r.message).toMatch(/^“2026年度省级总结报告\.pdf”：PDF 文件.+。未签名，也没有写入任何文件。$/);
    expect(outFiles()).toEqual([]);
  });

  it('refuses an oversize PDF before any dialog, and malformed requests without echoing them', async () => {
    const { sign, dialog } = setup();
    const big = new Uint8Array(new ArrayBuffer(MAX_SIGN_PDF_BYTES + 1));
    big.set(new TextEncoder().encode('%PDF-1.7'));
    expect(refused(await sign(request({ data: big })))).toEqual({
      code: 'too-large',
      message: 'PDF 文件超过 100 MB 的签名大小上限，未签名。',
    });
    const secret = 'p@ss-不要显示';
    for (const bad of [
      request({ suggestedName: '../x.pdf', password: secret }),
      request({ suggestedName: 'a\\b.pdf', password: secret }),
      request({ password: 42 }),
      request({ password: 'x'.repeat(1025) }),
      request({ data: 'not bytes', password: secret }),
      request({ p12: new Uint8Array([1]), password: secret }),
      request({ reason: 'x'.repeat(201), password: secret }),
      { suggestedName: 'a.pdf', password: secret },
      null,
      'string',
    ]) {
      const r = refused(await sign(bad));
      expect(r.code, JSON.stringify(bad)?.slice(0, 80)).toBe('invalid-input');
      expect(r.message.startsWith('请求参数无效：')).toBe(true);
      expect(r.message).not.toContain(secret);
    }
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('is refused to any page but our own top-level one, before any dialog', async () => {
    for (const event of [evil, subFrame, { senderFrame: null }]) {
      const { sign, dialog } = setup();
      expect(await sign(request(), event)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
      expect(dialog.showOpenDialog).not.toHaveBeenCalled();
    }
    expect(outFiles()).toEqual([]);
  });

  it('writes atomically like saveFile: a full disk leaves no file and no temp file', async () => {
    const { sign } = setup({
      fs: {
        writeFile: async (p, d, o) => {
          await fsp.writeFile(p, d.subarray(0, 10), o);
          throw Object.assign(new Error(`ENOSPC: ${p}`), { code: 'ENOSPC' });
        },
      },
    });
    const r = refused(await sign(request()));
    expect(r.code).toBe('disk-full');
    expect(r.message).toBe('磁盘空间不足，“已签名.pdf”未能写入；原有文件未被改动。');
    expect(outFiles()).toEqual([]);
  });

  it('overwrites an existing file only once the signed PDF is complete', async () => {
    const target = join(outDir, '已签名.pdf');
    writeFileSync(target, 'old');
    const { sign } = setup();
    expect(await sign(request())).toMatchObject({ ok: true, value: { signed: true } });
    expect((await verifyPdf(new Uint8Array(readFileSync(target)))).allIntact).toBe(true);
    expect(outFiles()).toEqual(['已签名.pdf']);
  });

  it('wipes the certificate bytes it read once signing is done', async () => {
    const ok = setup();
    await ok.sign(request());
    const wrong = setup();
    await wrong.sign(request({ password: 'nope' }));
    const buffers = [...ok.readBuffers, ...wrong.readBuffers];
    expect(buffers).toHaveLength(2);
    for (const b of buffers) {
      expect(b.byteLength).toBeGreaterThan(0);
      expect(b.every((x) => x === 0)).toBe(true);
    }
  });

  it('speaks English when the OS does', async () => {
    const { sign } = setup({ locale: 'en' });
    expect(refused(await sign(request({ password: 'nope' })))).toEqual({
      code: 'wrong-password',
      message:
        '"单位证书.p12": Wrong password: the certificate file cannot be opened; check its password. Nothing was signed or written.',
    });
  });
});

describe('key material stays out of page code', () => {
  /** The modules esbuild pulls into a bundle of `entry`, as the builds do (vite, build-electron). */
  async function bundleInputs(entry: string, platform: 'browser' | 'node'): Promise<string[]> {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      platform,
      format: platform === 'node' ? 'esm' : 'cjs',
      outdir: join(tmpdir(), 'tianbao-bundle-check'),
      external: ['electron'],
      loader: { '.css': 'empty', '.ttf': 'empty', '.woff2': 'empty', '.png': 'empty', '.svg': 'empty' },
    });
    return Object.keys(result.metafile!.inputs);
  }
  const KEY_MODULES = /shared\/sign\/(sign|p12)\.ts$|node_modules\/node-forge\//;

  it('the page, its report worker and the preload never load the signing code; the main process does', async () => {
    const page = await bundleInputs('renderer/src/main.tsx', 'browser');
    expect(page).toContain('renderer/src/province/ProvincialReport.tsx');
    const worker = await bundleInputs('renderer/src/reports/report-worker.ts', 'browser');
    expect(worker).toContain('shared/sign/verify.ts');
    const preload = await bundleInputs('electron/preload.ts', 'browser');
    expect(preload).toContain('electron/preload-api.ts');
    for (const inputs of [page, worker, preload])
      expect(inputs.filter((i) => KEY_MODULES.test(i))).toEqual([]);
    const main = await bundleInputs('electron/main.ts', 'node');
    expect(main).toContain('shared/sign/sign.ts');
    expect(main).toContain('shared/sign/p12.ts');
  });
});
