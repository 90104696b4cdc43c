/**
 * One task's summary sheet: a row per submission under two-level merged headers (indicator group /
 * indicator) and a units row, then 合计 and 平均 rows as real formulas. Every formula carries its
 * result computed here, so readers without a calculation engine (previewers, SheetJS, our own
 * import) see the same figures Excel shows.
 *
 * Speed matters (a province sums thousands of units): every cell of a column shares one style
 * object, which exceljs recognises by identity instead of serialising each cell's style.
 */
import type ExcelJS from 'exceljs';
import { evaluateTask } from '../domain/evaluate-task.ts';
import { parseExpression, type Value } from '../domain/expr/index.ts';
import {
  isNumericType,
  taskIndicators,
  type Indicator,
  type Task,
  type Template,
} from '../domain/template.ts';
import type { ReportSource } from '../report/source.ts';
import { columnLetter } from './errors.ts';
import { indicatorChoices } from './sheet-rows.ts';
import type { RegionLabel } from './summary-sources.ts';
import { beijingWallClock, clipCellText, displayWidth, formatBeijing, sx } from './summary-text.ts';

/** Row positions on a task sheet (1-based). */
export const SUMMARY_ROWS = { title: 1, info: 2, group: 3, label: 4, unit: 5, firstData: 6 } as const;

const FIXED_KEYS = ['no', 'unit', 'uscc', 'city', 'project', 'level', 'status', 'submittedAt'] as const;
type FixedKey = (typeof FIXED_KEYS)[number];
/** Fixed columns before the indicators (1-based): 序号 … 提交时间. */
export const SUMMARY_COLUMNS = Object.fromEntries(FIXED_KEYS.map((k, i) => [k, i + 1])) as Record<
  FixedKey,
  number
>;
const FIXED_WIDTH: Record<FixedKey, number> = {
  no: 6,
  unit: 30,
  uscc: 21,
  city: 12,
  project: 28,
  level: 8,
  status: 11,
  submittedAt: 17,
};

/** Excel's sheet limits. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLUMNS = 16_384;
/** Header rows above the data plus the 合计 and 平均 rows below it. */
export const SUMMARY_EXTRA_ROWS = SUMMARY_ROWS.firstData - 1 + 2;

const FONT = 'SimSun';
const BORDER_COLOR = 'FFBFBFBF';
const FILL_HEADER = 'FFD9E1F2';
const FILL_TOTAL = 'FFF2F2F2';
const DATE_FORMAT = 'yyyy-mm-dd';
const TIME_FORMAT = 'yyyy-mm-dd hh:mm';

/** `num` and `den` index the task's indicator columns. */
type Total =
  { kind: 'sum' } | { kind: 'ratio'; num: number; den: number } | { kind: 'count' } | { kind: 'none' };

interface IndicatorColumn {
  ind: Indicator;
  col: number;
  letter: string;
  numFmt: string | undefined;
  total: Total;
  average: boolean;
  /** Choice code → label. */
  choices: Map<string, string>;
  width: number;
}

/** Running figures per indicator column, exactly what SUM, AVERAGE and COUNTA will see. */
interface Accumulator {
  sum: number;
  numbers: number;
  filled: number;
}

/** What the overview needs to know about a written task sheet. */
export interface TaskSheetSummary {
  task: Task;
  sheet: string;
  /** Data rows (= submissions). */
  rows: number;
  statusColumn: string;
  cityColumn: string;
  /** Per data row, as written into the 状态 and 所在地市 columns. */
  statuses: string[];
  regions: RegionLabel[];
}

export interface TaskSheetInput {
  ws: ExcelJS.Worksheet;
  template: Template;
  task: Task;
  sources: ReportSource[];
  year: number;
  generatedAt: Date;
  region: (source: ReportSource) => RegionLabel;
  /** Called after every chunk of rows with the number of rows just written; may yield. */
  progress: (rows: number) => Promise<void>;
}

const ROWS_PER_CHUNK = 500;

function places(n: number): string {
  return n > 0 ? '.' + '0'.repeat(n) : '';
}

/** #,##0 / #,##0.00 / 0.00% by type and decimals, as the brief for provincial tables asks. */
function numberFormat(ind: Indicator): string | undefined {
  switch (ind.type) {
    case 'integer':
      return '#,##0';
    case 'decimal':
    case 'money':
      return '#,##0' + places(ind.decimals ?? 2);
    case 'percent':
      return '0' + places(ind.decimals ?? 2) + '%';
    case 'date':
      return DATE_FORMAT;
    default:
      return undefined;
  }
}

/** Format of a 平均 cell: an average of whole numbers is not whole. */
function averageFormat(col: IndicatorColumn): string | undefined {
  return col.ind.type === 'integer' ? '#,##0.00' : col.numFmt;
}

/**
 * The overall rate of a percent indicator computed as ratio(A, B) is ΣA / ΣB, not the sum (or
 * even the plain average) of the units' rates; other percents get no total.
 */
function percentTotal(ind: Indicator, indexOf: Map<string, number>, numericCodes: Set<string>): Total {
  if (!ind.calculate) return { kind: 'none' };
  const parsed = parseExpression(ind.calculate);
  if (!parsed.ok) return { kind: 'none' };
  const { ast } = parsed;
  if (ast.kind !== 'call' || ast.name !== 'ratio' || ast.args.length !== 2) return { kind: 'none' };
  const [a, b] = ast.args;
  if (a?.kind !== 'identifier' || b?.kind !== 'identifier') return { kind: 'none' };
  if (!numericCodes.has(a.name) || !numericCodes.has(b.name)) return { kind: 'none' };
  return { kind: 'ratio', num: indexOf.get(a.name) as number, den: indexOf.get(b.name) as number };
}

function columnWidth(ind: Indicator, choices: Map<string, string>): number {
  const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.ceil(n)));
  switch (ind.type) {
    case 'text':
      return 24;
    case 'date':
      return 12;
    case 'choice':
      return clamp(Math.max(...[...choices.values()].map(displayWidth), 8) + 2, 10, 24);
    default:
      // Labels wrap over up to three lines; numbers need about ten characters.
      return clamp(displayWidth(ind.label) / 3 + 2, 10, 20);
  }
}

/** Indicator columns after the fixed ones, in template order. */
export function indicatorColumns(template: Template, task: Task): IndicatorColumn[] {
  const inds = taskIndicators(task);
  const first = FIXED_KEYS.length + 1;
  const indexOf = new Map(inds.map((ind, i) => [ind.code, i]));
  const numericCodes = new Set(
    inds.filter((i) => isNumericType(i.type) && i.type !== 'percent').map((i) => i.code),
  );
  return inds.map((ind, i) => {
    const choices = new Map(indicatorChoices(template, ind).map((c) => [c.code, c.label]));
    const total: Total =
      ind.type === 'percent'
        ? percentTotal(ind, indexOf, numericCodes)
        : isNumericType(ind.type)
          ? { kind: 'sum' }
          : { kind: 'count' };
    return {
      ind,
      col: first + i,
      letter: columnLetter(first + i),
      numFmt: numberFormat(ind),
      total,
      average: isNumericType(ind.type),
      choices,
      width: columnWidth(ind, choices),
    };
  });
}

/** The number of columns a task sheet needs. */
export function summaryColumnCount(task: Task): number {
  return FIXED_KEYS.length + taskIndicators(task).length;
}

// ───────────────────────────── cell values ─────────────────────────────

function isBlank(v: Value | undefined): v is null | undefined {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** A stored value as the cell a reader expects: numbers as numbers, dates as dates, labels for codes. */
function indicatorCell(col: IndicatorColumn, v: Value | undefined): ExcelJS.CellValue {
  if (isBlank(v)) return null;
  switch (col.ind.type) {
    case 'integer':
    case 'decimal':
    case 'money':
    case 'percent':
      // A value kept as typed (not understood) stays text, so no total silently includes it.
      return typeof v === 'number' && Number.isFinite(v) ? v : clipCellText(String(v));
    case 'date': {
      const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : clipCellText(String(v));
    }
    case 'boolean':
      return v === true ? sx('value.yes') : v === false ? sx('value.no') : clipCellText(String(v));
    case 'choice':
      return col.choices.get(String(v)) ?? clipCellText(String(v));
    case 'text':
      return clipCellText(String(v));
  }
}

function submittedCell(iso: string | undefined): ExcelJS.CellValue {
  if (!iso) return null;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? clipCellText(iso) : beijingWallClock(at);
}

export function statusLabel(source: ReportSource): string {
  return sx(`status.${source.status ?? 'none'}`);
}

// ───────────────────────────── styles ─────────────────────────────

interface Styles {
  header: Partial<ExcelJS.Style>;
  title: Partial<ExcelJS.Style>;
  info: Partial<ExcelJS.Style>;
  /** Per column (index = column number). */
  data: Partial<ExcelJS.Style>[];
  total: Partial<ExcelJS.Style>[];
  average: Partial<ExcelJS.Style>[];
  totalLabel: Partial<ExcelJS.Style>;
}

function thinBorder(): Partial<ExcelJS.Borders> {
  const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: BORDER_COLOR } };
  return { top: thin, left: thin, bottom: thin, right: thin };
}

function solid(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/** One style object per column and row kind, created per sheet and never mutated afterwards. */
function makeStyles(columns: IndicatorColumn[], filledFormat: string): Styles {
  const border = thinBorder();
  const font = { name: FONT, size: 10 };
  const bold = { name: FONT, size: 10, bold: true };
  const last = FIXED_KEYS.length + columns.length;
  const data: Partial<ExcelJS.Style>[] = [];
  const total: Partial<ExcelJS.Style>[] = [];
  const average: Partial<ExcelJS.Style>[] = [];
  const byCol = new Map(columns.map((c) => [c.col, c]));
  for (let c = 1; c <= last; c++) {
    const ic = byCol.get(c);
    const center = c === SUMMARY_COLUMNS.no || c === SUMMARY_COLUMNS.level || c === SUMMARY_COLUMNS.status;
    const numFmt =
      ic?.numFmt ??
      (c === SUMMARY_COLUMNS.submittedAt ? TIME_FORMAT : c === SUMMARY_COLUMNS.uscc ? '@' : undefined);
    data[c] = {
      font,
      border,
      alignment: { vertical: 'middle', ...(center ? { horizontal: 'center' } : {}) },
      ...(numFmt ? { numFmt } : {}),
    };
    const totalFmt = ic?.total.kind === 'count' ? filledFormat : ic?.numFmt;
    const avgFmt = ic ? averageFormat(ic) : undefined;
    total[c] = {
      font: bold,
      border,
      fill: solid(FILL_TOTAL),
      alignment: { vertical: 'middle' },
      ...(totalFmt ? { numFmt: totalFmt } : {}),
    };
    average[c] = {
      font: bold,
      border,
      fill: solid(FILL_TOTAL),
      alignment: { vertical: 'middle' },
      ...(avgFmt ? { numFmt: avgFmt } : {}),
    };
  }
  return {
    header: {
      font: bold,
      border,
      fill: solid(FILL_HEADER),
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    },
    title: { font: { name: FONT, size: 14, bold: true }, alignment: { vertical: 'middle' } },
    info: { font: { name: FONT, size: 10, color: { argb: 'FF595959' } }, alignment: { vertical: 'middle' } },
    data,
    total,
    average,
    totalLabel: {
      font: bold,
      border,
      fill: solid(FILL_TOTAL),
      alignment: { horizontal: 'center', vertical: 'middle' },
    },
  };
}

// ───────────────────────────── writing ─────────────────────────────

function writeHeaders(
  ws: ExcelJS.Worksheet,
  task: Task,
  columns: IndicatorColumn[],
  styles: Styles,
  lastCol: number,
): void {
  const { group: gRow, label: lRow, unit: uRow } = SUMMARY_ROWS;
  for (let r = gRow; r <= uRow; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= lastCol; c++) row.getCell(c).style = styles.header;
  }
  // Fixed columns: one header merged over the group, label and unit rows.
  for (const key of FIXED_KEYS) {
    const c = SUMMARY_COLUMNS[key];
    ws.getCell(gRow, c).value = sx(`column.${key}`);
    ws.mergeCells(gRow, c, uRow, c);
  }
  let c = FIXED_KEYS.length + 1;
  for (const group of task.groups) {
    const span = group.indicators.length;
    ws.getCell(gRow, c).value = group.name;
    if (span > 1) ws.mergeCells(gRow, c, gRow, c + span - 1);
    c += span;
  }
  let labelLines = 1;
  for (const col of columns) {
    ws.getCell(lRow, col.col).value = col.ind.label;
    ws.getCell(uRow, col.col).value = col.ind.type === 'percent' ? '%' : col.ind.unit || null;
    labelLines = Math.max(labelLines, Math.ceil(displayWidth(col.ind.label) / Math.max(1, col.width - 1)));
  }
  ws.getRow(gRow).height = 20;
  ws.getRow(lRow).height = Math.min(labelLines, 6) * 13 + 8;
  ws.getRow(uRow).height = 16;
}

function writeTitle(ws: ExcelJS.Worksheet, input: TaskSheetInput, styles: Styles): void {
  const { template, task, year, generatedAt, sources } = input;
  const title = ws.getCell(SUMMARY_ROWS.title, 1);
  // Not merged: a merged title over the frozen columns would scroll half out of sight.
  title.value = sx('title.task', { year, task: task.name });
  title.style = styles.title;
  ws.getRow(SUMMARY_ROWS.title).height = 24;
  const info = ws.getCell(SUMMARY_ROWS.info, 1);
  info.value = sx('title.taskInfo', {
    template: template.name,
    id: template.id,
    version: template.version,
    time: formatBeijing(generatedAt),
    count: sources.length,
  });
  info.style = styles.info;
}

function writeAggregates(
  ws: ExcelJS.Worksheet,
  columns: IndicatorColumn[],
  acc: Accumulator[],
  rows: number,
  styles: Styles,
  lastCol: number,
): void {
  const first = SUMMARY_ROWS.firstData;
  const lastData = first + rows - 1;
  const totalRow = ws.getRow(lastData + 1);
  const avgRow = ws.getRow(lastData + 2);
  for (let c = 1; c <= lastCol; c++) {
    totalRow.getCell(c).style = styles.total[c] ?? {};
    avgRow.getCell(c).style = styles.average[c] ?? {};
  }
  for (const [row, key] of [
    [totalRow, 'row.total'],
    [avgRow, 'row.average'],
  ] as const) {
    row.getCell(1).value = sx(key);
    row.getCell(1).style = styles.totalLabel;
    ws.mergeCells(row.number, 1, row.number, SUMMARY_COLUMNS.unit);
  }
  // An empty range (B6:B5) is not a valid reference: with no rows the totals stay blank.
  if (rows === 0) return;
  const range = (letter: string) => `${letter}${first}:${letter}${lastData}`;
  columns.forEach((col, i) => {
    const a = acc[i] as Accumulator;
    const r = range(col.letter);
    const total = col.total;
    if (total.kind === 'sum') totalRow.getCell(col.col).value = { formula: `SUM(${r})`, result: a.sum };
    else if (total.kind === 'count')
      totalRow.getCell(col.col).value = { formula: `COUNTA(${r})`, result: a.filled };
    else if (total.kind === 'ratio') {
      const [num, den] = [columns[total.num] as IndicatorColumn, columns[total.den] as IndicatorColumn];
      const numSum = (acc[total.num] as Accumulator).sum;
      const denSum = (acc[total.den] as Accumulator).sum;
      totalRow.getCell(col.col).value = {
        formula: `IF(SUM(${range(den.letter)})=0,"",SUM(${range(num.letter)})/SUM(${range(den.letter)}))`,
        result: denSum === 0 ? '' : numSum / denSum,
      };
    }
    if (col.average)
      // IFERROR: a column nobody filled would show #DIV/0! instead of staying blank.
      avgRow.getCell(col.col).value = {
        formula: `IFERROR(AVERAGE(${r}),"")`,
        result: a.numbers === 0 ? '' : a.sum / a.numbers,
      };
  });
}

function pageSetup(ws: ExcelJS.Worksheet): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${SUMMARY_ROWS.group}:${SUMMARY_ROWS.unit}`,
  };
  ws.headerFooter = { oddFooter: '&C&P / &N' };
}

/** Writes one task sheet and returns what the overview counts. */
export async function writeTaskSheet(input: TaskSheetInput): Promise<TaskSheetSummary> {
  const { ws, template, task, sources } = input;
  const columns = indicatorColumns(template, task);
  const lastCol = FIXED_KEYS.length + columns.length;
  const styles = makeStyles(columns, sx('format.filled'));

  // Frozen below the headers and right of the unit name, so both stay in sight while scrolling.
  const topLeft = `${columnLetter(SUMMARY_COLUMNS.unit + 1)}${SUMMARY_ROWS.firstData}`;
  ws.views = [
    {
      state: 'frozen',
      xSplit: SUMMARY_COLUMNS.unit,
      ySplit: SUMMARY_ROWS.unit,
      topLeftCell: topLeft,
      activeCell: topLeft,
    },
  ];
  ws.columns = [
    ...FIXED_KEYS.map((k) => ({ width: FIXED_WIDTH[k] })),
    ...columns.map((c) => ({ width: c.width })),
  ];
  writeTitle(ws, input, styles);
  writeHeaders(ws, task, columns, styles, lastCol);

  const acc: Accumulator[] = columns.map(() => ({ sum: 0, numbers: 0, filled: 0 }));
  const statuses: string[] = [];
  const regions: RegionLabel[] = [];
  let pending = 0;
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i] as ReportSource;
    const region = input.region(source);
    const status = statusLabel(source);
    statuses.push(status);
    regions.push(region);
    const row = ws.getRow(SUMMARY_ROWS.firstData + i);
    const fixed: Record<FixedKey, ExcelJS.CellValue> = {
      no: i + 1,
      unit: clipCellText(source.unit.name),
      uscc: source.unit.uscc ? clipCellText(source.unit.uscc) : null,
      city: region.label,
      project: source.project?.name ? clipCellText(source.project.name) : null,
      level: source.project?.level ? clipCellText(source.project.level) : null,
      status,
      submittedAt: submittedCell(source.submittedAt),
    };
    for (const key of FIXED_KEYS) {
      const cell = row.getCell(SUMMARY_COLUMNS[key]);
      cell.value = fixed[key];
      cell.style = styles.data[SUMMARY_COLUMNS[key]] ?? {};
    }
    // The template of the summary, not the source's copy: same id and version (checked), and
    // its compiled form is cached per template object.
    const ev = evaluateTask(template, task.code, source.values);
    columns.forEach((col, k) => {
      const code = col.ind.code;
      const raw =
        ev.relevant[code] === false ? null : col.ind.calculate ? ev.calculated[code] : source.values[code];
      const value = indicatorCell(col, raw);
      const cell = row.getCell(col.col);
      cell.value = value;
      cell.style = styles.data[col.col] ?? {};
      const a = acc[k] as Accumulator;
      if (value !== null) a.filled++;
      if (typeof value === 'number') {
        a.sum += value;
        a.numbers++;
      }
    });
    if (++pending === ROWS_PER_CHUNK) {
      await input.progress(pending);
      pending = 0;
    }
  }
  if (pending > 0) await input.progress(pending);

  writeAggregates(ws, columns, acc, sources.length, styles, lastCol);
  const lastData = SUMMARY_ROWS.firstData + sources.length - 1;
  ws.autoFilter = `A${SUMMARY_ROWS.unit}:${columnLetter(lastCol)}${Math.max(lastData, SUMMARY_ROWS.unit)}`;
  pageSetup(ws);
  return {
    task,
    sheet: ws.name,
    rows: sources.length,
    statusColumn: columnLetter(SUMMARY_COLUMNS.status),
    cityColumn: columnLetter(SUMMARY_COLUMNS.city),
    statuses,
    regions,
  };
}
