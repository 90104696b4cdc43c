/**
 * Fill-in workbooks (填报表): a workbook generated from a template that a unit fills in Excel or
 * WPS and imports back. Writing: one sheet per task with validation, protection and hints, plus a
 * veryHidden `_tianbao` sheet that identifies the template, version, unit, project and where every
 * indicator sits. Reading: rows are found by their 指标编码, never by position, every cell goes
 * through the same `parseInput` rules as typing in the app, and every problem is reported with its
 * sheet and cell in one pass.
 *
 * The workbook is a zh-CN document (the people who fill it expect Chinese headers), so its texts
 * come from the zh-CN `workbook` namespace whatever the app's language is.
 */
import ExcelJS from 'exceljs';
import { createTranslator, type Translator } from '../i18n/index.ts';
import { msg } from '../i18n/message.ts';
import type { Value } from '../domain/expr/index.ts';
import {
  findTask,
  isNumericType,
  takesTarget,
  taskIndicators,
  type Indicator,
  type Task,
  type Template,
} from '../domain/template.ts';
import { getBuiltinTemplate } from '../templates/index.ts';
import { resources } from '../i18n/resources.ts';
import { cellText, cellValue, rowsWithValues } from './cells.ts';
import { cellAddress, columnLetter, type WorkbookError } from './errors.ts';
import { findHeaderRow, type ColumnSpec } from './headers.ts';
import { openWorkbook } from './open.ts';
import { indicatorChoices } from './sheet-rows.ts';

export type { WorkbookError } from './errors.ts';

/** Name of the veryHidden sheet that identifies a fill-in workbook. */
export const META_SHEET = '_tianbao';
/** First cell of the meta sheet; anything else there means "not ours". */
const META_MAGIC = 'tianbao-fill-workbook';
const META_FORMAT = 1;
/** Column J: long choice lists on the meta sheet start here, clear of the meta rows in A–H. */
const LIST_FIRST_COLUMN = 10;

/** Column positions on a task sheet (1-based). 本年实际 is F, as users and support staff quote it. */
export const COLUMNS = { no: 1, code: 2, label: 3, unit: 4, target: 5, actual: 6, note: 7, hint: 8 } as const;
type ColumnKey = keyof typeof COLUMNS;
const COLUMN_KEYS = Object.keys(COLUMNS) as ColumnKey[];
/** Widths in Excel character units; CJK characters count about two. */
const WIDTHS: Record<ColumnKey, number> = {
  no: 6,
  code: 10,
  label: 38,
  unit: 8,
  target: 14,
  actual: 14,
  note: 28,
  hint: 46,
};
const TITLE_ROW = 1;
const HEADER_ROW = 2;

/** Excel's limits on data-validation texts; longer ones make Excel "repair" the file. */
const PROMPT_TITLE_MAX = 32;
const PROMPT_MAX = 255;
const ERROR_TITLE_MAX = 32;
const ERROR_MAX = 225;
/** Inline list validations (`"a,b,c"`) are limited to 255 characters. */
const INLINE_LIST_MAX = 255;
/** Numeric validations need bounds on both sides; these stand for "no limit". */
const NO_LIMIT = 1e15;
const DATE_MIN = new Date(Date.UTC(1990, 0, 1));
const DATE_MAX = new Date(Date.UTC(2100, 11, 31));
/** Excel's own cap on text in a cell; a text-length rule only carries the input message. */
const CELL_TEXT_MAX = 32767;

const FILL_INPUT = 'FFFFF8DC';
const FILL_CALCULATED = 'FFE7E6E6';
const FILL_HEADER = 'FFD9E1F2';
const FILL_GROUP = 'FFF2F2F2';
const FONT = 'SimSun';

let zh: Translator | undefined;
/** The zh-CN translator for the document's own texts (created once; i18next init is not free). */
function zhT(): Translator['t'] {
  zh ??= createTranslator('zh-CN');
  return zh.t;
}
function tx(key: string, params?: Record<string, string | number>): string {
  return String(zhT()(key, params ?? {}));
}
function txList(key: string): string[] {
  const v: unknown = zhT()(key, { returnObjects: true });
  return Array.isArray(v) ? v.map(String) : [];
}

export interface FillWorkbookOptions {
  /** Only this task; all tasks of the template otherwise. */
  taskCode?: string;
  unit?: { id: string; name: string };
  project?: { id: string; name: string };
  year?: number;
  /** Current values by indicator code, written into 本年实际 (calculated ones shown greyed). */
  values?: Record<string, Value>;
  /** Yearly targets by indicator code, written into 年度目标. */
  targets?: Record<string, Value>;
  /** Notes by indicator code (not by `note:` field name), written into 备注. */
  notes?: Record<string, string>;
}

// ───────────────────────────── sheet names ─────────────────────────────

/** Characters Excel refuses in sheet names, swapped for their full-width look-alikes. */
const SHEET_NAME_SWAP: Record<string, string> = {
  '[': '【',
  ']': '】',
  ':': '：',
  '*': '＊',
  '?': '？',
  '/': '／',
  '\\': '＼',
};
const SHEET_NAME_MAX = 31;

/**
 * A valid sheet name for a task: forbidden characters swapped, no leading/trailing apostrophe,
 * at most 31 characters (cut with …), unique among `taken` ignoring case as Excel compares them.
 */
export function sheetNameFor(name: string, taken: Set<string>): string {
  let base = name
    .replace(/[[\]:*?/\\]/g, (c) => SHEET_NAME_SWAP[c] ?? '_')
    // Control characters cannot appear in a sheet name.
    .replace(/\p{Cc}/gu, '')
    .replace(/^'+|'+$/g, '')
    .trim();
  if (base === '' || base.toLowerCase() === 'history') base = `${base || 'Sheet'}_`;
  // Excel counts UTF-16 units; cut whole characters so no surrogate pair is split.
  const fit = (s: string, room: number) => {
    if (s.length <= room) return s;
    const chars = [...s];
    while (chars.join('').length > room - 1) chars.pop();
    return chars.join('') + '…';
  };
  let candidate = fit(base, SHEET_NAME_MAX);
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const suffix = `(${n})`;
    candidate = fit(base, SHEET_NAME_MAX - suffix.length) + suffix;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

// ───────────────────────────── texts per indicator ─────────────────────────────

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** A bound as the person sees it: percent in %, otherwise the plain number. */
function showBound(ind: Indicator, n: number): string {
  return ind.type === 'percent' ? String(Number((n * 100).toPrecision(12))) : String(n);
}

/** 0 至 100% / 不小于 0 / 不大于 5, or '' without bounds. */
function rangeText(ind: Indicator): string {
  const unit = ind.type === 'percent' ? '%' : '';
  const { min, max } = ind;
  if (min !== undefined && max !== undefined)
    return tx('workbook:sheet.range.between', { min: showBound(ind, min), max: showBound(ind, max), unit });
  if (min !== undefined) return tx('workbook:sheet.range.atLeast', { min: showBound(ind, min), unit });
  if (max !== undefined) return tx('workbook:sheet.range.atMost', { max: showBound(ind, max), unit });
  return '';
}

function choiceLabels(template: Template, ind: Indicator): string[] {
  if (ind.type === 'boolean') return [tx('workbook:sheet.yes'), tx('workbook:sheet.no')];
  return indicatorChoices(template, ind).map((c) => c.label);
}

/** The 填写要求 column: type, range, decimals, required, relevance, evidence, help. */
function hintText(template: Template, ind: Indicator): string {
  const parts: string[] = [];
  if (ind.calculate) {
    parts.push(tx('workbook:sheet.calculated'));
    if (ind.help) parts.push(ind.help);
    parts.push(tx('workbook:sheet.formula', { expr: ind.calculate }));
    return parts.join('；');
  }
  const range = isNumericType(ind.type) ? rangeText(ind) : '';
  parts.push(tx(`workbook:sheet.type.${ind.type}`) + (range ? `，${range}` : ''));
  if (ind.decimals !== undefined && (ind.type === 'decimal' || ind.type === 'money'))
    parts.push(tx('workbook:sheet.decimals', { decimals: ind.decimals }));
  if (ind.type === 'choice')
    parts.push(tx('workbook:sheet.choices', { choices: choiceLabels(template, ind).join('、') }));
  if (ind.required) parts.push(tx('workbook:sheet.required'));
  if (ind.relevant) parts.push(tx('workbook:sheet.relevant', { expr: ind.relevant }));
  if (ind.evidenceRequired) parts.push(tx('workbook:sheet.evidence'));
  if (ind.help) parts.push(ind.help);
  return parts.join('；');
}

function numberFormat(ind: Indicator): string | undefined {
  const places = (n: number) => (n > 0 ? '.' + '0'.repeat(n) : '');
  switch (ind.type) {
    case 'integer':
      return '#,##0';
    case 'money':
      return '#,##0' + places(ind.decimals ?? 2);
    case 'decimal':
      return ind.decimals === undefined ? 'General' : '#,##0' + places(ind.decimals);
    case 'percent':
      return '0' + places(ind.decimals ?? 2) + '%';
    case 'date':
      return 'yyyy-mm-dd';
    case 'text':
    case 'choice':
    case 'boolean':
      // Text format keeps what people type as typed (no 1-2 turning into a date).
      return '@';
  }
}

/** A list validation: inline when short and comma-free, otherwise a range on the meta sheet. */
type ListSource = (ind: Indicator, labels: string[]) => string;

function validationFor(
  template: Template,
  ind: Indicator,
  column: 'target' | 'actual',
  listSource: ListSource,
): ExcelJS.DataValidation {
  const title = promptTitle(
    ind.label,
    tx(column === 'target' ? 'workbook:validation.promptTarget' : 'workbook:validation.promptActual'),
  );
  const common = {
    allowBlank: true,
    showInputMessage: true,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: clip(tx('workbook:validation.errorTitle'), ERROR_TITLE_MAX),
    promptTitle: title,
  };
  const label = ind.label;
  if (isNumericType(ind.type)) {
    const type = tx(`workbook:sheet.type.${ind.type}`);
    const range = rangeText(ind);
    const prompt =
      ind.type === 'percent'
        ? range
          ? tx('workbook:validation.promptPercent', { range })
          : tx('workbook:validation.promptPercentAny')
        : range
          ? tx('workbook:validation.promptNumber', { type, range })
          : tx('workbook:validation.promptNumberAny', { type });
    const error = range
      ? tx('workbook:validation.errorNumber', { label, type, range })
      : tx('workbook:validation.errorNumberAny', { label, type });
    const { min, max } = ind;
    const [operator, formulae]: [ExcelJS.DataValidationOperator, number[]] =
      min !== undefined && max !== undefined
        ? ['between', [min, max]]
        : min !== undefined
          ? ['greaterThanOrEqual', [min]]
          : max !== undefined
            ? ['lessThanOrEqual', [max]]
            : ['between', [-NO_LIMIT, NO_LIMIT]];
    return {
      ...common,
      type: ind.type === 'integer' ? 'whole' : 'decimal',
      operator,
      formulae,
      prompt: clip(prompt, PROMPT_MAX),
      error: clip(error, ERROR_MAX),
    };
  }
  switch (ind.type) {
    case 'choice':
    case 'boolean': {
      const labels = choiceLabels(template, ind);
      const prompt =
        ind.type === 'boolean'
          ? tx('workbook:validation.promptBoolean')
          : tx('workbook:validation.promptChoice', { choices: labels.join('、') });
      const error =
        ind.type === 'boolean'
          ? tx('workbook:validation.errorBoolean', { label })
          : tx('workbook:validation.errorChoice', { label });
      return {
        ...common,
        type: 'list',
        formulae: [listSource(ind, labels)],
        prompt: clip(prompt, PROMPT_MAX),
        error: clip(error, ERROR_MAX),
      };
    }
    case 'date':
      return {
        ...common,
        type: 'date',
        operator: 'between',
        formulae: [DATE_MIN, DATE_MAX],
        prompt: clip(tx('workbook:validation.promptDate'), PROMPT_MAX),
        error: clip(tx('workbook:validation.errorDate', { label }), ERROR_MAX),
      };
    default:
      return textValidation(title, tx('workbook:validation.promptText'));
  }
}

/** 指标名称（本年实际）, the name shortened rather than the column so both fit Excel's 32. */
function promptTitle(label: string, column: string): string {
  const suffix = `（${column}）`;
  return clip(label, PROMPT_TITLE_MAX - suffix.length) + suffix;
}

/** Text cells accept anything; the rule exists only to carry the input message. */
function textValidation(title: string, prompt: string): ExcelJS.DataValidation {
  return {
    type: 'textLength',
    operator: 'lessThanOrEqual',
    formulae: [CELL_TEXT_MAX],
    allowBlank: true,
    showInputMessage: true,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: clip(tx('workbook:validation.errorTitle'), ERROR_TITLE_MAX),
    error: clip(tx('workbook:validation.errorText'), ERROR_MAX),
    promptTitle: clip(title, PROMPT_TITLE_MAX),
    prompt: clip(prompt, PROMPT_MAX),
  };
}

/** A stored value as the cell value Excel would hold had the person typed it. */
function cellValueOf(template: Template, ind: Indicator, value: Value | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (ind.type) {
    case 'integer':
    case 'decimal':
    case 'money':
    case 'percent':
      return typeof value === 'number' ? value : String(value);
    case 'date': {
      const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : String(value);
    }
    case 'boolean':
      return value === true
        ? tx('workbook:sheet.yes')
        : value === false
          ? tx('workbook:sheet.no')
          : String(value);
    case 'choice':
      return indicatorChoices(template, ind).find((c) => c.code === value)?.label ?? String(value);
    case 'text':
      return String(value);
  }
}

// ───────────────────────────── writing ─────────────────────────────

/** One indicator's place in the workbook, as recorded in `_tianbao`. */
interface Placement {
  code: string;
  task: string;
  sheet: string;
  row: number;
}

function border(): Partial<ExcelJS.Borders> {
  const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
  return { top: thin, left: thin, bottom: thin, right: thin };
}

function fill(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/**
 * Sheet protection without a password, on purpose: it stops accidental edits of codes and
 * headers, yet a WPS or Excel user who must change formatting can unprotect (审阅 → 撤销工作表保护)
 * without calling anyone. Edited codes are caught on import anyway.
 */
async function protect(ws: ExcelJS.Worksheet): Promise<void> {
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    formatCells: false,
    insertRows: false,
    deleteRows: false,
    insertColumns: false,
    deleteColumns: false,
    sort: false,
    autoFilter: false,
  });
}

function pageSetupA4(ws: ExcelJS.Worksheet, landscape: boolean, titleRows?: string): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(titleRows ? { printTitlesRow: titleRows } : {}),
  };
}

function deadlineText(template: Template, year: number | undefined): string {
  const [month, day] = template.deadline.split('-').map(Number) as [number, number];
  return year === undefined
    ? tx('workbook:guide.deadlineYearly', { month, day })
    : tx('workbook:guide.deadlineValue', { year, month, day });
}

function writeGuide(
  wb: ExcelJS.Workbook,
  name: string,
  template: Template,
  tasks: Task[],
  opts: FillWorkbookOptions,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    properties: { tabColor: { argb: 'FF4472C4' } },
    views: [{ showGridLines: false }],
  });
  ws.columns = [{ width: 16 }, { width: 90 }];
  const title = ws.addRow([tx('workbook:guide.title', { name: template.name })]);
  ws.mergeCells(title.number, 1, title.number, 2);
  title.font = { name: FONT, size: 16, bold: true };
  title.height = 30;
  ws.addRow([]);
  const info: [string, string][] = [
    [
      tx('workbook:guide.template'),
      tx('workbook:guide.templateValue', { name: template.name, id: template.id, version: template.version }),
    ],
    ...(template.issuer ? [[tx('workbook:guide.issuer'), template.issuer] as [string, string]] : []),
    [
      tx('workbook:guide.year'),
      opts.year === undefined
        ? tx('workbook:guide.yearAny')
        : tx('workbook:guide.yearValue', { year: opts.year }),
    ],
    [tx('workbook:guide.unit'), opts.unit?.name ?? tx('workbook:guide.notSet')],
    [tx('workbook:guide.project'), opts.project?.name ?? tx('workbook:guide.notSet')],
    [tx('workbook:guide.deadline'), deadlineText(template, opts.year)],
    [
      tx('workbook:guide.tasks'),
      tx('workbook:guide.tasksValue', { count: tasks.length, names: tasks.map((t) => t.name).join('、') }),
    ],
  ];
  for (const [k, v] of info) {
    const row = ws.addRow([k, v]);
    row.getCell(1).font = { name: FONT, bold: true };
    row.getCell(2).font = { name: FONT };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).alignment = { vertical: 'top' };
  }
  ws.addRow([]);
  const how = ws.addRow([tx('workbook:guide.howTo')]);
  how.font = { name: FONT, size: 13, bold: true };
  txList('workbook:guide.steps').forEach((step, i) => {
    const row = ws.addRow([`${i + 1}.`, step]);
    row.getCell(1).alignment = { horizontal: 'right', vertical: 'top' };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.font = { name: FONT };
    // Rough CJK line count at this width, so wrapped steps are not cut off when printed.
    row.height = Math.max(1, Math.ceil([...step].length / 44)) * 16 + 4;
  });
  pageSetupA4(ws, false);
  return ws;
}

interface TaskSheetResult {
  placements: Placement[];
}

function writeTaskSheet(
  wb: ExcelJS.Workbook,
  name: string,
  template: Template,
  task: Task,
  opts: FillWorkbookOptions,
  listSource: ListSource,
): TaskSheetResult {
  const ws = wb.addWorksheet(name, {
    views: [
      {
        state: 'frozen',
        xSplit: 0,
        ySplit: HEADER_ROW,
        activeCell: `${columnLetter(COLUMNS.actual)}${HEADER_ROW + 1}`,
      },
    ],
  });
  ws.columns = COLUMN_KEYS.map((k) => ({ key: k, width: WIDTHS[k] }));
  const lastCol = COLUMN_KEYS.length;

  const title = ws.getRow(TITLE_ROW);
  title.getCell(1).value = tx('workbook:sheet.title', {
    task: task.name,
    year: opts.year === undefined ? '' : tx('workbook:sheet.titleYear', { year: opts.year }),
    unit: opts.unit ? tx('workbook:sheet.titleUnit', { unit: opts.unit.name }) : '',
  });
  ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, lastCol);
  title.font = { name: FONT, size: 14, bold: true };
  title.alignment = { vertical: 'middle' };
  title.height = 26;

  const header = ws.getRow(HEADER_ROW);
  for (const k of COLUMN_KEYS) {
    const cell = header.getCell(COLUMNS[k]);
    cell.value = tx(`workbook:sheet.header.${k}`);
    cell.font = { name: FONT, bold: true };
    cell.fill = fill(FILL_HEADER);
    cell.border = border();
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  header.height = 22;

  const groupNos = txList('workbook:sheet.groupNo');
  const placements: Placement[] = [];
  let rowNo = HEADER_ROW;
  let seq = 0;
  task.groups.forEach((group, gi) => {
    // Group header rows are not merged: a merged range over the code column would make the
    // group name look like a code to any reader that fills merged cells from their master.
    const gr = ws.getRow(++rowNo);
    gr.getCell(COLUMNS.label).value = tx('workbook:sheet.groupTitle', {
      no: groupNos[gi] ?? String(gi + 1),
      name: group.name,
    });
    for (let c = 1; c <= lastCol; c++) {
      const cell = gr.getCell(c);
      cell.fill = fill(FILL_GROUP);
      cell.border = border();
      cell.font = { name: FONT, bold: true };
    }
    for (const ind of group.indicators) {
      const row = ws.getRow(++rowNo);
      seq++;
      const calculated = !!ind.calculate;
      const targetable = takesTarget(ind);
      const fmt = numberFormat(ind);
      row.getCell(COLUMNS.no).value = seq;
      row.getCell(COLUMNS.code).value = ind.code;
      row.getCell(COLUMNS.label).value = ind.label;
      row.getCell(COLUMNS.unit).value = ind.type === 'percent' ? '%' : ind.unit;
      row.getCell(COLUMNS.hint).value = hintText(template, ind);

      const target = row.getCell(COLUMNS.target);
      const actual = row.getCell(COLUMNS.actual);
      const note = row.getCell(COLUMNS.note);
      if (targetable) {
        target.value = cellValueOf(template, ind, opts.targets?.[ind.code]);
        target.dataValidation = validationFor(template, ind, 'target', listSource);
      } else {
        target.value = tx('workbook:sheet.noTarget');
      }
      actual.value = cellValueOf(template, ind, opts.values?.[ind.code]);
      if (!calculated) actual.dataValidation = validationFor(template, ind, 'actual', listSource);
      note.value = opts.notes?.[ind.code] || null;
      note.dataValidation = textValidation(
        promptTitle(ind.label, tx('workbook:validation.promptNote')),
        tx('workbook:validation.promptNoteText'),
      );

      for (let c = 1; c <= lastCol; c++) {
        const cell = row.getCell(c);
        cell.border = border();
        cell.font = { name: FONT, ...(calculated ? { color: { argb: 'FF595959' } } : {}) };
        cell.alignment = {
          vertical: 'top',
          wrapText: c === COLUMNS.label || c === COLUMNS.note || c === COLUMNS.hint,
        };
        if (calculated) cell.fill = fill(FILL_CALCULATED);
      }
      row.getCell(COLUMNS.no).alignment = { vertical: 'top', horizontal: 'center' };
      row.getCell(COLUMNS.unit).alignment = { vertical: 'top', horizontal: 'center' };
      if (fmt) {
        if (targetable) target.numFmt = fmt;
        actual.numFmt = fmt;
      }
      note.numFmt = '@';
      // Only these cells are unlocked; the sheet protection keeps the rest as generated.
      const open: ExcelJS.Cell[] = calculated ? [note] : targetable ? [target, actual, note] : [actual, note];
      for (const cell of open) {
        cell.protection = { locked: false };
        cell.fill = fill(FILL_INPUT);
      }
      if (!targetable) target.alignment = { vertical: 'top', horizontal: 'center' };
      placements.push({ code: ind.code, task: task.code, sheet: name, row: rowNo });
    }
  });
  pageSetupA4(ws, true, `${TITLE_ROW}:${HEADER_ROW}`);
  ws.headerFooter = { oddFooter: '&C&P / &N' };
  return { placements };
}

/**
 * Meta sheet rows are `[kind, ...fields]` in columns A–H, so readers look for kinds rather than
 * row numbers. Rows are set explicitly: long choice lists may already occupy columns J onwards.
 */
function writeMeta(
  ws: ExcelJS.Worksheet,
  template: Template,
  opts: FillWorkbookOptions,
  sheets: { task: string; sheet: string }[],
  placements: Placement[],
): void {
  const rows: (string | number)[][] = [
    [META_MAGIC, META_FORMAT],
    ['templateId', template.id],
    ['templateVersion', template.version],
  ];
  if (opts.year !== undefined) rows.push(['year', opts.year]);
  if (opts.unit) rows.push(['unit', opts.unit.id, opts.unit.name]);
  if (opts.project) rows.push(['project', opts.project.id, opts.project.name]);
  for (const s of sheets) rows.push(['task', s.task, s.sheet]);
  // Where each indicator's cells are: row, then 本年实际 / 年度目标 / 备注 addresses.
  for (const p of placements)
    rows.push([
      'indicator',
      p.code,
      p.task,
      p.sheet,
      p.row,
      cellAddress(p.row, COLUMNS.actual),
      cellAddress(p.row, COLUMNS.target),
      cellAddress(p.row, COLUMNS.note),
    ]);
  rows.forEach((values, i) => {
    const row = ws.getRow(i + 1);
    values.forEach((v, c) => (row.getCell(c + 1).value = v));
  });
}

/** Writes a fill-in workbook for a template (all tasks, or `opts.taskCode` only). */
export async function writeFillWorkbook(
  template: Template,
  opts: FillWorkbookOptions = {},
): Promise<Uint8Array> {
  const tasks = opts.taskCode
    ? [findTask(template, opts.taskCode)].filter((t) => t !== undefined)
    : template.tasks;
  if (tasks.length === 0) throw new Error(`task ${opts.taskCode ?? ''} is not in template ${template.id}`);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tianbao';
  wb.created = new Date();
  wb.title = template.name;

  const taken = new Set<string>();
  const guideName = sheetNameFor(tx('workbook:guide.sheetName'), taken);
  taken.add(META_SHEET.toLowerCase());
  const guide = writeGuide(wb, guideName, template, tasks, opts);

  const sheetNames = tasks.map((t) => ({ task: t.code, sheet: sheetNameFor(t.name, taken) }));

  // Long lists live on the meta sheet (column J onwards); data validations may refer to them.
  const lists: string[][] = [];
  const listRanges = new Map<string, string>();
  const listSource: ListSource = (ind, labels) => {
    const inline = labels.join(',');
    if (inline.length + 2 <= INLINE_LIST_MAX && !labels.some((l) => /[,"]/.test(l))) return `"${inline}"`;
    const key = ind.type === 'boolean' ? '__boolean' : (ind.choices ?? ind.code);
    let ref = listRanges.get(key);
    if (!ref) {
      const col = columnLetter(LIST_FIRST_COLUMN + lists.length);
      lists.push(labels);
      ref = `'${META_SHEET}'!$${col}$1:$${col}$${labels.length}`;
      listRanges.set(key, ref);
    }
    return ref;
  };

  const placements: Placement[] = [];
  for (const [i, task] of tasks.entries()) {
    const name = sheetNames[i]!.sheet;
    placements.push(...writeTaskSheet(wb, name, template, task, opts, listSource).placements);
  }
  // Last, so the visible sheets keep their tab positions (activeTab counts hidden sheets too).
  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  writeMeta(meta, template, opts, sheetNames, placements);
  lists.forEach((labels, i) =>
    labels.forEach((l, r) => (meta.getCell(r + 1, LIST_FIRST_COLUMN + i).value = l)),
  );

  await protect(guide);
  for (const { sheet } of sheetNames) await protect(wb.getWorksheet(sheet)!);
  await meta.protect('', {});
  // Open on the first task sheet, the guide one click away.
  wb.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' },
  ];

  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

// ───────────────────────────── reading ─────────────────────────────

export interface FillMeta {
  templateId: string;
  templateVersion: string;
  taskCodes: string[];
  unitId?: string;
  unitName?: string;
  projectId?: string;
  projectName?: string;
  year?: number;
}

export type FillReadResult =
  | {
      ok: true;
      meta: FillMeta;
      /** 本年实际 by indicator code; null for a blank cell (the diff decides what blank means). */
      values: Record<string, Value>;
      /** 年度目标 by indicator code (numeric, non-calculated indicators only); null when blank. */
      targets: Record<string, Value>;
      /** 备注 by indicator code; '' when blank. */
      notes: Record<string, string>;
      /** Cells that could not be read, located; their indicators are left out of values/targets. */
      errors: WorkbookError[];
    }
  | { ok: false; errors: WorkbookError[] };

function fileError(code: string, key: string, params?: Record<string, string | number>): WorkbookError {
  return { sheet: '', cell: '', code, message: msg(`workbook:read.${key}`, params) };
}

function refused(...errors: WorkbookError[]): FillReadResult {
  return { ok: false, errors };
}

interface ParsedMeta {
  meta: FillMeta;
  sheets: Map<string, string>;
  placements: Map<string, { sheet: string; row: number }>;
}

function textOf(cell: ExcelJS.Cell): string {
  const r = cellText(cell);
  return r.ok ? r.text : '';
}

function parseMeta(ws: ExcelJS.Worksheet): ParsedMeta | WorkbookError {
  if (textOf(ws.getCell(1, 1)) !== META_MAGIC) return fileError('not-tianbao', 'notTianbao');
  const meta: Partial<FillMeta> & { taskCodes: string[] } = { taskCodes: [] };
  const sheets = new Map<string, string>();
  const placements = new Map<string, { sheet: string; row: number }>();
  for (const row of rowsWithValues(ws, 2)) {
    const f = [1, 2, 3, 4, 5].map((c) => textOf(row.getCell(c)));
    const [kind = '', a = '', b = '', c = '', d = ''] = f;
    switch (kind) {
      case 'templateId':
        meta.templateId = a;
        break;
      case 'templateVersion':
        meta.templateVersion = a;
        break;
      case 'year': {
        const year = Number(a);
        if (!Number.isInteger(year)) return fileError('bad-meta', 'badMeta', { key: 'year' });
        meta.year = year;
        break;
      }
      case 'unit':
        meta.unitId = a;
        meta.unitName = b;
        break;
      case 'project':
        meta.projectId = a;
        meta.projectName = b;
        break;
      case 'task':
        if (!a || !b) return fileError('bad-meta', 'badMeta', { key: 'task' });
        meta.taskCodes.push(a);
        sheets.set(a, b);
        break;
      case 'indicator':
        if (a && c && Number(d) > 0) placements.set(a, { sheet: c, row: Number(d) });
        break;
    }
  }
  if (!meta.templateId) return fileError('bad-meta', 'badMeta', { key: 'templateId' });
  if (!meta.templateVersion) return fileError('bad-meta', 'badMeta', { key: 'templateVersion' });
  if (meta.taskCodes.length === 0) return fileError('bad-meta', 'badMeta', { key: 'task' });
  return { meta: meta as FillMeta, sheets, placements };
}

type FillColumn = 'code' | 'label' | 'target' | 'actual' | 'note';
/** Headers as we write them (zh-CN) plus the English ones, in case a sheet was relabelled. */
const FILL_COLUMNS: readonly ColumnSpec<FillColumn>[] = (
  ['code', 'label', 'target', 'actual', 'note'] as const
).map((key) => ({
  key,
  names: [resources['zh-CN'].workbook.sheet.header[key], resources.en.workbook.sheet.header[key]],
  required: key === 'code' || key === 'actual',
}));

interface LocatedSheet {
  ws: ExcelJS.Worksheet;
  headerRow: number;
  cols: Partial<Record<FillColumn, number>>;
  /** Indicator codes in the code column with their rows. */
  codes: { code: string; row: number }[];
}

/** Header and code column of a sheet; rows are matched by code, so sorting or moving them is harmless. */
function locateSheet(ws: ExcelJS.Worksheet): LocatedSheet | null {
  const { row, match } = findHeaderRow(ws, FILL_COLUMNS);
  const cols = match.columns;
  if (cols.code === undefined) return null;
  const codes: { code: string; row: number }[] = [];
  for (const dataRow of rowsWithValues(ws, row.number + 1)) {
    const cell = dataRow.getCell(cols.code);
    // A merged area over the code column (a group title someone merged) is not a code.
    if (cell.isMerged && cell.master !== cell) continue;
    const text = textOf(cell);
    if (text !== '') codes.push({ code: text, row: dataRow.number });
  }
  return { ws, headerRow: row.number, cols, codes };
}

/**
 * Reads a filled-in workbook back. Refuses (`ok: false`) what cannot be trusted as a whole: not
 * one of ours, another template or version, a task sheet gone, indicator codes edited, added or
 * removed. Otherwise returns every value with every bad cell located (`ok: true`, `errors`).
 * Without `template`, the built-in template named in the workbook is used.
 */
export async function readFillWorkbook(bytes: Uint8Array, template?: Template): Promise<FillReadResult> {
  const opened = await openWorkbook(bytes);
  if (!opened.ok) return refused(opened.error);
  const wb = opened.workbook;
  const metaSheet = wb.getWorksheet(META_SHEET);
  if (!metaSheet) return refused(fileError('not-tianbao', 'notTianbao'));
  const parsed = parseMeta(metaSheet);
  if ('code' in parsed) return refused(parsed);
  const { meta, sheets, placements } = parsed;

  const tpl = template ?? getBuiltinTemplate(meta.templateId);
  if (!tpl)
    return refused(
      fileError('unknown-template', 'unknownTemplate', {
        id: meta.templateId,
        version: meta.templateVersion,
      }),
    );
  if (tpl.id !== meta.templateId)
    return refused(
      fileError('wrong-template', 'wrongTemplate', {
        fileId: meta.templateId,
        fileVersion: meta.templateVersion,
        expectedId: tpl.id,
        expectedVersion: tpl.version,
      }),
    );
  if (tpl.version !== meta.templateVersion)
    return refused(
      fileError('wrong-version', 'wrongVersion', {
        id: tpl.id,
        fileVersion: meta.templateVersion,
        expectedVersion: tpl.version,
      }),
    );

  const structural: WorkbookError[] = [];
  const errors: WorkbookError[] = [];
  const values: Record<string, Value> = {};
  const targets: Record<string, Value> = {};
  const notes: Record<string, string> = {};
  const claimed = new Set<ExcelJS.Worksheet>([metaSheet]);
  const located = new Map<ExcelJS.Worksheet, LocatedSheet | null>();
  const locate = (ws: ExcelJS.Worksheet) => {
    if (!located.has(ws)) located.set(ws, locateSheet(ws));
    return located.get(ws) ?? null;
  };

  for (const taskCode of meta.taskCodes) {
    const task = findTask(tpl, taskCode);
    if (!task) {
      structural.push(fileError('unknown-task', 'unknownTask', { task: taskCode, id: tpl.id }));
      continue;
    }
    const indicators = new Map(taskIndicators(task).map((i) => [i.code, i]));
    const sheetName = sheets.get(taskCode) ?? task.name;
    // By name first; a renamed sheet is still found by the codes in it.
    let ws = wb.getWorksheet(sheetName);
    if (!ws || claimed.has(ws))
      ws = wb.worksheets.find(
        (w) => !claimed.has(w) && !!locate(w)?.codes.some((c) => indicators.has(c.code)),
      );
    if (!ws) {
      structural.push({
        sheet: sheetName,
        cell: '',
        code: 'sheet-missing',
        message: msg('workbook:read.sheetMissing', { task: task.name, sheet: sheetName }),
      });
      continue;
    }
    claimed.add(ws);
    const sheet = locate(ws);
    const header = tx('workbook:sheet.header.code');
    if (!sheet || sheet.cols.actual === undefined) {
      structural.push({
        sheet: ws.name,
        cell: '',
        code: 'header-missing',
        message: msg('workbook:read.headerMissing', {
          sheet: ws.name,
          header: sheet ? tx('workbook:sheet.header.actual') : header,
        }),
      });
      continue;
    }
    const { cols } = sheet;
    const codeCol = cols.code!;
    const actualCol = sheet.cols.actual;
    const rows = new Map<string, number>();
    for (const { code, row } of sheet.codes) {
      const where = cellAddress(row, codeCol);
      const ind = indicators.get(code);
      if (!ind) {
        structural.push({
          sheet: ws.name,
          cell: where,
          code: 'unknown-code',
          message: msg('workbook:read.unknownCode', { code, task: task.name }),
        });
        continue;
      }
      const first = rows.get(code);
      if (first !== undefined) {
        structural.push({
          sheet: ws.name,
          cell: where,
          code: 'duplicate-code',
          message: msg('workbook:read.duplicateCode', { code, other: cellAddress(first, codeCol) }),
        });
        continue;
      }
      // A code typed over another indicator's code shows as a name that does not belong to it.
      if (cols.label !== undefined) {
        const found = textOf(ws.getRow(row).getCell(cols.label));
        if (found !== '' && found !== ind.label) {
          structural.push({
            sheet: ws.name,
            cell: where,
            code: 'label-mismatch',
            message: msg('workbook:read.labelMismatch', { code, expected: ind.label, found }),
          });
          continue;
        }
      }
      rows.set(code, row);
    }
    for (const ind of indicators.values()) {
      if (rows.has(ind.code) || sheet.codes.some((c) => c.code === ind.code)) continue;
      const placed = placements.get(ind.code);
      structural.push({
        sheet: ws.name,
        cell: placed ? cellAddress(placed.row, codeCol) : '',
        code: 'missing-code',
        message: msg('workbook:read.missingCode', { code: ind.code, label: ind.label }),
      });
    }

    for (const [code, rowNo] of rows) {
      const ind = indicators.get(code)!;
      const row = ws.getRow(rowNo);
      const choices = indicatorChoices(tpl, ind);
      if (cols.note !== undefined) notes[code] = textOf(row.getCell(cols.note));
      if (ind.calculate) continue;
      const actual = cellValue(row.getCell(actualCol), ind, choices);
      if (actual.ok) values[code] = actual.value;
      else errors.push(actual.error);
      if (cols.target !== undefined && isNumericType(ind.type)) {
        const asTarget = { ...ind, label: tx('workbook:sheet.targetLabel', { label: ind.label }) };
        const target = cellValue(row.getCell(cols.target), asTarget, choices);
        if (target.ok) targets[code] = target.value;
        else errors.push(target.error);
      }
    }
  }
  if (structural.length > 0) return refused(...structural, ...errors);
  return { ok: true, meta, values, targets, notes, errors };
}
