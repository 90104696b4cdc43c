/**
 * Poppler's command-line tools as the second reader of the PDFs we write: text, fonts, page
 * images and signatures. Missing tools fail the test with the one line that installs them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HINT = 'poppler-utils is missing: sudo apt-get install -y poppler-utils';

function run(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') throw new Error(`${tool}: ${HINT}`, { cause: err });
    throw err;
  }
}

/** Writes the bytes to a fresh temporary file and returns its path. */
export function tempPdf(bytes: Uint8Array, name = 'doc.pdf'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tianbao-pdf-')), name);
  writeFileSync(path, bytes);
  return path;
}

/** Text of the PDF; `raw` keeps content-stream order, so a wrapped table cell reads as one piece. */
export function pdfText(
  path: string,
  options: { first?: number; last?: number; raw?: boolean } = {},
): string {
  const args = [];
  if (options.first) args.push('-f', String(options.first));
  if (options.last) args.push('-l', String(options.last));
  if (options.raw) args.push('-raw');
  return run('pdftotext', [...args, path, '-']);
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

export function pdfFonts(path: string): PdfFont[] {
  const lines = run('pdffonts', [path]).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name type… encoding emb sub uni objectId gen — the last six columns are fixed.
    const [emb, sub] = cols.slice(-5, -3);
    return {
      name: cols[0]!,
      type: cols.slice(1, -6).join(' '),
      embedded: emb === 'yes',
      subset: sub === 'yes',
    };
  });
}

export function pdfInfo(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of run('pdfinfo', [path]).split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

export interface WordBox {
  text: string;
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  pageWidth: number;
  pageHeight: number;
}

/** Every word with its box, from `pdftotext -bbox`: text outside the page is cut text. */
export function pdfWordBoxes(path: string): WordBox[] {
  const html = run('pdftotext', ['-bbox', path, '-']);
  const boxes: WordBox[] = [];
  let page = 0;
  let width = 0;
  let height = 0;
  for (const m of html.matchAll(
    /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g,
  )) {
    if (m[1]) {
      page++;
      width = Number(m[1]);
      height = Number(m[2]);
      continue;
    }
    boxes.push({
      text: m[7]!,
      page,
      xMin: Number(m[3]),
      yMin: Number(m[4]),
      xMax: Number(m[5]),
      yMax: Number(m[6]),
      pageWidth: width,
      pageHeight: height,
    });
  }
  return boxes;
}

/**
 * The share of non-white pixels of every page, rendered small and grey: a page with almost no
 * ink is an empty page the layout should not have made.
 */
export function pageInk(path: string, dpi = 20): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-ppm-'));
  run('pdftoppm', ['-r', String(dpi), '-gray', path, join(dir, 'p')]);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pgm'))
    .sort()
    .map((f) => {
      const data = readFileSync(join(dir, f));
      // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 50).toString('latin1'))!;
      const pixels = data.subarray(header[0].length);
      let ink = 0;
      for (const p of pixels) if (p < 200) ink++;
      return ink / pixels.length;
    });
}

export function pdfSig(path: string): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync('pdfsig', [path], { encoding: 'utf8' }) };
  } catch (err) {
    const e = err as { code?: unknown; status?: number; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`pdfsig: ${HINT}`, { cause: err });
    return { code: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
