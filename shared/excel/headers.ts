/**
 * Header matching: a column is found by its Chinese name or any English alias, however it was
 * typed — extra spaces, full-width parentheses, upper or lower case, a `*` marking it required.
 * Missing required columns and columns given twice come back as located errors.
 */
import type ExcelJS from 'exceljs';
import { cellText } from './cells.ts';
import { cellAddress, columnLetter, workbookError, type WorkbookError } from './errors.ts';

export interface ColumnSpec<K extends string = string> {
  key: K;
  /** Accepted header texts; the first is the canonical Chinese header we write. */
  names: readonly string[];
  required?: boolean;
}

/**
 * The comparable form of a header: NFKC folds full-width letters, digits and brackets to ASCII;
 * case, white space (also ideographic), required-markers and separators do not matter.
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s*＊_\-–—·:：]/g, '');
}

export interface ColumnMatch<K extends string> {
  /** 1-based column index of each key found. */
  columns: Partial<Record<K, number>>;
  errors: WorkbookError[];
  /** Non-empty header cells that matched no key (for callers with pattern columns such as 2025年目标). */
  unknown: { col: number; text: string }[];
  /** How many keys matched: used to pick the header row. */
  matched: number;
}

/** Lookup table from normalized header text to key. */
function aliasTable<K extends string>(spec: readonly ColumnSpec<K>[]): Map<string, ColumnSpec<K>> {
  const table = new Map<string, ColumnSpec<K>>();
  for (const column of spec) for (const name of column.names) table.set(normalizeHeader(name), column);
  return table;
}

/** Matches one header row against the spec; the sheet name locates the errors. */
export function findColumns<K extends string>(
  row: ExcelJS.Row,
  spec: readonly ColumnSpec<K>[],
): ColumnMatch<K> {
  const sheet = row.worksheet.name;
  const table = aliasTable(spec);
  const columns: Partial<Record<K, number>> = {};
  const errors: WorkbookError[] = [];
  const unknown: { col: number; text: string }[] = [];
  let matched = 0;
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const read = cellText(cell);
    const text = read.ok ? read.text : '';
    if (text === '') return;
    const column = table.get(normalizeHeader(text));
    if (!column) {
      unknown.push({ col, text });
      return;
    }
    const first = columns[column.key];
    if (first !== undefined) {
      errors.push(
        workbookError(sheet, cellAddress(row.number, col), 'duplicate-column', 'header.duplicate', {
          column: column.names[0] ?? column.key,
          first: columnLetter(first),
        }),
      );
      return;
    }
    columns[column.key] = col;
    matched++;
  });
  for (const column of spec) {
    if (column.required && columns[column.key] === undefined) {
      errors.push(
        workbookError(sheet, '', 'missing-column', 'header.missing', {
          column: column.names[0] ?? column.key,
          row: row.number,
        }),
      );
    }
  }
  return { columns, errors, unknown, matched };
}

/**
 * The header row among the first rows of a sheet: the one matching the most known headers (a
 * title or note row above the table is common). Returns row 1's match when nothing matches.
 */
export function findHeaderRow<K extends string>(
  worksheet: ExcelJS.Worksheet,
  spec: readonly ColumnSpec<K>[],
  maxScan = 10,
): { row: ExcelJS.Row; match: ColumnMatch<K> } {
  let best: { row: ExcelJS.Row; match: ColumnMatch<K> } | undefined;
  const last = Math.min(maxScan, Math.max(1, worksheet.actualRowCount === 0 ? 1 : worksheet.rowCount));
  for (let n = 1; n <= last; n++) {
    const row = worksheet.getRow(n);
    const match = findColumns(row, spec);
    if (!best || match.matched > best.match.matched) best = { row, match };
  }
  return best ?? { row: worksheet.getRow(1), match: findColumns(worksheet.getRow(1), spec) };
}

/** Finds a worksheet by its Chinese name or an English alias, tolerant the same way as headers. */
export function findSheet(
  workbook: ExcelJS.Workbook,
  names: readonly string[],
): ExcelJS.Worksheet | undefined {
  const wanted = new Set(names.map(normalizeHeader));
  return workbook.worksheets.find((ws) => wanted.has(normalizeHeader(ws.name)));
}
