/**
 * What exceljs would blow up cell by cell while loading a workbook, checked before it does. A tiny
 * file can say a lot in a few bytes, and exceljs believes it:
 *
 * - `<mergeCell ref="A1:XFD1048576"/>` makes it create every cell of the area (17 billion);
 * - `<dataValidation sqref="A1:XFD1048576">` makes it store the rule once per cell — and a
 *   validation on a whole column (`F1:F1048576`, what Excel writes when a column is selected) already
 *   costs seconds and hundreds of megabytes per column;
 * - `<col min="1" max="999999999"/>` makes it create a column object for every number up to max.
 *
 * Fuzzing found all three as hangs. Merged areas beyond any real sheet and column numbers Excel
 * cannot have are refused (located on their sheet); large data validations are dropped before
 * exceljs sees them, since nothing that reads a workbook here looks at them.
 *
 * The sheets are scanned as they are inflated, a chunk at a time, so a large sheet is not held as
 * one string unless a validation has to be dropped from it.
 */
import type JSZip from 'jszip';
import { workbookError, type WorkbookError } from './errors.ts';

/** More merged cells than any real sheet has (a merge of 1,000 × 500 cells takes exceljs a second). */
export const MAX_MERGED_CELLS = 500_000;
/** Data validations covering more cells than this are dropped before loading. */
export const MAX_VALIDATION_CELLS = 100_000;
/** Excel's own limit. */
const MAX_COLUMN = 16_384;
/** A single tag longer than this is not a spreadsheet tag. */
const MAX_TAG = 8 * 1024 * 1024;

export type ScreenResult = { ok: true; bytes: Uint8Array } | { ok: false; error: WorkbookError };

/** Row and column numbers of `A1`, `$B$7`; null for anything else. */
function cellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,7})\$?(\d{1,15})$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of (m[1] as string).toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** Cells in `A1:C3`, `A1` or `A1:C3 E5` (space-separated, as sqref lists are). */
export function areaOf(refs: string): number {
  let total = 0;
  for (const ref of refs.trim().split(/\s+/)) {
    if (ref === '') continue;
    const [from = '', to = from] = ref.split(':');
    const a = cellRef(from);
    const b = cellRef(to);
    if (!a || !b) {
      total += 1;
      continue;
    }
    total += (Math.abs(b.row - a.row) + 1) * (Math.abs(b.col - a.col) + 1);
  }
  return total;
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[2] ?? m[3]) : undefined;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Tab names by worksheet entry (`xl/worksheets/sheet1.xml` → 指标), as far as they can be read. */
async function sheetNames(zip: JSZip): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const workbook = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (workbook === undefined || rels === undefined) return names;
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attribute(m[0], 'Id');
    const target = attribute(m[0], 'Target');
    if (id === undefined || target === undefined) continue;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    targets.set(id, path.replace(/\/\.\//g, '/'));
  }
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attribute(m[0], 'name');
    const id = attribute(m[0], 'r:id');
    const path = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && path !== undefined) names.set(path, decodeXml(name));
  }
  return names;
}

interface SheetScan {
  merged: number;
  validated: number;
  badColumn: boolean;
  tooLongTag: boolean;
}

/** JSZip's documented `internalStream` (StreamHelper), which its type definitions leave out. */
interface StringStream {
  on(event: 'data', listener: (chunk: string) => void): StringStream;
  on(event: 'error', listener: (error: Error) => void): StringStream;
  on(event: 'end', listener: () => void): StringStream;
  resume(): StringStream;
}

const TAG = /<(mergeCell|dataValidation|col)\s[^>]*>/g;

/** Counts merged and validated cells and checks column numbers, one inflated chunk at a time. */
function scanSheet(file: JSZip.JSZipObject): Promise<SheetScan> {
  const scan: SheetScan = { merged: 0, validated: 0, badColumn: false, tooLongTag: false };
  let carry = '';
  const take = (text: string) => {
    let consumed = 0;
    TAG.lastIndex = 0;
    for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
      consumed = TAG.lastIndex;
      const tag = m[0];
      if (m[1] === 'mergeCell') scan.merged += areaOf(attribute(tag, 'ref') ?? '');
      else if (m[1] === 'dataValidation') scan.validated += areaOf(attribute(tag, 'sqref') ?? '');
      else {
        // exceljs makes a column object for every number up to min and max; other odd values it
        // shrugs off (and so do we).
        const min = Number(attribute(tag, 'min'));
        const max = Number(attribute(tag, 'max'));
        if (min > MAX_COLUMN || max > MAX_COLUMN) scan.badColumn = true;
      }
    }
    // Keep an unfinished tag for the next chunk.
    const open = text.lastIndexOf('<');
    carry = open >= consumed && text.indexOf('>', open) < 0 ? text.slice(open) : '';
    if (carry.length > MAX_TAG) {
      scan.tooLongTag = true;
      carry = '';
    }
  };
  return new Promise((resolve, reject) => {
    const stream = (file as unknown as { internalStream(type: 'string'): StringStream }).internalStream(
      'string',
    );
    stream
      .on('data', (chunk: string) => take(carry + chunk))
      .on('error', reject)
      .on('end', () => resolve(scan))
      .resume();
  });
}

/** The sheet's XML without its `<dataValidations>` block(s). */
function withoutValidations(xml: string): string {
  return xml.replace(/<dataValidations\b[^>]*\/>|<dataValidations\b[^>]*>[^]*?<\/dataValidations>/g, '');
}

/**
 * Screens the worksheets of a zip that looks like a workbook. Files whose zip or XML cannot be read
 * here pass unchanged (exceljs words that refusal); a workbook with large data validations comes back
 * without them.
 */
export async function screenWorkbook(bytes: Uint8Array): Promise<ScreenResult> {
  // Loaded here, like exceljs in open.ts: the UI imports open.ts's pure helpers without either.
  const { default: Zip } = await import('jszip');
  let zip: JSZip;
  try {
    zip = await Zip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch {
    return { ok: true, bytes };
  }
  let names: Map<string, string>;
  try {
    names = await sheetNames(zip);
  } catch {
    names = new Map();
  }
  let changed = false;
  let merged = 0;
  for (const file of Object.values(zip.files)) {
    const path = file.name.replace(/^\//, '');
    if (file.dir || !/^xl\/worksheets\/[^/]+\.xml$/i.test(path)) continue;
    let scan: SheetScan;
    try {
      scan = await scanSheet(file);
    } catch {
      continue; // a damaged entry: exceljs reports it
    }
    const sheet = names.get(path) ?? path;
    if (scan.badColumn || scan.tooLongTag) {
      return { ok: false, error: workbookError(sheet, '', 'corrupt', 'open.badSheet', { sheet }) };
    }
    merged += scan.merged;
    if (merged > MAX_MERGED_CELLS) {
      return {
        ok: false,
        error: workbookError(sheet, '', 'corrupt', 'open.tooManyMerged', {
          sheet,
          limit: MAX_MERGED_CELLS.toLocaleString('en-US'),
        }),
      };
    }
    if (scan.validated > MAX_VALIDATION_CELLS) {
      zip.file(file.name, withoutValidations(await file.async('string')));
      changed = true;
    }
  }
  if (!changed) return { ok: true, bytes };
  // Entries left alone keep their compressed bytes; only the rewritten sheets are deflated again.
  return { ok: true, bytes: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }) };
}
