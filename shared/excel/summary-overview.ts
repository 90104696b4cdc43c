/**
 * The overview sheet (概览) in front of the task sheets: what was summarised, then counts by task ×
 * status and by city × status as COUNTIFS formulas over the task sheets' 状态 and 所在地市 columns,
 * so the counts follow any correction made on a task sheet. Each formula carries the count
 * computed here for readers without a calculation engine.
 */
import type ExcelJS from 'exceljs';
import { createTranslator, type Translator } from '../i18n/index.ts';
import type { Template } from '../domain/template.ts';
import { SUBMISSION_STATUSES } from '../db/records.ts';
import { columnLetter } from './errors.ts';
import { SUMMARY_ROWS, type TaskSheetSummary } from './summary-sheet.ts';
import type { SummaryIssue } from './summary-sources.ts';
import { clipCellText, formatBeijing, sheetRef, sx } from './summary-text.ts';

/** Excel refuses formulas longer than this; beyond it a cell holds the count alone. */
const FORMULA_MAX = 8192;
const FONT = 'SimSun';
const FILL_HEADER = 'FFD9E1F2';
const FILL_TOTAL = 'FFF2F2F2';

export interface OverviewInput {
  ws: ExcelJS.Worksheet;
  template: Template;
  year: number;
  generatedAt: Date;
  sheets: TaskSheetSummary[];
  /** Submissions left out (when the caller chose to skip them). */
  skipped: SummaryIssue[];
}

interface Cells {
  header: Partial<ExcelJS.Style>;
  label: Partial<ExcelJS.Style>;
  count: Partial<ExcelJS.Style>;
  total: Partial<ExcelJS.Style>;
  text: Partial<ExcelJS.Style>;
}

function makeStyles(): Cells {
  const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const font = { name: FONT, size: 10 };
  const bold = { ...font, bold: true };
  const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
  return {
    header: {
      font: bold,
      border,
      fill: fill(FILL_HEADER),
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    },
    label: { font, border, alignment: { vertical: 'middle' } },
    count: { font, border, numFmt: '#,##0', alignment: { vertical: 'middle' } },
    total: { font: bold, border, fill: fill(FILL_TOTAL), numFmt: '#,##0', alignment: { vertical: 'middle' } },
    text: { font, border, alignment: { vertical: 'top', wrapText: true } },
  };
}

/** Status labels in workflow order, 未注明 only when some submission carries no status. */
function statusRows(sheets: TaskSheetSummary[]): string[] {
  const labels = SUBMISSION_STATUSES.map((s) => sx(`status.${s}`));
  const none = sx('status.none');
  if (sheets.some((s) => s.statuses.includes(none))) labels.push(none);
  return labels;
}

/** City labels in region-code order, units without a region last. */
function regionRows(sheets: TaskSheetSummary[]): string[] {
  const order = new Map<string, string>();
  for (const s of sheets) for (const r of s.regions) order.set(r.label, r.order);
  return [...order.keys()].sort((a, b) => {
    // Plain code-unit order: localeCompare would put the '~' of "no region" before the digits.
    const [x, y] = [order.get(a) as string, order.get(b) as string];
    return x < y ? -1 : x > y ? 1 : a.localeCompare(b, 'zh-CN');
  });
}

function dataRange(s: TaskSheetSummary, column: string): string {
  const first = SUMMARY_ROWS.firstData;
  return `${sheetRef(s.sheet)}$${column}$${first}:$${column}$${first + s.rows - 1}`;
}

/** A count with its formula, or the count alone where no formula is possible or it would be too long. */
function countValue(terms: string[], result: number): ExcelJS.CellValue {
  const formula = terms.join('+');
  return terms.length === 0 || formula.length > FORMULA_MAX ? result : { formula, result };
}

class OverviewWriter {
  private row = 1;
  private readonly styles = makeStyles();
  constructor(private readonly ws: ExcelJS.Worksheet) {}

  next(): ExcelJS.Row {
    return this.ws.getRow(this.row++);
  }

  skip(): void {
    this.row++;
  }

  sectionTitle(text: string): void {
    const cell = this.next().getCell(1);
    cell.value = text;
    cell.font = { name: FONT, size: 11, bold: true };
  }

  headerRow(texts: string[]): ExcelJS.Row {
    const row = this.next();
    texts.forEach((t, i) => {
      const cell = row.getCell(i + 1);
      cell.value = t;
      cell.style = this.styles.header;
    });
    return row;
  }

  /**
   * A count table: a label column, count columns, a 合计 column and a 合计 row, each total a SUM
   * over the counts. `count(r, c)` gives the formula terms and the cached count of one cell.
   */
  countTable(
    columns: string[],
    rowLabels: string[],
    count: (rowLabelRef: string, headerRef: string, r: number, c: number) => { terms: string[]; n: number },
    corner: string,
  ): void {
    const total = sx('overview.total');
    const header = this.headerRow([corner, ...columns, total]);
    const firstRow = this.row;
    const lastCountCol = columns.length + 1;
    const totalCol = lastCountCol + 1;
    const colTotals = new Array<number>(columns.length).fill(0);
    rowLabels.forEach((label, r) => {
      const row = this.next();
      const labelCell = row.getCell(1);
      labelCell.value = label;
      labelCell.style = this.styles.label;
      let rowSum = 0;
      columns.forEach((_, c) => {
        const letter = columnLetter(c + 2);
        const { terms, n } = count(`$A${row.number}`, `${letter}$${header.number}`, r, c);
        const cell = row.getCell(c + 2);
        cell.value = countValue(terms, n);
        cell.style = this.styles.count;
        rowSum += n;
        colTotals[c] = (colTotals[c] ?? 0) + n;
      });
      const sumCell = row.getCell(totalCol);
      sumCell.value = {
        formula: `SUM(B${row.number}:${columnLetter(lastCountCol)}${row.number})`,
        result: rowSum,
      };
      sumCell.style = this.styles.total;
    });
    const lastRow = this.row - 1;
    const totals = this.next();
    totals.getCell(1).value = total;
    totals.getCell(1).style = { ...this.styles.total, alignment: { horizontal: 'center' } };
    const grand = colTotals.reduce((a, b) => a + b, 0);
    for (let c = 2; c <= totalCol; c++) {
      const letter = columnLetter(c);
      const cell = totals.getCell(c);
      const result = c === totalCol ? grand : (colTotals[c - 2] ?? 0);
      // A table without rows has nothing to add up (B5:B4 is no reference).
      cell.value =
        rowLabels.length === 0 ? 0 : { formula: `SUM(${letter}${firstRow}:${letter}${lastRow})`, result };
      cell.style = this.styles.total;
    }
  }

  skippedList(skipped: SummaryIssue[], tr: Translator): void {
    const h = (k: string) => sx(`overview.skippedHeader.${k}`);
    const header = this.headerRow([h('no'), h('unit'), h('task'), h('reason')]);
    // Reasons are sentences: they get the width of the columns D to H.
    this.ws.mergeCells(header.number, 4, header.number, 8);
    for (const issue of skipped) {
      const row = this.next();
      const values = [issue.index === null ? null : issue.index + 1, issue.unit, issue.taskCode];
      values.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        cell.value = v === null || v === '' ? null : v;
        cell.style = this.styles.text;
      });
      const reason = row.getCell(4);
      reason.value = clipCellText(tr.format(issue.message));
      reason.style = this.styles.text;
      this.ws.mergeCells(row.number, 4, row.number, 8);
    }
  }
}

let zh: Translator | undefined;

/** Fills the overview sheet (created first so it is the first tab) once the task sheets exist. */
export function writeOverview(input: OverviewInput): void {
  const { ws, template, year, generatedAt, sheets, skipped } = input;
  zh ??= createTranslator('zh-CN');
  const w = new OverviewWriter(ws);
  const statuses = statusRows(sheets);
  const regions = regionRows(sheets);
  const submissions = sheets.reduce((n, s) => n + s.rows, 0);
  const widest = Math.max(sheets.length, statuses.length) + 2;
  ws.columns = [{ width: 24 }, ...Array.from({ length: Math.max(widest, 8) - 1 }, () => ({ width: 13 }))];

  const title = w.next();
  title.getCell(1).value = sx('title.overview', { year, template: template.name });
  title.getCell(1).font = { name: FONT, size: 14, bold: true };
  title.height = 24;
  w.skip();
  const info: [string, string | number][] = [
    [sx('overview.year'), sx('overview.yearValue', { year })],
    [
      sx('overview.template'),
      sx('overview.templateValue', { name: template.name, id: template.id, version: template.version }),
    ],
    [sx('overview.generatedAt'), formatBeijing(generatedAt)],
    [
      sx('overview.submissions'),
      sx('overview.submissionsValue', { count: submissions, tasks: sheets.length }),
    ],
  ];
  if (skipped.length > 0)
    info.push([sx('overview.skipped'), sx('overview.skippedValue', { count: skipped.length })]);
  for (const [k, v] of info) {
    const row = w.next();
    row.getCell(1).value = k;
    row.getCell(1).font = { name: FONT, size: 10, bold: true };
    row.getCell(2).value = v;
    row.getCell(2).font = { name: FONT, size: 10 };
  }
  w.skip();

  w.sectionTitle(sx('overview.byStatus'));
  w.countTable(
    sheets.map((s) => s.task.name),
    statuses,
    (labelRef, _header, r, c) => {
      const s = sheets[c] as TaskSheetSummary;
      const label = statuses[r] as string;
      const n = s.statuses.filter((x) => x === label).length;
      return { terms: s.rows === 0 ? [] : [`COUNTIFS(${dataRange(s, s.statusColumn)},${labelRef})`], n };
    },
    sx('overview.status'),
  );
  w.skip();

  w.sectionTitle(sx('overview.byRegion'));
  const withRows = sheets.filter((s) => s.rows > 0);
  w.countTable(
    statuses,
    regions,
    (labelRef, headerRef, r, c) => {
      const region = regions[r] as string;
      const status = statuses[c] as string;
      let n = 0;
      for (const s of withRows)
        s.regions.forEach((reg, i) => {
          if (reg.label === region && s.statuses[i] === status) n++;
        });
      const terms = withRows.map(
        (s) =>
          `COUNTIFS(${dataRange(s, s.cityColumn)},${labelRef},${dataRange(s, s.statusColumn)},${headerRef})`,
      );
      return { terms, n };
    },
    sx('overview.region'),
  );

  if (skipped.length > 0) {
    w.skip();
    w.sectionTitle(sx('overview.skippedTitle'));
    w.skippedList(skipped, zh);
  }

  ws.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: '&C&P / &N' };
}
