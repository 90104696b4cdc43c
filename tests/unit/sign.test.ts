/**
 * PAdES signing and verification, checked by a second reader (poppler's pdfsig) and by our own
 * verifyPdf: a valid ETSI.CAdES.detached signature with the CAdES attributes, one changed byte
 * and appended bytes detected by both, two signers in turn, the refusals (wrong password, expired
 * or not yet valid certificate, no private key) with their Chinese messages, and the CLI's exit
 * codes. Certificates are made by the test (tests/fixtures/certs/make-certs.ts).
 */
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { PDFDocument } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../shared/i18n/index.ts';
import { drawRoundSeal } from '../../shared/seal/draw.ts';
import { loadSealFontNode } from '../../shared/seal/font-node.ts';
import { stampPdf } from '../../shared/seal/stamp.ts';
import { SignError } from '../../shared/sign/errors.ts';
import { signPdf, type SignOptions } from '../../shared/sign/sign.ts';
import { verifyPdf } from '../../shared/sign/verify.ts';
import { pdfSig, pdfText, tempPdf } from '../helpers/poppler.ts';
import { expectOneErrorLine, repoRoot, runTianbao } from '../helpers/run-cli.ts';
import { makeTestCerts, type TestCerts } from '../fixtures/certs/make-certs.ts';
import { DATE, NOTICE_BODY, OFFICE, noticePdf, sealScanPng } from '../fixtures/certs/sample-documents.ts';

const zh = createTranslator('zh-CN');
const compact = (s: string) => s.replace(/\s+/g, '');

let certs: TestCerts;
let stamped: Uint8Array;
let signed: Uint8Array;

function identity(which: keyof Omit<TestCerts, 'caDer'>, extra: Partial<SignOptions> = {}): SignOptions {
  return { p12: certs[which].p12, password: certs[which].password, ...extra };
}

async function refusal(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (err) {
    expect(err).toBeInstanceOf(SignError);
    return zh.format((err as SignError).detail);
  }
  throw new Error('expected a refusal');
}

/** The SignedData in the first signature's /Contents. */
function firstCms(pdf: Uint8Array): pkijs.SignedData {
  const text = new TextDecoder('latin1').decode(pdf);
  const range = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(text)!;
  const hex = text.slice(Number(range[1]) + 1, Number(range[2]) - 1).replace(/(00)+$/, '');
  const bytes = Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(bytes).result });
  return new pkijs.SignedData({ schema: info.content });
}

/** One byte changed at `at`. */
function flip(pdf: Uint8Array, at: number): Uint8Array {
  const copy = pdf.slice();
  copy[at] = copy[at] === 0x41 ? 0x42 : 0x41;
  return copy;
}

beforeAll(async () => {
  certs = makeTestCerts();
  const notice = await noticePdf();
  const seal = drawRoundSeal({ name: OFFICE }, loadSealFontNode());
  stamped = (await stampPdf(notice, [{ drawing: seal }], { qr: { label: '核验' } })).pdf;
  signed = (
    await signPdf(
      stamped,
      identity('education', { reason: '同意发布', location: '长沙', contactInfo: '0731-00000000' }),
    )
  ).pdf;
}, 120_000);

describe('signPdf', () => {
  it('writes a PAdES signature that poppler validates', () => {
    const path = tempPdf(signed);
    const { output } = pdfSig(path);
    expect(output).toContain('Signature Validation: Signature is Valid.');
    expect(output).toContain('Signer Certificate Common Name: 湖南省教育厅');
    expect(output).toContain('Signature Type: ETSI.CAdES.detached');
    expect(output).toContain('Signing Hash Algorithm: SHA-256');
    expect(output).toContain('Total document signed');
    // Our test CA is nobody's trust anchor: poppler says so, and that is all it says.
    expect(output).toMatch(/Certificate Validation: .*(Trusted|trusted)/);
    // The document's text is still there.
    const text = compact(pdfText(path));
    expect(text).toContain(compact(NOTICE_BODY));
    expect(text).toContain(DATE);
  });

  it('keeps everything before it byte for byte and signs all but the /Contents hole', async () => {
    expect(signed.subarray(0, stamped.length)).toEqual(stamped);
    const report = (await verifyPdf(signed)).signatures[0]!;
    const [a, b, c, d] = report.byteRange as [number, number, number, number];
    expect(a).toBe(0);
    expect(c + d).toBe(signed.length);
    const hole = new TextDecoder('latin1').decode(signed.subarray(b, c));
    expect(hole).toMatch(/^<[0-9a-f]+>$/);
  });

  it('builds a CAdES detached SignedData: content type, message digest, ESS signing-certificate-v2', () => {
    const cms = firstCms(signed);
    expect(cms.encapContentInfo.eContentType).toBe('1.2.840.113549.1.7.1');
    expect(cms.encapContentInfo.eContent).toBeUndefined(); // detached
    const info = cms.signerInfos[0]!;
    const types = info.signedAttrs!.attributes.map((a) => a.type);
    expect(types).toEqual(
      expect.arrayContaining(['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', '1.2.840.113549.1.9.16.2.47']),
    );
    // PAdES baseline: the claimed time is /M, not a CMS signing-time attribute.
    expect(types).not.toContain('1.2.840.113549.1.9.5');
    expect(info.digestAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
    // Signer and CA certificates travel with the signature.
    expect(cms.certificates).toHaveLength(2);
    const text = new TextDecoder('latin1').decode(signed);
    expect(text).toMatch(/\/SubFilter \/ETSI\.CAdES\.detached/);
    expect(text).toMatch(/\/M \(D:\d{14}Z\)/);
  });

  it('adds the CMS signing-time attribute when asked', async () => {
    const withTime = await signPdf(stamped, identity('education', { cmsSigningTime: true }));
    const types = firstCms(withTime.pdf).signerInfos[0]!.signedAttrs!.attributes.map((a) => a.type);
    expect(types).toContain('1.2.840.113549.1.9.5');
    const report = (await verifyPdf(withTime.pdf)).signatures[0]!;
    expect(report.signingTimeSource).toBe('cms');
    expect(report.intact).toBe(true);
  });

  it('refuses a wrong password, an expired or not yet valid certificate, a file without key', async () => {
    expect(await refusal(() => signPdf(stamped, { ...identity('education'), password: 'wrong' }))).toBe(
      '密码错误：无法打开证书文件，请检查证书密码',
    );
    const expired = await refusal(() => signPdf(stamped, identity('expired')));
    expect(expired).toMatch(
      /^证书已过期：有效期 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/,
    );
    const notAfter = new Date(Date.now() - 70 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    expect(expired).toContain(notAfter);
    expect(await refusal(() => signPdf(stamped, identity('notYetValid')))).toMatch(/^证书尚未生效：有效期 /);
    expect(await refusal(() => signPdf(stamped, identity('certOnly')))).toContain('证书文件中没有私钥');
    expect(
      await refusal(() => signPdf(stamped, { p12: new Uint8Array([1, 2, 3]), password: 'x' })),
    ).toContain('证书文件无法读取');
  });
});

describe('verifyPdf', () => {
  it('reports signer, time, SubFilter, coverage, digest, signature and trust', async () => {
    const result = await verifyPdf(signed);
    expect(result.allIntact).toBe(true);
    expect(result.signatures).toHaveLength(1);
    const s = result.signatures[0]!;
    expect(s).toMatchObject({
      fieldName: 'Signature1',
      filter: 'Adobe.PPKLite',
      subFilter: 'ETSI.CAdES.detached',
      reason: '同意发布',
      location: '长沙',
      contactInfo: '0731-00000000',
      byteRangeValid: true,
      coversWholeFile: true,
      digestMatches: true,
      signatureValid: true,
      signingCertificateMatches: true,
      certificateValidAtSigningTime: true,
      signingTimeSource: 'dictionary',
      attributes: { contentType: true, messageDigest: true, signingCertificateV2: true, signingTime: false },
      trust: 'untrusted-root',
      intact: true,
      problems: [],
    });
    expect(s.signer).toMatchObject({ commonName: '湖南省教育厅', organization: '湖南省教育厅' });
    expect(Math.abs(Date.parse(s.signingTime!) - Date.now())).toBeLessThan(10 * 60_000);
    // With the test CA as a trust anchor the chain is trusted.
    const trusted = await verifyPdf(signed, { trustAnchors: [certs.caDer] });
    expect(trusted.signatures[0]!.trust).toBe('trusted');
  });

  it('reports a self-signed certificate as such, not as broken', async () => {
    const self = await signPdf(stamped, identity('selfSigned'));
    const s = (await verifyPdf(self.pdf)).signatures[0]!;
    expect(s.trust).toBe('self-signed');
    expect(s.intact).toBe(true);
    expect(pdfSig(tempPdf(self.pdf)).output).toContain('Signature Validation: Signature is Valid.');
  });

  it('detects one changed byte inside the signed ranges, as pdfsig does', async () => {
    const text = new TextDecoder('latin1').decode(signed);
    // A byte inside the first content stream (the page's text), and one in a dictionary.
    const streamAt = text.indexOf('stream', text.indexOf('/Contents')) + 20;
    for (const at of [streamAt, text.indexOf('/Producer') + 12]) {
      const tampered = flip(signed, at);
      const result = await verifyPdf(tampered);
      const s = result.signatures[0]!;
      expect(result.allIntact).toBe(false);
      expect(s.intact).toBe(false);
      expect(s.digestMatches).toBe(false);
      expect(s.problems.map((p) => p.key)).toContain('seal:verify.problem.digest');
      const { output } = pdfSig(tempPdf(tampered));
      expect(output).toContain('Digest Mismatch');
      expect(output).not.toContain('Signature is Valid');
    }
  });

  it('detects a changed signature value', async () => {
    const s = (await verifyPdf(signed)).signatures[0]!;
    // The last bytes of the CMS are the signature value; change one hex digit there.
    const hex = new TextDecoder('latin1').decode(signed.subarray(s.byteRange[1]!, s.byteRange[2]!));
    const end = s.byteRange[1]! + hex.replace(/(00)+>$/, '').length - 4;
    const copy = signed.slice();
    copy[end] = copy[end] === 0x31 ? 0x32 : 0x31;
    const report = (await verifyPdf(copy)).signatures[0]!;
    expect(report.signatureValid).toBe(false);
    expect(report.intact).toBe(false);
    expect(pdfSig(tempPdf(copy)).output).not.toContain('Signature is Valid');
  });

  it('detects bytes appended after signing', async () => {
    const appended = new Uint8Array([...signed, ...new TextEncoder().encode('\n% added later\n')]);
    const result = await verifyPdf(appended);
    const s = result.signatures[0]!;
    expect(s.coversWholeFile).toBe(false);
    expect(s.unsignedTrailingBytes).toBe(15);
    expect(s.intact).toBe(false);
    expect(zh.format(s.problems[0]!)).toBe('签名后文件末尾被追加了 15 字节未签名的内容');
    expect(pdfSig(tempPdf(appended)).output).toContain('Not total document signed');
  });

  it('keeps the first signature intact when a second office signs after it', async () => {
    const second = await signPdf(signed, identity('finance', { reason: '同意' }));
    expect(second.fieldName).toBe('Signature2');
    const result = await verifyPdf(second.pdf);
    expect(result.allIntact).toBe(true);
    expect(result.signatures.map((s) => s.signer?.commonName)).toEqual(['湖南省教育厅', '湖南省财政厅']);
    expect(result.signatures[0]).toMatchObject({ coversWholeFile: false, coveredByLaterSignature: true });
    expect(result.signatures[1]).toMatchObject({ coversWholeFile: true });
    const { output } = pdfSig(tempPdf(second.pdf));
    expect(output.match(/Signature is Valid/g)).toHaveLength(2);
    expect(output).toContain('Signer Certificate Common Name: 湖南省财政厅');
  });

  it('stamps and signs a PDF whose cross-reference is a stream (object streams) without breaking it', async () => {
    const compressed = await (await PDFDocument.load(await noticePdf())).save({ useObjectStreams: true });
    expect(new TextDecoder('latin1').decode(compressed)).toContain('/Type /XRef');
    const seal = drawRoundSeal({ name: OFFICE }, loadSealFontNode());
    const once = await stampPdf(compressed, [{ drawing: seal }]);
    const twice = await signPdf(once.pdf, identity('education'));
    const path = tempPdf(twice.pdf);
    expect(compact(pdfText(path))).toContain(DATE);
    expect(pdfSig(path).output).toContain('Signature is Valid');
    const result = await verifyPdf(twice.pdf);
    expect(result.allIntact).toBe(true);
    expect(result.stamp?.matchesRevision).toBe(true);
  });

  it('says a PDF without signatures has none, and refuses what is not a PDF', async () => {
    expect((await verifyPdf(stamped)).signatures).toEqual([]);
    await expect(verifyPdf(new TextEncoder().encode('hello'))).rejects.toThrow('这不是 PDF 文件');
  });
});

describe('tianbao stamp / verify', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tianbao-sign-cli-'));
    writeFileSync(join(dir, 'notice.pdf'), await noticePdf());
    writeFileSync(join(dir, 'scan.png'), sealScanPng(500));
    writeFileSync(join(dir, 'jyt.p12'), certs.education.p12);
    writeFileSync(join(dir, 'old.p12'), certs.expired.p12);
    writeFileSync(join(dir, 'signed.pdf'), signed);
    writeFileSync(
      join(dir, 'tampered.pdf'),
      flip(signed, new TextDecoder('latin1').decode(signed).indexOf('/Producer') + 12),
    );
    writeFileSync(join(dir, 'not.pdf'), 'not a pdf');
    writeFileSync(join(dir, 'unsigned.pdf'), stamped);
    process.env.TIANBAO_TEST_P12_PASSWORD = certs.education.password;
    process.env.TIANBAO_TEST_OLD_PASSWORD = certs.expired.password;
  }, 180_000);

  it('stamps with a scanned and a drawn seal, signs, and verify says intact (exit 0)', async () => {
    const out = await runTianbao(
      [
        'stamp',
        '--in',
        'notice.pdf',
        '--seal',
        'scan.png',
        '--draw-seal',
        '湖南省财政厅',
        '--p12',
        'jyt.p12',
        '--password-env',
        'TIANBAO_TEST_P12_PASSWORD',
        '--reason',
        '同意发布',
        '--out',
        'out.pdf',
      ],
      { cwd: dir },
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('2 个印章');
    expect(out.stdout).toContain('签名人：湖南省教育厅');
    // The password is nowhere in what the command printed.
    expect(out.stdout).not.toContain(certs.education.password);
    expect(pdfSig(join(dir, 'out.pdf')).output).toContain('Signature is Valid');

    const verify = await runTianbao(['verify', 'out.pdf', '--json'], { cwd: dir });
    expect(verify.code).toBe(0);
    const json = JSON.parse(verify.stdout) as {
      ok: boolean;
      signatures: { intact: boolean; signer: { commonName: string } }[];
      stamp: { matchesRevision: boolean };
    };
    expect(json.ok).toBe(true);
    expect(json.signatures[0]).toMatchObject({ intact: true, signer: { commonName: '湖南省教育厅' } });
    expect(json.stamp.matchesRevision).toBe(true);
    const human = await runTianbao(['verify', 'out.pdf'], { cwd: dir });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('结果：完好');
    expect(human.stdout).toContain('共 1 个签名，全部完好');
    expect(readFileSync(join(dir, 'out.pdf')).length).toBeGreaterThan(0);
  }, 180_000);

  it('exit 1 for a modified file, naming the signature and why', async () => {
    const out = await runTianbao(['verify', 'tampered.pdf'], { cwd: dir });
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('签名 1（Signature1）：湖南省教育厅');
    expect(out.stdout).toContain('结果：已损坏');
    expect(out.stdout).toContain('文件在签名后被修改');
    const json = await runTianbao(['verify', 'tampered.pdf', '--json'], { cwd: dir });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      signatures: [{ intact: false, digestMatches: false }],
    });
  }, 180_000);

  it('exit 2 for no signature, not a PDF, a wrong password, an expired certificate, a missing variable', async () => {
    process.env.TIANBAO_TEST_WRONG = 'wrong';
    const stamp = (p12: string, env: string) =>
      runTianbao(['stamp', '--in', 'notice.pdf', '--p12', p12, '--password-env', env, '--out', 'x.pdf'], {
        cwd: dir,
      });
    // Independent processes: run them side by side.
    const [unsigned, notPdf, notPdfJson, wrong, old, missing, argv, nothing, badSeal] = await Promise.all([
      runTianbao(['verify', 'unsigned.pdf'], { cwd: dir }),
      runTianbao(['verify', 'not.pdf'], { cwd: dir }),
      runTianbao(['verify', 'not.pdf', '--json'], { cwd: dir }),
      stamp('jyt.p12', 'TIANBAO_TEST_WRONG'),
      stamp('old.p12', 'TIANBAO_TEST_OLD_PASSWORD'),
      stamp('jyt.p12', 'TIANBAO_NOT_SET_ANYWHERE'),
      // There is no way to give the password on the command line.
      runTianbao(['stamp', '--in', 'notice.pdf', '--p12', 'jyt.p12', '--password', 'x', '--out', 'x.pdf'], {
        cwd: dir,
      }),
      runTianbao(['stamp', '--in', 'notice.pdf', '--out', 'x.pdf'], { cwd: dir }),
      runTianbao(['stamp', '--in', 'notice.pdf', '--seal', 'not.pdf', '--out', 'x.pdf'], { cwd: dir }),
    ]);
    expect(expectOneErrorLine(unsigned)).toBe('错误：unsigned.pdf：文件中没有数字签名');
    expect(expectOneErrorLine(notPdf)).toBe('错误：not.pdf：这不是 PDF 文件');
    expect(notPdfJson.code).toBe(2);
    expect(JSON.parse(notPdfJson.stdout)).toMatchObject({ ok: false });
    expect(expectOneErrorLine(wrong)).toBe('错误：jyt.p12：密码错误：无法打开证书文件，请检查证书密码');
    expect(expectOneErrorLine(old)).toMatch(/^错误：old\.p12：证书已过期：有效期 \d{4}-\d{2}-\d{2}/);
    expect(expectOneErrorLine(missing)).toContain('TIANBAO_NOT_SET_ANYWHERE');
    expect(expectOneErrorLine(argv)).toContain('--password');
    expect(expectOneErrorLine(nothing)).toContain('--seal');
    expect(expectOneErrorLine(badSeal)).toBe('错误：not.pdf：印章图片只能是 PNG 或 JPEG 格式');
  }, 180_000);

  it('speaks English under LANG=en_US', async () => {
    const out = await runTianbao(['verify', 'signed.pdf'], { cwd: dir, lang: 'en_US.UTF-8' });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Result: intact');
  }, 180_000);
});

describe('key material stays out of the renderer', () => {
  it('no renderer or shared-neutral module imports the signing or PKCS#12 code', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          if (
            /from ['"][^'"]*sign\/(sign|p12)(\.ts)?['"]|import\(['"][^'"]*sign\/(sign|p12)(\.ts)?['"]\)/.test(
              text,
            )
          ) {
            offenders.push(path);
          }
        }
      }
    };
    walk(join(repoRoot, 'renderer'));
    walk(join(repoRoot, 'shared/seal'));
    for (const file of ['index.ts', 'verify.ts', 'incremental.ts', 'x509.ts', 'cms.ts']) {
      if (
        /sign\.ts|p12\.ts/.test(
          readFileSync(join(repoRoot, 'shared/sign', file), 'utf8').replace(/^\s*\*.*$/gm, ''),
        )
      ) {
        offenders.push(`shared/sign/${file}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
