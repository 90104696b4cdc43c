/**
 * Opens an .xlsx file given as bytes, or says precisely why it cannot: people send old .xls files,
 * password-protected workbooks, web pages renamed to .xls, half-downloaded files and Word
 * documents. Each gets its own message before exceljs ever sees the bytes, because exceljs's own
 * errors ("End of data reached", "Can't find end of central directory") mean nothing to a school
 * administrator. Never throws.
 */
import type ExcelJS from 'exceljs';
import { workbookError, type WorkbookError } from './errors.ts';
import { screenWorkbook } from './screen.ts';

export interface OpenOptions {
  /** Largest file accepted, in bytes (default 50 MB). */
  maxBytes?: number;
  /** Largest total size once unzipped, in bytes (default 20 × maxBytes); guards against zip bombs. */
  maxUncompressedBytes?: number;
}

export type OpenResult = { ok: true; workbook: ExcelJS.Workbook } | { ok: false; error: WorkbookError };

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** Every code openWorkbook can return: callers treat these as "the file is unreadable". */
export const OPEN_ERROR_CODES = [
  'empty-file',
  'too-large',
  'xls',
  'password-protected',
  'not-xlsx',
  'html-not-xlsx',
  'truncated',
  'not-workbook',
  'word-document',
  'powerpoint-document',
  'ods',
  'xlsb',
  'corrupt',
  'no-sheets',
] as const;
export type OpenErrorCode = (typeof OPEN_ERROR_CODES)[number];

const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

/** Sizes as people read them on a file's properties: 62.3 MB, 812 KB. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Number((n / 1024 / 1024).toFixed(1))} MB`;
  if (n >= 1024) return `${Math.ceil(n / 1024)} KB`;
  return `${n} B`;
}

function fileError(code: OpenErrorCode, key: string, params?: Record<string, string | number>): OpenResult {
  return { ok: false, error: workbookError('', '', code, `open.${key}`, params) };
}

// ─── OLE2 (Compound File Binary) ────────────────────────────────────────────────────────────────

const ENDOFCHAIN = 0xfffffffe;
const MAX_SECTOR = 0xfffffffa;

/**
 * Names of the entries in an OLE2 compound file's directory (MS-CFB §2.2–2.6): enough to tell an
 * .xls (Workbook/Book stream) from an encrypted .xlsx (EncryptionInfo + EncryptedPackage) from a
 * Word or PowerPoint file. Returns null when the structure is unreadable.
 */
export function ole2EntryNames(bytes: Uint8Array): string[] | null {
  if (!startsWith(bytes, OLE2_MAGIC) || bytes.length < 512) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor(bytes.length / sectorSize) - 1;
  const sectorOffset = (n: number) => (n + 1) * sectorSize;
  const inFile = (n: number) =>
    n <= MAX_SECTOR && n < sectorCount + 1 && sectorOffset(n) + sectorSize <= bytes.length;

  // The FAT's own sectors are listed in the header's DIFAT (109 entries) and then in DIFAT sectors.
  const fatSectors: number[] = [];
  const fatCount = view.getUint32(0x2c, true);
  for (let i = 0; i < 109 && fatSectors.length < fatCount; i++) {
    const s = view.getUint32(0x4c + i * 4, true);
    if (s > MAX_SECTOR) break;
    fatSectors.push(s);
  }
  let difat = view.getUint32(0x44, true);
  for (let guard = 0; difat <= MAX_SECTOR && fatSectors.length < fatCount && guard < 1000; guard++) {
    if (!inFile(difat)) return null;
    const base = sectorOffset(difat);
    const perSector = sectorSize / 4 - 1;
    for (let i = 0; i < perSector && fatSectors.length < fatCount; i++) {
      const s = view.getUint32(base + i * 4, true);
      if (s <= MAX_SECTOR) fatSectors.push(s);
    }
    difat = view.getUint32(base + perSector * 4, true);
  }
  const nextSector = (n: number): number => {
    const perSector = sectorSize / 4;
    const fatSector = fatSectors[Math.floor(n / perSector)];
    if (fatSector === undefined || !inFile(fatSector)) return ENDOFCHAIN;
    return view.getUint32(sectorOffset(fatSector) + (n % perSector) * 4, true);
  };

  const names: string[] = [];
  let sector = view.getUint32(0x30, true);
  const seen = new Set<number>();
  while (sector <= MAX_SECTOR && !seen.has(sector)) {
    if (!inFile(sector)) return names.length > 0 ? names : null;
    seen.add(sector);
    const base = sectorOffset(sector);
    for (let off = 0; off + 128 <= sectorSize; off += 128) {
      const type = bytes[base + off + 0x42];
      const nameBytes = view.getUint16(base + off + 0x40, true);
      if ((type !== 1 && type !== 2 && type !== 5) || nameBytes < 2 || nameBytes > 64) continue;
      let name = '';
      for (let i = 0; i + 2 < nameBytes; i += 2)
        name += String.fromCharCode(view.getUint16(base + off + i, true));
      names.push(name);
    }
    sector = nextSector(sector);
  }
  return names;
}

/** Fallback when the directory cannot be walked: look for the stream name as UTF-16LE anywhere. */
function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern: number[] = [];
  for (const ch of text) pattern.push(ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8);
  outer: for (let i = 0; i + pattern.length <= bytes.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}

function classifyOle2(bytes: Uint8Array): OpenResult {
  const names = ole2EntryNames(bytes);
  const has = (name: string) =>
    names ? names.some((n) => n.toLowerCase() === name.toLowerCase()) : containsUtf16(bytes, name);
  // Encrypted .xlsx files are OLE2 containers too, so check for encryption first.
  if (has('EncryptionInfo') || has('EncryptedPackage')) return fileError('password-protected', 'encrypted');
  if (has('Workbook') || has('Book')) return fileError('xls', 'xls');
  return fileError('not-xlsx', 'otherOffice');
}

// ─── ZIP ────────────────────────────────────────────────────────────────────────────────────────

interface ZipEntry {
  name: string;
  encrypted: boolean;
  uncompressed: number;
}

type ZipListing = { ok: true; entries: ZipEntry[] } | { ok: false; truncated: boolean };

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < bytes.length; i++)
    s += String.fromCharCode(bytes[i] as number);
  return s;
}

/** Reads the central directory (no decompression) to see what the zip holds. */
export function listZip(bytes: Uint8Array): ZipListing {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minEocd = 22;
  if (bytes.length < minEocd) return { ok: false, truncated: true };
  let eocd = -1;
  const stop = Math.max(0, bytes.length - minEocd - 0xffff);
  for (let i = bytes.length - minEocd; i >= stop; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  // A zip whose end record is missing was cut short (an interrupted download or copy).
  if (eocd < 0) return { ok: false, truncated: true };
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  // ZIP64 values: too big to matter under our size limit; let the real reader judge the file.
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) return { ok: true, entries: [] };
  if (cdOffset + cdSize > eocd) return { ok: false, truncated: true };
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) return { ok: false, truncated: false };
    const flags = view.getUint16(p + 8, true);
    const uncompressed = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    if (localOffset >= cdOffset) return { ok: false, truncated: true };
    entries.push({ name: ascii(bytes, p + 46, nameLength), encrypted: (flags & 1) === 1, uncompressed });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { ok: true, entries };
}

function classifyZip(bytes: Uint8Array, maxUncompressed: number): OpenResult | null {
  const listing = listZip(bytes);
  if (!listing.ok)
    return listing.truncated ? fileError('truncated', 'truncated') : fileError('corrupt', 'corruptZip');
  const entries = listing.entries;
  if (entries.length === 0) return null;
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '').toLowerCase()));
  if (!names.has('xl/workbook.xml')) {
    if (names.has('xl/workbook.bin')) return fileError('xlsb', 'xlsb');
    if (names.has('word/document.xml')) return fileError('word-document', 'word');
    if (names.has('ppt/presentation.xml')) return fileError('powerpoint-document', 'powerpoint');
    const mimetype = entries.find((e) => e.name === 'mimetype');
    // ODF stores `mimetype` first and uncompressed, so its text sits right after the local header.
    if (mimetype && ascii(bytes, 30, 120).includes('opendocument.spreadsheet'))
      return fileError('ods', 'ods');
    return fileError('not-workbook', 'notWorkbook');
  }
  if (entries.some((e) => e.encrypted)) return fileError('password-protected', 'encrypted');
  const total = entries.reduce((sum, e) => sum + e.uncompressed, 0);
  if (total > maxUncompressed)
    return fileError('corrupt', 'tooLargeUnzipped', { limit: formatBytes(maxUncompressed) });
  return null;
}

function looksLikeMarkup(bytes: Uint8Array): boolean {
  let start = 0;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) start = 3;
  while (start < bytes.length && start < 512 && /\s/.test(String.fromCharCode(bytes[start] as number)))
    start++;
  const head = ascii(bytes, start, 64).toLowerCase();
  return head.startsWith('<') || head.startsWith('mime-version');
}

/**
 * Reads an .xlsx from bytes. Refusals come first and cheaply (magic bytes, OLE2 directory, zip
 * central directory); only a file that looks like a real workbook is handed to exceljs.
 */
export async function openWorkbook(bytes: Uint8Array, opts: OpenOptions = {}): Promise<OpenResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxUncompressed = opts.maxUncompressedBytes ?? maxBytes * 20;
  if (bytes.length === 0) return fileError('empty-file', 'empty');
  if (bytes.length > maxBytes) {
    return fileError('too-large', 'tooLarge', {
      size: formatBytes(bytes.length),
      limit: formatBytes(maxBytes),
    });
  }
  if (startsWith(bytes, OLE2_MAGIC)) return classifyOle2(bytes);
  const isZip = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
  if (!isZip) {
    if (looksLikeMarkup(bytes)) return fileError('html-not-xlsx', 'html');
    return fileError('not-xlsx', 'notXlsx');
  }
  const refused = classifyZip(bytes, maxUncompressed);
  if (refused) return refused;
  // What exceljs would expand cell by cell (merged areas, validations, columns) is checked first.
  const screened = await screenWorkbook(bytes);
  if (!screened.ok) return screened;
  // Loaded here, not at module load: the UI imports this module's pure helpers, and exceljs
  // (~0.9 MB) belongs in the Excel workers, not in the app's first bundle.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // exceljs types say Buffer; JSZip underneath takes any Uint8Array, which keeps this browser-safe.
    await workbook.xlsx.load(screened.bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (err) {
    return fileError('corrupt', 'corrupt', { detail: err instanceof Error ? err.message : String(err) });
  }
  if (workbook.worksheets.length === 0) return fileError('no-sheets', 'noSheets');
  return { ok: true, workbook };
}
