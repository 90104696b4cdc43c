#!/usr/bin/env tsx
/**
 * Draws the app icon and writes every file the installers use into build/:
 *   build/icon.png            1024×1024 (electron-builder's master icon)
 *   build/icons/<n>x<n>.png   the Linux icon set (deb, AppImage, .desktop)
 *   build/icon.ico            Windows (exe, NSIS installer and uninstaller, file association)
 *
 * The design is a red (#c8102e) rounded square with a white mark: three rising bars on a base line,
 * for yearly performance data (绩效数据). Shapes are signed-distance functions, so every size is
 * drawn directly (no downscaling blur) with analytic anti-aliasing, and the output is the same
 * bytes on every run. The ICO holds BMP images below 256 px (what every Windows and NSIS version
 * reads) and a PNG at 256 px (Vista and later).
 *
 *   npx tsx scripts/make-icons.ts          writes the files
 *   npx tsx scripts/make-icons.ts --check  exits 1 when a committed file differs from the drawing
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';

export const BRAND_RED = { r: 0xc8, g: 0x10, b: 0x2e } as const;
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
export const MASTER_ICON_SIZE = 1024;

interface Box {
  /** Centre and half-size in unit coordinates (0..1, y down), corner radius. */
  cx: number;
  cy: number;
  hw: number;
  hh: number;
  r: number;
}

/** Signed distance from (x, y) to a rounded box: negative inside. */
function roundedBox(x: number, y: number, b: Box): number {
  const qx = Math.abs(x - b.cx) - b.hw + b.r;
  const qy = Math.abs(y - b.cy) - b.hh + b.r;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - b.r;
}

function box(left: number, top: number, right: number, bottom: number, r: number): Box {
  return {
    cx: (left + right) / 2,
    cy: (top + bottom) / 2,
    hw: (right - left) / 2,
    hh: (bottom - top) / 2,
    r,
  };
}

const BACKGROUND = box(0.03, 0.03, 0.97, 0.97, 0.2);
const MARK: readonly Box[] = [
  // Three rising bars...
  box(0.25, 0.49, 0.37, 0.69, 0.025),
  box(0.44, 0.36, 0.56, 0.69, 0.025),
  box(0.63, 0.21, 0.75, 0.69, 0.025),
  // ...standing on a base line.
  box(0.2, 0.74, 0.8, 0.79, 0.025),
];

/** Coverage of a pixel by a shape whose edge is `distancePx` away (negative inside). */
function coverage(distancePx: number): number {
  return Math.min(1, Math.max(0, 0.5 - distancePx));
}

/** RGBA pixels of the icon at `size`×`size`. */
export function renderIcon(size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  // Distances are in unit coordinates; times the size they are in pixels.
  const scale = size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const bg = coverage(roundedBox(x, y, BACKGROUND) * scale);
      let markDistance = Infinity;
      for (const m of MARK) markDistance = Math.min(markDistance, roundedBox(x, y, m));
      const mark = coverage(markDistance * scale);
      const i = (py * size + px) * 4;
      // The mark lies inside the background, so white over red, then the background's edge alpha.
      out[i] = Math.round(BRAND_RED.r + (255 - BRAND_RED.r) * mark);
      out[i + 1] = Math.round(BRAND_RED.g + (255 - BRAND_RED.g) * mark);
      out[i + 2] = Math.round(BRAND_RED.b + (255 - BRAND_RED.b) * mark);
      out[i + 3] = Math.round(255 * bg);
    }
  }
  return out;
}

export function encodePng(rgba: Uint8Array, size: number): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6, inputHasAlpha: true });
  png.data = Buffer.from(rgba);
  return PNG.sync.write(png, { colorType: 6, deflateLevel: 9 });
}

/** A 32-bit BMP icon image: BITMAPINFOHEADER, bottom-up BGRA rows, then the 1-bit AND mask. */
function icoBitmap(rgba: Uint8Array, size: number): Buffer {
  const maskRow = Math.ceil(size / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  // Height counts the colour image and the mask.
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(0, 16);
  header.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  const pixels = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(maskRow * size);
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y;
    for (let x = 0; x < size; x++) {
      const s = (y * size + x) * 4;
      const d = (row * size + x) * 4;
      pixels[d] = rgba[s + 2]!;
      pixels[d + 1] = rgba[s + 1]!;
      pixels[d + 2] = rgba[s]!;
      pixels[d + 3] = rgba[s + 3]!;
      if (rgba[s + 3] === 0) mask[row * maskRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

/** An ICO file with one image per size: BMP below 256 px, PNG at 256. */
export function buildIco(images: ReadonlyArray<{ size: number; rgba: Uint8Array }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const directory = Buffer.alloc(16 * images.length);
  const blobs: Buffer[] = [];
  let offset = 6 + directory.length;
  images.forEach(({ size, rgba }, i) => {
    const blob = size >= 256 ? encodePng(rgba, size) : icoBitmap(rgba, size);
    const e = i * 16;
    directory.writeUInt8(size >= 256 ? 0 : size, e);
    directory.writeUInt8(size >= 256 ? 0 : size, e + 1);
    directory.writeUInt8(0, e + 2);
    directory.writeUInt8(0, e + 3);
    directory.writeUInt16LE(1, e + 4);
    directory.writeUInt16LE(32, e + 6);
    directory.writeUInt32LE(blob.length, e + 8);
    directory.writeUInt32LE(offset, e + 12);
    offset += blob.length;
    blobs.push(blob);
  });
  return Buffer.concat([header, directory, ...blobs]);
}

export interface IcoEntry {
  width: number;
  height: number;
  bitCount: number;
  format: 'png' | 'bmp';
  data: Buffer;
}

/** Reads an ICO's directory back (for the packaging test); throws with the byte offset on damage. */
export function parseIco(file: Buffer): IcoEntry[] {
  if (file.length < 6 || file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) {
    throw new Error('not an ICO file (header at byte 0)');
  }
  const count = file.readUInt16LE(4);
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const e = 6 + i * 16;
    if (e + 16 > file.length) throw new Error(`ICO directory entry ${i} cut off at byte ${e}`);
    const size = file.readUInt32LE(e + 8);
    const offset = file.readUInt32LE(e + 12);
    if (offset + size > file.length) throw new Error(`ICO image ${i} runs past the end (offset ${offset})`);
    const data = file.subarray(offset, offset + size);
    const isPng = data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    entries.push({
      width: file.readUInt8(e) || 256,
      height: file.readUInt8(e + 1) || 256,
      bitCount: file.readUInt16LE(e + 6),
      format: isPng ? 'png' : 'bmp',
      data,
    });
  }
  return entries;
}

/** Every file this script owns, path relative to the repository root → bytes. */
export function iconFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const rendered = new Map<number, Uint8Array>();
  const draw = (size: number): Uint8Array => {
    let rgba = rendered.get(size);
    if (!rgba) {
      rgba = renderIcon(size);
      rendered.set(size, rgba);
    }
    return rgba;
  };
  files.set('build/icon.png', encodePng(draw(MASTER_ICON_SIZE), MASTER_ICON_SIZE));
  for (const size of LINUX_ICON_SIZES)
    files.set(`build/icons/${size}x${size}.png`, encodePng(draw(size), size));
  files.set('build/icon.ico', buildIco(ICO_SIZES.map((size) => ({ size, rgba: draw(size) }))));
  return files;
}

function main(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [rel, bytes] of iconFiles()) {
    const target = path.join(root, rel);
    if (check) {
      let current: Buffer | undefined;
      try {
        current = readFileSync(target);
      } catch {
        current = undefined;
      }
      if (!current || !current.equals(bytes)) stale.push(rel);
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    console.log(`${rel}  ${bytes.length} bytes`);
  }
  if (check && stale.length > 0) {
    console.error(`icons out of date (run npx tsx scripts/make-icons.ts): ${stale.join(', ')}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
