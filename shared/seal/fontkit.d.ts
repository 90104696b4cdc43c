/** The part of fontkit (installed with pdfkit) that seal drawing uses; it ships no types. */
declare module 'fontkit' {
  export interface FontkitPathCommand {
    command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
    args: number[];
  }
  export interface FontkitGlyph {
    id: number;
    advanceWidth: number;
    path: { commands: FontkitPathCommand[] };
    bbox: { minX: number; minY: number; maxX: number; maxY: number };
  }
  export interface FontkitFont {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    postscriptName: string;
    glyphForCodePoint(codePoint: number): FontkitGlyph;
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}
