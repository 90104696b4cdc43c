/**
 * A scanned or photographed seal made ready to place: the paper becomes transparent, the red ink
 * stays. Each pixel's opacity is how much green and blue the ink absorbed (white paper absorbs
 * almost none), between a threshold and a soft edge; grey and black marks (text printed under the
 * seal, dust) are dropped unless asked for; the ink's colour is recovered from the blend with the
 * paper so edges carry no white fringe; the image is cropped to the ink.
 */
import { msg } from '../i18n/message.ts';
import { SealError } from './errors.ts';
import { decodeImage, encodePng, imageKind, imageSize, type RgbaImage } from './image.ts';

export const MAX_SCAN_BYTES = 10 * 1024 * 1024;
export const MAX_SCAN_PIXELS = 4000;

export interface ScanOptions {
  /** Absorption below this is paper (0…255); default 40. */
  threshold?: number;
  /** Absorption at which the ink is fully opaque; default 150. */
  opaqueAt?: number;
  /** Keep non-red marks too (a blue or black seal); default false: red only. */
  anyColour?: boolean;
}

export interface SealImage {
  png: Uint8Array;
  width: number;
  height: number;
  /** Share of the cropped image that is ink (opacity > 50 %). */
  inkRatio: number;
}

/** Transparent-background PNG of the seal in a PNG or JPEG scan; refuses with a located message. */
export function sealFromScan(bytes: Uint8Array, options: ScanOptions = {}): Uint8Array {
  return sealImageFromScan(bytes, options).png;
}

export function sealImageFromScan(bytes: Uint8Array, options: ScanOptions = {}): SealImage {
  const kind = imageKind(bytes);
  if (!kind) throw new SealError(msg('seal:image.notImage'));
  if (bytes.length > MAX_SCAN_BYTES) {
    throw new SealError(
      msg('seal:image.tooLarge', { size: (bytes.length / 1024 / 1024).toFixed(1), max: 10 }),
    );
  }
  const size = imageSize(bytes, kind);
  if (!size) throw new SealError(msg('seal:image.corrupt'));
  if (size.width > MAX_SCAN_PIXELS || size.height > MAX_SCAN_PIXELS) {
    throw new SealError(
      msg('seal:image.tooManyPixels', { width: size.width, height: size.height, max: MAX_SCAN_PIXELS }),
    );
  }
  const image = decodeImage(bytes, kind);
  return extractInk(image, options);
}

export function extractInk(image: RgbaImage, options: ScanOptions = {}): SealImage {
  const lo = options.threshold ?? 40;
  const hi = Math.max(lo + 1, options.opaqueAt ?? 150);
  const { width, height, data } = image;
  const out = new Uint8Array(width * height * 4);
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const srcAlpha = data[o + 3]! / 255;
      // Composite over white first: a transparent source pixel is paper.
      const r = 255 - srcAlpha * (255 - data[o]!);
      const g = 255 - srcAlpha * (255 - data[o + 1]!);
      const b = 255 - srcAlpha * (255 - data[o + 2]!);
      const absorption = 255 - Math.min(g, b, options.anyColour ? r : 255);
      let alpha = Math.min(1, Math.max(0, (absorption - lo) / (hi - lo)));
      if (!options.anyColour) {
        // Red ink absorbs green and blue but reflects red; grey and black absorb all three.
        const redness = r - Math.max(g, b);
        alpha *= Math.min(1, Math.max(0, (redness - 25) / 50));
      }
      if (alpha <= 0.02) continue;
      // observed = alpha·ink + (1 − alpha)·white  →  ink = (observed − (1 − alpha)·255) / alpha
      const unblend = (v: number) => Math.min(255, Math.max(0, Math.round((v - (1 - alpha) * 255) / alpha)));
      out[o] = unblend(r);
      out[o + 1] = unblend(g);
      out[o + 2] = unblend(b);
      out[o + 3] = Math.round(alpha * 255);
      if (alpha > 0.1) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) throw new SealError(msg('seal:image.noInk'));
  const pad = 2;
  const x0 = Math.max(0, minX - pad);
  const y0 = Math.max(0, minY - pad);
  const x1 = Math.min(width - 1, maxX + pad);
  const y1 = Math.min(height - 1, maxY + pad);
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const cropped = new Uint8Array(w * h * 4);
  let ink = 0;
  for (let y = 0; y < h; y++) {
    const row = out.subarray(((y + y0) * width + x0) * 4, ((y + y0) * width + x1 + 1) * 4);
    cropped.set(row, y * w * 4);
    for (let x = 0; x < w; x++) if (row[x * 4 + 3]! > 127) ink++;
  }
  const inkRatio = ink / (w * h);
  // A seal is a ring with text: a speck or a stray line is not one.
  if (ink < 200 || Math.min(w, h) < 40 || ink / (width * height) < 0.002) {
    throw new SealError(msg('seal:image.noInk'));
  }
  return { png: encodePng({ width: w, height: h, data: cropped }), width: w, height: h, inkRatio };
}
