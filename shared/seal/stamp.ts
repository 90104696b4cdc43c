/**
 * Stamping a PDF: one or more seals over the signature block, then a QR code with the SHA-256 of
 * the stamped content at the bottom of the last page. Both are incremental updates (see
 * ../sign/incremental.ts): the original bytes stay a prefix of the file, the page's text is not
 * touched (pdftotext still reads it), and the hash in the QR code is that of a real prefix — the
 * file as it was right after the seals went on — so anyone can recompute it.
 *
 * Placement follows GB/T 9704-2012 §7.3.5: the seal sits squarely over the office name and the
 * date, which fall in its lower middle ("居中下压发文机关署名和成文日期"); joint seals stand side by
 * side without touching, the last one over the date, none beyond the text block. The signature
 * block is found from the page's text (the lowest line that reads as a date, and the line above
 * it); without one the seal goes at the lower right. Explicit positions override all of this.
 */
import {
  BlendMode,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFString,
  rgb,
  type PDFDocument,
  type PDFPage,
} from 'pdf-lib';
import { msg } from '../i18n/message.ts';
import { loadForUpdate, saveIncremental } from '../sign/incremental.ts';
import { sha256Hex } from '../util/sha256.ts';
import type { SealDrawing } from './draw.ts';
import { SealError } from './errors.ts';
import { imageKind } from './image.ts';
import { pageTextLines, type TextLine } from './page-text.ts';
import { pathData, parseColor } from './path.ts';
import { qrMatrix, qrPathData, qrPayload } from './qr.ts';

export const MM = 72 / 25.4;

export interface SealPlacement {
  /** A seal image (PNG with transparency, e.g. from sealFromScan or sealPng). */
  png?: Uint8Array;
  /** Or a drawn seal, placed as vector paths. */
  drawing?: SealDrawing;
  /** 1-based page number or 'last' (default). */
  page?: 'last' | number;
  /** Centre of the seal in millimetres from the page's left and bottom edges. */
  x?: number;
  y?: number;
  /** Width in millimetres; 42 by default. */
  widthMm?: number;
}

export interface StampOptions {
  /** The QR code; on by default. `label` is the human line it carries before the hash. */
  qr?: false | { label?: string; sizeMm?: number; x?: number; y?: number };
}

export interface PlacedBox {
  page: number;
  /** Lower-left corner, width and height in points. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface StampResult {
  pdf: Uint8Array;
  /** SHA-256 of the file right after the seals were placed (before the QR code). */
  sha256: string;
  seals: PlacedBox[];
  qr?: PlacedBox & { payload: string; modules: number; quietZone: number };
}

const DATE =
  /(\d{4}|[〇○零一二三四五六七八九十]{4})年[\d〇○零一二三四五六七八九十]{1,3}月[\d〇○零一二三四五六七八九十]{1,3}日/;
const GAP_MM = 3;

interface Anchor {
  /** Centre of the group of seals, points. */
  cx: number;
  cy: number;
  /** Horizontal limits the seals should stay within. */
  left: number;
  right: number;
}

/** Where the seals of one page go when no position is given. */
function defaultAnchor(doc: PDFDocument, page: PDFPage, diameter: number): Anchor {
  const box = page.getMediaBox();
  const lines = pageTextLines(doc, page).filter((l) => l.text.trim() !== '');
  const textLeft = lines.length ? Math.min(...lines.map((l) => l.xMin)) : box.x + 28 * MM;
  const textRight = lines.length ? Math.max(...lines.map((l) => l.xMax)) : box.x + box.width - 26 * MM;
  const left = Math.min(textLeft, box.x + box.width / 2 - diameter);
  const right = Math.max(textRight, box.x + box.width / 2 + diameter);
  // The date line of a signature block is the date alone (a date inside a sentence is not one).
  const date = [...lines].reverse().find((l) => {
    const text = l.text.replace(/\s+/g, '');
    const m = DATE.exec(text);
    return m !== null && text.length <= m[0].length + 2;
  });
  // Nothing that looks like a dated signature: lower right, over the last line if it is there.
  if (!date) {
    const bottomMargin = box.y + box.height * 0.08;
    const last = lines.find((l) => l.y > bottomMargin);
    const cx = right - diameter / 2 - 8 * MM;
    const cy = last ? last.y + last.size * 0.3 + diameter * 0.15 : box.y + box.height * 0.25;
    return { cx, cy, left, right };
  }
  const name = lines
    .filter((l) => l.y > date.y && l.y - date.y < date.size * 4 && l.xMax > date.xMin - 4 * date.size)
    .sort((a, b) => a.y - b.y)[0];
  const block: TextLine[] = name ? [name, date] : [date];
  const cx = (Math.min(...block.map((l) => l.xMin)) + Math.max(...block.map((l) => l.xMax))) / 2;
  // Name and date in the lower middle of the seal: the centre just above the office name.
  const cy = name ? name.y + name.size * 0.5 + diameter * 0.04 : date.y + date.size * 0.5 + diameter * 0.3;
  return { cx, cy, left, right };
}

function pageIndex(page: SealPlacement['page'], count: number): number {
  if (page === undefined || page === 'last') return count - 1;
  if (!Number.isInteger(page) || page < 1 || page > count) {
    throw new SealError(msg('seal:error.noSuchPage', { page: String(page), count }));
  }
  return page - 1;
}

async function placeSeals(doc: PDFDocument, seals: SealPlacement[]): Promise<PlacedBox[]> {
  const pages = doc.getPages();
  if (pages.length === 0) throw new SealError(msg('seal:error.noPages'));
  const placed: PlacedBox[] = [];
  // Seals without a position are laid out per page as a group.
  const groups = new Map<number, SealPlacement[]>();
  for (const seal of seals) {
    if (!seal.png && !seal.drawing) throw new SealError(msg('seal:error.noSealImage'));
    if (seal.png && imageKind(seal.png) !== 'png') throw new SealError(msg('seal:image.notPng'));
    const index = pageIndex(seal.page, pages.length);
    if (seal.x === undefined || seal.y === undefined) groups.set(index, [...(groups.get(index) ?? []), seal]);
  }
  const centres = new Map<SealPlacement, { cx: number; cy: number }>();
  for (const [index, group] of groups) {
    const page = pages[index]!;
    const widths = group.map((s) => (s.widthMm ?? 42) * MM);
    const maxWidth = Math.max(...widths);
    const anchor = defaultAnchor(doc, page, maxWidth);
    const total = widths.reduce((a, b) => a + b, 0) + GAP_MM * MM * (group.length - 1);
    let start = anchor.cx - total / 2;
    // Keep the row within the text block where it can be.
    if (start + total > anchor.right) start = anchor.right - total;
    if (start < anchor.left) start = anchor.left;
    group.forEach((seal, i) => {
      centres.set(seal, { cx: start + widths[i]! / 2, cy: anchor.cy });
      start += widths[i]! + GAP_MM * MM;
    });
  }

  for (const seal of seals) {
    const index = pageIndex(seal.page, pages.length);
    const page = pages[index]!;
    const box = page.getMediaBox();
    const width = (seal.widthMm ?? 42) * MM;
    const centre =
      seal.x !== undefined && seal.y !== undefined
        ? { cx: box.x + seal.x * MM, cy: box.y + seal.y * MM }
        : centres.get(seal)!;
    if (seal.drawing) {
      const scale = width / seal.drawing.diameterMm;
      const [r, g, b] = parseColor(seal.drawing.color);
      const x = centre.cx - width / 2;
      const top = centre.cy + width / 2;
      for (const path of seal.drawing.paths) {
        page.drawSvgPath(pathData(path), {
          x,
          y: top,
          scale,
          color: rgb(r / 255, g / 255, b / 255),
          blendMode: BlendMode.Multiply,
        });
      }
      placed.push({ page: index + 1, x, y: centre.cy - width / 2, width, height: width });
    } else {
      let image;
      try {
        image = await doc.embedPng(seal.png!);
      } catch {
        throw new SealError(msg('seal:image.corrupt'));
      }
      const height = (width * image.height) / image.width;
      const x = centre.cx - width / 2;
      const y = centre.cy - height / 2;
      page.drawImage(image, { x, y, width, height, blendMode: BlendMode.Multiply });
      placed.push({ page: index + 1, x, y, width, height });
    }
  }
  return placed;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, l: TextLine): boolean {
  return (
    a.x < l.xMax && l.xMin < a.x + a.width && a.y < l.y + l.size * 0.9 && l.y - l.size * 0.25 < a.y + a.height
  );
}

function placeQr(
  doc: PDFDocument,
  sha256: string,
  options: { label?: string; sizeMm?: number; x?: number; y?: number },
): NonNullable<StampResult['qr']> {
  const pages = doc.getPages();
  const index = pages.length - 1;
  const page = pages[index]!;
  const box = page.getMediaBox();
  const payload = qrPayload(sha256, options.label ?? 'tianbao verify');
  const matrix = qrMatrix(payload);
  const quietZone = 2;
  const size = (options.sizeMm ?? 18) * MM;
  const margin = 8 * MM;
  let x: number;
  let y: number;
  if (options.x !== undefined && options.y !== undefined) {
    x = box.x + options.x * MM;
    y = box.y + options.y * MM;
  } else {
    // Bottom left, else bottom right: wherever no text is.
    const lines = pageTextLines(doc, page);
    const candidates = [
      { x: box.x + margin, y: box.y + margin },
      { x: box.x + box.width - margin - size, y: box.y + margin },
    ];
    const free = candidates.find((c) => !lines.some((l) => overlaps({ ...c, width: size, height: size }, l)));
    ({ x, y } = free ?? candidates[0]!);
  }
  const unit = size / (matrix.size + 2 * quietZone);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  page.drawSvgPath(qrPathData(matrix, quietZone), { x, y: y + size, scale: unit, color: rgb(0, 0, 0) });

  // The same text in the document information, for tools that read metadata rather than images.
  const ctx = doc.context;
  let info = ctx.trailerInfo.Info ? ctx.lookup(ctx.trailerInfo.Info) : undefined;
  if (!(info instanceof PDFDict)) {
    info = ctx.obj({});
    ctx.trailerInfo.Info = ctx.register(info);
  }
  (info as PDFDict).set(PDFName.of('TianbaoStampSha256'), PDFString.of(sha256));
  (info as PDFDict).set(PDFName.of('TianbaoStampQr'), PDFHexString.fromText(payload));
  return { page: index + 1, x, y, width: size, height: size, payload, modules: matrix.size, quietZone };
}

/**
 * Places the seals and the QR code. Throws SealError (translatable) for a page that does not
 * exist, a seal that is not a PNG, a PDF that cannot be read or is encrypted.
 */
export async function stampPdf(
  pdfBytes: Uint8Array,
  seals: SealPlacement[],
  options: StampOptions = {},
): Promise<StampResult> {
  let bytes = pdfBytes;
  let placed: PlacedBox[] = [];
  if (seals.length > 0) {
    const update = await loadForUpdate(bytes);
    placed = await placeSeals(update.doc, seals);
    bytes = (await saveIncremental(update)).bytes;
  }
  const sha256 = await sha256Hex(bytes);
  if (options.qr === false) return { pdf: bytes, sha256, seals: placed };
  const update = await loadForUpdate(bytes);
  const qr = placeQr(update.doc, sha256, options.qr ?? {});
  return { pdf: (await saveIncremental(update)).bytes, sha256, seals: placed, qr };
}
