/**
 * Imports indicator data from any workbook a province or a department sends round: its own
 * title rows, its own column names, sometimes a two-row header with a year merged over 实际 /
 * 目标. The sheet is read once as a grid of the texts people see; the header row is detected,
 * columns are given roles by their names (and units), each data row is matched to an indicator by
 * code or by name, and the values go through parseInput like a typed entry. The UI shows every
 * step and lets the person correct the guesses; the mapping is saved under a signature of the
 * headers (years neutralised) so next year's sheet of the same shape is mapped the same way.
 */
import type ExcelJS from 'exceljs';
import type { Value } from '../domain/expr/index.ts';
import { findTask, taskIndicators, type Indicator, type Template } from '../domain/template.ts';
import { parseInput, parseNumberText, toHalfWidth } from '../domain/value-input.ts';
import { cellText, isRowHidden, rowsWithValues } from './cells.ts';
import { cellAddress, codeFromKey, type WorkbookError } from './errors.ts';
import type { FillData } from './fill-diff.ts';
import { normalizeHeader } from './headers.ts';
import { openWorkbook } from './open.ts';
import { msg, type MessageParams } from '../i18n/message.ts';

// ─── Grid ───────────────────────────────────────────────────────────────────────────────────────

export interface GridRow {
  /** 1-based row number in the sheet. */
  row: number;
  /** Display text per column (index 0 = column A); merged cells carry their master's text. */
  cells: string[];
  hidden: boolean;
  /** Cells holding error values or uncalculated formulas, by 1-based column. */
  errors?: Record<number, WorkbookError>;
  /** Merged cells: the 1-based [row, col] of their area's master, by 1-based column. */
  masters?: Record<number, [number, number]>;
}

/** A worksheet as plain data: cheap to send from a worker, enough for every mapping decision. */
export interface SheetGrid {
  name: string;
  columnCount: number;
  rows: GridRow[];
}

/** Wide sheets beyond this are not indicator lists; the cap keeps a stray far-right cell harmless. */
export const MAX_GRID_COLUMNS = 60;

/**
 * Reads one worksheet into a grid. The rows where a header is looked for (the first
 * HEADER_SCAN_ROWS + 1) are all there, blank ones included, so `rows[n - 1]` is row n; below them
 * only rows that hold something are kept: a stray cell in row 1,048,576 must not turn a small file
 * into a million blank rows (a fuzz test found exactly that).
 */
export function readGrid(ws: ExcelJS.Worksheet): SheetGrid {
  const columnCount = Math.min(ws.columnCount, MAX_GRID_COLUMNS);
  const rows: GridRow[] = [];
  const dense = Math.min(ws.rowCount, HEADER_SCAN_ROWS + 1);
  const filled = rowsWithValues(ws, dense + 1);
  for (let n = 1; n <= dense; n++) rows.push(gridRow(ws.findRow(n), n, columnCount));
  for (const row of filled) rows.push(gridRow(row, row.number, columnCount));
  return { name: ws.name, columnCount, rows };
}

function gridRow(row: ExcelJS.Row | undefined, n: number, columnCount: number): GridRow {
  const cells: string[] = [];
  const grid: GridRow = { row: n, cells, hidden: row ? isRowHidden(row) : false };
  for (let c = 1; c <= columnCount; c++) {
    const cell = row?.findCell(c);
    if (!cell) {
      cells.push('');
      continue;
    }
    const read = cellText(cell);
    if (read.ok) cells.push(read.text);
    else {
      cells.push('');
      (grid.errors ??= {})[c] = read.error;
    }
    if (cell.isMerged) {
      const master = cell.master;
      (grid.masters ??= {})[c] = [Number(master.row), Number(master.col)];
    }
  }
  return grid;
}

export type GridsResult = { ok: true; sheets: SheetGrid[] } | { ok: false; error: WorkbookError };

/** All visible sheets of a workbook file, or open.ts's refusal (.xls, password, corrupt …). */
export async function readWorkbookGrids(bytes: Uint8Array): Promise<GridsResult> {
  const opened = await openWorkbook(bytes);
  if (!opened.ok) return opened;
  const sheets = opened.workbook.worksheets
    .filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden')
    .map(readGrid);
  return { ok: true, sheets };
}

function rowOf(grid: SheetGrid, n: number): GridRow | undefined {
  // The header rows are stored densely from row 1, so row n sits at index n − 1 there.
  const r = grid.rows[n - 1];
  if (r?.row === n) return r;
  // Below them rows are in order with gaps: binary search.
  let lo = 0;
  let hi = grid.rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const row = grid.rows[mid]!;
    if (row.row === n) return row;
    if (row.row < n) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function textAt(grid: SheetGrid, row: number, col: number): string {
  return rowOf(grid, row)?.cells[col - 1] ?? '';
}

// ─── Header names and roles ─────────────────────────────────────────────────────────────────────

export const COLUMN_ROLES = [
  'indicator-code',
  'indicator-name',
  'unit',
  'actual',
  'target',
  'note',
  'ignore',
] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/**
 * Header words people use for each role (matching data, not UI text). Exact names are compared
 * after normalizeHeader; `contains` words anywhere in the header. Order of ROLE_ORDER decides
 * which role wins when a header has words of several (年度目标 is a target, not an actual).
 */
export const HEADER_SYNONYMS: Record<
  Exclude<ColumnRole, 'ignore'>,
  { exact: string[]; contains: string[] }
> = {
  'indicator-code': {
    exact: ['指标编码', '编码', '代码', '指标代码', '指标编号', 'code', 'indicatorcode'],
    contains: ['编码', '代码'],
  },
  'indicator-name': {
    exact: [
      '指标名称',
      '指标',
      '项目',
      '名称',
      '指标项',
      '指标内容',
      '项目名称',
      '内容',
      'indicator',
      'name',
    ],
    contains: ['指标名称', '名称'],
  },
  unit: { exact: ['单位', '计量单位', '计算单位', 'unit'], contains: ['计量单位'] },
  note: {
    exact: ['备注', '说明', '备注说明', 'note', 'notes', 'remark', 'remarks'],
    contains: ['备注', '说明'],
  },
  target: {
    exact: ['目标', '年度目标', '目标值', '计划', '计划值', 'target'],
    contains: ['目标', '计划', 'target'],
  },
  actual: {
    exact: ['本年实际', '实际', '实际值', '完成值', '完成', '完成情况', '数值', '填报值', 'actual', 'value'],
    contains: ['实际', '完成', '实绩', 'actual'],
  },
};

const ROLE_ORDER = ['note', 'indicator-code', 'unit', 'target', 'actual', 'indicator-name'] as const;

/** Units a header may carry in brackets, as in 到款额（万元）. */
export const HEADER_UNITS = [
  '元',
  '万元',
  '亿元',
  '千元',
  '个',
  '人',
  '人次',
  '万人次',
  '家',
  '所',
  '项',
  '门',
  '种',
  '次',
  '天',
  '学时',
  '台',
  '套',
  '本',
  '部',
  '篇',
  '册',
  '间',
  '平方米',
  '%',
] as const;

const UNIT_SET = new Set<string>(HEADER_UNITS.map((u) => normalizeHeader(u)));

export interface HeaderColumn {
  /** 1-based column index. */
  col: number;
  /** The header as shown: two-row headers combined as 经费投入/到位资金. */
  name: string;
  /** The unit the header carries in brackets, if any (万元 in 到款额（万元）). */
  unit?: string;
}

/** A header's unit in trailing brackets, and the name without it. */
export function splitUnit(name: string): { base: string; unit?: string } {
  const m = /^(.*?)[(（]\s*([^()（）]{1,6}?)\s*[)）]\s*$/.exec(name);
  if (!m) return { base: name };
  const unit = (m[2] ?? '').trim();
  if (!UNIT_SET.has(normalizeHeader(unit))) return { base: name };
  return { base: (m[1] ?? '').trim(), unit };
}

/** A four-digit year in a header (2025年, 2025年度): such a column's role depends on the year. */
function headerYear(normalized: string): number | null {
  const m = /(?:^|\D)((?:19|20)\d{2})(?:年|年度)?(?:\D|$)/.exec(normalized);
  return m ? Number(m[1]) : null;
}

/** The role a header name suggests by itself, or 'ignore'. */
export function roleOfHeader(name: string, year?: number): ColumnRole {
  const { base } = splitUnit(name);
  // Each part of a combined two-row header is judged; the lower (more specific) part first.
  const parts = base.split('/').map(normalizeHeader).filter(Boolean).reverse();
  for (const part of parts) {
    for (const role of ROLE_ORDER) {
      const words = HEADER_SYNONYMS[role];
      if (words.exact.some((w) => normalizeHeader(w) === part)) return role;
    }
    for (const role of ROLE_ORDER) {
      const words = HEADER_SYNONYMS[role];
      if (words.contains.some((w) => part.includes(normalizeHeader(w)))) return role;
    }
  }
  // A bare year column (2026年) holds that year's actual values; another year's is not ours.
  const y = headerYear(normalizeHeader(base));
  if (y !== null && parts.length > 0 && (year === undefined || y === year)) return 'actual';
  return 'ignore';
}

// ─── Header detection ───────────────────────────────────────────────────────────────────────────

export interface HeaderChoice {
  /** First header row (1-based). */
  headerRow: number;
  /** 2 when the row below completes the header (a merged top cell over sub-columns). */
  headerRows: 1 | 2;
}

/** Rows scanned for the header: titles, notes and 填报单位 lines sit above the table. */
export const HEADER_SCAN_ROWS = 15;

function isNumberLike(text: string): boolean {
  return parseNumberText(text.replace(/%$/, '')) !== null;
}

function rowScore(grid: SheetGrid, n: number): number {
  const cells = rowOf(grid, n)?.cells ?? [];
  const texts = new Set(cells.filter((t) => t !== '' && !isNumberLike(t)));
  // A title merged across the table repeats one text; a header has several distinct names.
  if (texts.size < 2) return 0;
  let hits = 0;
  for (const t of texts) if (roleOfHeader(t) !== 'ignore') hits++;
  return hits * 3 + texts.size;
}

function masterAt(grid: SheetGrid, row: number, col: number): [number, number] | undefined {
  return rowOf(grid, row)?.masters?.[col];
}

/** Does row n have a merged cell spanning several columns whose master is in row n? */
function hasHorizontalMerge(grid: SheetGrid, n: number): boolean {
  const masters = rowOf(grid, n)?.masters ?? {};
  const seen = new Map<string, number>();
  for (const m of Object.values(masters)) {
    if (m[0] !== n) continue;
    const key = `${m[0]},${m[1]}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen.values()].some((count) => count > 1);
}

/** Is some cell of row n merged down from the row above (a vertically merged header cell)? */
function mergedFromAbove(grid: SheetGrid, n: number): boolean {
  return Object.values(rowOf(grid, n)?.masters ?? {}).some((m) => m[0] < n);
}

/** Finds the header row among the first rows, including two-row headers with merged top cells. */
export function detectHeader(grid: SheetGrid): HeaderChoice {
  let best = 0;
  let bestRow = 1;
  const last = Math.min(HEADER_SCAN_ROWS, grid.rows.length);
  for (let n = 1; n <= last; n++) {
    const score = rowScore(grid, n);
    if (score > best) {
      best = score;
      bestRow = n;
    }
  }
  // The sub-header row usually scores best (实际/目标); its top row is merged down into it.
  if (bestRow > 1 && mergedFromAbove(grid, bestRow) && rowScore(grid, bestRow - 1) > 0)
    return { headerRow: bestRow - 1, headerRows: 2 };
  if (hasHorizontalMerge(grid, bestRow) && rowScore(grid, bestRow + 1) > 0)
    return { headerRow: bestRow, headerRows: 2 };
  return { headerRow: bestRow, headerRows: 1 };
}

/** The named columns of a header choice; two-row headers combine as 上/下 where they differ. */
export function headerColumns(grid: SheetGrid, choice: HeaderChoice): HeaderColumn[] {
  const columns: HeaderColumn[] = [];
  for (let c = 1; c <= grid.columnCount; c++) {
    const top = textAt(grid, choice.headerRow, c);
    let name = top;
    if (choice.headerRows === 2) {
      const sub = textAt(grid, choice.headerRow + 1, c);
      const topMaster = masterAt(grid, choice.headerRow, c);
      const subMaster = masterAt(grid, choice.headerRow + 1, c);
      const sameCell =
        topMaster && subMaster && topMaster[0] === subMaster[0] && topMaster[1] === subMaster[1];
      if (sub !== '' && !sameCell && sub !== top) name = top === '' ? sub : `${top}/${sub}`;
    }
    if (name === '') continue;
    // The unit may sit on either header row (经费（万元）/到位资金 or 到位资金/金额（万元）).
    const unit = name
      .split('/')
      .reverse()
      .map((part) => splitUnit(part).unit)
      .find((u) => u !== undefined);
    columns.push(unit ? { col: c, name, unit } : { col: c, name });
  }
  return columns;
}

/** First data row of a header choice. */
export function firstDataRow(choice: HeaderChoice): number {
  return choice.headerRow + choice.headerRows;
}

// ─── Mapping suggestion ─────────────────────────────────────────────────────────────────────────

/** Column → role, for the named columns of the chosen header. */
export interface SheetMapping extends HeaderChoice {
  roles: Record<number, ColumnRole>;
}

const ONE_PER_SHEET: ReadonlySet<ColumnRole> = new Set(COLUMN_ROLES.filter((r) => r !== 'ignore'));

/** Suggests roles from the header names; with a task, unnamed name columns are found by content. */
export function suggestMapping(
  grid: SheetGrid,
  choice: HeaderChoice,
  options: { year?: number; template?: Template; taskCode?: string } = {},
): SheetMapping {
  const columns = headerColumns(grid, choice);
  const roles: Record<number, ColumnRole> = {};
  const taken = new Set<ColumnRole>();
  for (const column of columns) {
    let role = roleOfHeader(column.name, options.year);
    if (ONE_PER_SHEET.has(role) && taken.has(role)) role = 'ignore';
    roles[column.col] = role;
    taken.add(role);
  }
  const dataRows = grid.rows.filter((r) => r.row >= firstDataRow(choice) && !r.hidden);
  const indicators =
    options.template && options.taskCode ? taskIndicatorsOf(options.template, options.taskCode) : [];
  // No name or code header recognised: the column whose texts match most indicator names.
  if (!taken.has('indicator-name') && !taken.has('indicator-code') && indicators.length > 0) {
    let bestCol = 0;
    let bestHits = 0;
    for (const column of columns) {
      if (roles[column.col] !== 'ignore') continue;
      let hits = 0;
      for (const r of dataRows) {
        const m = matchByName(r.cells[column.col - 1] ?? '', indicators, '');
        if (m.kind === 'one') hits++;
      }
      if (hits > bestHits) [bestCol, bestHits] = [column.col, hits];
    }
    if (bestCol > 0) {
      roles[bestCol] = 'indicator-name';
      taken.add('indicator-name');
    }
  }
  // No actual column: a unit-bearing numeric column (到款额（万元）) holds the values.
  if (!taken.has('actual')) {
    for (const column of columns) {
      if (roles[column.col] !== 'ignore' || !column.unit) continue;
      const filled = dataRows.map((r) => r.cells[column.col - 1] ?? '').filter((t) => t !== '');
      if (filled.length > 0 && filled.filter(isNumberLike).length * 2 >= filled.length) {
        roles[column.col] = 'actual';
        break;
      }
    }
  }
  return { ...choice, roles };
}

// ─── Matching rows to indicators ────────────────────────────────────────────────────────────────

function taskIndicatorsOf(template: Template, taskCode: string): Indicator[] {
  const task = findTask(template, taskCode);
  if (!task) throw new Error(`task ${taskCode} is not in template ${template.id}`);
  return taskIndicators(task);
}

/**
 * The comparable form of an indicator name: NFKC (full-width letters and digits), no case, no
 * white space or punctuation, no leading list numbering (1. / （一） / 一、).
 */
export function normalizeName(text: string): string {
  return toHalfWidth(text)
    .normalize('NFKC')
    .trim()
    .replace(/^(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])\s*/u, '')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

function normalizeUnit(unit: string): string {
  return unit.normalize('NFKC').replace(/\s/g, '').toLowerCase();
}

type NameMatch =
  { kind: 'none' } | { kind: 'one'; indicator: Indicator } | { kind: 'many'; indicators: Indicator[] };

/** Exact normalised name first, then containment either way; a unit narrows several candidates. */
function matchByName(name: string, indicators: Indicator[], unit: string): NameMatch {
  const n = normalizeName(name);
  if (n === '') return { kind: 'none' };
  const exact = indicators.filter((i) => normalizeName(i.label) === n);
  let found = exact;
  if (found.length === 0 && n.length >= 2) {
    found = indicators.filter((i) => {
      const label = normalizeName(i.label);
      return label.includes(n) || n.includes(label);
    });
  }
  if (found.length > 1 && unit !== '') {
    const sameUnit = found.filter((i) => normalizeUnit(i.unit) === normalizeUnit(unit));
    if (sameUnit.length > 0) found = sameUnit;
  }
  if (found.length === 1) return { kind: 'one', indicator: found[0]! };
  return found.length === 0 ? { kind: 'none' } : { kind: 'many', indicators: found };
}

export interface PreviewRow {
  /** 1-based sheet row. */
  row: number;
  /** What the row names its indicator by (code or name, as typed). */
  source: string;
  indicator?: { code: string; label: string };
  actualText: string;
  targetText: string;
  noteText: string;
  /** Empty when the row imports cleanly; a row with problems imports nothing. */
  problems: WorkbookError[];
}

export interface MappingResult {
  /** Rows that carry data (blank and hidden rows left out), in sheet order. */
  preview: PreviewRow[];
  /** What the clean rows say, ready for diffFill (only the fields they fill). */
  incoming: FillData;
  /** Every problem, located. */
  errors: WorkbookError[];
  /** Rows that will be imported. */
  matched: number;
  /** Hidden rows skipped (filtered out or hidden by the sender). */
  hiddenRows: number;
}

function problem(
  sheet: string,
  row: number,
  col: number,
  code: string,
  params?: MessageParams,
): WorkbookError {
  const key = code.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
  return {
    sheet,
    cell: col > 0 ? cellAddress(row, col) : `${row}:${row}`,
    code,
    message: msg(`mapping:problem.${key}`, params),
  };
}

function roleColumn(mapping: SheetMapping, role: ColumnRole): number {
  for (const [col, r] of Object.entries(mapping.roles)) if (r === role) return Number(col);
  return 0;
}

/**
 * Applies a mapping to the sheet: each data row matched to an indicator (code first, else name),
 * its texts parsed with parseInput, units checked. Rows with any problem contribute nothing.
 */
export function applyMapping(
  grid: SheetGrid,
  mapping: SheetMapping,
  template: Template,
  taskCode: string,
): MappingResult {
  const indicators = taskIndicatorsOf(template, taskCode);
  const byCode = new Map(indicators.map((i) => [i.code.toUpperCase(), i]));
  const columns = new Map(headerColumns(grid, mapping).map((c) => [c.col, c]));
  const col = {
    code: roleColumn(mapping, 'indicator-code'),
    name: roleColumn(mapping, 'indicator-name'),
    unit: roleColumn(mapping, 'unit'),
    actual: roleColumn(mapping, 'actual'),
    target: roleColumn(mapping, 'target'),
    note: roleColumn(mapping, 'note'),
  };
  const sheet = grid.name;
  const incoming: FillData = { values: {}, targets: {}, notes: {} };
  const preview: PreviewRow[] = [];
  const errors: WorkbookError[] = [];
  const seen = new Map<string, number>();
  let matched = 0;
  let hiddenRows = 0;
  const at = (r: GridRow, c: number) => (c > 0 ? (r.cells[c - 1] ?? '') : '');

  for (const r of grid.rows) {
    if (r.row < firstDataRow(mapping)) continue;
    const actualText = at(r, col.actual);
    const targetText = at(r, col.target);
    const noteText = at(r, col.note);
    const cellErrors = [col.actual, col.target, col.note]
      .filter((c) => c > 0 && r.errors?.[c])
      .map((c) => r.errors![c]!);
    // Section titles and spacer rows carry no values: not data, not a problem.
    if (actualText === '' && targetText === '' && noteText === '' && cellErrors.length === 0) continue;
    if (r.hidden) {
      hiddenRows++;
      continue;
    }
    const codeText = at(r, col.code);
    const nameText = at(r, col.name);
    const unitText = at(r, col.unit);
    const problems: WorkbookError[] = [...cellErrors];
    let indicator: Indicator | undefined;
    if (codeText !== '') {
      indicator = byCode.get(toHalfWidth(codeText).trim().toUpperCase());
      if (!indicator && nameText === '')
        problems.push(problem(sheet, r.row, col.code, 'unknown-code', { code: codeText }));
    }
    if (!indicator && nameText !== '') {
      const m = matchByName(nameText, indicators, unitText);
      if (m.kind === 'one') indicator = m.indicator;
      else if (m.kind === 'many')
        problems.push(
          problem(sheet, r.row, col.name, 'ambiguous', {
            name: nameText,
            candidates: m.indicators.map((i) => i.label).join('、'),
          }),
        );
      else problems.push(problem(sheet, r.row, col.name, 'unknown-name', { name: nameText }));
    }
    if (!indicator && problems.length === 0)
      problems.push(problem(sheet, r.row, col.name || col.code, 'no-indicator'));

    if (indicator) {
      const first = seen.get(indicator.code);
      if (first !== undefined)
        problems.push(
          problem(sheet, r.row, col.name || col.code, 'duplicate', { label: indicator.label, first }),
        );
      else seen.set(indicator.code, r.row);
      if (indicator.calculate && (actualText !== '' || targetText !== ''))
        problems.push(
          problem(sheet, r.row, col.actual || col.target, 'calculated', { label: indicator.label }),
        );
      // A sheet in 元 for an indicator in 万元 would store values 10,000 times too large.
      const units: [string, number][] = [[unitText, col.unit]];
      for (const c of [col.actual, col.target]) if (c > 0) units.push([columns.get(c)?.unit ?? '', c]);
      for (const [unit, c] of units) {
        if (unit === '' || indicator.unit === '' || normalizeUnit(unit) === normalizeUnit(indicator.unit))
          continue;
        problems.push(
          problem(sheet, r.row, c, 'unit-mismatch', {
            unit,
            expected: indicator.unit,
            label: indicator.label,
          }),
        );
        break;
      }
    }

    const parsed: { actual?: Value; target?: Value } = {};
    if (indicator && !indicator.calculate) {
      const choices = indicator.choices ? (template.choiceLists[indicator.choices] ?? []) : [];
      for (const [kind, text, c] of [
        ['actual', actualText, col.actual],
        ['target', targetText, col.target],
      ] as const) {
        if (c === 0 || text === '' || r.errors?.[c]) continue;
        const p = parseInput(indicator, text, choices);
        if (p.ok) parsed[kind] = p.value;
        else
          problems.push({
            sheet,
            cell: cellAddress(r.row, c),
            code: codeFromKey(p.message.key),
            message: p.message,
          });
      }
    }

    const item: PreviewRow = {
      row: r.row,
      source: codeText || nameText,
      actualText,
      targetText,
      noteText,
      problems,
    };
    if (indicator) item.indicator = { code: indicator.code, label: indicator.label };
    preview.push(item);
    errors.push(...problems);
    if (!indicator || problems.length > 0) continue;
    matched++;
    if (parsed.actual !== undefined) incoming.values[indicator.code] = parsed.actual;
    if (parsed.target !== undefined) incoming.targets[indicator.code] = parsed.target;
    if (noteText !== '') incoming.notes[indicator.code] = noteText;
  }
  return { preview, incoming, errors, matched, hiddenRows };
}

// ─── Saved mappings ─────────────────────────────────────────────────────────────────────────────

/** A mapping as saved: roles in the order of the header's named columns. */
export interface SavedMapping {
  signature: string;
  headerRows: 1 | 2;
  roles: ColumnRole[];
  savedAt: string;
}

/**
 * The headers' identity: normalised names in order, years replaced by #, so 2025年/实际 this
 * year and 2026年/实际 next year have the same signature.
 */
export function mappingSignature(columns: HeaderColumn[]): string {
  return columns.map((c) => normalizeHeader(c.name).replace(/(?:19|20)\d{2}/g, '#')).join('|');
}

/** The meta key a mapping is saved under (FNV-1a of the signature keeps keys short). */
export function mappingKey(signature: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < signature.length; i++) {
    h ^= signature.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `sheetMapping:${h.toString(16).padStart(8, '0')}`;
}

export function toSavedMapping(grid: SheetGrid, mapping: SheetMapping, savedAt: string): SavedMapping {
  const columns = headerColumns(grid, mapping);
  return {
    signature: mappingSignature(columns),
    headerRows: mapping.headerRows,
    roles: columns.map((c) => mapping.roles[c.col] ?? 'ignore'),
    savedAt,
  };
}

/** A saved mapping applied to a header choice, when the signatures agree. */
export function fromSavedMapping(
  grid: SheetGrid,
  choice: HeaderChoice,
  saved: SavedMapping,
): SheetMapping | null {
  const columns = headerColumns(grid, choice);
  if (choice.headerRows !== saved.headerRows || mappingSignature(columns) !== saved.signature) return null;
  const roles: Record<number, ColumnRole> = {};
  columns.forEach((c, i) => (roles[c.col] = saved.roles[i] ?? 'ignore'));
  return { ...choice, roles };
}

/** Header choices worth looking up saved mappings for: the detected one first. */
export function headerCandidates(grid: SheetGrid): HeaderChoice[] {
  const detected = detectHeader(grid);
  const out: HeaderChoice[] = [detected];
  const last = Math.min(HEADER_SCAN_ROWS, grid.rows.length);
  for (let n = 1; n <= last; n++)
    for (const headerRows of [1, 2] as const)
      if (!(n === detected.headerRow && headerRows === detected.headerRows) && rowScore(grid, n) > 0)
        out.push({ headerRow: n, headerRows });
  return out;
}
