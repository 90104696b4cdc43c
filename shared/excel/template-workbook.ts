/**
 * Template workbooks: a programme defined in Excel, the way XLSForm defines a survey, but in
 * Chinese and for reporting templates. One sheet per part of the Template model:
 *
 *   设置      key/value settings (模板编号, 版本, 名称, 年度, 截止日期, 等级 …)
 *   任务      tasks (also accepts `2025年目标`-style target columns)
 *   任务目标  national targets per task (year, text, value, unit)
 *   指标      indicators, with their group, field rule, condition and formula
 *   规则      cross-field task rules, and further field rules of an indicator
 *   选项      choice lists
 *   报告提纲  annual report outline
 *   评分      scoring dimensions by part;  评分组合  how parts combine;  等级  grade bands
 *   资金来源  funding sources;  阶段  stages and their deadlines
 *
 * Reading collects every located problem in one pass — cell-level problems first, then the
 * template checker's semantic issues mapped back to the cell they came from — and returns a
 * template only when the whole workbook is valid. Writing is the exact inverse, so a round trip
 * is lossless for every field of the model.
 */
import ExcelJS from 'exceljs';
import { identifiersOf, parseExpression, type Value } from '../domain/expr/index.ts';
import {
  INDICATOR_TYPES,
  PROJECT_LEVELS,
  templateSchema,
  type Indicator,
  type IndicatorType,
  type ProjectLevel,
  type Template,
} from '../domain/template.ts';
import { checkTemplate, type TemplateIssue } from '../domain/template-check.ts';
import { checkRange, parseInput, toHalfWidth } from '../domain/value-input.ts';
import { createTranslator, DEFAULT_LOCALE, type Locale } from '../i18n/index.ts';
import { msg, type MessageParams } from '../i18n/message.ts';
import { contentText, numberText, readCell, rowsWithValues } from './cells.ts';
import { cellAddress, codeFromKey, parseAddress, workbookError, type WorkbookError } from './errors.ts';
import { findHeaderRow, findSheet, normalizeHeader, type ColumnSpec } from './headers.ts';
import { openWorkbook, type OpenOptions } from './open.ts';

// ─── The format ─────────────────────────────────────────────────────────────────────────────────

export const TEMPLATE_SHEETS = {
  settings: { name: '设置', aliases: ['settings', 'setting'] },
  tasks: { name: '任务', aliases: ['tasks', 'task'] },
  targets: { name: '任务目标', aliases: ['目标', 'targets', 'national targets'] },
  indicators: { name: '指标', aliases: ['indicators', 'indicator', 'survey'] },
  rules: { name: '规则', aliases: ['校验规则', 'rules', 'cross-field rules'] },
  choices: { name: '选项', aliases: ['choices', 'choice lists'] },
  outline: { name: '报告提纲', aliases: ['提纲', 'outline', 'report outline'] },
  scoring: { name: '评分', aliases: ['评分维度', 'scoring', 'dimensions'] },
  combinations: { name: '评分组合', aliases: ['combinations', 'scoring combinations'] },
  grades: { name: '等级', aliases: ['等级划分', 'grades', 'grade bands'] },
  funding: { name: '资金来源', aliases: ['资金', 'funding', 'funding sources'] },
  stages: { name: '阶段', aliases: ['评价阶段', 'stages'] },
} as const;
type SheetKey = keyof typeof TEMPLATE_SHEETS;
/** The model collection each sheet holds (for locating whole-collection issues). */
const SHEET_ROOTS: Partial<Record<SheetKey, string>> = {
  settings: '',
  tasks: 'tasks',
  choices: 'choiceLists',
  outline: 'outline',
  scoring: 'scoring',
  combinations: 'scoring.combinations',
  grades: 'grades',
  funding: 'funding',
  stages: 'stages',
};

interface Column<K extends string> extends ColumnSpec<K> {
  /** Width in Excel's character units. */
  width: number;
  /** Stored as text ('@') so Excel keeps `001` and `12-15` as typed. */
  text?: boolean;
}

function columns<K extends string>(list: Column<K>[]): Column<K>[] {
  return list;
}

const SETTINGS_COLUMNS = columns([
  { key: 'item', names: ['设置项', '项目', 'setting', 'item', 'key'], width: 14 },
  { key: 'value', names: ['值', '内容', 'value'], width: 48, text: true },
  { key: 'note', names: ['说明', 'note', 'description'], width: 60 },
]);

const SETTING_KEYS = [
  { key: 'id', names: ['模板编号', '编号', 'template id', 'id', 'form_id'] },
  { key: 'version', names: ['版本', '版本号', 'version'] },
  { key: 'name', names: ['名称', '模板名称', 'name', 'title', 'form_title'] },
  { key: 'programme', names: ['计划名称', '所属计划', '项目名称', 'programme', 'program'] },
  { key: 'issuer', names: ['发文字号', '依据文件', 'issuer', 'document'] },
  { key: 'years', names: ['年度', '适用年度', 'years', 'year'] },
  { key: 'deadline', names: ['截止日期', '填报截止日期', 'deadline'] },
  { key: 'grades', names: ['等级', 'grades'] },
  { key: 'fundingUnit', names: ['资金单位', '资金计量单位', 'funding unit'] },
] as const;
type SettingKey = (typeof SETTING_KEYS)[number]['key'];
const REQUIRED_SETTINGS: readonly SettingKey[] = ['id', 'version', 'name', 'years', 'deadline'];

function settingName(key: SettingKey): string {
  return SETTING_KEYS.find((s) => s.key === key)?.names[0] ?? key;
}

const TASK_COLUMNS = columns([
  { key: 'code', names: ['任务编码', 'task code', 'code'], required: true, width: 10, text: true },
  { key: 'no', names: ['序号', 'no', 'number', 'order'], width: 6 },
  { key: 'name', names: ['任务名称', 'task name', 'name'], required: true, width: 28 },
  { key: 'description', names: ['说明', '任务说明', 'description'], width: 60 },
  { key: 'levels', names: ['项目层级', '层级', 'levels', 'level'], width: 24 },
  { key: 'subTypes', names: ['项目类型', '子类型', 'sub types', 'subtypes'], width: 24 },
]);

const TARGET_COLUMNS = columns([
  { key: 'task', names: ['任务编码', 'task code', 'task'], required: true, width: 10, text: true },
  { key: 'year', names: ['年度', '年份', 'year'], required: true, width: 8 },
  { key: 'text', names: ['目标内容', '目标', 'target', 'text'], required: true, width: 70 },
  { key: 'value', names: ['目标值', '数量', 'value'], width: 10 },
  { key: 'unit', names: ['单位', 'unit'], width: 8 },
]);

const INDICATOR_COLUMNS = columns([
  { key: 'task', names: ['任务编码', 'task code', 'task'], required: true, width: 10, text: true },
  { key: 'group', names: ['分组编码', 'group code', 'group'], width: 10, text: true },
  { key: 'groupName', names: ['分组名称', 'group name'], width: 16 },
  {
    key: 'code',
    names: ['指标编码', 'indicator code', 'code', 'name'],
    required: true,
    width: 11,
    text: true,
  },
  { key: 'label', names: ['指标名称', 'indicator name', 'label'], required: true, width: 36 },
  { key: 'type', names: ['类型', '数据类型', 'type'], required: true, width: 9 },
  { key: 'unit', names: ['单位', '计量单位', 'unit'], width: 7 },
  { key: 'required', names: ['必填', '是否必填', 'required'], width: 6 },
  { key: 'min', names: ['最小值', 'min', 'minimum'], width: 8 },
  { key: 'max', names: ['最大值', 'max', 'maximum'], width: 8 },
  { key: 'decimals', names: ['小数位数', '小数位', 'decimals'], width: 8 },
  {
    key: 'choices',
    names: ['选项列表', '选项', 'choices', 'choice list', 'list name'],
    width: 12,
    text: true,
  },
  { key: 'ruleExpr', names: ['校验规则', 'constraint', 'rule'], width: 24 },
  { key: 'ruleMessage', names: ['校验提示', 'constraint message', 'rule message'], width: 36 },
  { key: 'ruleId', names: ['规则编号', 'rule id'], width: 9, text: true },
  { key: 'ruleSeverity', names: ['规则级别', '校验级别', 'rule severity', 'severity'], width: 8 },
  { key: 'relevant', names: ['显示条件', 'relevant', 'relevance'], width: 20 },
  { key: 'calculate', names: ['计算公式', 'calculation', 'calculate', 'formula'], width: 24 },
  { key: 'evidence', names: ['需佐证', '需要佐证', '佐证材料', 'evidence', 'evidence required'], width: 7 },
  { key: 'yoy', names: ['同比预警阈值', '同比预警阈值(%)', '同比预警', 'yoy threshold', 'yoy'], width: 10 },
  { key: 'help', names: ['填报说明', '说明', 'hint', 'help'], width: 50 },
]);

const RULE_COLUMNS = columns([
  { key: 'task', names: ['任务编码', 'task code', 'task'], width: 10, text: true },
  { key: 'indicator', names: ['指标编码', 'indicator code', 'indicator'], width: 11, text: true },
  { key: 'id', names: ['规则编号', 'rule id', 'id'], width: 9, text: true },
  { key: 'expr', names: ['校验规则', '规则', 'constraint', 'rule', 'expression'], required: true, width: 40 },
  { key: 'message', names: ['校验提示', '提示', 'constraint message', 'message'], required: true, width: 60 },
  { key: 'severity', names: ['级别', '规则级别', 'severity'], width: 8 },
]);

const CHOICE_COLUMNS = columns([
  { key: 'list', names: ['列表名', '选项列表', 'list name', 'list'], required: true, width: 16, text: true },
  { key: 'code', names: ['编码', '选项编码', 'code', 'name'], required: true, width: 16, text: true },
  { key: 'label', names: ['名称', '选项名称', 'label'], required: true, width: 30 },
]);

const OUTLINE_COLUMNS = columns([
  { key: 'code', names: ['章节编码', 'section code', 'code'], required: true, width: 10, text: true },
  { key: 'title', names: ['章节名称', '章节标题', 'section title', 'title'], required: true, width: 20 },
  { key: 'guidance', names: ['写作要求', '说明', 'guidance'], width: 70 },
  { key: 'maxChars', names: ['字数上限', '最多字数', 'max chars', 'max length'], width: 9 },
  { key: 'minChars', names: ['字数下限', '最少字数', 'min chars', 'min length'], width: 9 },
]);

const SCORING_COLUMNS = columns([
  { key: 'part', names: ['部分编码', '评分部分', 'part code', 'part'], width: 10, text: true },
  { key: 'partName', names: ['部分名称', 'part name'], width: 14 },
  { key: 'code', names: ['维度编码', 'dimension code', 'code'], required: true, width: 10, text: true },
  { key: 'name', names: ['维度名称', 'dimension name', 'name'], required: true, width: 20 },
  { key: 'weight', names: ['权重', '权重(%)', 'weight'], required: true, width: 8 },
  { key: 'maxScore', names: ['满分', 'max score'], width: 8 },
  { key: 'guidance', names: ['评分要点', '说明', 'guidance'], width: 60 },
]);

const COMBINATION_COLUMNS = columns([
  { key: 'code', names: ['组合编码', 'combination code', 'code'], required: true, width: 10, text: true },
  { key: 'name', names: ['组合名称', 'combination name', 'name'], width: 14 },
  { key: 'slot', names: ['组合项编码', '组合项', 'slot'], width: 12, text: true },
  { key: 'part', names: ['评分部分', '部分编码', 'part'], required: true, width: 10, text: true },
  { key: 'label', names: ['显示名称', '名称', 'label'], width: 16 },
  { key: 'weight', names: ['权重', '权重(%)', 'weight'], required: true, width: 8 },
]);

const GRADE_COLUMNS = columns([
  { key: 'name', names: ['等级', '等级名称', 'grade', 'name'], required: true, width: 12 },
  { key: 'minScore', names: ['最低分', '分数线', 'min score', 'minimum score'], required: true, width: 10 },
]);

const FUNDING_COLUMNS = columns([
  { key: 'code', names: ['来源编码', 'source code', 'code'], required: true, width: 14, text: true },
  { key: 'name', names: ['来源名称', '资金来源', 'source name', 'name'], required: true, width: 24 },
]);

const STAGE_COLUMNS = columns([
  { key: 'code', names: ['阶段编码', 'stage code', 'code'], required: true, width: 12, text: true },
  { key: 'name', names: ['阶段名称', 'stage name', 'name'], required: true, width: 18 },
  { key: 'deadline', names: ['截止日期', 'deadline'], width: 10, text: true },
]);

/** Type words as written (the first) and accepted. */
const TYPE_WORDS: Record<IndicatorType, readonly string[]> = {
  integer: ['整数', '整数型', 'integer', 'int'],
  decimal: ['小数', '数值', '数字', 'decimal', 'number'],
  percent: ['百分比', '百分数', '比例', '比率', 'percent', 'percentage'],
  money: ['金额', '货币', 'money', 'currency'],
  text: ['文本', '文字', 'text', 'string'],
  date: ['日期', 'date'],
  choice: ['单选', '选择', '选项', 'choice', 'select', 'select_one'],
  boolean: ['是否', '是/否', '布尔', 'boolean', 'bool', 'yes/no', 'yesno'],
};
const SEVERITY_WORDS = {
  error: ['错误', '阻止', 'error'],
  warning: ['警告', '提醒', '提示', 'warning', 'warn'],
} as const;
/** The hidden sheet that marks a fill-in workbook (see fill-workbook.ts). */
const FILL_META_SHEET = '_tianbao';
const YES = '是';
const NO = '否';
const CODE_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const TEMPLATE_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const VERSION_PATTERN = /^\d+(\.\d+)*$/;
/** List separators people use in one cell: 、 , ， ; ； and line breaks. */
const LIST_SEPARATORS = /[、,，;；\n\r]+/;
/** Defaults for the parts of the format the issue's minimal workbook leaves out. */
const DEFAULT_GROUP_NAME = '绩效指标';
const DEFAULT_PART = { code: 'main', name: '综合评价' };
const DEFAULT_COMBINATION = { code: 'std', name: '标准' };
const DEFAULT_STAGE = { code: 'self', name: '单位自评' };

function typeWord(type: IndicatorType): string {
  return TYPE_WORDS[type][0] as string;
}

function lookupWord<T extends string>(table: Record<T, readonly string[]>, text: string): T | undefined {
  const n = normalizeHeader(text);
  for (const [key, words] of Object.entries(table) as [T, readonly string[]][]) {
    if (words.some((w) => normalizeHeader(w) === n)) return key;
  }
  return undefined;
}

function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

// ─── Reading ────────────────────────────────────────────────────────────────────────────────────

interface Loc {
  sheet: string;
  cell: string;
}
/** Where each field of a model object came from, by field name ('' for the object itself). */
type Locs = Record<string, Loc>;

/** A parsed table: header columns and the data rows (blank and hidden rows already skipped). */
interface Table<K extends string> {
  ws: ExcelJS.Worksheet;
  sheet: string;
  spec: readonly Column<K>[];
  cols: Partial<Record<K, number>>;
  unknown: { col: number; text: string }[];
  rows: ExcelJS.Row[];
}

interface RuleDraft {
  rule: { id: string; expr: string; message: string; severity: 'error' | 'warning' };
  locs: Locs;
}
interface IndicatorDraft {
  value: Omit<Indicator, 'rules'>;
  rules: RuleDraft[];
  locs: Locs;
  taskCode: string;
}
interface GroupDraft {
  /** The group code, or `name:…` for groups named without a code. */
  key: string;
  code: string;
  name: string;
  indicators: IndicatorDraft[];
  locs: Locs;
}
interface TaskDraft {
  code: string;
  no: number;
  name: string;
  description: string;
  levels: ProjectLevel[];
  subTypes: string[];
  targets: { value: { year: number; text: string; value?: number; unit?: string }; locs: Locs }[];
  groups: GroupDraft[];
  rules: RuleDraft[];
  locs: Locs;
}

/** A stand-in indicator so template fields go through the same typed-input rules as values. */
function fieldIndicator(label: string, type: IndicatorType, extra: Partial<Indicator> = {}): Indicator {
  return { code: 'X', label, unit: '', type, required: false, evidenceRequired: false, rules: [], ...extra };
}

export type ReadTemplateResult = { ok: true; template: Template } | { ok: false; errors: WorkbookError[] };

class TemplateReader {
  readonly errors: WorkbookError[] = [];
  private readonly errorCells = new Set<string>();
  /** Indicator codes whose own row is broken: semantic issues about them wait for the fix. */
  private readonly tainted = new Set<string>();
  /** Set when something missing makes a semantic check meaningless (no tasks, no 指标 sheet …). */
  private structural = false;
  /** Task codes named on some 指标 row, even a broken one. */
  private readonly referencedTasks = new Set<string>();
  /** Only then can a task be said to have no indicators. */
  private indicatorSheetRead = false;

  constructor(private readonly wb: ExcelJS.Workbook) {}

  fail(error: WorkbookError): void {
    this.errors.push(error);
    if (error.cell !== '') this.errorCells.add(`${error.sheet}!${error.cell}`);
  }

  private failAt(sheet: string, cell: string, code: string, key: string, params?: MessageParams): void {
    this.fail(workbookError(sheet, cell, code, `template.${key}`, params));
  }

  private sheet(key: SheetKey): ExcelJS.Worksheet | undefined {
    const def = TEMPLATE_SHEETS[key];
    return findSheet(this.wb, [def.name, ...def.aliases]);
  }

  private table<K extends string>(
    key: SheetKey,
    spec: readonly Column<K>[],
    required: boolean,
  ): Table<K> | null {
    const ws = this.sheet(key);
    if (!ws) {
      if (required) {
        this.structural = true;
        this.failAt(TEMPLATE_SHEETS[key].name, '', 'missing-sheet', 'missingSheet', {
          sheet: TEMPLATE_SHEETS[key].name,
        });
      }
      return null;
    }
    const { row: header, match } = findHeaderRow(ws, spec);
    if (match.errors.length > 0) {
      this.structural = true;
      match.errors.forEach((e) => this.fail(e));
      return null;
    }
    const rows: ExcelJS.Row[] = [];
    for (const row of rowsWithValues(ws, header.number + 1)) {
      if (row.hidden || this.blank(row, match.columns)) continue;
      rows.push(row);
    }
    return { ws, sheet: ws.name, spec, cols: match.columns, unknown: match.unknown, rows };
  }

  /** Blank within the known columns (notes beside the table do not make a row). */
  private blank<K extends string>(row: ExcelJS.Row, cols: Partial<Record<K, number>>): boolean {
    for (const col of Object.values(cols) as number[]) {
      const read = readCell(row.getCell(col));
      if (!read.ok || read.content.kind !== 'blank') return false;
    }
    return true;
  }

  // ── field readers: each records its own located errors and returns undefined on blank/error ──

  private loc<K extends string>(t: Table<K>, row: ExcelJS.Row, key: K): Loc {
    const col = t.cols[key];
    return { sheet: t.sheet, cell: col === undefined ? '' : cellAddress(row.number, col) };
  }

  private label<K extends string>(t: Table<K>, key: K): string {
    return t.spec.find((c) => c.key === key)?.names[0] ?? key;
  }

  private text<K extends string>(
    t: Table<K>,
    row: ExcelJS.Row,
    key: K,
    required = false,
  ): string | undefined {
    const col = t.cols[key];
    const where = this.loc(t, row, key);
    // Required columns are checked with the header row; an absent optional column reads as blank.
    if (col === undefined) return undefined;
    const read = readCell(row.getCell(col));
    if (!read.ok) {
      this.fail(read.error);
      return undefined;
    }
    const text = contentText(read.content);
    if (text === '') {
      if (required)
        this.failAt(where.sheet, where.cell, 'required', 'required', { column: this.label(t, key) });
      return undefined;
    }
    return text;
  }

  private code<K extends string>(
    t: Table<K>,
    row: ExcelJS.Row,
    key: K,
    required = false,
  ): string | undefined {
    const text = this.text(t, row, key, required);
    if (text === undefined) return undefined;
    const code = toHalfWidth(text).trim();
    if (!CODE_PATTERN.test(code)) {
      const where = this.loc(t, row, key);
      this.failAt(where.sheet, where.cell, 'bad-code', 'badCode', {
        column: this.label(t, key),
        value: text,
      });
      return undefined;
    }
    return code;
  }

  /** Numbers exactly as stored when the cell is numeric; text goes through parseInput. */
  private number<K extends string>(
    t: Table<K>,
    row: ExcelJS.Row,
    key: K,
    opts: {
      percent?: boolean;
      integer?: boolean;
      min?: number;
      max?: number;
      positive?: boolean;
      required?: boolean;
    } = {},
  ): number | undefined {
    const col = t.cols[key];
    const where = this.loc(t, row, key);
    const label = this.label(t, key);
    if (col === undefined) return undefined;
    const read = readCell(row.getCell(col));
    if (!read.ok) {
      this.fail(read.error);
      return undefined;
    }
    const content = read.content;
    if (content.kind === 'blank') {
      if (opts.required) this.failAt(where.sheet, where.cell, 'required', 'required', { column: label });
      return undefined;
    }
    const type: IndicatorType = opts.percent ? 'percent' : opts.integer ? 'integer' : 'decimal';
    const ind = fieldIndicator(label, type, {
      decimals: 6,
      ...(opts.min === undefined ? {} : { min: opts.min }),
      ...(opts.max === undefined ? {} : { max: opts.max }),
    });
    let value: number;
    // A number cell is exact (lossless round trip); only a bare number typed for a percentage
    // field needs value-input's reading (35 means 35%).
    if (content.kind === 'number' && (!opts.percent || content.percent || Math.abs(content.value) <= 1)) {
      value = content.value;
      if (opts.integer && !Number.isInteger(value)) {
        this.fail(this.inputError(where, msg('input:notInteger', { label, text: numberText(value) })));
        return undefined;
      }
      const range = checkRange(ind, value);
      if (range) {
        this.fail(this.inputError(where, range));
        return undefined;
      }
    } else {
      const parsed = parseInput(ind, content.kind === 'text' ? content.text : contentText(content));
      if (!parsed.ok) {
        this.fail(this.inputError(where, parsed.message));
        return undefined;
      }
      value = parsed.value as number;
    }
    if (opts.positive && value <= 0) {
      this.failAt(where.sheet, where.cell, 'not-positive', 'notPositive', { column: label });
      return undefined;
    }
    return value;
  }

  private inputError(where: Loc, message: { key: string; params?: MessageParams }): WorkbookError {
    return { sheet: where.sheet, cell: where.cell, code: codeFromKey(message.key), message };
  }

  private bool<K extends string>(t: Table<K>, row: ExcelJS.Row, key: K): boolean | undefined {
    const text = this.text(t, row, key);
    if (text === undefined) return undefined;
    const parsed = parseInput(fieldIndicator(this.label(t, key), 'boolean'), text);
    if (!parsed.ok) {
      this.fail(this.inputError(this.loc(t, row, key), parsed.message));
      return undefined;
    }
    return parsed.value === true;
  }

  private severity<K extends string>(t: Table<K>, row: ExcelJS.Row, key: K): 'error' | 'warning' | undefined {
    const text = this.text(t, row, key);
    if (text === undefined) return undefined;
    const severity = lookupWord(SEVERITY_WORDS, text);
    if (!severity) {
      const where = this.loc(t, row, key);
      this.failAt(where.sheet, where.cell, 'bad-severity', 'badSeverity', { value: text });
    }
    return severity;
  }

  // ── sheets ──

  private settings(): Partial<Record<SettingKey, { text: string; loc: Loc; row: ExcelJS.Row }>> {
    const ws = this.sheet('settings');
    const found: Partial<Record<SettingKey, { text: string; loc: Loc; row: ExcelJS.Row }>> = {};
    const sheet = TEMPLATE_SHEETS.settings.name;
    if (!ws) {
      this.structural = true;
      this.failAt(sheet, '', 'missing-sheet', 'missingSheet', { sheet });
      return found;
    }
    const headerWords = new Set(SETTINGS_COLUMNS.flatMap((c) => c.names.map(normalizeHeader)));
    const rows: Record<string, number> = {};
    for (const row of rowsWithValues(ws)) {
      const n = row.number;
      if (row.hidden) continue;
      const keyRead = readCell(row.getCell(1));
      const keyText = keyRead.ok ? contentText(keyRead.content) : '';
      if (keyText === '' || headerWords.has(normalizeHeader(keyText))) continue;
      const setting = SETTING_KEYS.find((s) =>
        s.names.some((name) => normalizeHeader(name) === normalizeHeader(keyText)),
      );
      if (!setting) {
        this.failAt(ws.name, cellAddress(n, 1), 'unknown-setting', 'unknownSetting', {
          name: keyText,
          names: SETTING_KEYS.map((s) => s.names[0]).join('、'),
        });
        continue;
      }
      const first = rows[setting.key];
      if (first !== undefined) {
        this.failAt(ws.name, cellAddress(n, 1), 'duplicate-setting', 'duplicateSetting', {
          name: setting.names[0],
          first,
        });
        continue;
      }
      rows[setting.key] = n;
      const cell = row.getCell(2);
      const loc = { sheet: ws.name, cell: cellAddress(n, 2) };
      const read = readCell(cell);
      if (!read.ok) {
        this.fail(read.error);
        found[setting.key] = { text: '', loc, row };
        continue;
      }
      // Deadlines typed as 12-15 often become dates in Excel; keep month and day.
      const text =
        read.content.kind === 'date' && setting.key === 'deadline'
          ? read.content.iso.slice(5)
          : contentText(read.content);
      found[setting.key] = { text, loc, row };
    }
    for (const key of REQUIRED_SETTINGS) {
      const entry = found[key];
      const name = settingName(key);
      if (!entry) this.failAt(ws.name, '', 'missing-setting', 'missingSetting', { name });
      else if (entry.text === '' && !this.errorCells.has(`${entry.loc.sheet}!${entry.loc.cell}`))
        this.failAt(entry.loc.sheet, entry.loc.cell, 'required', 'required', { column: name });
    }
    return found;
  }

  /** `12-15`, `12月15日`, `12/15`, or a date cell → MM-DD; undefined (with an error) otherwise. */
  private deadline(text: string, loc: Loc, column: string): string | undefined {
    const s = toHalfWidth(text).trim();
    const m = /^(?:\d{4}[-/.年])?(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?$/.exec(s);
    if (!m) {
      this.failAt(loc.sheet, loc.cell, 'bad-deadline', 'badDeadline', { column, value: text });
      return undefined;
    }
    return `${(m[1] as string).padStart(2, '0')}-${(m[2] as string).padStart(2, '0')}`;
  }

  private years(text: string, loc: Loc): number[] | undefined {
    const s = toHalfWidth(text)
      .replace(/年/g, '')
      .replace(/\s*(?:-|~|至|到)\s*/g, '-');
    const years: number[] = [];
    for (const token of s.split(/[、,，;；\s]+/).filter((x) => x !== '')) {
      const m = /^(\d{4})(?:-(\d{4}))?$/.exec(token);
      const from = m ? Number(m[1]) : NaN;
      const to = m?.[2] === undefined ? from : Number(m[2]);
      if (!m || from < 2000 || to > 2100 || to < from) {
        this.failAt(loc.sheet, loc.cell, 'bad-years', 'badYears', { value: text });
        return undefined;
      }
      for (let y = from; y <= to; y++) years.push(y);
    }
    if (years.length === 0) {
      this.failAt(loc.sheet, loc.cell, 'bad-years', 'badYears', { value: text });
      return undefined;
    }
    return years;
  }

  read(): ReadTemplateResult {
    const present = (['settings', 'tasks', 'indicators'] as const).filter((k) => this.sheet(k));
    if (present.length === 0) {
      // A fill-in workbook (it carries the hidden `_tianbao` sheet) is the usual mix-up: say so.
      const isFill = this.wb.worksheets.some((w) => w.name === FILL_META_SHEET);
      return {
        ok: false,
        errors: [
          workbookError(
            '',
            '',
            'not-template-workbook',
            isFill ? 'template.fillWorkbook' : 'template.notTemplate',
            {
              sheets: this.wb.worksheets
                .filter((w) => w.state === 'visible')
                .map((w) => w.name)
                .join('、'),
            },
          ),
        ],
      };
    }

    const settings = this.settings();
    const rootLocs: Locs = {};
    const setting = (key: SettingKey) => {
      const entry = settings[key];
      if (entry) rootLocs[key] = entry.loc;
      return entry && entry.text !== '' ? entry : undefined;
    };
    const id = setting('id');
    if (id && !TEMPLATE_ID_PATTERN.test(id.text))
      this.failAt(id.loc.sheet, id.loc.cell, 'bad-template-id', 'badTemplateId', { value: id.text });
    const version = setting('version');
    if (version && !VERSION_PATTERN.test(version.text))
      this.failAt(version.loc.sheet, version.loc.cell, 'bad-version', 'badVersion', { value: version.text });
    const yearsEntry = setting('years');
    const years = yearsEntry ? this.years(yearsEntry.text, yearsEntry.loc) : undefined;
    const deadlineEntry = setting('deadline');
    const deadline = deadlineEntry
      ? this.deadline(deadlineEntry.text, deadlineEntry.loc, settingName('deadline'))
      : undefined;
    const name = setting('name');
    const programme = setting('programme');
    const issuer = setting('issuer');
    const gradeNames = setting('grades');
    const fundingUnit = setting('fundingUnit');

    const tasks = this.tasks();
    this.targets(tasks);
    const indicators = this.indicators(tasks);
    this.rules(tasks, indicators);
    const choiceLists = this.choices();
    const outline = this.outline();
    const scoring = this.scoring();
    const grades = this.grades(gradeNames);
    const funding = this.funding(fundingUnit);
    const stages = this.stages(deadline);

    for (const task of tasks) {
      if (this.indicatorSheetRead && task.groups.length === 0 && !this.referencedTasks.has(task.code)) {
        const loc = task.locs.code ?? { sheet: TEMPLATE_SHEETS.tasks.name, cell: '' };
        this.failAt(loc.sheet, loc.cell, 'task-without-indicators', 'taskWithoutIndicators', {
          name: task.name,
          code: task.code,
        });
      }
    }

    // Assemble with the fallbacks in place, remembering where every field came from.
    const paths = new Map<string, Loc>();
    const register = (base: string, locs: Locs) => {
      for (const [field, loc] of Object.entries(locs)) {
        paths.set(field === '' ? base : base === '' ? field : `${base}.${field}`, loc);
      }
    };
    // Whole-collection issues land on the sheet that holds the collection.
    for (const [key, root] of Object.entries(SHEET_ROOTS) as [SheetKey, string][]) {
      paths.set(root, { sheet: this.sheet(key)?.name ?? TEMPLATE_SHEETS[key].name, cell: '' });
    }
    register('', rootLocs);

    const usable = tasks.filter((t) => t.groups.length > 0);
    const templateTasks = usable.map((task, ti) => {
      register(`tasks[${ti}]`, task.locs);
      task.targets.forEach((x, i) => register(`tasks[${ti}].nationalTargets[${i}]`, x.locs));
      return {
        code: task.code,
        no: task.no,
        name: task.name,
        description: task.description,
        nationalTargets: task.targets.map((x) => x.value),
        levels: task.levels,
        subTypes: task.subTypes,
        groups: task.groups.map((g, gi) => {
          register(`tasks[${ti}].groups[${gi}]`, g.locs);
          return {
            code: g.code,
            name: g.name,
            indicators: g.indicators.map((ind, ii) => {
              const base = `tasks[${ti}].groups[${gi}].indicators[${ii}]`;
              register(base, ind.locs);
              ind.rules.forEach((r, ri) => register(`${base}.rules[${ri}]`, r.locs));
              return { ...ind.value, rules: ind.rules.map((r) => r.rule) };
            }),
          };
        }),
        rules: task.rules.map((r, ri) => {
          register(`tasks[${ti}].rules[${ri}]`, r.locs);
          return r.rule;
        }),
      };
    });
    Object.entries(choiceLists.lists).forEach(([list, items]) =>
      items.forEach((c, i) => register(`choiceLists.${list}[${i}]`, c.locs)),
    );
    outline.forEach((s, i) => register(`outline[${i}]`, s.locs));
    grades.forEach((g, i) => register(`grades[${i}]`, g.locs));
    stages.forEach((s, i) => register(`stages[${i}]`, s.locs));
    funding?.sources.forEach((s, i) => register(`funding.sources[${i}]`, s.locs));
    if (scoring) {
      scoring.parts.forEach((p, pi) => {
        register(`scoring.parts[${pi}]`, p.locs);
        p.dimensions.forEach((d, di) => register(`scoring.parts[${pi}].dimensions[${di}]`, d.locs));
        const firstWeight = p.dimensions[0]?.locs.weight;
        if (firstWeight) paths.set(`scoring.parts[${pi}].dimensions`, firstWeight);
      });
      scoring.combinations.forEach((c, ci) => {
        register(`scoring.combinations[${ci}]`, c.locs);
        c.slots.forEach((s, si) => register(`scoring.combinations[${ci}].slots[${si}]`, s.locs));
        const firstWeight = c.slots[0]?.locs.weight;
        if (firstWeight) paths.set(`scoring.combinations[${ci}].slots`, firstWeight);
      });
    }

    const input = {
      id: id?.text ?? '',
      version: version?.text ?? '',
      name: name?.text ?? '',
      programme: programme?.text ?? name?.text ?? '',
      issuer: issuer?.text ?? '',
      years: years ?? [],
      deadline: deadline ?? '',
      grades: grades.map((g) => g.value),
      tasks: templateTasks,
      choiceLists: Object.fromEntries(
        Object.entries(choiceLists.lists).map(([list, items]) => [list, items.map((c) => c.value)]),
      ),
      outline: outline.map((s) => s.value),
      ...(funding ? { funding: { unit: funding.unit, sources: funding.sources.map((s) => s.value) } } : {}),
      ...(scoring
        ? {
            scoring: {
              parts: scoring.parts.map((p) => ({
                code: p.code,
                name: p.name,
                dimensions: p.dimensions.map((d) => d.value),
              })),
              combinations: scoring.combinations.map((c) => ({
                code: c.code,
                name: c.name,
                slots: c.slots.map((s) => s.value),
              })),
            },
          }
        : {}),
      stages: stages.map((s) => s.value),
    };

    const hadCellErrors = this.errors.length > 0;
    if (hadCellErrors && this.structural) return { ok: false, errors: this.sorted() };
    const parsed = templateSchema.safeParse(input);
    if (!parsed.success) {
      // With cell errors reported, leftover structural issues are their echo; without any, they are real.
      if (!hadCellErrors) {
        for (const issue of parsed.error.issues) {
          const path = formatPath(issue.path);
          this.semantic({ path, message: msg('expr:check.schema', { path, detail: issue.message }) }, paths);
        }
      }
      return { ok: false, errors: this.sorted() };
    }
    for (const issue of checkTemplate(parsed.data)) this.semantic(issue, paths);
    if (this.errors.length > 0) return { ok: false, errors: this.sorted() };
    return { ok: true, template: parsed.data };
  }

  /** Maps a checker issue to the cell it came from, unless it only echoes a cell already reported. */
  private semantic(issue: TemplateIssue, paths: Map<string, Loc>): void {
    const params = issue.message.params ?? {};
    const code = params.code;
    if (typeof code === 'string' && this.tainted.has(code)) return;
    const expr = params.expr;
    if (typeof expr === 'string' && this.tainted.size > 0) {
      const parsed = parseExpression(expr);
      if (parsed.ok && identifiersOf(parsed.ast).some((c) => this.tainted.has(c))) return;
    }
    // The cell of the field, else of the nearest enclosing object, else the sheet.
    let path = issue.path;
    let loc = paths.get(path);
    while (!loc && path !== '') {
      const parent = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
      path = parent === path ? '' : parent;
      loc = paths.get(path);
    }
    const where = loc ?? { sheet: TEMPLATE_SHEETS.settings.name, cell: '' };
    if (where.cell !== '' && this.errorCells.has(`${where.sheet}!${where.cell}`)) return;
    this.fail({
      sheet: where.sheet,
      cell: where.cell,
      code: codeFromKey(issue.message.key),
      message: issue.message,
    });
  }

  /** Reading order: sheets as in the workbook, then row, then column; whole-sheet errors first. */
  private sorted(): WorkbookError[] {
    const order = new Map(this.wb.worksheets.map((ws, i) => [ws.name, i]));
    const rank = (e: WorkbookError) => {
      const a = parseAddress(e.cell);
      return [e.sheet === '' ? -1 : (order.get(e.sheet) ?? 1000), a?.row ?? 0, a?.col ?? 0];
    };
    return this.errors
      .map((e, i) => ({ e, i, r: rank(e) }))
      .sort((x, y) => {
        for (let k = 0; k < 3; k++) {
          const d = (x.r[k] as number) - (y.r[k] as number);
          if (d !== 0) return d;
        }
        return x.i - y.i;
      })
      .map((x) => x.e);
  }

  private tasks(): TaskDraft[] {
    const t = this.table('tasks', TASK_COLUMNS, true);
    if (!t) return [];
    const tasks: TaskDraft[] = [];
    // Target columns named like 2025年目标 (the issue's short form) are text targets of that year.
    const yearColumns = t.unknown.flatMap(({ col, text }) => {
      const m =
        /^(\d{4})年?目标$/.exec(normalizeHeader(text)) ?? /^targets?(\d{4})$/.exec(normalizeHeader(text));
      return m ? [{ col, year: Number(m[1]) }] : [];
    });
    if (t.rows.length === 0) {
      this.structural = true;
      this.failAt(t.sheet, '', 'empty-sheet', 'emptySheet', { sheet: t.sheet });
    }
    for (const row of t.rows) {
      const codeLoc = this.loc(t, row, 'code');
      const code = this.code(t, row, 'code', true);
      const name = this.text(t, row, 'name', true);
      const no = this.number(t, row, 'no', { integer: true, min: 1 });
      const description = this.text(t, row, 'description') ?? '';
      const levelsText = this.text(t, row, 'levels');
      let levels: ProjectLevel[] = [...PROJECT_LEVELS];
      if (levelsText !== undefined) {
        const words = splitList(toHalfWidth(levelsText));
        const bad = words.filter((w) => !(PROJECT_LEVELS as readonly string[]).includes(w));
        if (bad.length > 0) {
          const where = this.loc(t, row, 'levels');
          this.failAt(where.sheet, where.cell, 'bad-level', 'badLevel', {
            value: bad.join('、'),
            levels: PROJECT_LEVELS.join('、'),
          });
        } else levels = words as ProjectLevel[];
      }
      const subTypesText = this.text(t, row, 'subTypes');
      const targets: TaskDraft['targets'] = [];
      for (const { col, year } of yearColumns) {
        const read = readCell(row.getCell(col));
        if (!read.ok) {
          this.fail(read.error);
          continue;
        }
        const text = contentText(read.content);
        if (text !== '')
          targets.push({
            value: { year, text },
            locs: { '': { sheet: t.sheet, cell: cellAddress(row.number, col) } },
          });
      }
      if (code === undefined) continue;
      const locs: Locs = {
        '': codeLoc,
        code: codeLoc,
        no: this.loc(t, row, 'no'),
        name: this.loc(t, row, 'name'),
        description: this.loc(t, row, 'description'),
        levels: this.loc(t, row, 'levels'),
        subTypes: this.loc(t, row, 'subTypes'),
      };
      tasks.push({
        code,
        no: no ?? tasks.length + 1,
        name: name ?? code,
        description,
        levels,
        subTypes: subTypesText === undefined ? [] : splitList(subTypesText),
        targets,
        groups: [],
        rules: [],
        locs,
      });
    }
    return tasks;
  }

  /** Finds a task by the code in a cell; reports unknown codes (silently skips broken task rows). */
  private taskFor<K extends string>(
    t: Table<K>,
    row: ExcelJS.Row,
    key: K,
    tasks: TaskDraft[],
    code: string,
  ): TaskDraft | undefined {
    const task = tasks.find((x) => x.code === code);
    if (!task) {
      const where = this.loc(t, row, key);
      this.failAt(where.sheet, where.cell, 'unknown-task', 'unknownTask', { code });
    }
    return task;
  }

  private targets(tasks: TaskDraft[]): void {
    const t = this.table('targets', TARGET_COLUMNS, false);
    if (!t) return;
    for (const row of t.rows) {
      const taskCode = this.code(t, row, 'task', true);
      const year = this.number(t, row, 'year', { integer: true, min: 1900, max: 2100, required: true });
      const text = this.text(t, row, 'text', true);
      const value = this.number(t, row, 'value');
      const unit = this.text(t, row, 'unit');
      if (taskCode === undefined) continue;
      const task = this.taskFor(t, row, 'task', tasks, taskCode);
      if (!task || year === undefined || text === undefined) continue;
      task.targets.push({
        value: {
          year,
          text,
          ...(value === undefined ? {} : { value }),
          ...(unit === undefined ? {} : { unit }),
        },
        locs: {
          '': this.loc(t, row, 'task'),
          year: this.loc(t, row, 'year'),
          text: this.loc(t, row, 'text'),
          value: this.loc(t, row, 'value'),
          unit: this.loc(t, row, 'unit'),
        },
      });
    }
  }

  private indicators(tasks: TaskDraft[]): Map<string, IndicatorDraft> {
    const all = new Map<string, IndicatorDraft>();
    const t = this.table('indicators', INDICATOR_COLUMNS, true);
    if (!t) return all;
    this.indicatorSheetRead = true;
    if (t.rows.length === 0) {
      this.structural = true;
      this.failAt(t.sheet, '', 'empty-sheet', 'emptySheet', { sheet: t.sheet });
    }
    for (const row of t.rows) {
      const taskCode = this.code(t, row, 'task', true);
      const groupCode = this.code(t, row, 'group');
      const groupName = this.text(t, row, 'groupName');
      const code = this.code(t, row, 'code', true);
      const label = this.text(t, row, 'label', true);
      const typeText = this.text(t, row, 'type', true);
      let type: IndicatorType | undefined;
      let listFromType: string | undefined;
      if (typeText !== undefined) {
        // XLSForm style `select_one governance` / `单选 governance` names the list in the type.
        const split = /^(\S+)\s+(\S+)$/.exec(toHalfWidth(typeText).trim());
        type = lookupWord(TYPE_WORDS, split ? (split[1] as string) : typeText);
        if (split && type === 'choice') listFromType = split[2];
        else if (split) type = undefined;
        if (!type) {
          const where = this.loc(t, row, 'type');
          this.failAt(where.sheet, where.cell, 'bad-type', 'badType', {
            value: typeText,
            types: INDICATOR_TYPES.map(typeWord).join('、'),
          });
        }
      }
      const percent = type === 'percent';
      const unit = this.text(t, row, 'unit') ?? '';
      const required = this.bool(t, row, 'required') ?? false;
      const min = this.number(t, row, 'min', { percent });
      const max = this.number(t, row, 'max', { percent });
      const decimals = this.number(t, row, 'decimals', { integer: true, min: 0, max: 6 });
      const choices = this.text(t, row, 'choices') ?? listFromType;
      const ruleExpr = this.text(t, row, 'ruleExpr');
      const ruleMessage = this.text(t, row, 'ruleMessage');
      const ruleId = this.code(t, row, 'ruleId');
      const ruleSeverity = this.severity(t, row, 'ruleSeverity');
      const relevant = this.text(t, row, 'relevant');
      const calculate = this.text(t, row, 'calculate');
      const evidenceRequired = this.bool(t, row, 'evidence') ?? false;
      const yoyThreshold = this.number(t, row, 'yoy', { percent: true, positive: true });
      const help = this.text(t, row, 'help');
      if (ruleExpr !== undefined && ruleMessage === undefined) {
        const where = this.loc(t, row, 'ruleMessage');
        this.failAt(where.sheet, where.cell, 'rule-message-missing', 'ruleMessageMissing');
      }
      if (
        ruleExpr === undefined &&
        (ruleMessage !== undefined || ruleId !== undefined || ruleSeverity !== undefined)
      ) {
        const where = this.loc(t, row, 'ruleExpr');
        this.failAt(where.sheet, where.cell, 'rule-expr-missing', 'ruleExprMissing');
      }
      if (taskCode !== undefined) this.referencedTasks.add(taskCode);
      // A row left out, or with an unknown type, would make expressions that use it fail for the
      // wrong reason; other bad cells fall back to a default that checks cannot trip over.
      if (taskCode === undefined || code === undefined || label === undefined || type === undefined) {
        if (code !== undefined) this.tainted.add(code);
        continue;
      }
      const task = this.taskFor(t, row, 'task', tasks, taskCode);
      if (!task) {
        this.tainted.add(code);
        continue;
      }
      // Without 分组 columns a task's indicators form one group; a name alone also makes a group.
      const key = groupCode ?? (groupName === undefined ? '' : `name:${groupName}`);
      let group = task.groups.find((g) => g.key === key);
      if (!group) {
        group = {
          key,
          code:
            groupCode ??
            (groupName === undefined ? `${task.code}_G` : `${task.code}_G${task.groups.length + 1}`),
          name: groupName ?? groupCode ?? DEFAULT_GROUP_NAME,
          indicators: [],
          locs: {
            '': this.loc(t, row, groupCode !== undefined ? 'group' : 'code'),
            code: this.loc(t, row, groupCode !== undefined ? 'group' : 'code'),
            name: this.loc(t, row, 'groupName'),
          },
        };
        task.groups.push(group);
      } else if (groupName !== undefined && groupCode !== undefined && group.name !== groupName) {
        const where = this.loc(t, row, 'groupName');
        this.failAt(where.sheet, where.cell, 'group-name-conflict', 'groupNameConflict', {
          code: group.code,
          name: groupName,
          other: group.name,
        });
      }
      const value: Omit<Indicator, 'rules'> = {
        code,
        label,
        unit,
        type,
        required,
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
        ...(decimals === undefined ? {} : { decimals }),
        ...(choices === undefined ? {} : { choices }),
        ...(relevant === undefined ? {} : { relevant }),
        ...(calculate === undefined ? {} : { calculate }),
        evidenceRequired,
        ...(yoyThreshold === undefined ? {} : { yoyThreshold }),
        ...(help === undefined ? {} : { help }),
      };
      const draft: IndicatorDraft = {
        value,
        rules: [],
        taskCode: task.code,
        locs: {
          '': this.loc(t, row, 'code'),
          code: this.loc(t, row, 'code'),
          label: this.loc(t, row, 'label'),
          unit: this.loc(t, row, 'unit'),
          type: this.loc(t, row, 'type'),
          required: this.loc(t, row, 'required'),
          min: this.loc(t, row, 'min'),
          max: this.loc(t, row, 'max'),
          decimals: this.loc(t, row, 'decimals'),
          choices: t.cols.choices !== undefined ? this.loc(t, row, 'choices') : this.loc(t, row, 'type'),
          relevant: this.loc(t, row, 'relevant'),
          calculate: this.loc(t, row, 'calculate'),
          evidenceRequired: this.loc(t, row, 'evidence'),
          yoyThreshold: this.loc(t, row, 'yoy'),
          help: this.loc(t, row, 'help'),
        },
      };
      if (ruleExpr !== undefined && ruleMessage !== undefined) {
        draft.rules.push({
          rule: {
            id: ruleId ?? `${code}_R1`,
            expr: ruleExpr,
            message: ruleMessage,
            severity: ruleSeverity ?? 'error',
          },
          locs: {
            '': this.loc(t, row, 'ruleExpr'),
            id: t.cols.ruleId !== undefined ? this.loc(t, row, 'ruleId') : this.loc(t, row, 'ruleExpr'),
            expr: this.loc(t, row, 'ruleExpr'),
            message: this.loc(t, row, 'ruleMessage'),
            severity: this.loc(t, row, 'ruleSeverity'),
          },
        });
      }
      group.indicators.push(draft);
      if (!all.has(code)) all.set(code, draft);
    }
    return all;
  }

  private rules(tasks: TaskDraft[], indicators: Map<string, IndicatorDraft>): void {
    const t = this.table('rules', RULE_COLUMNS, false);
    if (!t) return;
    for (const row of t.rows) {
      const taskCode = this.code(t, row, 'task');
      const indicatorCode = this.code(t, row, 'indicator');
      const id = this.code(t, row, 'id');
      const expr = this.text(t, row, 'expr', true);
      const message = this.text(t, row, 'message', true);
      const severity = this.severity(t, row, 'severity') ?? 'error';
      const locs: Locs = {
        '': this.loc(t, row, 'expr'),
        id: t.cols.id !== undefined ? this.loc(t, row, 'id') : this.loc(t, row, 'expr'),
        expr: this.loc(t, row, 'expr'),
        message: this.loc(t, row, 'message'),
        severity: this.loc(t, row, 'severity'),
      };
      if (indicatorCode !== undefined) {
        const ind = indicators.get(indicatorCode);
        if (!ind) {
          if (!this.tainted.has(indicatorCode)) {
            const where = this.loc(t, row, 'indicator');
            this.failAt(where.sheet, where.cell, 'unknown-indicator', 'unknownIndicator', {
              code: indicatorCode,
            });
          }
          continue;
        }
        if (taskCode !== undefined && taskCode !== ind.taskCode) {
          const where = this.loc(t, row, 'task');
          this.failAt(where.sheet, where.cell, 'indicator-other-task', 'indicatorOtherTask', {
            code: indicatorCode,
            task: taskCode,
            actual: ind.taskCode,
          });
          continue;
        }
        if (expr === undefined || message === undefined) continue;
        ind.rules.push({
          rule: { id: id ?? `${indicatorCode}_R${ind.rules.length + 1}`, expr, message, severity },
          locs,
        });
        continue;
      }
      if (taskCode === undefined) {
        // A rule belongs to a task, or to an indicator (which names its task).
        const where = this.loc(t, row, 'task');
        if (!this.errorCells.has(`${where.sheet}!${where.cell}`))
          this.failAt(where.sheet, where.cell, 'rule-owner-missing', 'ruleOwnerMissing');
        continue;
      }
      const task = this.taskFor(t, row, 'task', tasks, taskCode);
      if (!task || expr === undefined || message === undefined) continue;
      task.rules.push({
        rule: { id: id ?? `${task.code}_R${task.rules.length + 1}`, expr, message, severity },
        locs,
      });
    }
  }

  private choices(): { lists: Record<string, { value: { code: string; label: string }; locs: Locs }[]> } {
    const lists: Record<string, { value: { code: string; label: string }; locs: Locs }[]> = {};
    const t = this.table('choices', CHOICE_COLUMNS, false);
    if (!t) return { lists };
    for (const row of t.rows) {
      const list = this.text(t, row, 'list', true);
      const code = this.text(t, row, 'code', true);
      const label = this.text(t, row, 'label', true);
      if (list === undefined || code === undefined || label === undefined) continue;
      (lists[list] ??= []).push({
        value: { code, label },
        locs: {
          '': this.loc(t, row, 'code'),
          code: this.loc(t, row, 'code'),
          label: this.loc(t, row, 'label'),
        },
      });
    }
    return { lists };
  }

  private outline() {
    const out: { value: Template['outline'][number]; locs: Locs }[] = [];
    const t = this.table('outline', OUTLINE_COLUMNS, true);
    if (!t) return out;
    if (t.rows.length === 0) {
      this.structural = true;
      this.failAt(t.sheet, '', 'empty-sheet', 'emptySheet', { sheet: t.sheet });
    }
    for (const row of t.rows) {
      const code = this.code(t, row, 'code', true);
      const title = this.text(t, row, 'title', true);
      const guidance = this.text(t, row, 'guidance') ?? '';
      const maxChars = this.number(t, row, 'maxChars', { integer: true, min: 1 });
      const minChars = this.number(t, row, 'minChars', { integer: true, min: 0 });
      if (code === undefined || title === undefined) continue;
      out.push({
        value: {
          code,
          title,
          guidance,
          ...(maxChars === undefined ? {} : { maxChars }),
          ...(minChars === undefined ? {} : { minChars }),
        },
        locs: {
          '': this.loc(t, row, 'code'),
          code: this.loc(t, row, 'code'),
          title: this.loc(t, row, 'title'),
          guidance: this.loc(t, row, 'guidance'),
          maxChars: this.loc(t, row, 'maxChars'),
          minChars: this.loc(t, row, 'minChars'),
        },
      });
    }
    return out;
  }

  private scoring() {
    type Dim = {
      value: { code: string; name: string; weight: number; maxScore: number; guidance: string };
      locs: Locs;
    };
    type Part = { code: string; name: string; dimensions: Dim[]; locs: Locs };
    type Slot = { value: { slot: string; part: string; label: string; weight: number }; locs: Locs };
    type Combination = { code: string; name: string; slots: Slot[]; locs: Locs };
    const t = this.table('scoring', SCORING_COLUMNS, false);
    const c = this.table('combinations', COMBINATION_COLUMNS, false);
    const parts: Part[] = [];
    if (t) {
      for (const row of t.rows) {
        const partCode = this.code(t, row, 'part');
        const partName = this.text(t, row, 'partName');
        const code = this.code(t, row, 'code', true);
        const name = this.text(t, row, 'name', true);
        const weight = this.number(t, row, 'weight', { percent: true, min: 0, max: 1, required: true });
        const maxScore = this.number(t, row, 'maxScore', { positive: true }) ?? 100;
        const guidance = this.text(t, row, 'guidance') ?? '';
        const key = partCode ?? DEFAULT_PART.code;
        let part = parts.find((p) => p.code === key);
        if (!part) {
          part = {
            code: key,
            name: partName ?? (partCode === undefined ? DEFAULT_PART.name : partCode),
            dimensions: [],
            locs: {
              '': this.loc(t, row, partCode !== undefined ? 'part' : 'code'),
              code: this.loc(t, row, 'part'),
              name: this.loc(t, row, 'partName'),
            },
          };
          parts.push(part);
        } else if (partName !== undefined && part.name !== partName) {
          const where = this.loc(t, row, 'partName');
          this.failAt(where.sheet, where.cell, 'part-name-conflict', 'partNameConflict', {
            code: part.code,
            name: partName,
            other: part.name,
          });
        }
        if (code === undefined || name === undefined || weight === undefined) continue;
        part.dimensions.push({
          value: { code, name, weight, maxScore, guidance },
          locs: {
            '': this.loc(t, row, 'code'),
            code: this.loc(t, row, 'code'),
            name: this.loc(t, row, 'name'),
            weight: this.loc(t, row, 'weight'),
            maxScore: this.loc(t, row, 'maxScore'),
            guidance: this.loc(t, row, 'guidance'),
          },
        });
      }
    }
    const combinations: Combination[] = [];
    if (c) {
      for (const row of c.rows) {
        const code = this.code(c, row, 'code', true);
        const name = this.text(c, row, 'name');
        const slot = this.code(c, row, 'slot');
        const part = this.code(c, row, 'part', true);
        const label = this.text(c, row, 'label');
        const weight = this.number(c, row, 'weight', { percent: true, min: 0, max: 1, required: true });
        if (code === undefined) continue;
        let combination = combinations.find((x) => x.code === code);
        if (!combination) {
          combination = {
            code,
            name: name ?? code,
            slots: [],
            locs: {
              '': this.loc(c, row, 'code'),
              code: this.loc(c, row, 'code'),
              name: this.loc(c, row, 'name'),
            },
          };
          combinations.push(combination);
        } else if (name !== undefined && combination.name !== name) {
          const where = this.loc(c, row, 'name');
          this.failAt(where.sheet, where.cell, 'combination-name-conflict', 'combinationNameConflict', {
            code,
            name,
            other: combination.name,
          });
        }
        if (part === undefined || weight === undefined) continue;
        combination.slots.push({
          value: {
            slot: slot ?? part,
            part,
            label: label ?? parts.find((p) => p.code === part)?.name ?? part,
            weight,
          },
          locs: {
            '': this.loc(c, row, 'code'),
            slot: c.cols.slot !== undefined ? this.loc(c, row, 'slot') : this.loc(c, row, 'part'),
            part: this.loc(c, row, 'part'),
            label: this.loc(c, row, 'label'),
            weight: this.loc(c, row, 'weight'),
          },
        });
      }
    }
    if (parts.length === 0) {
      if (combinations.length > 0 && t === null) {
        const sheet = TEMPLATE_SHEETS.scoring.name;
        this.failAt(sheet, '', 'missing-sheet', 'missingSheet', { sheet });
      } else if (combinations.length > 0) {
        this.failAt(t?.sheet ?? TEMPLATE_SHEETS.scoring.name, '', 'empty-sheet', 'emptySheet', {
          sheet: t?.sheet ?? TEMPLATE_SHEETS.scoring.name,
        });
      }
      return undefined;
    }
    if (combinations.length === 0) {
      if (parts.length > 1) {
        const sheet = c?.sheet ?? TEMPLATE_SHEETS.combinations.name;
        this.failAt(sheet, '', 'combinations-missing', 'combinationsMissing', { sheet });
        return undefined;
      }
      const only = parts[0] as Part;
      combinations.push({
        ...DEFAULT_COMBINATION,
        slots: [{ value: { slot: only.code, part: only.code, label: only.name, weight: 1 }, locs: {} }],
        locs: {},
      });
    }
    return { parts, combinations };
  }

  private grades(fromSettings: { text: string; loc: Loc } | undefined) {
    const out: { value: { name: string; minScore: number }; locs: Locs }[] = [];
    const t = this.table('grades', GRADE_COLUMNS, false);
    const names = fromSettings ? splitList(fromSettings.text) : [];
    if (!t) {
      this.structural = true;
      const sheet = TEMPLATE_SHEETS.grades.name;
      this.failAt(sheet, '', 'grades-missing', 'gradesMissing', { sheet, names: names.join('、') });
      return out;
    }
    for (const row of t.rows) {
      const name = this.text(t, row, 'name', true);
      const minScore = this.number(t, row, 'minScore', { required: true });
      if (name === undefined || minScore === undefined) continue;
      out.push({
        value: { name, minScore },
        locs: {
          '': this.loc(t, row, 'name'),
          name: this.loc(t, row, 'name'),
          minScore: this.loc(t, row, 'minScore'),
        },
      });
    }
    if (t.rows.length === 0) {
      this.structural = true;
      this.failAt(t.sheet, '', 'grades-missing', 'gradesMissing', {
        sheet: t.sheet,
        names: names.join('、'),
      });
    } else if (fromSettings && names.join('、') !== out.map((g) => g.value.name).join('、')) {
      this.failAt(fromSettings.loc.sheet, fromSettings.loc.cell, 'grades-mismatch', 'gradesMismatch', {
        settings: names.join('、'),
        sheet: t.sheet,
        names: out.map((g) => g.value.name).join('、'),
      });
    }
    return out;
  }

  private funding(unit: { text: string; loc: Loc } | undefined) {
    const t = this.table('funding', FUNDING_COLUMNS, false);
    const sources: { value: { code: string; name: string }; locs: Locs }[] = [];
    for (const row of t?.rows ?? []) {
      if (!t) break;
      const code = this.code(t, row, 'code', true);
      const name = this.text(t, row, 'name', true);
      if (code === undefined || name === undefined) continue;
      sources.push({
        value: { code, name },
        locs: {
          '': this.loc(t, row, 'code'),
          code: this.loc(t, row, 'code'),
          name: this.loc(t, row, 'name'),
        },
      });
    }
    if (sources.length === 0) {
      if (unit && (t?.rows.length ?? 0) === 0) {
        this.failAt(unit.loc.sheet, unit.loc.cell, 'funding-without-sources', 'fundingWithoutSources', {
          sheet: t?.sheet ?? TEMPLATE_SHEETS.funding.name,
        });
      }
      return undefined;
    }
    return { unit: unit?.text ?? '万元', sources };
  }

  private stages(deadline: string | undefined) {
    const out: { value: { code: string; name: string; deadline?: string }; locs: Locs }[] = [];
    const t = this.table('stages', STAGE_COLUMNS, false);
    if (!t || t.rows.length === 0) {
      // The issue's minimal workbook has no stages: units' self-evaluation by the template deadline.
      out.push({ value: { ...DEFAULT_STAGE, ...(deadline === undefined ? {} : { deadline }) }, locs: {} });
      return out;
    }
    for (const row of t.rows) {
      const code = this.code(t, row, 'code', true);
      const name = this.text(t, row, 'name', true);
      const where = this.loc(t, row, 'deadline');
      let stageDeadline: string | undefined;
      const col = t.cols.deadline;
      if (col !== undefined) {
        const read = readCell(row.getCell(col));
        if (!read.ok) this.fail(read.error);
        else if (read.content.kind === 'date') stageDeadline = read.content.iso.slice(5);
        else if (read.content.kind !== 'blank')
          stageDeadline = this.deadline(contentText(read.content), where, this.label(t, 'deadline'));
      }
      if (code === undefined || name === undefined) continue;
      out.push({
        value: { code, name, ...(stageDeadline === undefined ? {} : { deadline: stageDeadline }) },
        locs: {
          '': this.loc(t, row, 'code'),
          code: this.loc(t, row, 'code'),
          name: this.loc(t, row, 'name'),
          deadline: where,
        },
      });
    }
    return out;
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Reads a template from an opened workbook (the UI opens it off the main thread first). */
export function readTemplateFromWorkbook(workbook: ExcelJS.Workbook): ReadTemplateResult {
  return new TemplateReader(workbook).read();
}

/**
 * Reads a template workbook. Either the whole workbook is valid and the template comes back,
 * or every located error does and nothing else.
 */
export async function readTemplateWorkbook(
  bytes: Uint8Array,
  opts?: OpenOptions,
): Promise<ReadTemplateResult> {
  const opened = await openWorkbook(bytes, opts);
  if (!opened.ok) return { ok: false, errors: [opened.error] };
  return readTemplateFromWorkbook(opened.workbook);
}

// ─── Writing ────────────────────────────────────────────────────────────────────────────────────

export interface WriteTemplateOptions {
  /** Language of the notes, input prompts and validation messages (headers are the format: Chinese). */
  locale?: Locale;
}

type CellOut = Value | undefined;
/** A cell to write, with an optional number format (percentages). */
type Out = CellOut | { value: number; numFmt: string };

/** Extra empty rows that still get dropdowns, so rows added later are validated too. */
const VALIDATION_ROWS = 500;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const HEADER_BORDER: Partial<ExcelJS.Borders> = { bottom: { style: 'thin', color: { argb: 'FF8EA9DB' } } };

function percentCell(value: number | undefined): Out {
  if (value === undefined) return undefined;
  // Display only: the stored number stays exact.
  return { value, numFmt: Number.isInteger(Math.round(value * 1e6) / 1e4) ? '0%' : '0.00%' };
}

function addSheet<K extends string>(
  wb: ExcelJS.Workbook,
  key: SheetKey,
  spec: readonly Column<K>[],
  rows: Partial<Record<K, Out>>[],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(TEMPLATE_SHEETS[key].name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.getRow(1);
  spec.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.names[0] ?? column.key;
    cell.font = { bold: true, ...(column.required ? { color: { argb: 'FFC00000' } } : {}) };
    cell.fill = HEADER_FILL;
    cell.border = HEADER_BORDER;
    cell.alignment = { vertical: 'middle', wrapText: true };
    const col = ws.getColumn(i + 1);
    col.width = column.width;
    if (column.text) col.numFmt = '@';
  });
  header.height = 20;
  rows.forEach((data, r) => {
    const row = ws.getRow(r + 2);
    spec.forEach((column, i) => {
      const v = data[column.key];
      if (v === undefined || v === null) return;
      const cell = row.getCell(i + 1);
      if (typeof v === 'object') {
        cell.value = v.value;
        cell.numFmt = v.numFmt;
      } else {
        cell.value = v;
        if (column.text) cell.numFmt = '@';
      }
      if (typeof v === 'string' && v.includes('\n')) cell.alignment = { wrapText: true, vertical: 'top' };
    });
  });
  if (spec.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.length } };
  return ws;
}

interface ValidationTarget {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

/** exceljs supports range data validations at runtime but its typings leave them out. */
function validations(ws: ExcelJS.Worksheet): ValidationTarget {
  return (ws as unknown as { dataValidations: ValidationTarget }).dataValidations;
}

function listValidation<K extends string>(
  ws: ExcelJS.Worksheet,
  spec: readonly Column<K>[],
  key: K,
  values: readonly string[],
  rowCount: number,
  text: { title: string; prompt: string; error: string },
): void {
  const index = spec.findIndex((c) => c.key === key);
  if (index < 0) return;
  const letter = ws.getColumn(index + 1).letter;
  validations(ws).add(`${letter}2:${letter}${rowCount + 1 + VALIDATION_ROWS}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showInputMessage: true,
    promptTitle: text.title,
    prompt: text.prompt,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: text.title,
    error: text.error,
  });
}

/** Writes any template as a template workbook that reads back to the same template. */
export async function writeTemplateWorkbook(
  template: Template,
  opts: WriteTemplateOptions = {},
): Promise<Uint8Array> {
  const tr = createTranslator(opts.locale ?? DEFAULT_LOCALE);
  const t = (key: string, params?: MessageParams) => tr.t(`excel:write.${key}`, params ?? {});
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tianbao';
  wb.title = template.name;

  // 设置
  const settingRows: [SettingKey, string][] = [
    ['id', template.id],
    ['version', template.version],
    ['name', template.name],
    ['programme', template.programme],
    ['issuer', template.issuer],
    ['years', template.years.join('、')],
    ['deadline', template.deadline],
    ['grades', template.grades.map((g) => g.name).join('、')],
    ['fundingUnit', template.funding?.unit ?? ''],
  ];
  addSheet(
    wb,
    'settings',
    SETTINGS_COLUMNS,
    settingRows.map(([key, value]) => ({
      item: settingName(key),
      value: value === '' ? undefined : value,
      note: t(`settings.${key}`),
    })),
  );

  // 任务 and 任务目标
  addSheet(
    wb,
    'tasks',
    TASK_COLUMNS,
    template.tasks.map((task) => ({
      code: task.code,
      no: task.no,
      name: task.name,
      description: task.description || undefined,
      levels: task.levels.join('、'),
      subTypes: task.subTypes.join('、') || undefined,
    })),
  );
  addSheet(
    wb,
    'targets',
    TARGET_COLUMNS,
    template.tasks.flatMap((task) =>
      task.nationalTargets.map((x) => ({
        task: task.code,
        year: x.year,
        text: x.text,
        value: x.value,
        unit: x.unit,
      })),
    ),
  );

  // 指标 (first field rule on the row) and 规则 (task rules, then any further field rules)
  const extraRules: Partial<Record<'task' | 'indicator' | 'id' | 'expr' | 'message' | 'severity', Out>>[] =
    [];
  const severityWord = (s: 'error' | 'warning') => SEVERITY_WORDS[s][0];
  const indicatorRows = template.tasks.flatMap((task) =>
    task.groups.flatMap((group) =>
      group.indicators.map((ind) => {
        const [first, ...rest] = ind.rules;
        for (const rule of rest) {
          extraRules.push({
            task: task.code,
            indicator: ind.code,
            id: rule.id,
            expr: rule.expr,
            message: rule.message,
            severity: severityWord(rule.severity),
          });
        }
        const percent = ind.type === 'percent';
        return {
          task: task.code,
          group: group.code,
          groupName: group.name,
          code: ind.code,
          label: ind.label,
          type: typeWord(ind.type),
          unit: ind.unit || undefined,
          required: ind.required ? YES : NO,
          min: percent ? percentCell(ind.min) : ind.min,
          max: percent ? percentCell(ind.max) : ind.max,
          decimals: ind.decimals,
          choices: ind.choices,
          ruleExpr: first?.expr,
          ruleMessage: first?.message,
          ruleId: first?.id,
          ruleSeverity: first ? severityWord(first.severity) : undefined,
          relevant: ind.relevant,
          calculate: ind.calculate,
          evidence: ind.evidenceRequired ? YES : NO,
          yoy: percentCell(ind.yoyThreshold),
          help: ind.help,
        };
      }),
    ),
  );
  const indicatorSheet = addSheet(wb, 'indicators', INDICATOR_COLUMNS, indicatorRows);
  const typeWords = INDICATOR_TYPES.map(typeWord);
  listValidation(indicatorSheet, INDICATOR_COLUMNS, 'type', typeWords, indicatorRows.length, {
    title: t('validation.typeTitle'),
    prompt: t('validation.typePrompt', { types: typeWords.join('、') }),
    error: t('validation.typeError', { types: typeWords.join('、') }),
  });
  const yesNo = { title: '', prompt: t('validation.yesNoPrompt'), error: t('validation.yesNoError') };
  listValidation(indicatorSheet, INDICATOR_COLUMNS, 'required', [YES, NO], indicatorRows.length, {
    ...yesNo,
    title: t('validation.requiredTitle'),
  });
  listValidation(indicatorSheet, INDICATOR_COLUMNS, 'evidence', [YES, NO], indicatorRows.length, {
    ...yesNo,
    title: t('validation.evidenceTitle'),
  });
  const severityWords = [SEVERITY_WORDS.error[0], SEVERITY_WORDS.warning[0]];
  const severityText = {
    title: t('validation.severityTitle'),
    prompt: t('validation.severityPrompt'),
    error: t('validation.severityError'),
  };
  listValidation(
    indicatorSheet,
    INDICATOR_COLUMNS,
    'ruleSeverity',
    severityWords,
    indicatorRows.length,
    severityText,
  );

  const ruleRows = [
    ...template.tasks.flatMap((task) =>
      task.rules.map((rule) => ({
        task: task.code,
        id: rule.id,
        expr: rule.expr,
        message: rule.message,
        severity: severityWord(rule.severity),
      })),
    ),
    ...extraRules,
  ];
  const ruleSheet = addSheet(wb, 'rules', RULE_COLUMNS, ruleRows);
  listValidation(ruleSheet, RULE_COLUMNS, 'severity', severityWords, ruleRows.length, severityText);

  // 选项, 报告提纲
  addSheet(
    wb,
    'choices',
    CHOICE_COLUMNS,
    Object.entries(template.choiceLists).flatMap(([list, items]) =>
      items.map((c) => ({ list, code: c.code, label: c.label })),
    ),
  );
  addSheet(
    wb,
    'outline',
    OUTLINE_COLUMNS,
    template.outline.map((s) => ({
      code: s.code,
      title: s.title,
      guidance: s.guidance || undefined,
      maxChars: s.maxChars,
      minChars: s.minChars,
    })),
  );

  // 评分, 评分组合, 等级
  addSheet(
    wb,
    'scoring',
    SCORING_COLUMNS,
    (template.scoring?.parts ?? []).flatMap((p) =>
      p.dimensions.map((d) => ({
        part: p.code,
        partName: p.name,
        code: d.code,
        name: d.name,
        weight: percentCell(d.weight),
        maxScore: d.maxScore,
        guidance: d.guidance || undefined,
      })),
    ),
  );
  addSheet(
    wb,
    'combinations',
    COMBINATION_COLUMNS,
    (template.scoring?.combinations ?? []).flatMap((c) =>
      c.slots.map((s) => ({
        code: c.code,
        name: c.name,
        slot: s.slot,
        part: s.part,
        label: s.label,
        weight: percentCell(s.weight),
      })),
    ),
  );
  addSheet(
    wb,
    'grades',
    GRADE_COLUMNS,
    template.grades.map((g) => ({ name: g.name, minScore: g.minScore })),
  );

  // 资金来源, 阶段
  addSheet(
    wb,
    'funding',
    FUNDING_COLUMNS,
    (template.funding?.sources ?? []).map((s) => ({ code: s.code, name: s.name })),
  );
  addSheet(
    wb,
    'stages',
    STAGE_COLUMNS,
    template.stages.map((s) => ({ code: s.code, name: s.name, deadline: s.deadline })),
  );

  // Node gives a Buffer, browsers an ArrayBuffer; callers get a plain Uint8Array either way.
  const out = (await wb.xlsx.writeBuffer()) as unknown as Uint8Array | ArrayBuffer;
  return out instanceof Uint8Array
    ? new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
    : new Uint8Array(out as ArrayBuffer);
}
