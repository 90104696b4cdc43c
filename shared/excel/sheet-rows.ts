/**
 * Reads the data rows of one sheet of any workbook (a provincial roster, a bulk indicator sheet)
 * into typed values with every problem located, in one pass and without holding the workbook:
 * under Node the file is streamed through exceljs's WorkbookReader, in the browser (where
 * exceljs has no streaming reader) it is loaded whole. Either way each cell goes through
 * cells.ts / value-input.ts, so a cell means what the same text typed into the app means.
 *
 * Speed: a provincial sheet has hundreds of thousands of cells, so the common clean cells (whole
 * numbers, numbers already at the indicator's precision, real dates, plain text) take a short path
 * that gives exactly what `cellValue` gives — tests compare the two cell by cell — and strings
 * in choice/boolean columns reuse the parse of the same text earlier in that column.
 */
import ExcelJS from 'exceljs';
import type { Value } from '../domain/expr/index.ts';
import type { Indicator, Template } from '../domain/template.ts';
import { checkRange, parseInput, type InputResult } from '../domain/value-input.ts';
import { msg } from '../i18n/message.ts';
import {
  cellValue,
  isDateFormat,
  isoDate,
  isPercentFormat,
  isRowHidden,
  rowsWithValues,
  type CellValueResult,
} from './cells.ts';
import { cellAddress, codeFromKey, type WorkbookError } from './errors.ts';
import { listZip, openWorkbook, DEFAULT_MAX_BYTES } from './open.ts';

export interface Choice {
  code: string;
  label: string;
}

/** The choices an indicator's cell may hold ([] unless it is a choice indicator). */
export function indicatorChoices(template: Template, ind: Indicator): Choice[] {
  return ind.type === 'choice' && ind.choices ? (template.choiceLists[ind.choices] ?? []) : [];
}

const BLANK: CellValueResult = { ok: true, value: null };
/** Whole numbers this small survive rounding to 6 places exactly, so they need no parsing. */
const SAFE_MAGNITUDE = 1e9;
/** Distinct texts remembered per choice/boolean column; beyond this the column is not a list. */
const TEXT_CACHE_MAX = 2000;

/** One input column: which cells, parsed as which indicator. */
export interface SheetColumn {
  /** 1-based column index. */
  col: number;
  indicator: Indicator;
  choices?: Choice[];
  /** A blank cell in an otherwise non-blank row is an error. */
  required?: boolean;
}

/**
 * Parses cells of one column. `read` returns exactly what `cellValue(cell, indicator, choices)`
 * returns (tests hold it to that); it only avoids re-deriving the same answer for clean cells.
 */
export class ColumnReader {
  readonly col: number;
  readonly indicator: Indicator;
  readonly choices: Choice[];
  readonly required: boolean;
  /** 10^places a clean number of this column already has (integer: 1); null for non-numbers. */
  private readonly scale: number | null;
  private readonly min: number;
  private readonly max: number;
  private readonly textCache: Map<string, InputResult> | null;
  /** Per number format: 1 date, 2 percent, 0 neither (a sheet has a handful of formats). */
  private readonly formats = new Map<string, number>();

  constructor(spec: SheetColumn) {
    this.col = spec.col;
    this.indicator = spec.indicator;
    this.choices = spec.choices ?? [];
    this.required = spec.required ?? false;
    const { type, decimals } = spec.indicator;
    // Percent values are fractions kept to (decimals + 2) places: 12.34% is 0.1234.
    this.scale =
      type === 'integer'
        ? 1
        : type === 'decimal' || type === 'money'
          ? 10 ** (decimals ?? (type === 'money' ? 2 : 6))
          : type === 'percent'
            ? 10 ** ((decimals ?? 2) + 2)
            : null;
    this.min = spec.indicator.min ?? -Infinity;
    this.max = spec.indicator.max ?? Infinity;
    this.textCache = type === 'choice' || type === 'boolean' ? new Map() : null;
  }

  private format(numFmt: string | undefined): number {
    if (!numFmt) return 0;
    let kind = this.formats.get(numFmt);
    if (kind === undefined) {
      kind = isDateFormat(numFmt) ? 1 : isPercentFormat(numFmt) ? 2 : 0;
      this.formats.set(numFmt, kind);
    }
    return kind;
  }

  private located(cell: ExcelJS.Cell, result: InputResult): CellValueResult {
    if (result.ok) return result;
    const sheet = (cell.worksheet as { name?: string } | undefined)?.name ?? '';
    return {
      ok: false,
      error: { sheet, cell: cell.address, code: codeFromKey(result.message.key), message: result.message },
    };
  }

  /**
   * A number that parseInput would return unchanged: no rounding to do, not a date cell, and
   * for percentages either a percent-formatted cell or a fraction (a bare 12 means 12%).
   */
  private isClean(v: number, cell: ExcelJS.Cell): boolean {
    const scale = this.scale;
    if (scale === null || !(Math.abs(v) < SAFE_MAGNITUDE)) return false;
    if (!Number.isInteger(v) && (scale === 1 || Math.round(v * scale) / scale !== v)) return false;
    const format = this.format(cell.numFmt);
    if (format === 1) return false;
    return this.indicator.type !== 'percent' || format === 2 || Math.abs(v) <= 1;
  }

  read(cell: ExcelJS.Cell | undefined): CellValueResult {
    if (cell === undefined) return BLANK;
    const v: unknown = cell.value;
    if (cell.isMerged) return cellValue(cell, this.indicator, this.choices);
    if (v === null || v === undefined) return BLANK;
    const ind = this.indicator;
    if (typeof v === 'number') {
      if (this.isClean(v, cell)) {
        // `+ 0` turns -0 into 0, as parsing the text '0' would.
        if (v >= this.min && v <= this.max) return { ok: true, value: v + 0 };
        // Out of range: checkRange words the refusal exactly as parseInput would.
        const range = checkRange(ind, v);
        if (range) return this.located(cell, { ok: false, message: range });
      }
    } else if (typeof v === 'string') {
      if (ind.type === 'text') {
        const trimmed = v.trim();
        if (trimmed !== '') return { ok: true, value: trimmed };
      } else if (this.textCache && v.trim() !== '') {
        let hit = this.textCache.get(v);
        if (!hit) {
          hit = parseInput(ind, v, this.choices);
          if (this.textCache.size < TEXT_CACHE_MAX) this.textCache.set(v, hit);
        }
        return this.located(cell, hit);
      }
    } else if (v instanceof Date && ind.type === 'date' && !Number.isNaN(v.getTime())) {
      return { ok: true, value: isoDate(v) };
    }
    return cellValue(cell, ind, this.choices);
  }
}

// ───────────────────────────── reading a sheet ─────────────────────────────

export interface SheetRow {
  /** 1-based row number in the sheet. */
  row: number;
  /** One value per requested column, in the order of `columns`. */
  values: Value[];
  /** The row is hidden (known only when the workbook is loaded whole, undefined when streamed). */
  hidden?: boolean;
}

export interface ReadSheetOptions {
  /** Sheet name; the first visible sheet otherwise. */
  sheet?: string;
  /** First data row (1-based), after the header. Default 2. */
  firstRow?: number;
  columns: SheetColumn[];
  /** Called for each data row instead of collecting rows (keeps memory flat for huge sheets). */
  onRow?: (row: SheetRow) => void;
  /** Called every `progressEvery` rows with the number of rows read so far. */
  onProgress?: (rows: number) => void;
  progressEvery?: number;
  /** Stop collecting errors after this many (the count is still exact). Default: all. */
  maxErrors?: number;
  /** 'auto' (default): stream under Node, load whole elsewhere. */
  mode?: 'auto' | 'stream' | 'load';
  maxBytes?: number;
}

export type ReadSheetResult =
  | {
      ok: true;
      sheet: string;
      /** Data rows with at least one non-blank value (empty when `onRow` consumed them). */
      rows: SheetRow[];
      rowCount: number;
      errors: WorkbookError[];
      errorCount: number;
    }
  | { ok: false; errors: WorkbookError[] };

/** A minimal view of the rows of a sheet, shared by the streamed and the loaded path. */
type RowSource = AsyncIterable<ExcelJS.Row> | Iterable<ExcelJS.Row>;

class RowCollector {
  readonly rows: SheetRow[] = [];
  readonly errors: WorkbookError[] = [];
  rowCount = 0;
  errorCount = 0;
  private readonly readers: ColumnReader[];

  constructor(private readonly opts: ReadSheetOptions) {
    this.readers = opts.columns.map((c) => new ColumnReader(c));
  }

  private error(e: WorkbookError): void {
    this.errorCount++;
    if (this.opts.maxErrors === undefined || this.errors.length < this.opts.maxErrors) this.errors.push(e);
  }

  add(row: ExcelJS.Row, hidden: boolean | undefined): void {
    if (row.number < (this.opts.firstRow ?? 2)) return;
    const readers = this.readers;
    const values: Value[] = new Array<Value>(readers.length);
    let filled = false;
    let missing: ColumnReader[] | null = null;
    for (let i = 0; i < readers.length; i++) {
      const reader = readers[i]!;
      // findCell: an absent cell is blank, and creating one for it would only feed the GC.
      const r = reader.read(row.findCell(reader.col));
      if (r.ok) {
        values[i] = r.value;
        if (r.value !== null) filled = true;
        else if (reader.required) (missing ??= []).push(reader);
      } else {
        values[i] = null;
        filled = true;
        this.error(r.error);
      }
    }
    // A row with nothing in the mapped columns is a spacer, not a record missing everything.
    if (!filled) return;
    if (missing) {
      const sheet = (row.worksheet as { name?: string } | undefined)?.name ?? '';
      for (const reader of missing)
        this.error({
          sheet,
          cell: cellAddress(row.number, reader.col),
          code: 'required',
          message: msg('workbook:read.required', { label: reader.indicator.label }),
        });
    }
    this.rowCount++;
    const sheetRow: SheetRow =
      hidden === undefined ? { row: row.number, values } : { row: row.number, values, hidden };
    if (this.opts.onRow) this.opts.onRow(sheetRow);
    else this.rows.push(sheetRow);
    const every = this.opts.progressEvery ?? 1000;
    if (this.opts.onProgress && this.rowCount % every === 0) this.opts.onProgress(this.rowCount);
  }

  async consume(source: RowSource, hiddenKnown: boolean): Promise<void> {
    for await (const row of source) this.add(row, hiddenKnown ? isRowHidden(row) : undefined);
  }
}

function sheetMissing(name: string): ReadSheetResult {
  return {
    ok: false,
    errors: [
      {
        sheet: name,
        cell: '',
        code: 'sheet-missing',
        message: msg('workbook:read.noSuchSheet', { sheet: name }),
      },
    ],
  };
}

/**
 * exceljs 4.4's streaming reader decodes every decompressed chunk to text on its own, so a
 * Chinese character split between two chunks turns into '��' (exceljs issues #2063, #2084; the
 * fix is still unmerged). Chinese text is all we read, so the reader is only used with its entry
 * parsers patched to decode UTF-8 across chunk boundaries; if those internals ever change shape,
 * streaming is switched off and the file is loaded whole instead.
 */
type EntryParser = (entry: { setEncoding(encoding: 'utf8'): unknown }) => unknown;
type WorksheetParser = (iterator: AsyncIterable<unknown>, sheetNo: string) => unknown;
interface ReaderInternals {
  _parseRels?: EntryParser;
  _parseWorkbook?: EntryParser;
  _parseSharedStrings?: EntryParser;
  _parseStyles?: EntryParser;
  _parseWorksheet?: WorksheetParser;
}
const ENTRY_PARSERS = ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles'] as const;

function streamingReader(): (new (input: unknown, options: object) => unknown) | null {
  const stream = (ExcelJS as { stream?: { xlsx?: { WorkbookReader?: unknown } } }).stream;
  const Reader = stream?.xlsx?.WorkbookReader;
  if (typeof Reader !== 'function' || typeof process === 'undefined' || !process.versions?.node) return null;
  const proto = (Reader as { prototype: ReaderInternals }).prototype;
  const patchable =
    ENTRY_PARSERS.every((m) => typeof proto[m] === 'function') && typeof proto._parseWorksheet === 'function';
  return patchable ? (Reader as new (input: unknown, options: object) => unknown) : null;
}

/** Chunks of UTF-8 bytes as text, never splitting a character. */
async function* utf8Chunks(source: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

function patchUtf8(reader: unknown): void {
  const r = reader as ReaderInternals;
  for (const name of ENTRY_PARSERS) {
    const original = r[name]!.bind(r);
    // Node's stream decoder keeps a split character until its remaining bytes arrive.
    r[name] = (entry) => (entry.setEncoding('utf8'), original(entry));
  }
  const parseWorksheet = r._parseWorksheet!.bind(r);
  r._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8Chunks(iterator), sheetNo);
}

/**
 * The cheap checks open.ts makes before parsing. When any fails, open.ts is asked for its verdict
 * (it refuses without parsing), so a streamed file is refused with the same messages.
 */
function looksReadable(bytes: Uint8Array, maxBytes: number): boolean {
  if (bytes.length === 0 || bytes.length > maxBytes) return false;
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return false;
  const listing = listZip(bytes);
  if (!listing.ok) return false;
  const names = new Set(listing.entries.map((e) => e.name.replace(/^\//, '').toLowerCase()));
  if (listing.entries.length > 0 && !names.has('xl/workbook.xml')) return false;
  if (listing.entries.some((e) => e.encrypted)) return false;
  const total = listing.entries.reduce((sum, e) => sum + e.uncompressed, 0);
  return total <= maxBytes * 20;
}

/** Kept out of static analysis so browser bundlers never try to include Node's stream module. */
const NODE_STREAM = 'node:stream';

interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  name?: string;
  state?: string;
  /** The sheet's raw XML chunks (exceljs internals), drained unparsed when the sheet is skipped. */
  iterator?: AsyncIterable<unknown>;
}
interface StreamedBook extends AsyncIterable<StreamedSheet> {
  model?: { sheets?: { name?: string; state?: string }[] };
}

async function readStreamed(bytes: Uint8Array, opts: ReadSheetOptions): Promise<ReadSheetResult> {
  const Reader = streamingReader();
  if (!Reader) return readLoaded(bytes, opts);
  const { Readable } = (await import(/* @vite-ignore */ NODE_STREAM)) as typeof import('node:stream');
  const reader = new Reader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    // Styles are needed: dates and percentages are told apart from numbers by their format.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as StreamedBook;
  patchUtf8(reader);
  const collector = new RowCollector(opts);
  let found: string | undefined;
  try {
    for await (const ws of reader) {
      const wanted =
        opts.sheet ??
        reader.model?.sheets?.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden')?.name;
      if (found !== undefined || ws.name !== wanted) {
        // Skipped sheets are read through without parsing, so a sheet exceljs spooled to a temp
        // file does not leave that file's descriptor open.
        if (ws.iterator) for await (const chunk of ws.iterator) void chunk;
        continue;
      }
      found = ws.name;
      await collector.consume(ws, false);
    }
  } catch (error) {
    // The cheap checks passed but the content is broken: let open.ts word the refusal.
    const opened = await openWorkbook(bytes, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES });
    if (!opened.ok) return { ok: false, errors: [opened.error] };
    throw error;
  }
  if (found === undefined) return sheetMissing(opts.sheet ?? '');
  return { ok: true, sheet: found, ...result(collector) };
}

function result(c: RowCollector) {
  return { rows: c.rows, rowCount: c.rowCount, errors: c.errors, errorCount: c.errorCount };
}

function rowsOf(ws: ExcelJS.Worksheet, firstRow: number): Iterable<ExcelJS.Row> {
  // Rows with nothing in them are spacers the collector skips; only the others are visited.
  return rowsWithValues(ws, firstRow);
}

/** Reads rows of one sheet from a workbook already open (the browser path, and small files). */
export async function readLoadedSheet(
  workbook: ExcelJS.Workbook,
  opts: ReadSheetOptions,
): Promise<ReadSheetResult> {
  const ws = opts.sheet
    ? workbook.getWorksheet(opts.sheet)
    : workbook.worksheets.find((w) => w.state !== 'hidden' && w.state !== 'veryHidden');
  if (!ws) return sheetMissing(opts.sheet ?? '');
  const collector = new RowCollector(opts);
  await collector.consume(rowsOf(ws, opts.firstRow ?? 2), true);
  return { ok: true, sheet: ws.name, ...result(collector) };
}

/**
 * Reads and validates the data rows of one sheet. Refusals of the whole file (not a workbook,
 * .xls, password-protected, too large) come back as `ok: false` with open.ts's errors; problems
 * in cells come back located, all of them, with `ok: true`.
 */
export async function readSheetRows(bytes: Uint8Array, opts: ReadSheetOptions): Promise<ReadSheetResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const mode = opts.mode ?? 'auto';
  if (mode !== 'load' && looksReadable(bytes, maxBytes)) return readStreamed(bytes, opts);
  return readLoaded(bytes, opts);
}

async function readLoaded(bytes: Uint8Array, opts: ReadSheetOptions): Promise<ReadSheetResult> {
  const opened = await openWorkbook(bytes, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES });
  if (!opened.ok) return { ok: false, errors: [opened.error] };
  return readLoadedSheet(opened.workbook, opts);
}
