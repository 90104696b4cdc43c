/**
 * A standard round official seal drawn from the office's name, for drafts: a 42 mm red ring, the
 * name left to right along the upper arc with each character upright to the rim, a five-pointed
 * star in the centre, an optional horizontal line below the star (e.g. 财务专用章), and — always —
 * the draft mark 样章 (or 草稿) at the bottom, so a drawn seal is never taken for a real one.
 *
 * The text is drawn as glyph outlines from the font given (Noto Sans SC Bold in the app), read with
 * fontkit: the seal is pure vector, so it becomes SVG, a PNG raster and PDF paths alike with no
 * font embedded anywhere.
 */
import { create, type FontkitFont } from 'fontkit';
import { msg } from '../i18n/message.ts';
import { SealError } from './errors.ts';
import { encodePng } from './image.ts';
import {
  parseColor,
  pathData,
  rasterize,
  ringPath,
  starPath,
  transformPath,
  type Matrix,
  type Path,
  type PathCommand,
} from './path.ts';

export const SEAL_RED = '#E60012';
export const DRAFT_MARKS = ['样章', '草稿'] as const;

export interface RoundSealOptions {
  /** The office, e.g. 湖南省教育厅 (1–24 characters). */
  name: string;
  /** A line under the star, e.g. 财务专用章; none by default. */
  subtitle?: string;
  /** A drawn seal is always a draft; the field exists to say so at the call site. */
  draft?: true;
  draftMark?: (typeof DRAFT_MARKS)[number];
  /** Diameter in millimetres; 42 by default (the size for a provincial department). */
  diameterMm?: number;
  color?: string;
}

export interface SealDrawing {
  diameterMm: number;
  color: string;
  /** Each path filled on its own with the non-zero rule; millimetres, y down, origin top left. */
  paths: Path[];
}

const fonts = new WeakMap<Uint8Array, FontkitFont>();

function fontOf(bytes: Uint8Array): FontkitFont {
  let font = fonts.get(bytes);
  if (!font) {
    try {
      font = create(bytes);
    } catch {
      throw new SealError(msg('seal:draw.badFont'));
    }
    fonts.set(bytes, font);
  }
  return font;
}

/** The outline of one character in em units (y up), or a message when the font lacks it. */
function glyphPath(font: FontkitFont, ch: string): Path {
  const cp = ch.codePointAt(0)!;
  if (!font.hasGlyphForCodePoint(cp)) throw new SealError(msg('seal:draw.missingGlyph', { char: ch }));
  const glyph = font.glyphForCodePoint(cp);
  const path: Path = [];
  for (const c of glyph.path.commands) {
    const a = c.args;
    switch (c.command) {
      case 'moveTo':
        path.push({ op: 'M', x: a[0]!, y: a[1]! });
        break;
      case 'lineTo':
        path.push({ op: 'L', x: a[0]!, y: a[1]! });
        break;
      case 'quadraticCurveTo':
        path.push({ op: 'Q', cx: a[0]!, cy: a[1]!, x: a[2]!, y: a[3]! });
        break;
      case 'bezierCurveTo':
        path.push({ op: 'C', c1x: a[0]!, c1y: a[1]!, c2x: a[2]!, c2y: a[3]!, x: a[4]!, y: a[5]! });
        break;
      case 'closePath':
        path.push({ op: 'Z' } as PathCommand);
        break;
    }
  }
  return path;
}

/**
 * Places a character: its em box (`height` tall, `width` wide, centred on the ideographic em)
 * centred at (x, y) and turned by `angle` (radians, clockwise; 0 = upright).
 */
function placeGlyph(
  font: FontkitFont,
  ch: string,
  x: number,
  y: number,
  width: number,
  height: number,
  angle: number,
): Path {
  const em = font.unitsPerEm;
  // CJK glyphs sit in an em box from about −0.12 em to 0.88 em.
  const sx = width / em;
  const sy = height / em;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Em units → local mm (y down, centred) → rotated → translated.
  const local: Matrix = [sx, 0, 0, -sy, -width / 2, 0.38 * height];
  const rotate: Matrix = [cos, sin, -sin, cos, x, y];
  return transformPath(transformPath(glyphPath(font, ch), local), rotate);
}

function horizontalText(
  font: FontkitFont,
  text: string,
  cx: number,
  cy: number,
  height: number,
  maxWidth: number,
): Path[] {
  const chars = [...text];
  const width = Math.min(height, maxWidth / chars.length);
  const start = cx - (width * chars.length) / 2 + width / 2;
  return chars.map((ch, i) => placeGlyph(font, ch, start + i * width, cy, width, height, 0));
}

/** Draws the seal as vector paths; `font` is a TrueType/OpenType font with the characters. */
export function drawRoundSeal(options: RoundSealOptions, font: Uint8Array): SealDrawing {
  const name = options.name.trim();
  const chars = [...name];
  if (chars.length === 0 || chars.length > 24) throw new SealError(msg('seal:draw.badName', { max: 24 }));
  const f = fontOf(font);
  const d = options.diameterMm ?? 42;
  const k = d / 42; // every measure below is for 42 mm and scales with the diameter
  const c = d / 2;
  const ringWidth = 1.2 * k;
  const paths: Path[] = [ringPath(c, c, c, c - ringWidth)];
  paths.push(starPath(c, c, 7 * k));

  // The name: character tops 0.9 mm inside the ring; long names get smaller, narrower characters.
  const height = (chars.length <= 8 ? 7.2 : chars.length <= 12 ? 6.4 : chars.length <= 16 ? 5.4 : 4.6) * k;
  const radius = c - ringWidth - 0.9 * k - height / 2;
  const span = Math.min((250 * Math.PI) / 180, chars.length * ((36 * Math.PI) / 180));
  const step = chars.length > 1 ? span / (chars.length - 1 + 0.8) : 0;
  const width = Math.min(height * 0.95, step * radius * 0.92 || height);
  chars.forEach((ch, i) => {
    const angle = (i - (chars.length - 1) / 2) * step; // 0 at the top, clockwise
    const x = c + radius * Math.sin(angle);
    const y = c - radius * Math.cos(angle);
    paths.push(placeGlyph(f, ch, x, y, width, height, angle));
  });

  const subtitle = options.subtitle?.trim();
  let below = c + 10.2 * k;
  if (subtitle) {
    paths.push(...horizontalText(f, subtitle, c, c + 10 * k, 4.2 * k, 22 * k));
    below = c + 14.6 * k;
  }
  paths.push(...horizontalText(f, options.draftMark ?? DRAFT_MARKS[0], c, below, 4.2 * k, 14 * k));
  return { diameterMm: d, color: options.color ?? SEAL_RED, paths };
}

/** The seal as an SVG document, sized in millimetres. */
export function sealSvg(seal: SealDrawing): string {
  const d = seal.diameterMm;
  const body = seal.paths.map((p) => `<path d="${pathData(p)}"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${d}mm" height="${d}mm" viewBox="0 0 ${d} ${d}"><g fill="${seal.color}" fill-rule="nonzero">${body}</g></svg>`;
}

/** The seal as a transparent PNG at `dpi` (600 by default: 992 px for 42 mm). */
export function sealPng(seal: SealDrawing, dpi = 600): Uint8Array {
  const scale = dpi / 25.4;
  const size = Math.ceil(seal.diameterMm * scale);
  const coverage = rasterize(seal.paths, size, size, scale);
  const [r, g, b] = parseColor(seal.color);
  const data = new Uint8Array(size * size * 4);
  for (let i = 0; i < coverage.length; i++) {
    const a = coverage[i]!;
    if (a <= 0) continue;
    data[i * 4] = r;
    data[i * 4 + 1] = g;
    data[i * 4 + 2] = b;
    data[i * 4 + 3] = Math.round(a * 255);
  }
  return encodePng({ width: size, height: size, data });
}
