/**
 * The seal font in Node (CLI, Electron main, tests): Noto Sans SC Bold from its npm package, the
 * bold weight the report PDFs already use. The renderer loads the same file as a Vite asset.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { msg } from '../i18n/message.ts';
import { PDF_FONT_FILES } from '../report/pdf-fonts.ts';
import { SealError } from './errors.ts';

const require = createRequire(import.meta.url);
let cached: Uint8Array | undefined;

export function loadSealFontNode(): Uint8Array {
  if (cached) return cached;
  let path: string;
  try {
    path = require.resolve(PDF_FONT_FILES.bold);
  } catch {
    throw new SealError(msg('seal:draw.fontMissing', { path: PDF_FONT_FILES.bold }));
  }
  const buffer = readFileSync(path);
  cached = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return cached;
}
