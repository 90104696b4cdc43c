/**
 * Seal images in and out as RGBA pixels: PNG through UPNG (pure JS, the decoder pdf-lib itself
 * uses), baseline JPEG through ./jpeg.ts. Runs anywhere: no canvas, no Node zlib.
 */
import * as upngModule from '@pdf-lib/upng';
import { msg } from '../i18n/message.ts';
import { SealError } from './errors.ts';
import { decodeJpeg } from './jpeg.ts';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, not premultiplied. */
  data: Uint8Array;
}

export type ImageKind = 'png' | 'jpeg';

type Upng = typeof upngModule;
/** The package is CommonJS with `exports.default` in Node and an ES default export in bundlers. */
const UPNG: Upng = (() => {
  const m = upngModule as unknown as { default?: Upng & { default?: Upng } } & Upng;
  return m.default?.default ?? m.default ?? m;
})();

export function imageKind(bytes: Uint8Array): ImageKind | undefined {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'png';
  }
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Width and height from the header alone, so oversized images are refused before decoding. */
export function imageSize(bytes: Uint8Array, kind: ImageKind): { width: number; height: number } | undefined {
  if (kind === 'png') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return bytes.length >= 24 ? { width: view.getUint32(16), height: view.getUint32(20) } : undefined;
  }
  // JPEG: walk the markers to the first start-of-frame.
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (bytes[i + 5]! << 8) | bytes[i + 6]!, width: (bytes[i + 7]! << 8) | bytes[i + 8]! };
    }
    i += 2 + length;
  }
  return undefined;
}

export function decodeImage(bytes: Uint8Array, kind: ImageKind): RgbaImage {
  if (kind === 'jpeg') return decodeJpeg(bytes);
  let decoded: upngModule.Image;
  try {
    decoded = UPNG.decode(arrayBuffer(bytes));
  } catch {
    throw new SealError(msg('seal:image.corrupt'));
  }
  const frame = UPNG.toRGBA8(decoded)[0];
  if (!frame) throw new SealError(msg('seal:image.corrupt'));
  return { width: decoded.width, height: decoded.height, data: new Uint8Array(frame) };
}

/** A lossless RGBA PNG. */
export function encodePng(image: RgbaImage): Uint8Array {
  return new Uint8Array(UPNG.encode([arrayBuffer(image.data)], image.width, image.height, 0));
}
