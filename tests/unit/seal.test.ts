/**
 * Seal images and stamping: a scan's paper made transparent with the red ink kept, images refused
 * with a message, a drawn round seal, seals placed over the signature block (checked on the page
 * poppler renders), the text still readable, the original bytes kept as a prefix, and the QR code
 * carrying the hash (read back module by module from the rendered page).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, rgb } from 'pdf-lib';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../shared/i18n/index.ts';
import { drawRoundSeal, sealPng, sealSvg } from '../../shared/seal/draw.ts';
import { SealError } from '../../shared/seal/errors.ts';
import { loadSealFontNode } from '../../shared/seal/font-node.ts';
import { sealFromScan, sealImageFromScan } from '../../shared/seal/scan.ts';
import { MM, stampPdf } from '../../shared/seal/stamp.ts';
import { qrMatrix } from '../../shared/seal/qr.ts';
import { verifyPdf } from '../../shared/sign/verify.ts';
import { sha256Hex } from '../../shared/util/sha256.ts';
import { pdfText, pdfWordBoxes, tempPdf } from '../helpers/poppler.ts';
import {
  DATE,
  NOTICE_BODY,
  OFFICE,
  isRed,
  noticePdf,
  pixel,
  readPng,
  redPixelsIn,
  renderPage,
  sealScanPng,
} from '../fixtures/certs/sample-documents.ts';

const zh = createTranslator('zh-CN');
const A4_HEIGHT = 841.89;

/** The Chinese message of a refusal. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SealError);
    return zh.format((err as SealError).detail);
  }
  throw new Error('expected a refusal');
}

async function asyncRefusal(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (err) {
    return zh.format((err as SealError).detail);
  }
  throw new Error('expected a refusal');
}

const compact = (s: string) => s.replace(/\s+/g, '');

let notice: Uint8Array;
let font: Uint8Array;

beforeAll(async () => {
  notice = await noticePdf();
  font = loadSealFontNode();
});

describe('sealFromScan', () => {
  it('makes the paper transparent and keeps the red ink opaque, dropping black print', () => {
    const scan = sealScanPng(600);
    const result = sealImageFromScan(scan);
    const png = readPng(result.png);
    // Cropped to the ring (diameter 0.88 × 600 = 528 px) plus a small margin.
    expect(png.width).toBeGreaterThanOrEqual(528);
    expect(png.width).toBeLessThan(540);
    const at = (x: number, y: number) => {
      const o = (y * png.width + x) * 4;
      return [...png.data.subarray(o, o + 4)];
    };
    const c = png.width / 2;
    // Paper in the corner and inside the ring: transparent.
    expect(at(2, 2)[3]).toBe(0);
    expect(at(Math.round(c + 120), Math.round(c - 120))[3]).toBe(0);
    // The ring (radius ~ 0.84 × 300 = 252 px) and the star: opaque red.
    const ring = at(Math.round(c + 252), Math.round(c));
    expect(ring[3]).toBe(255);
    expect(isRed([ring[0]!, ring[1]!, ring[2]!])).toBe(true);
    expect(at(Math.round(c), Math.round(c))[3]).toBe(255);
    // The black printed line under the seal (y = 1.3 × 300 in the scan) is gone.
    const lineY = Math.round(390 - (600 - png.height) / 2);
    expect(at(Math.round(c - 150), lineY)[3]).toBe(0);
    expect(result.inkRatio).toBeGreaterThan(0.05);
  });

  it('reads a JPEG scan as well', async () => {
    // A red ring on a page, rendered to JPEG by poppler as a scanner would write it.
    const doc = await PDFDocument.create();
    const page = doc.addPage([200, 200]);
    page.drawCircle({ x: 100, y: 100, size: 80, borderWidth: 10, borderColor: rgb(0.85, 0.1, 0.12) });
    page.drawCircle({ x: 100, y: 100, size: 15, color: rgb(0.85, 0.1, 0.12) });
    const dir = mkdtempSync(join(tmpdir(), 'tianbao-jpeg-'));
    writeFileSync(join(dir, 'ring.pdf'), await doc.save());
    execFileSync('pdftoppm', ['-r', '150', '-jpeg', join(dir, 'ring.pdf'), join(dir, 'ring')]);
    const jpeg = readFileSync(
      join(
        dir,
        readdirSync(dir).find((f) => f.endsWith('.jpg'))!,
      ),
    );
    const png = readPng(sealFromScan(new Uint8Array(jpeg)));
    const at = (x: number, y: number) => png.data[(y * png.width + x) * 4 + 3]!;
    expect(png.width).toBeGreaterThan(330);
    expect(at(3, 3)).toBe(0);
    const c = Math.round(png.width / 2);
    expect(at(c, c)).toBeGreaterThan(240);
    expect(at(c, Math.round(c - 90))).toBe(0);
  });

  it('refuses what is not a PNG or JPEG, too large, or without ink, saying why', () => {
    expect(refusal(() => sealFromScan(new TextEncoder().encode('GIF89a not a seal')))).toBe(
      '印章图片只能是 PNG 或 JPEG 格式',
    );
    const big = new Uint8Array(10.5 * 1024 * 1024);
    big.set(sealScanPng(40));
    expect(refusal(() => sealFromScan(big))).toBe('印章图片太大：10.5 MB，最大 10 MB');

    const wide = sealScanPng(40);
    new DataView(wide.buffer).setUint32(16, 5000); // IHDR width
    expect(refusal(() => sealFromScan(wide))).toContain('5000 × 40 像素');

    const blank = new PNG({ width: 300, height: 300 });
    blank.data.fill(255);
    for (let i = 0; i < 20; i++) blank.data.set([220, 30, 40, 255], (150 * 300 + 150 + i) * 4);
    expect(refusal(() => sealFromScan(new Uint8Array(PNG.sync.write(blank))))).toContain('几乎没有红色印迹');
  });
});

describe('drawRoundSeal', () => {
  it('draws a 42 mm red ring, the name on the upper arc, a star and the draft mark', () => {
    const seal = drawRoundSeal({ name: OFFICE, draft: true }, font);
    expect(seal.diameterMm).toBe(42);
    expect(seal.color).toBe('#E60012');
    // ring + star + six characters + 样章
    expect(seal.paths).toHaveLength(1 + 1 + 6 + 2);
    const svg = sealSvg(seal);
    expect(svg).toContain('viewBox="0 0 42 42"');
    expect(svg).toContain('fill="#E60012"');

    const png = readPng(sealPng(seal, 300));
    expect(png.width).toBe(Math.ceil((42 / 25.4) * 300));
    const at = (xMm: number, yMm: number) => {
      const o = (Math.round((yMm / 25.4) * 300) * png.width + Math.round((xMm / 25.4) * 300)) * 4;
      return [...png.data.subarray(o, o + 4)];
    };
    expect(at(1, 1)[3]).toBe(0); // outside the ring
    expect(at(21, 0.6)).toEqual([0xe6, 0x00, 0x12, 255]); // on the ring
    expect(at(21, 21)).toEqual([0xe6, 0x00, 0x12, 255]); // the star's centre
    expect(at(21, 12)[3]).toBe(0); // between the star and the name
    // Ink in the upper band where the name runs, and at the bottom where 样章 is.
    let upper = 0;
    let lower = 0;
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const a = png.data[(y * png.width + x) * 4 + 3]!;
        const yMm = (y / 300) * 25.4;
        const r = Math.hypot((x / 300) * 25.4 - 21, yMm - 21);
        if (a > 128 && r < 19 && r > 11 && yMm < 14) upper++;
        if (a > 128 && yMm > 29 && yMm < 34 && r < 11) lower++;
      }
    }
    expect(upper).toBeGreaterThan(3000);
    expect(lower).toBeGreaterThan(300);
  });

  it('takes a subtitle and 草稿, and refuses a name the font cannot write', () => {
    const seal = drawRoundSeal({ name: '湖南省财政厅', subtitle: '财务专用章', draftMark: '草稿' }, font);
    expect(seal.paths).toHaveLength(1 + 1 + 6 + 5 + 2);
    expect(refusal(() => drawRoundSeal({ name: '湖南𠀀厅' }, font))).toBe('印章字体中没有“𠀀”字');
    expect(refusal(() => drawRoundSeal({ name: '  ' }, font))).toBe('单位名称须为 1 至 24 个字');
  });
});

describe('stampPdf', () => {
  it('places a drawn seal over the office name and date, keeps the text and the original bytes', async () => {
    const seal = drawRoundSeal({ name: OFFICE }, font);
    const result = await stampPdf(notice, [{ drawing: seal }], { qr: { label: '核验' } });
    // Incremental: the input is untouched at the start of the output.
    expect(result.pdf.subarray(0, notice.length)).toEqual(notice);
    const path = tempPdf(result.pdf);
    const text = compact(pdfText(path));
    expect(text).toContain(compact(NOTICE_BODY));
    expect(text).toContain(OFFICE);
    expect(text).toContain(DATE);

    const [box] = result.seals;
    expect(box).toMatchObject({ page: 1 });
    expect(box!.width).toBeCloseTo(42 * MM, 3);
    // The office name and the date lie inside the seal, in its lower half.
    const words = pdfWordBoxes(path);
    const lineOf = (needle: string) => {
      const w = words.find((x) => x.text === needle)!;
      return { xMin: w.xMin, xMax: w.xMax, y: (w.yMin + w.yMax) / 2 };
    };
    const cx = box!.x + box!.width / 2;
    const cyTop = A4_HEIGHT - (box!.y + box!.height / 2); // centre in top-down coordinates
    for (const line of [lineOf(OFFICE), lineOf(DATE)]) {
      expect(line.y).toBeGreaterThan(cyTop); // below the centre
      expect(line.y).toBeLessThan(cyTop + box!.height / 2);
      expect(Math.abs((line.xMin + line.xMax) / 2 - cx)).toBeLessThan(box!.width / 2);
    }

    const image = renderPage(path, 1, 50);
    expect(redPixelsIn(image, box!, A4_HEIGHT, 50)).toBeGreaterThan(400);
    // Nothing red anywhere else on the page.
    const total = redPixelsIn(image, { x: 0, y: 0, width: 595.28, height: A4_HEIGHT }, A4_HEIGHT, 50);
    expect(total).toBe(redPixelsIn(image, box!, A4_HEIGHT, 50));
    // Black text under the seal still shows (the seal multiplies, as ink does).
    let dark = 0;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const [r, g, b] = pixel(image, x, y);
        if (r < 90 && g < 90 && b < 90) {
          const px = (x * 72) / 50;
          const py = A4_HEIGHT - (y * 72) / 50;
          if (px > box!.x && px < box!.x + box!.width && py > box!.y && py < box!.y + box!.height) dark++;
        }
      }
    }
    expect(dark).toBeGreaterThan(20);
  });

  it('places two seals side by side without touching, within the text block', async () => {
    const scan = sealFromScan(sealScanPng(600));
    const drawn = drawRoundSeal({ name: '湖南省财政厅' }, font);
    const result = await stampPdf(notice, [{ png: scan }, { drawing: drawn }], { qr: false });
    expect(result.seals).toHaveLength(2);
    const [a, b] = result.seals as [(typeof result.seals)[0], (typeof result.seals)[0]];
    expect(a.page).toBe(1);
    expect(b.page).toBe(1);
    expect(Math.abs(a.y + a.height / 2 - (b.y + b.height / 2))).toBeLessThan(0.01);
    expect(b.x - (a.x + a.width)).toBeGreaterThanOrEqual(3 * MM - 0.01);
    expect(b.x + b.width).toBeLessThanOrEqual(595.28 - 60);
    const path = tempPdf(result.pdf);
    const image = renderPage(path, 1, 50);
    expect(redPixelsIn(image, a, A4_HEIGHT, 50)).toBeGreaterThan(300);
    expect(redPixelsIn(image, b, A4_HEIGHT, 50)).toBeGreaterThan(300);
    expect(compact(pdfText(path))).toContain(DATE);
    // The scanned seal went in as an image.
    const images = execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' });
    expect(
      images.split('\n').filter((l) => /^\s*1\s+\d+\s+(image|smask)/.test(l)).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('honours explicit positions and pages and refuses a page that does not exist', async () => {
    const seal = drawRoundSeal({ name: OFFICE }, font);
    const result = await stampPdf(notice, [{ drawing: seal, page: 1, x: 60, y: 80, widthMm: 38 }], {
      qr: false,
    });
    expect(result.seals[0]!.x).toBeCloseTo((60 - 19) * MM, 3);
    expect(result.seals[0]!.y).toBeCloseTo((80 - 19) * MM, 3);
    expect(await asyncRefusal(() => stampPdf(notice, [{ drawing: seal, page: 3 }]))).toBe(
      '第 3 页不存在（文件共 1 页）',
    );
    expect(await asyncRefusal(() => stampPdf(new TextEncoder().encode('hello'), [{ drawing: seal }]))).toBe(
      '这不是 PDF 文件',
    );
  });

  it('without a dated signature block puts the seal at the lower right', async () => {
    const plain = await noticePdf({ signatureBlock: false });
    const result = await stampPdf(plain, [{ drawing: drawRoundSeal({ name: OFFICE }, font) }], { qr: false });
    const box = result.seals[0]!;
    expect(box.x + box.width / 2).toBeGreaterThan(595.28 / 2);
    expect(box.y).toBeGreaterThan(0);
  });

  it('carries the SHA-256 of the stamped content in a QR code and the metadata', async () => {
    const result = await stampPdf(notice, [{ drawing: drawRoundSeal({ name: OFFICE }, font) }], {
      qr: { label: '职教填报 电子用印核验' },
    });
    const qr = result.qr!;
    expect(qr.payload).toBe(`职教填报 电子用印核验\nSHA-256:${result.sha256}`);
    // The hash is that of a real prefix of the file: the revision right after the seals.
    const prefixEnd = result.pdf.length - 1;
    let found = false;
    const text = new TextDecoder('latin1').decode(result.pdf);
    for (let at = text.indexOf('%%EOF'); at >= 0 && at < prefixEnd; at = text.indexOf('%%EOF', at + 1)) {
      if ((await sha256Hex(result.pdf.subarray(0, at + 6))) === result.sha256) found = true;
    }
    expect(found).toBe(true);
    expect((await verifyPdf(result.pdf)).stamp).toEqual({ sha256: result.sha256, matchesRevision: true });

    // Metadata carries the same text.
    const doc = await PDFDocument.load(result.pdf, { updateMetadata: false });
    const info = doc.context.lookup(doc.context.trailerInfo.Info) as PDFDict;
    expect((info.lookup(PDFName.of('TianbaoStampSha256')) as PDFString).decodeText()).toBe(result.sha256);
    expect((info.lookup(PDFName.of('TianbaoStampQr')) as PDFHexString).decodeText()).toBe(qr.payload);

    // Read the code back from the rendered page, module by module.
    const dpi = 300;
    const image = renderPage(tempPdf(result.pdf), 1, dpi);
    const matrix = qrMatrix(qr.payload);
    const unit = qr.width / (qr.modules + 2 * qr.quietZone);
    let wrong = 0;
    for (let r = 0; r < matrix.size; r++) {
      for (let c = 0; c < matrix.size; c++) {
        const x = ((qr.x + (c + qr.quietZone + 0.5) * unit) * dpi) / 72;
        const y = ((A4_HEIGHT - (qr.y + qr.height - (r + qr.quietZone + 0.5) * unit)) * dpi) / 72;
        const dark = pixel(image, x, y)[0] < 128;
        if (dark !== matrix.dark(r, c)) wrong++;
      }
    }
    expect(wrong).toBe(0);
    // At the bottom of the page, clear of the text.
    expect(qr.y).toBeLessThan(30 * MM);
  });
});
