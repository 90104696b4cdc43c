/**
 * Fill-in workbooks: what we write is checked with a second, independent reader (SheetJS) and in
 * the raw sheet XML (protection, validations); what a user types in Excel is simulated with
 * exceljs and read back to exact values; crafted bad workbooks get their exact located messages.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  indicatorSchema,
  taskIndicators,
  type Indicator,
  type IndicatorType,
  type Template,
} from '../../shared/domain/template.ts';
import { cellValue } from '../../shared/excel/cells.ts';
import { formatWorkbookError } from '../../shared/excel/errors.ts';
import {
  COLUMNS,
  META_SHEET,
  readFillWorkbook,
  sheetNameFor,
  writeFillWorkbook,
  type FillReadResult,
} from '../../shared/excel/fill-workbook.ts';
import { ColumnReader, readSheetRows, type SheetColumn } from '../../shared/excel/sheet-rows.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { getBuiltinTemplate } from '../../shared/templates/index.ts';

const zh = createTranslator('zh-CN');
const template = getBuiltinTemplate('keytasks-2023')!;
const T01 = '打造市域产教联合体';
const HEADERS = ['序号', '指标编码', '指标名称', '单位', '年度目标', '本年实际', '备注', '填写要求'];

/** Mutable copy of the frozen built-in template. */
function copyTemplate(change: (t: Template) => void): Template {
  const t = structuredClone(template);
  change(t);
  return t;
}

/** Column B → row number for every indicator code on a SheetJS sheet. */
function codeRows(ws: XLSX.WorkSheet): Map<string, number> {
  const rows = new Map<string, number>();
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cell = ws[XLSX.utils.encode_cell({ r, c: 1 })] as XLSX.CellObject | undefined;
    if (cell && typeof cell.v === 'string' && /^T\d\d_\d\d$/.test(cell.v)) rows.set(cell.v, r + 1);
  }
  return rows;
}

/** Sheet XML by sheet name, through workbook.xml and its relationships. */
async function sheetXml(bytes: Uint8Array, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rid = new RegExp(`<sheet [^>]*name="${escaped}"[^>]*r:id="([^"]+)"`).exec(workbook)?.[1];
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
  const path = target!.startsWith('/') ? target!.slice(1) : `xl/${target!}`;
  return zip.file(path)!.async('string');
}

interface XmlValidation {
  type: string;
  operator?: string;
  formula1?: string;
  formula2?: string;
  prompt?: string;
  promptTitle?: string;
  error?: string;
  cells: Set<string>;
}

const attr = (s: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(s)?.[1];
const unescapeXml = (s: string | undefined) =>
  s
    ?.replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every <dataValidation> with its cells expanded from sqref (A1, A1:A5, several ranges). */
function validations(xml: string): XmlValidation[] {
  const out: XmlValidation[] = [];
  for (const m of xml.matchAll(/<dataValidation ([^>]*)>(.*?)<\/dataValidation>/g)) {
    const [, attrs = '', body = ''] = m;
    const cells = new Set<string>();
    for (const ref of (attr(attrs, 'sqref') ?? '').split(' ')) {
      const range = XLSX.utils.decode_range(ref);
      for (let r = range.s.r; r <= range.e.r; r++)
        for (let c = range.s.c; c <= range.e.c; c++) cells.add(XLSX.utils.encode_cell({ r, c }));
    }
    out.push({
      type: attr(attrs, 'type') ?? '',
      operator: attr(attrs, 'operator'),
      formula1: unescapeXml(/<formula1>(.*?)<\/formula1>/.exec(body)?.[1]),
      formula2: unescapeXml(/<formula2>(.*?)<\/formula2>/.exec(body)?.[1]),
      prompt: unescapeXml(attr(attrs, 'prompt')),
      promptTitle: unescapeXml(attr(attrs, 'promptTitle')),
      error: unescapeXml(attr(attrs, 'error')),
      cells,
    });
  }
  return out;
}

/** The cellXfs entries of styles.xml, to see which cells are unlocked. */
async function unlockedStyles(bytes: Uint8Array): Promise<Set<number>> {
  const zip = await JSZip.loadAsync(bytes);
  const styles = await zip.file('xl/styles.xml')!.async('string');
  const xfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)![1]!;
  const unlocked = new Set<number>();
  [...xfs.matchAll(/<xf [^>]*?(?:\/>|>(.*?)<\/xf>)/gs)].forEach((m, i) => {
    if (/<protection [^>]*locked="0"/.test(m[1] ?? '')) unlocked.add(i);
  });
  return unlocked;
}

function cellStyle(xml: string, address: string): number {
  const m = new RegExp(`<c r="${address}"([^>]*)`).exec(xml);
  return Number(attr(m?.[1] ?? '', 's') ?? 0);
}

const located = (r: FillReadResult) => r.errors.map((e) => ({ ...e, text: formatWorkbookError(e, zh) }));

describe('writing a fill-in workbook (read back with SheetJS)', () => {
  let all: Uint8Array;
  let book: XLSX.WorkBook;
  beforeAll(async () => {
    all = await writeFillWorkbook(template, {
      year: 2025,
      unit: { id: 'u-1', name: '某某职业技术学院' },
      project: { id: 'p-1', name: '某市市域产教联合体' },
    });
    // sheetStubs: empty input cells still carry their number format.
    book = XLSX.read(all, { cellNF: true, sheetStubs: true });
  });

  it('has the guide first, one sheet per task, and a veryHidden _tianbao sheet', () => {
    expect(book.SheetNames).toEqual(['填写说明', ...template.tasks.map((t) => t.name), META_SHEET]);
    const states = book.Workbook!.Sheets!.map((s) => s.Hidden);
    expect(states.at(-1)).toBe(2); // veryHidden
    expect(states.slice(0, -1).every((h) => h === 0)).toBe(true);
  });

  it('the guide names the template, year, unit, project and deadline', () => {
    const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets['填写说明']!, { header: 1 });
    const text = rows.map((r) => r.join(' ')).join('\n');
    expect(text).toContain('keytasks-2023');
    expect(text).toContain('2025年度');
    expect(text).toContain('某某职业技术学院');
    expect(text).toContain('某市市域产教联合体');
    expect(text).toContain('2025年12月15日前');
    expect(text).toContain('填写方法');
  });

  it('every task sheet has the headers and one row per indicator, in template order, under group rows', () => {
    for (const task of template.tasks) {
      const ws = book.Sheets[task.name]!;
      const rows = XLSX.utils.sheet_to_json<(string | number)[]>(ws, { header: 1, defval: '' });
      expect(rows[1]).toEqual(HEADERS);
      expect(String(rows[0]![0])).toContain(task.name);
      const codes = rows.slice(2).filter((r) => r[1] !== '');
      expect(codes.map((r) => r[1])).toEqual(taskIndicators(task).map((i) => i.code));
      expect(codes.map((r) => r[2])).toEqual(taskIndicators(task).map((i) => i.label));
      const groupRows = rows.slice(2).filter((r) => r[1] === '');
      expect(groupRows.map((r) => r[2])).toEqual(
        task.groups.map((g, i) => `${'一二三四五六七八九十'[i]}、${g.name}`),
      );
    }
  });

  it('the hidden sheet identifies template, version, year, unit, project, tasks and every indicator cell', () => {
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(book.Sheets[META_SHEET]!, { header: 1 });
    const find = (kind: string) => rows.filter((r) => r[0] === kind);
    expect(rows[0]).toEqual(['tianbao-fill-workbook', 1]);
    expect(find('templateId')[0]).toEqual(['templateId', 'keytasks-2023']);
    expect(find('templateVersion')[0]).toEqual(['templateVersion', '2023.1']);
    expect(find('year')[0]).toEqual(['year', 2025]);
    expect(find('unit')[0]).toEqual(['unit', 'u-1', '某某职业技术学院']);
    expect(find('project')[0]).toEqual(['project', 'p-1', '某市市域产教联合体']);
    expect(find('task').map((r) => r[1])).toEqual(template.tasks.map((t) => t.code));
    const placed = find('indicator');
    expect(placed).toHaveLength(template.tasks.flatMap(taskIndicators).length);
    const t01 = codeRows(book.Sheets[T01]!);
    const row = t01.get('T01_15')!;
    expect(placed.find((r) => r[1] === 'T01_15')).toEqual([
      'indicator',
      'T01_15',
      'T01',
      T01,
      row,
      `F${row}`,
      `E${row}`,
      `G${row}`,
    ]);
  });

  it('a single task gives the guide, that task and the hidden sheet', async () => {
    const one = XLSX.read(await writeFillWorkbook(template, { taskCode: 'T03' }));
    expect(one.SheetNames).toEqual(['填写说明', template.tasks[2]!.name, META_SHEET]);
    const read = await readFillWorkbook(await writeFillWorkbook(template, { taskCode: 'T03' }), template);
    expect(read.ok && read.meta.taskCodes).toEqual(['T03']);
    await expect(writeFillWorkbook(template, { taskCode: 'T99' })).rejects.toThrow();
  });

  it('formats input cells by type: percent, money, integer, date, text', () => {
    const ws = book.Sheets[T01]!;
    const rows = codeRows(ws);
    const fmt = (code: string, col: number) =>
      (ws[XLSX.utils.encode_cell({ r: rows.get(code)! - 1, c: col - 1 })] as XLSX.CellObject | undefined)?.z;
    expect(fmt('T01_15', COLUMNS.actual)).toBe('0.00%');
    expect(fmt('T01_15', COLUMNS.target)).toBe('0.00%');
    expect(fmt('T01_17', COLUMNS.actual)).toBe('#,##0.00');
    expect(fmt('T01_01', COLUMNS.actual)).toBe('#,##0');
    expect(fmt('T01_09', COLUMNS.actual)).toBe('yyyy-mm-dd');
    expect(fmt('T01_08', COLUMNS.actual)).toBe('@');
  });

  it('protects every sheet without a password; only target, actual and note cells are unlocked', async () => {
    const xml = await sheetXml(all, T01);
    const protection = /<sheetProtection [^>]*\/>/.exec(xml)?.[0] ?? '';
    expect(protection).toContain('sheet="1"');
    expect(protection).not.toMatch(/hashValue|password/);
    expect(/<pane [^>]*ySplit="2"[^>]*state="frozen"/.test(xml)).toBe(true);
    expect(/<pageSetup [^>]*paperSize="9"/.test(xml)).toBe(true);
    expect(await sheetXml(all, '填写说明')).toContain('<sheetProtection sheet="1"');

    const unlocked = await unlockedStyles(all);
    const rows = codeRows(book.Sheets[T01]!);
    const open = (code: string, col: number) =>
      unlocked.has(cellStyle(xml, XLSX.utils.encode_cell({ r: rows.get(code)! - 1, c: col - 1 })));
    for (const code of ['T01_01', 'T01_15', 'T01_17']) {
      expect([open(code, COLUMNS.target), open(code, COLUMNS.actual), open(code, COLUMNS.note)]).toEqual([
        true,
        true,
        true,
      ]);
      expect([
        open(code, COLUMNS.no),
        open(code, COLUMNS.code),
        open(code, COLUMNS.label),
        open(code, COLUMNS.hint),
      ]).toEqual([false, false, false, false]);
    }
    // Calculated: read-only value, and no target; text/choice indicators: no target either.
    expect([
      open('T01_05', COLUMNS.actual),
      open('T01_05', COLUMNS.target),
      open('T01_05', COLUMNS.note),
    ]).toEqual([false, false, true]);
    expect(open('T01_07', COLUMNS.target)).toBe(false);
    expect(cellStyle(xml, 'B2')).not.toBe(cellStyle(xml, 'F4'));
    expect(unlocked.has(cellStyle(xml, 'B2'))).toBe(false);
  });

  it('data validations per indicator type, with input and error messages', async () => {
    const xml = await sheetXml(all, T01);
    const list = validations(xml);
    const rows = codeRows(book.Sheets[T01]!);
    const at = (code: string, col: number) => {
      const address = XLSX.utils.encode_cell({ r: rows.get(code)! - 1, c: col - 1 });
      return list.find((v) => v.cells.has(address));
    };
    expect(at('T01_01', COLUMNS.actual)).toMatchObject({
      type: 'whole',
      operator: 'greaterThanOrEqual',
      formula1: '0',
      promptTitle: '成员单位总数（本年实际）',
      prompt: '请填写整数，不小于 0。',
      error: '“成员单位总数”应填写整数，不小于 0。',
    });
    expect(at('T01_01', COLUMNS.target)).toMatchObject({
      type: 'whole',
      promptTitle: '成员单位总数（年度目标）',
    });
    const percent = at('T01_15', COLUMNS.actual)!;
    expect(percent).toMatchObject({ type: 'decimal', formula1: '0', formula2: '1' });
    expect(percent.operator ?? 'between').toBe('between');
    expect(percent.prompt).toContain('12%');
    expect(percent.prompt).toContain('0 至 100%');
    expect(at('T01_17', COLUMNS.actual)).toMatchObject({
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      formula1: '0',
    });
    expect(at('T01_06', COLUMNS.actual)).toMatchObject({ type: 'list', formula1: '"是,否"' });
    expect(at('T01_07', COLUMNS.actual)).toMatchObject({ type: 'list', formula1: '"理事会,董事会,其他"' });
    const date = at('T01_09', COLUMNS.actual)!;
    expect(date.type).toBe('date');
    expect(Number(date.formula1)).toBe(32874); // 1990-01-01
    expect(at('T01_08', COLUMNS.actual)).toMatchObject({
      type: 'textLength',
      promptTitle: '其他运行机制说明（本年实际）',
    });
    // Calculated indicators take no input at all.
    expect(at('T01_05', COLUMNS.actual)).toBeUndefined();
    // Excel's limits on message lengths hold everywhere.
    for (const task of template.tasks)
      for (const v of validations(await sheetXml(all, task.name))) {
        expect([...(v.promptTitle ?? '')].length).toBeLessThanOrEqual(32);
        expect([...(v.prompt ?? '')].length).toBeLessThanOrEqual(255);
        expect([...(v.error ?? '')].length).toBeLessThanOrEqual(225);
      }
  });

  it('calculated indicators show the formula in 填写要求 and current values greyed', async () => {
    const bytes = await writeFillWorkbook(template, { taskCode: 'T01', values: { T01_05: 0.25 } });
    const ws = XLSX.read(bytes).Sheets[T01]!;
    const row = codeRows(ws).get('T01_05')!;
    expect(String(ws[`H${row}`]!.v)).toContain('自动计算');
    expect(String(ws[`H${row}`]!.v)).toContain('ratio(T01_02, T01_01)');
    expect(ws[`F${row}`]!.v).toBe(0.25);
    expect(ws[`E${row}`]!.v).toBe('—');
  });

  it('long choice lists go to the hidden sheet and are referenced by range', async () => {
    const t = copyTemplate((x) => {
      x.choiceLists.governance = Array.from({ length: 40 }, (_, i) => ({
        code: `c${i}`,
        label: `治理结构类型${i}`,
      }));
    });
    const bytes = await writeFillWorkbook(t, { taskCode: 'T01' });
    const row = codeRows(XLSX.read(bytes).Sheets[T01]!).get('T01_07')!;
    const v = validations(await sheetXml(bytes, T01)).find((x) => x.cells.has(`F${row}`))!;
    expect(v.formula1).toBe("'_tianbao'!$J$1:$J$40");
    const meta = XLSX.read(bytes).Sheets[META_SHEET]!;
    expect(meta['J40']!.v).toBe('治理结构类型39');
  });
});

describe('sheet names', () => {
  it('follows Excel rules: ≤31 characters, no []:*?/\\, unique ignoring case', () => {
    const taken = new Set<string>(['填写说明']);
    expect(sheetNameFor('A/B:C[1]*?', taken)).toBe('A／B：C【1】＊？');
    const long = '开展具有国际影响的职业教育标准、资源和装备建设及其他很长很长的任务名称';
    const a = sheetNameFor(long, taken);
    const b = sheetNameFor(long, taken);
    expect([...a].length).toBeLessThanOrEqual(31);
    expect([...b].length).toBeLessThanOrEqual(31);
    expect(a.endsWith('…')).toBe(true);
    expect(b.endsWith('(2)')).toBe(true);
    expect(sheetNameFor('Data', taken)).toBe('Data');
    expect(sheetNameFor('data', taken)).toBe('data(2)');
    expect(sheetNameFor('填写说明', taken)).toBe('填写说明(2)');
    expect(sheetNameFor("'quoted'", taken)).toBe('quoted');
    expect(sheetNameFor('History', taken)).toBe('History_');
  });

  it('a template with awkward task names still produces a valid workbook that reads back', async () => {
    const t = copyTemplate((x) => {
      x.tasks[0]!.name = '任务/一：[试点]*?' + '很长'.repeat(20);
      x.tasks[1]!.name = x.tasks[0]!.name;
    });
    const bytes = await writeFillWorkbook(t, {});
    const names = XLSX.read(bytes).SheetNames;
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const n of names) expect(n).not.toMatch(/[[\]:*?/\\]/);
    const read = await readFillWorkbook(bytes, t);
    expect(read.ok).toBe(true);
  });
});

/** Opens a generated workbook with exceljs, lets `edit` change it as a user would, saves it. */
async function edited(bytes: Uint8Array, edit: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  edit(wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('reading a filled-in workbook back', () => {
  let blank: Uint8Array;
  let rows: Map<string, number>;
  beforeAll(async () => {
    blank = await writeFillWorkbook(template, {
      taskCode: 'T01',
      year: 2025,
      unit: { id: 'u-1', name: '某校' },
    });
    rows = codeRows(XLSX.read(blank).Sheets[T01]!);
  });
  const cell = (wb: ExcelJS.Workbook, code: string, col: number) =>
    wb.getWorksheet(T01)!.getCell(rows.get(code)!, col);

  it('numbers, full-width digits, 1,234, 0.12 in a percent cell, 12% typed as text, formulas, dates, 是/否, choices', async () => {
    const bytes = await edited(blank, (wb) => {
      cell(wb, 'T01_01', COLUMNS.actual).value = 120;
      cell(wb, 'T01_01', COLUMNS.target).value = 110;
      cell(wb, 'T01_01', COLUMNS.note).value = '含新增成员';
      cell(wb, 'T01_02', COLUMNS.actual).value = '１２';
      cell(wb, 'T01_03', COLUMNS.actual).value = '1,234';
      cell(wb, 'T01_04', COLUMNS.actual).value = { formula: 'F5+3', result: 15 };
      cell(wb, 'T01_06', COLUMNS.actual).value = '是';
      cell(wb, 'T01_07', COLUMNS.actual).value = '董事会';
      cell(wb, 'T01_08', COLUMNS.actual).value = '  按章程运行  ';
      cell(wb, 'T01_09', COLUMNS.actual).value = new Date(Date.UTC(2024, 4, 1));
      cell(wb, 'T01_10', COLUMNS.actual).value = '2024'; // number stored as text
      cell(wb, 'T01_15', COLUMNS.actual).value = 0.12; // percent-formatted cell
      cell(wb, 'T01_15', COLUMNS.target).value = '12.5%'; // typed as text
      cell(wb, 'T01_17', COLUMNS.actual).value = '￥1,234.5';
      // A calculated cell someone typed over is ignored: the app computes it.
      cell(wb, 'T01_05', COLUMNS.actual).value = 0.99;
    });
    const r = await readFillWorkbook(bytes, template);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.errors).toEqual([]);
    expect(r.meta).toMatchObject({
      templateId: 'keytasks-2023',
      templateVersion: '2023.1',
      taskCodes: ['T01'],
      year: 2025,
      unitId: 'u-1',
    });
    expect(r.meta.projectId).toBeUndefined();
    expect(r.values).toEqual({
      T01_01: 120,
      T01_02: 12,
      T01_03: 1234,
      T01_04: 15,
      T01_06: true,
      T01_07: 'board',
      T01_08: '按章程运行',
      T01_09: '2024-05-01',
      T01_10: 2024,
      T01_11: null,
      T01_12: null,
      T01_13: null,
      T01_14: null,
      T01_15: 0.12,
      T01_16: null,
      T01_17: 1234.5,
      T01_18: null,
    });
    expect(r.targets.T01_01).toBe(110);
    expect(r.targets.T01_15).toBe(0.125);
    expect(r.targets.T01_02).toBeNull();
    expect('T01_05' in r.targets).toBe(false);
    expect('T01_06' in r.targets).toBe(false);
    expect(r.notes.T01_01).toBe('含新增成员');
    expect(r.notes.T01_02).toBe('');
  });

  it('values written by the app come back unchanged (round trip)', async () => {
    const values = {
      T01_01: 100,
      T01_06: false,
      T01_07: 'other',
      T01_08: '说明',
      T01_09: '2023-09-01',
      T01_15: 0.3567,
    };
    const bytes = await writeFillWorkbook(template, {
      taskCode: 'T01',
      values,
      targets: { T01_01: 90, T01_17: 12.5 },
      notes: { T01_01: '备注' },
    });
    const r = await readFillWorkbook(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.fromEntries(Object.entries(r.values).filter(([, v]) => v !== null))).toEqual(values);
    expect(r.targets).toMatchObject({ T01_01: 90, T01_17: 12.5 });
    expect(r.notes.T01_01).toBe('备注');
  });

  it('finds rows by code when rows were moved and a sheet was renamed', async () => {
    const bytes = await edited(blank, (wb) => {
      const ws = wb.getWorksheet(T01)!;
      // Swap the rows of T01_01 and T01_02 completely (what sorting does).
      const [a, b] = [rows.get('T01_01')!, rows.get('T01_02')!];
      for (let c = 1; c <= 8; c++) {
        const [x, y] = [ws.getCell(a, c), ws.getCell(b, c)];
        [x.value, y.value] = [y.value, x.value];
      }
      ws.getCell(b, COLUMNS.actual).value = 7; // now T01_01's row
      ws.name = '联合体';
    });
    const r = await readFillWorkbook(bytes, template);
    expect(r.ok && r.values.T01_01).toBe(7);
  });

  it('collects every bad cell in one pass, located, with the zh-CN message', async () => {
    const bytes = await edited(blank, (wb) => {
      cell(wb, 'T01_01', COLUMNS.actual).value = 'abc';
      cell(wb, 'T01_01', COLUMNS.target).value = '很多';
      cell(wb, 'T01_02', COLUMNS.actual).value = 12.5;
      cell(wb, 'T01_04', COLUMNS.actual).value = -3;
      cell(wb, 'T01_06', COLUMNS.actual).value = '也许';
      cell(wb, 'T01_09', COLUMNS.actual).value = '2024-02-30';
      cell(wb, 'T01_15', COLUMNS.actual).value = 1.3; // 130% in a percent cell
      cell(wb, 'T01_10', COLUMNS.actual).value = { formula: '1/0', result: { error: '#DIV/0!' } };
      cell(wb, 'T01_11', COLUMNS.actual).value = 5; // a good one among them
    });
    const r = await readFillWorkbook(bytes, template);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const row = (code: string) => rows.get(code)!;
    expect(located(r).map(({ sheet, cell: c, code, text }) => ({ sheet, cell: c, code, text }))).toEqual([
      {
        sheet: T01,
        cell: `F${row('T01_01')}`,
        code: 'not-number',
        text: `${T01}!F${row('T01_01')}: “成员单位总数”应填写数字，“abc”不是数字`,
      },
      {
        sheet: T01,
        cell: `E${row('T01_01')}`,
        code: 'not-number',
        text: `${T01}!E${row('T01_01')}: “成员单位总数（年度目标）”应填写数字，“很多”不是数字`,
      },
      {
        sheet: T01,
        cell: `F${row('T01_02')}`,
        code: 'not-integer',
        text: `${T01}!F${row('T01_02')}: “其中：成员企业数”应填写整数，“12.5”带有小数`,
      },
      {
        sheet: T01,
        cell: `F${row('T01_04')}`,
        code: 'negative',
        text: `${T01}!F${row('T01_04')}: “成员职业院校数”不能为负数`,
      },
      {
        sheet: T01,
        cell: `F${row('T01_06')}`,
        code: 'not-boolean',
        text: `${T01}!F${row('T01_06')}: “是否实体化运作”请填写“是”或“否”，“也许”无法识别`,
      },
      {
        sheet: T01,
        cell: `F${row('T01_09')}`,
        code: 'not-date',
        text: `${T01}!F${row('T01_09')}: “挂牌成立日期”应填写日期（如 2025-06-30 或 2025年6月30日），“2024-02-30”不是有效日期`,
      },
      expect.objectContaining({ cell: `F${row('T01_10')}`, code: 'cell-error' }),
      {
        sheet: T01,
        cell: `F${row('T01_15')}`,
        code: 'above-max',
        text: `${T01}!F${row('T01_15')}: “成员院校毕业生本地就业率”不能大于 100%`,
      },
    ]);
    expect(r.values.T01_11).toBe(5);
    expect('T01_01' in r.values).toBe(false);
  });

  it('refuses a workbook without the _tianbao sheet', async () => {
    const bytes = await edited(blank, (wb) => wb.removeWorksheet(wb.getWorksheet(META_SHEET)!.id));
    const r = await readFillWorkbook(bytes, template);
    expect(r.ok).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.code).toBe('not-tianbao');
    expect(zh.format(r.errors[0]!.message)).toContain('不是职教填报生成的填报表');
  });

  it('refuses a workbook of another template, or another version, saying which is which', async () => {
    const other = copyTemplate((t) => {
      t.id = 'other-2024';
      t.name = '双高计划绩效数据';
    });
    const r = await readFillWorkbook(await writeFillWorkbook(other, { taskCode: 'T01' }), template);
    expect(r.ok).toBe(false);
    expect(r.errors[0]!.code).toBe('wrong-template');
    expect(zh.format(r.errors[0]!.message)).toBe(
      '这份填报表属于模板“other-2024”（版本 2023.1），而当前需要的是模板“keytasks-2023”（版本 2023.1）',
    );

    const newer = copyTemplate((t) => (t.version = '2023.2'));
    const v = await readFillWorkbook(blank, newer);
    expect(v.ok).toBe(false);
    expect(v.errors[0]!.code).toBe('wrong-version');
    expect(zh.format(v.errors[0]!.message)).toContain('版本 2023.1');
    expect(zh.format(v.errors[0]!.message)).toContain('当前模板是版本 2023.2');

    // Without a template, the built-in one named in the file is used; unknown ids are refused.
    const u = await readFillWorkbook(await writeFillWorkbook(other, { taskCode: 'T01' }));
    expect(u.ok).toBe(false);
    expect(u.errors[0]!.code).toBe('unknown-template');
  });

  it('refuses edited indicator codes, located at the code cell', async () => {
    const unknown = await edited(blank, (wb) => {
      cell(wb, 'T01_03', COLUMNS.code).value = 'T01_99';
    });
    const r = await readFillWorkbook(unknown, template);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.cell, e.code])).toEqual([
      [`B${rows.get('T01_03')}`, 'unknown-code'],
      [`B${rows.get('T01_03')}`, 'missing-code'],
    ]);
    expect(zh.format(r.errors[0]!.message)).toBe(
      '指标编码“T01_99”不属于任务“打造市域产教联合体”，指标编码可能被改动',
    );

    const swapped = await edited(blank, (wb) => {
      cell(wb, 'T01_03', COLUMNS.code).value = 'T01_04';
    });
    const s = await readFillWorkbook(swapped, template);
    expect(s.ok).toBe(false);
    expect(s.errors.map((e) => e.code)).toEqual(['label-mismatch', 'missing-code']);
    expect(zh.format(s.errors[0]!.message)).toBe(
      '指标编码“T01_04”对应的应是“成员职业院校数”，这一行却是“其中：规模以上企业数”，指标编码可能被改动',
    );

    const deleted = await edited(blank, (wb) => wb.getWorksheet(T01)!.spliceRows(rows.get('T01_18')!, 1));
    const d = await readFillWorkbook(deleted, template);
    expect(d.ok).toBe(false);
    expect(d.errors.map((e) => e.code)).toEqual(['missing-code']);
  });

  it('refuses a workbook whose task sheet is gone, and files that are not workbooks', async () => {
    const gone = await edited(blank, (wb) => wb.removeWorksheet(wb.getWorksheet(T01)!.id));
    const g = await readFillWorkbook(gone, template);
    expect(g.ok).toBe(false);
    expect(g.errors.map((e) => e.code)).toEqual(['sheet-missing']);

    const junk = await readFillWorkbook(new TextEncoder().encode('hello, this is not a workbook'), template);
    expect(junk.ok).toBe(false);
    expect(junk.errors[0]!.code).toBe('not-xlsx');
  });
});

describe('reading any sheet: rows → typed values with located errors', () => {
  const ind = (type: IndicatorType, extra: Partial<Indicator> = {}) =>
    indicatorSchema.parse({ code: 'X01', label: '测试指标', type, ...extra });
  const choices = [
    { code: 'a', label: '甲类' },
    { code: 'b', label: '乙类' },
  ];

  it('the short path for clean cells gives exactly what cellValue gives, for every kind of cell', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('样本');
    const numbers = [
      0,
      1,
      -1,
      12,
      0.12,
      1.3,
      12.5,
      0.125,
      0.1 + 0.2,
      1234.5678,
      7435.42,
      1e-7,
      5e8,
      2e9,
      45000,
      -0.5,
    ];
    const contents: ExcelJS.CellValue[] = [
      ...numbers,
      '１２',
      '1,234',
      '12%',
      '0.12',
      '  8 ',
      '是',
      '否',
      'yes',
      '甲类',
      'b',
      '丙类',
      '2025年6月30日',
      '　',
      '',
      'abc',
      new Date(Date.UTC(2024, 1, 29)),
      true,
      { formula: 'A1*2', result: 24 },
      { formula: 'A1/0', result: { error: '#DIV/0!' } },
      { richText: [{ text: '１' }, { text: '0' }] },
      null,
    ];
    const formats = [undefined, '0.00%', 'yyyy-mm-dd', '#,##0.00', '@', '0%'];
    let r = 0;
    for (const value of contents)
      for (const numFmt of formats) {
        const cell = ws.getCell(++r, 1);
        cell.value = value;
        if (numFmt) cell.numFmt = numFmt;
      }
    const indicators = [
      ind('integer', { min: 0 }),
      ind('integer'),
      ind('decimal'),
      ind('decimal', { decimals: 2, max: 1000 }),
      ind('money', { min: 0 }),
      ind('percent', { min: 0, max: 1 }),
      ind('percent', { decimals: 1 }),
      ind('text'),
      ind('date'),
      ind('boolean'),
      ind('choice', { choices: 'x' }),
    ];
    let compared = 0;
    for (const indicator of indicators) {
      const reader = new ColumnReader({ col: 1, indicator, choices });
      for (let n = 1; n <= r; n++) {
        const cell = ws.getCell(n, 1);
        expect({ n, type: indicator.type, got: reader.read(cell) }).toEqual({
          n,
          type: indicator.type,
          got: cellValue(cell, indicator, choices),
        });
        compared++;
      }
    }
    expect(compared).toBe(indicators.length * contents.length * formats.length);
  });

  it('random numbers in random formats agree too', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('随机');
    const cell = ws.getCell('A1');
    const readers = (['integer', 'decimal', 'money', 'percent'] as const).map(
      (type) => new ColumnReader({ col: 1, indicator: ind(type, { min: -5, max: 5e6 }) }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1e7, max: 1e7 }),
          fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          fc.integer().map((n) => n / 100),
        ),
        fc.constantFrom(undefined, '0.00%', 'General', '#,##0.00', 'yyyy/m/d'),
        (value, numFmt) => {
          cell.value = value;
          cell.numFmt = numFmt as string;
          for (const reader of readers)
            expect(reader.read(cell)).toEqual(cellValue(cell, reader.indicator, []));
        },
      ),
      { numRuns: 500 },
    );
  });

  /** A workbook like a provincial roster, with enough Chinese text to cross decompression chunks. */
  async function roster(rows: number, sharedStrings: boolean): Promise<Uint8Array> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useSharedStrings: sharedStrings,
      useStyles: true,
    });
    const ws = wb.addWorksheet('单位名册');
    ws.addRow(['单位名称', '成员单位数', '就业率', '挂牌日期', '是否实体化']).commit();
    for (let i = 1; i <= rows; i++) {
      const row = ws.addRow([
        `第${i}号市域产教联合体成员职业技术学院（${'江浙沪粤川鄂'[i % 6]}）`,
        i % 97 === 0
          ? '很多'
          : i % 13 === 0
            ? `${i}`.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))
            : i,
        (i % 100) / 100,
        new Date(Date.UTC(2020, i % 12, 1 + (i % 28))),
        i % 2 ? '是' : '否',
      ]);
      row.getCell(3).numFmt = '0.00%';
      row.getCell(4).numFmt = 'yyyy-mm-dd';
      row.commit();
    }
    ws.commit();
    await wb.commit();
    return new Uint8Array(Buffer.concat(chunks));
  }
  const rosterColumns: SheetColumn[] = [
    { col: 1, indicator: ind('text'), required: true },
    { col: 2, indicator: ind('integer', { label: '成员单位数', min: 0 }) },
    { col: 3, indicator: ind('percent', { min: 0, max: 1 }) },
    { col: 4, indicator: ind('date') },
    { col: 5, indicator: ind('boolean') },
  ];

  it('streamed (Node) and loaded (browser) reads agree, Chinese text intact, errors located', async () => {
    for (const shared of [true, false]) {
      const bytes = await roster(3000, shared);
      const streamed = await readSheetRows(bytes, { columns: rosterColumns, mode: 'stream' });
      const loaded = await readSheetRows(bytes, { columns: rosterColumns, mode: 'load' });
      expect(streamed.ok && loaded.ok).toBe(true);
      if (!streamed.ok || !loaded.ok) return;
      expect(streamed.sheet).toBe('单位名册');
      expect(streamed.rowCount).toBe(3000);
      expect(streamed.rows.map((r) => r.values)).toEqual(loaded.rows.map((r) => r.values));
      expect(streamed.errors).toEqual(loaded.errors);
      expect(streamed.rows.some((r) => String(r.values[0]).includes('\uFFFD'))).toBe(false);
      expect(streamed.rows[12]!.values).toEqual([
        '第13号市域产教联合体成员职业技术学院（浙）',
        13,
        0.13,
        '2020-02-14',
        true,
      ]);
      expect(streamed.errorCount).toBe(30);
      expect(streamed.errors[0]).toMatchObject({ sheet: '单位名册', cell: 'B98', code: 'not-number' });
      expect(zh.format(streamed.errors[0]!.message)).toBe('“成员单位数”应填写数字，“很多”不是数字');
    }
  });

  it('blank rows are skipped, required blanks reported, progress and row callbacks called, errors capped', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['名称', '数']);
    ws.addRow(['甲', 1]);
    ws.addRow([]);
    ws.addRow([null, 2]);
    ws.addRow(['丙', 'x']);
    ws.addRow(['丁', 'y']);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const seen: number[] = [];
    const progress: number[] = [];
    const r = await readSheetRows(bytes, {
      columns: [
        { col: 1, indicator: ind('text', { label: '名称' }), required: true },
        { col: 2, indicator: ind('integer', { label: '数' }) },
      ],
      onRow: (row) => seen.push(row.row),
      onProgress: (n) => progress.push(n),
      progressEvery: 2,
      maxErrors: 2,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(seen).toEqual([2, 4, 5, 6]);
    expect(r.rows).toEqual([]);
    expect(progress).toEqual([2, 4]);
    expect(r.errorCount).toBe(3);
    expect(r.errors.map((e) => [e.cell, e.code])).toEqual([
      ['A4', 'required'],
      ['B5', 'not-number'],
    ]);
    expect(zh.format(r.errors[0]!.message)).toBe('“名称”为必填项，不能为空');
  });

  it('reads the named sheet, or the first visible one, in both modes', async () => {
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('隐藏', { state: 'hidden' });
    hidden.addRow(['名称']);
    hidden.addRow(['不该读到']);
    const first = wb.addWorksheet('说明');
    first.addRow(['名称']);
    first.addRow(['说明行']);
    const data = wb.addWorksheet('数据');
    data.addRow(['名称']);
    for (let i = 0; i < 2000; i++) data.addRow([`数据行${i}`]);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const columns = [{ col: 1, indicator: ind('text') }];
    for (const mode of ['stream', 'load'] as const) {
      const byName = await readSheetRows(bytes, { columns, sheet: '数据', mode });
      expect(byName.ok && [byName.sheet, byName.rowCount, byName.rows[1999]!.values]).toEqual([
        '数据',
        2000,
        ['数据行1999'],
      ]);
      const firstVisible = await readSheetRows(bytes, { columns, mode });
      expect(firstVisible.ok && [firstVisible.sheet, firstVisible.rows.map((r) => r.values[0])]).toEqual([
        '说明',
        ['说明行'],
      ]);
    }
  });

  it('refuses what is not a workbook with open.ts’s errors, and names a missing sheet', async () => {
    const xls = new Uint8Array([
      0xd0,
      0xcf,
      0x11,
      0xe0,
      0xa1,
      0xb1,
      0x1a,
      0xe1,
      ...new Array<number>(600).fill(0),
    ]);
    for (const mode of ['stream', 'load'] as const) {
      const r = await readSheetRows(xls, { columns: rosterColumns, mode });
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.errors[0]!.code).toMatch(/xls|not-xlsx/);
      const bytes = await roster(5, true);
      const missing = await readSheetRows(bytes, { columns: rosterColumns, sheet: '没有这张表', mode });
      expect(missing.ok ? '' : missing.errors[0]!.code).toBe('sheet-missing');
    }
  });
});
