/**
 * What a cell holds, the way the person who filled it meant it. Excel and WPS hand us formulas
 * (we use the cached result), real dates and serial numbers in date-formatted cells, numbers
 * typed as text, rich text, hyperlinks, error values and merged areas; this module turns all of
 * that into plain content, and typed values go through value-input.ts's parseInput so a cell
 * and a typed entry follow exactly the same rules (full-width digits, 1,234, 12% vs 0.12, 是/否).
 */
import type ExcelJS from 'exceljs';
import type { Value } from '../domain/expr/index.ts';
import type { Indicator } from '../domain/template.ts';
import { parseInput } from '../domain/value-input.ts';
import { codeFromKey, workbookError, type WorkbookError } from './errors.ts';

export type CellContent =
  | { kind: 'blank' }
  | { kind: 'text'; text: string }
  /** `percent`: the cell is formatted as a percentage, so 0.12 is shown (and meant) as 12%. */
  | { kind: 'number'; value: number; percent: boolean }
  | { kind: 'date'; iso: string }
  | { kind: 'boolean'; value: boolean };

export type CellRead = { ok: true; content: CellContent } | { ok: false; error: WorkbookError };

type Scalar = number | string | boolean | Date;

/** Strips quoted literals and [colour]/[locale] sections so only format codes remain. */
function formatCodes(numFmt: string | undefined): string {
  return (numFmt ?? '').replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
}

/** Same test exceljs applies when it turns serial numbers into Dates, for the cells it missed. */
export function isDateFormat(numFmt: string | undefined): boolean {
  return /[ymdhMsb]/.test(formatCodes(numFmt).replace(/\\./g, ''));
}

export function isPercentFormat(numFmt: string | undefined): boolean {
  return formatCodes(numFmt).includes('%');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** ISO date (YYYY-MM-DD) of a Date as exceljs builds them (UTC midnight plus any time of day). */
export function isoDate(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** ISO date of an Excel serial day number (1900 or 1904 date system); the time of day is dropped. */
export function serialToIsoDate(serial: number, date1904 = false): string {
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  return isoDate(new Date(Math.round((days - 25569) * 86400000)));
}

/** The largest serial Excel accepts (9999-12-31). */
const MAX_SERIAL = 2958465;

/**
 * A number as Excel shows it in General format: 15 significant digits (Excel's own precision, so
 * 0.1+0.2 reads 0.3) and never in exponent notation, so value-input can parse it back.
 */
export function numberText(n: number): string {
  const rounded = Number(n.toPrecision(15));
  const s = String(rounded);
  if (!/e/i.test(s)) return s;
  return rounded.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** '0.125' → '12.5': the percentage Excel displays, by moving the decimal point in the text. */
function timesHundred(text: string): string {
  const sign = text.startsWith('-') ? '-' : '';
  const [intPart = '0', frac = ''] = text.replace(/^-/, '').split('.');
  const padded = frac.padEnd(2, '0');
  const whole = `${intPart}${padded.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = padded.slice(2).replace(/0+$/, '');
  return `${sign}${whole}${rest ? `.${rest}` : ''}`;
}

function richTextOf(value: { richText: ExcelJS.RichText[] }): string {
  return value.richText.map((r) => r.text).join('');
}

function classify(value: Scalar, numFmt: string | undefined, date1904: boolean): CellContent {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? { kind: 'blank' } : { kind: 'date', iso: isoDate(value) };
  }
  if (typeof value === 'number') {
    if (isDateFormat(numFmt) && value >= 0 && value <= MAX_SERIAL) {
      return { kind: 'date', iso: serialToIsoDate(value, date1904) };
    }
    return { kind: 'number', value, percent: isPercentFormat(numFmt) };
  }
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  return value.trim() === '' ? { kind: 'blank' } : { kind: 'text', text: value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** Where a cell's errors are reported: the master of a merged area, since that is what the user edits. */
function locate(cell: ExcelJS.Cell): { sheet: string; cell: string } {
  return { sheet: cell.worksheet.name, cell: cell.address };
}

/**
 * The content of a cell, or a located error for error values (#DIV/0!) and formulas that were
 * never calculated. A merged cell reads as its area's master cell.
 */
export function readCell(cell: ExcelJS.Cell): CellRead {
  const master = cell.isMerged ? cell.master : cell;
  const where = locate(master);
  const value: unknown = master.value;
  const numFmt = master.numFmt;
  const date1904 = master.workbook?.properties?.date1904 === true;
  if (value === null || value === undefined) return { ok: true, content: { kind: 'blank' } };
  if (!isRecord(value)) return { ok: true, content: classify(value as Scalar, numFmt, date1904) };
  if ('error' in value) {
    return {
      ok: false,
      error: workbookError(where.sheet, where.cell, 'cell-error', 'cell.errorValue', {
        error: String(value.error),
      }),
    };
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    const formula = String(value.formula ?? value.sharedFormula ?? '');
    if (result === undefined || result === null) {
      return {
        ok: false,
        error: workbookError(where.sheet, where.cell, 'formula-no-result', 'cell.formulaNoResult', {
          formula,
        }),
      };
    }
    if (isRecord(result) && 'error' in result) {
      return {
        ok: false,
        error: workbookError(where.sheet, where.cell, 'cell-error', 'cell.errorValue', {
          error: String(result.error),
        }),
      };
    }
    if (isRecord(result)) return { ok: true, content: { kind: 'blank' } };
    return { ok: true, content: classify(result as Scalar, numFmt, date1904) };
  }
  if ('richText' in value && Array.isArray(value.richText)) {
    return {
      ok: true,
      content: classify(richTextOf(value as { richText: ExcelJS.RichText[] }), numFmt, date1904),
    };
  }
  if ('hyperlink' in value || 'text' in value) {
    const text = value.text;
    if (isRecord(text) && Array.isArray(text.richText)) {
      return {
        ok: true,
        content: classify(richTextOf(text as { richText: ExcelJS.RichText[] }), numFmt, date1904),
      };
    }
    return {
      ok: true,
      content: classify(typeof text === 'string' ? text : String(value.hyperlink ?? ''), numFmt, date1904),
    };
  }
  return { ok: true, content: { kind: 'blank' } };
}

/** Content as the text a person sees: numbers in General form (percent cells as 12%), dates as ISO. */
export function contentText(content: CellContent): string {
  switch (content.kind) {
    case 'blank':
      return '';
    case 'text':
      return content.text.trim();
    case 'number':
      return content.percent ? `${timesHundred(numberText(content.value))}%` : numberText(content.value);
    case 'date':
      return content.iso;
    case 'boolean':
      return content.value ? 'TRUE' : 'FALSE';
  }
}

export type CellTextResult = { ok: true; text: string } | { ok: false; error: WorkbookError };

/** The cell as trimmed text ('' when blank), or its located error. */
export function cellText(cell: ExcelJS.Cell): CellTextResult {
  const read = readCell(cell);
  return read.ok ? { ok: true, text: contentText(read.content) } : read;
}

export type CellValueResult = { ok: true; value: Value } | { ok: false; error: WorkbookError };

/** What to hand parseInput for this content so it means what the cell shows. */
function inputText(content: CellContent, ind: Indicator): string {
  if (content.kind === 'number') {
    const text = numberText(content.value);
    if (ind.type === 'percent') return content.percent ? `${timesHundred(text)}%` : text;
    // A date column that lost its format still holds serial day numbers; 20250630 stays a date text.
    if (
      ind.type === 'date' &&
      Number.isInteger(content.value) &&
      content.value > 0 &&
      content.value <= MAX_SERIAL
    ) {
      return serialToIsoDate(content.value);
    }
    return text;
  }
  if (content.kind === 'boolean' && ind.type === 'boolean') return content.value ? 'true' : 'false';
  // Text is given to parseInput untrimmed-inside: it trims itself and keeps text values as typed.
  if (content.kind === 'text') return content.text;
  return contentText(content);
}

/**
 * The typed value of a cell for an indicator: formulas by their cached result, dates from date
 * cells or serial numbers, `12%` and percentage-formatted 0.12 alike, numbers stored as text,
 * full-width digits, 是/否, choice labels or codes. Refusals are located at the cell.
 */
export function cellValue(
  cell: ExcelJS.Cell,
  ind: Indicator,
  choices: { code: string; label: string }[] = [],
): CellValueResult {
  const read = readCell(cell);
  if (!read.ok) return read;
  const parsed = parseInput(ind, inputText(read.content, ind), choices);
  if (parsed.ok) return { ok: true, value: parsed.value };
  const master = cell.isMerged ? cell.master : cell;
  const where = locate(master);
  return {
    ok: false,
    error: {
      sheet: where.sheet,
      cell: where.cell,
      code: codeFromKey(parsed.message.key),
      message: parsed.message,
    },
  };
}

/**
 * The rows of a sheet that hold something (a value, a formula, an error, part of a merged area),
 * from row `from` on, in order. Never `for (n = 1; n <= ws.rowCount; n++) ws.getRow(n)`: a 10 KB
 * file with one stray cell in row 1,048,576 would make that create a million empty rows (seconds
 * and gigabytes; a fuzz test found it). Rows with nothing in them are blank to every reader anyway.
 */
export function rowsWithValues(ws: ExcelJS.Worksheet, from = 1): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((row) => {
    if (row.number >= from) rows.push(row);
  });
  return rows;
}

/** Rows hidden by the user (or by a filter) are not data to import. */
export function isRowHidden(row: ExcelJS.Row): boolean {
  return row.hidden === true;
}

/** A row with nothing in it but formatting, spaces or empty strings. Error cells count as content. */
export function isBlankRow(row: ExcelJS.Row): boolean {
  let blank = true;
  row.eachCell({ includeEmpty: false }, (cell) => {
    if (!blank) return;
    const read = readCell(cell);
    if (!read.ok || read.content.kind !== 'blank') blank = false;
  });
  return blank;
}
