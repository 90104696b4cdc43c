/**
 * Summary workbooks: written with exceljs, read back with a second, independent reader (SheetJS)
 * and checked against figures computed here from the sources themselves — formulas and their
 * cached results, merges, number formats — plus the raw sheet XML for panes, print setup and
 * filters, and exact located messages for submissions that do not belong.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../shared/domain/expr/index.ts';
import { taskIndicators, type Template } from '../../shared/domain/template.ts';
import {
  formatSummaryIssue,
  planSummary,
  SummaryInputError,
  writeSummaryWorkbook,
  type SummaryWorkbookOptions,
} from '../../shared/excel/summary-workbook.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import type { ReportSource } from '../../shared/report/source.ts';
import { getBuiltinTemplate } from '../../shared/templates/index.ts';
import type { SubmissionStatus } from '../../shared/db/records.ts';

const zh = createTranslator('zh-CN');
const template = getBuiltinTemplate('keytasks-2023')!;
const T01 = '打造市域产教联合体';
const T03 = '建设开放型区域产教融合实践中心';
const GENERATED = new Date('2025-12-20T02:05:00Z'); // 10:05 in Beijing
const FIXED = ['序号', '单位名称', '统一社会信用代码', '所在地市', '项目名称', '层级', '状态', '提交时间'];

interface Spec {
  name: string;
  region?: string;
  status?: SubmissionStatus;
  task?: string;
  year?: number;
  values?: Record<string, Value>;
  tpl?: Template;
}

let seq = 0;
function source(spec: Spec): ReportSource {
  seq++;
  return {
    template: spec.tpl ?? template,
    taskCode: spec.task ?? 'T01',
    year: spec.year ?? 2025,
    unit: {
      name: spec.name,
      uscc: `91430100MA4L${String(seq).padStart(6, '0')}`,
      ...(spec.region ? { regionCode: spec.region } : {}),
    },
    project: { name: `${spec.name}建设项目`, level: '省级' },
    ...(spec.status ? { status: spec.status, submittedAt: '2025-12-10T02:30:00Z' } : {}),
    values: spec.values ?? {},
    targets: {},
    lastYear: {},
    evidence: [],
  };
}

/** Mutable copy of the frozen built-in template. */
function copyTemplate(change: (t: Template) => void): Template {
  const t = structuredClone(template);
  change(t);
  return t;
}

const T01_SPECS: Spec[] = [
  {
    name: '长沙职业技术学院',
    region: '430100',
    status: 'accepted',
    values: {
      T01_01: 120,
      T01_02: 60,
      T01_03: 12,
      T01_04: 8,
      T01_06: true,
      T01_07: 'council',
      T01_09: '2023-09-15',
      T01_10: 3,
      T01_11: 4,
      T01_12: 150,
      T01_13: 40,
      T01_14: 620,
      T01_15: 0.42,
      T01_16: 25,
      T01_17: 318.5,
      T01_18: 1200,
    },
  },
  {
    name: '株洲市域产教联合体',
    region: '430200',
    status: 'submitted',
    values: {
      T01_01: 80,
      T01_02: 50,
      T01_04: 6,
      T01_06: false,
      T01_07: 'other',
      T01_08: '政校企联席会议',
      T01_15: 0.3555,
      T01_16: 3,
      T01_17: 99.99,
    },
  },
  {
    name: '湘潭产教联合体',
    region: '430300',
    status: 'returned',
    // 0 members: the calculated share is blank; T01_08 is hidden (T01_07 is not 其他);
    // a figure kept as typed stays text and is in no total.
    values: { T01_01: 0, T01_02: 0, T01_07: 'board', T01_08: '不应出现', T01_13: '约30人', T01_17: 12.34 },
  },
  {
    name: '长沙市芙蓉区职教中心',
    region: '430102',
    status: 'resubmitted',
    values: { T01_01: 45, T01_02: 20, T01_06: true, T01_15: 0.5, T01_17: 0.01, T01_18: 35 },
  },
  { name: '衡阳市职教联盟', region: '430400', status: 'draft' },
  { name: '未填地区的单位', values: { T01_01: 10, T01_02: 10, T01_13: 7 } },
];
const T03_SPECS: Spec[] = [
  {
    name: '长沙实践中心',
    region: '430100',
    status: 'accepted',
    task: 'T03',
    values: { T03_01: 1234.5, T03_06: 500, T03_07: 125.25 },
  },
  {
    name: '岳阳实践中心',
    region: '430600',
    status: 'submitted',
    task: 'T03',
    values: { T03_01: 800, T03_06: 300, T03_07: 30 },
  },
];

// ───────────────────────────── readers ─────────────────────────────

function read(bytes: Uint8Array): XLSX.WorkBook {
  return XLSX.read(bytes, { cellFormula: true, cellNF: true });
}

function cell(ws: XLSX.WorkSheet, address: string): XLSX.CellObject | undefined {
  return ws[address] as XLSX.CellObject | undefined;
}

/** Column letter of an indicator on a task sheet: 8 fixed columns, then the task's indicators in order. */
function colOf(taskCode: string, code: string): string {
  const task = template.tasks.find((t) => t.code === taskCode)!;
  const i = taskIndicators(task).findIndex((ind) => ind.code === code);
  if (i < 0) throw new Error(code);
  return XLSX.utils.encode_col(FIXED.length + i);
}

/** First row (1-based) at or after `from` whose column A shows `text`. */
function rowWith(ws: XLSX.WorkSheet, text: string, from = 1): number {
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
  for (let r = from - 1; r <= range.e.r; r++) if (cell(ws, `A${r + 1}`)?.v === text) return r + 1;
  throw new Error(`no row ${text}`);
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

// ───────────────────────────── expected figures, from the sources ─────────────────────────────

function numbers(specs: Spec[], code: string): number[] {
  return specs.map((s) => s.values?.[code]).filter((v): v is number => typeof v === 'number');
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** T01_05 = ratio(T01_02, T01_01) for each unit, blank when either is blank or the total is 0. */
function shares(specs: Spec[]): (number | null)[] {
  return specs.map((s) => {
    const a = s.values?.T01_02;
    const b = s.values?.T01_01;
    return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : null;
  });
}

function countBy(specs: Spec[], label: (s: Spec) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of specs) m.set(label(s), (m.get(label(s)) ?? 0) + 1);
  return m;
}

const STATUS_ZH: Record<SubmissionStatus | 'none', string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  resubmitted: '已重新提交',
  accepted: '已通过',
  none: '未注明',
};
const CITY_ZH: Record<string, string> = {
  '430100': '长沙市',
  '430102': '长沙市',
  '430200': '株洲市',
  '430300': '湘潭市',
  '430400': '衡阳市',
  '430600': '岳阳市',
};
const statusOf = (s: Spec) => STATUS_ZH[s.status ?? 'none'];
const cityOf = (s: Spec) => (s.region ? (CITY_ZH[s.region] as string) : '（未填写）');

// ───────────────────────────── the main workbook ─────────────────────────────

describe('summary workbook', () => {
  const specs = [...T01_SPECS.slice(0, 3), ...T03_SPECS, ...T01_SPECS.slice(3)];
  let bytes: Uint8Array;
  let wb: XLSX.WorkBook;
  let t01: XLSX.WorkSheet;
  let t03: XLSX.WorkSheet;
  let overview: XLSX.WorkSheet;
  const progress: [number, number][] = [];
  const DATA = 6;
  const TOTAL = DATA + T01_SPECS.length;
  const AVERAGE = TOTAL + 1;

  beforeAll(async () => {
    bytes = await writeSummaryWorkbook(specs.map(source), {
      template,
      generatedAt: GENERATED,
      onProgress: (done, total) => progress.push([done, total]),
    });
    wb = read(bytes);
    t01 = wb.Sheets[T01]!;
    t03 = wb.Sheets[T03]!;
    overview = wb.Sheets['概览']!;
  });

  it('has the overview first, then one sheet per submitted task in template order', () => {
    expect(wb.SheetNames).toEqual(['概览', T01, T03]);
  });

  it('titles each task sheet with year, task, template, Beijing time and count', () => {
    expect(cell(t01, 'A1')?.v).toBe(`2025年度 ${T01} 汇总表`);
    expect(cell(t01, 'A2')?.v).toBe(
      '模板：现代职业教育体系建设改革重点任务绩效数据（keytasks-2023 2023.1）　生成时间：2025-12-20 10:05　共 6 份填报',
    );
  });

  it('merges fixed headers over three rows and group names across their indicators', () => {
    const merges = (t01['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m));
    FIXED.forEach((text, i) => {
      const col = XLSX.utils.encode_col(i);
      expect(cell(t01, `${col}3`)?.v).toBe(text);
      expect(merges).toContain(`${col}3:${col}5`);
    });
    const task = template.tasks.find((t) => t.code === 'T01')!;
    for (const group of task.groups) {
      const first = colOf('T01', group.indicators[0]!.code);
      const last = colOf('T01', group.indicators.at(-1)!.code);
      expect(cell(t01, `${first}3`)?.v).toBe(group.name);
      expect(merges).toContain(`${first}3:${last}3`);
      for (const ind of group.indicators) {
        const c = colOf('T01', ind.code);
        expect(cell(t01, `${c}4`)?.v).toBe(ind.label);
        expect(cell(t01, `${c}5`)?.v).toBe(ind.type === 'percent' ? '%' : ind.unit || undefined);
      }
    }
    expect(merges).toContain('I3:Q3'); // 组织运行: T01_01 … T01_09
    expect(cell(t01, 'I5')?.v).toBe('家');
    expect(cell(t01, 'Y5')?.v).toBe('万元');
  });

  it('writes one row per unit with city, zh-CN status, Beijing submit time and typed cells', () => {
    const rows = T01_SPECS.map((s, i) => ({ s, r: DATA + i }));
    for (const { s, r } of rows) {
      expect(cell(t01, `A${r}`)?.v).toBe(r - DATA + 1);
      expect(cell(t01, `B${r}`)?.v).toBe(s.name);
      expect(cell(t01, `D${r}`)?.v).toBe(cityOf(s));
      expect(cell(t01, `E${r}`)?.v).toBe(`${s.name}建设项目`);
      expect(cell(t01, `F${r}`)?.v).toBe('省级');
      expect(cell(t01, `G${r}`)?.v).toBe(statusOf(s));
    }
    expect(cell(t01, 'C6')?.t).toBe('s'); // 18-character code stays text
    expect(cell(t01, 'H6')?.z).toBe('yyyy-mm-dd hh:mm');
    expect(cell(t01, 'H6')?.w).toBe('2025-12-10 10:30');
    expect(cell(t01, 'H11')).toBeUndefined(); // no status, no submit time
    // 430102 (a district) is counted under its city.
    expect(cell(t01, 'D9')?.v).toBe('长沙市');

    const at = (r: number, code: string) => cell(t01, `${colOf('T01', code)}${r}`);
    expect(at(6, 'T01_01')).toMatchObject({ t: 'n', v: 120, z: '#,##0' });
    expect(at(6, 'T01_05')).toMatchObject({ t: 'n', v: 0.5, z: '0.00%', w: '50.00%' });
    expect(at(6, 'T01_06')?.v).toBe('是');
    expect(at(7, 'T01_06')?.v).toBe('否');
    expect(at(6, 'T01_07')?.v).toBe('理事会');
    expect(at(6, 'T01_09')).toMatchObject({ t: 'n', z: 'yyyy-mm-dd', w: '2023-09-15' });
    expect(at(6, 'T01_17')).toMatchObject({ v: 318.5, z: '#,##0.00', w: '318.50' });
    expect(at(7, 'T01_08')?.v).toBe('政校企联席会议');
    expect(at(7, 'T01_15')?.w).toBe('35.55%');
    expect(at(8, 'T01_05')).toBeUndefined(); // ratio over 0 members
    expect(at(8, 'T01_08')).toBeUndefined(); // hidden: 运行机制 is not 其他
    expect(at(8, 'T01_13')).toMatchObject({ t: 's', v: '约30人' });
    expect(at(10, 'T01_01')).toBeUndefined(); // nothing filled
  });

  it('totals and averages are SUM / AVERAGE formulas whose cached results match the sources', () => {
    expect(cell(t01, `A${TOTAL}`)?.v).toBe('合计');
    expect(cell(t01, `A${AVERAGE}`)?.v).toBe('平均');
    const range = (c: string) => `${c}${DATA}:${c}${TOTAL - 1}`;
    for (const code of ['T01_01', 'T01_02', 'T01_13', 'T01_17', 'T01_18']) {
      const c = colOf('T01', code);
      const xs = numbers(T01_SPECS, code);
      const total = cell(t01, `${c}${TOTAL}`)!;
      expect(total.f).toBe(`SUM(${range(c)})`);
      expect(total.v).toBeCloseTo(sum(xs), 9);
      const avg = cell(t01, `${c}${AVERAGE}`)!;
      expect(avg.f).toBe(`IFERROR(AVERAGE(${range(c)}),"")`);
      expect(avg.v).toBeCloseTo(sum(xs) / xs.length, 9);
    }
    // The text 约30人 is in no total: 40 + 7.
    expect(cell(t01, `${colOf('T01', 'T01_13')}${TOTAL}`)?.v).toBe(47);
    expect(cell(t01, `${colOf('T01', 'T01_01')}${TOTAL}`)?.w).toBe('255');
    expect(cell(t01, `${colOf('T01', 'T01_01')}${AVERAGE}`)?.z).toBe('#,##0.00');
    expect(cell(t01, `${colOf('T01', 'T01_17')}${TOTAL}`)?.w).toBe('430.84');
  });

  it('gives percents no SUM: the ratio of the totals where the rate is a ratio, else only an average', () => {
    const share = colOf('T01', 'T01_05');
    const total = cell(t01, `${share}${TOTAL}`)!;
    const members = `${colOf('T01', 'T01_01')}${DATA}:${colOf('T01', 'T01_01')}${TOTAL - 1}`;
    const companies = `${colOf('T01', 'T01_02')}${DATA}:${colOf('T01', 'T01_02')}${TOTAL - 1}`;
    expect(total.f).toBe(`IF(SUM(${members})=0,"",SUM(${companies})/SUM(${members}))`);
    expect(total.v).toBeCloseTo(sum(numbers(T01_SPECS, 'T01_02')) / sum(numbers(T01_SPECS, 'T01_01')), 12);
    const rates = shares(T01_SPECS).filter((x): x is number => x !== null);
    expect(cell(t01, `${share}${AVERAGE}`)?.v).toBeCloseTo(sum(rates) / rates.length, 12);

    const typedRate = colOf('T01', 'T01_15');
    expect(cell(t01, `${typedRate}${TOTAL}`)).toBeUndefined();
    const avg = cell(t01, `${typedRate}${AVERAGE}`)!;
    expect(avg.f).toContain('AVERAGE(');
    expect(avg.v).toBeCloseTo((0.42 + 0.3555 + 0.5) / 3, 12);
    expect(avg.z).toBe('0.00%');

    // 建设开放型区域产教融合实践中心: 行业企业投入占比 = ΣT03_07 / ΣT03_06.
    const t03share = cell(t03, `${colOf('T03', 'T03_08')}${DATA + 2}`)!;
    expect(t03share.v).toBeCloseTo((125.25 + 30) / (500 + 300), 12);
    expect(cell(t03, `${colOf('T03', 'T03_01')}${DATA + 2}`)).toMatchObject({ v: 2034.5, z: '#,##0.00' });
  });

  it('counts filled non-numeric cells with COUNTA shown as 已填 n', () => {
    const c = colOf('T01', 'T01_07');
    const total = cell(t01, `${c}${TOTAL}`)!;
    expect(total.f).toBe(`COUNTA(${c}${DATA}:${c}${TOTAL - 1})`);
    expect(total.v).toBe(T01_SPECS.filter((s) => s.values?.T01_07 !== undefined).length);
    expect(total.w).toBe('已填 3');
    expect(cell(t01, `${c}${AVERAGE}`)).toBeUndefined();
    // Hidden T01_08 on 湘潭 is not counted.
    expect(cell(t01, `${colOf('T01', 'T01_08')}${TOTAL}`)?.v).toBe(1);
  });

  it('states year, template, time and count on the overview', () => {
    expect(cell(overview, 'A1')?.v).toBe('2025年度 现代职业教育体系建设改革重点任务绩效数据 汇总概览');
    const value = (label: string) => cell(overview, `B${rowWith(overview, label)}`)?.v;
    expect(value('填报年度')).toBe('2025年度');
    expect(value('汇总模板')).toBe(
      '现代职业教育体系建设改革重点任务绩效数据（编号 keytasks-2023，版本 2023.1）',
    );
    expect(value('生成时间')).toBe('2025-12-20 10:05');
    expect(value('汇总填报')).toBe('8 份（2 项任务）');
  });

  it('counts status × task with COUNTIFS over the task sheets, cached counts and totals', () => {
    const header = rowWith(overview, '状态');
    expect(['B', 'C', 'D'].map((c) => cell(overview, `${c}${header}`)?.v)).toEqual([T01, T03, '合计']);
    const t01Counts = countBy(T01_SPECS, statusOf);
    const t03Counts = countBy(T03_SPECS, statusOf);
    for (const label of Object.values(STATUS_ZH)) {
      const r = rowWith(overview, label, header);
      const b = cell(overview, `B${r}`)!;
      expect(b.f).toBe(`COUNTIFS('${T01}'!$G$6:$G$11,$A${r})`);
      expect(b.v).toBe(t01Counts.get(label) ?? 0);
      expect(cell(overview, `C${r}`)?.f).toBe(`COUNTIFS('${T03}'!$G$6:$G$7,$A${r})`);
      expect(cell(overview, `C${r}`)?.v).toBe(t03Counts.get(label) ?? 0);
      expect(cell(overview, `D${r}`)).toMatchObject({
        f: `SUM(B${r}:C${r})`,
        v: (t01Counts.get(label) ?? 0) + (t03Counts.get(label) ?? 0),
      });
    }
    const totals = rowWith(overview, '合计', header + 1);
    expect(cell(overview, `B${totals}`)).toMatchObject({ v: 6, f: `SUM(B${header + 1}:B${totals - 1})` });
    expect(cell(overview, `C${totals}`)?.v).toBe(2);
    expect(cell(overview, `D${totals}`)?.v).toBe(8);
  });

  it('counts city × status over all task sheets, cities in code order, no region last', () => {
    const header = rowWith(overview, '地市');
    const statuses = Object.values(STATUS_ZH);
    const cols = statuses.map((_, i) => XLSX.utils.encode_col(i + 1));
    expect(cols.map((c) => cell(overview, `${c}${header}`)?.v)).toEqual(statuses);
    const cities = ['长沙市', '株洲市', '湘潭市', '衡阳市', '岳阳市', '（未填写）'];
    cities.forEach((city, i) => expect(cell(overview, `A${header + 1 + i}`)?.v).toBe(city));
    const all = [...T01_SPECS, ...T03_SPECS];
    const counts = countBy(all, (s) => `${cityOf(s)}|${statusOf(s)}`);
    for (const city of cities) {
      const r = rowWith(overview, city, header);
      statuses.forEach((status, i) => {
        const c = cell(overview, `${cols[i]}${r}`)!;
        expect(c.v).toBe(counts.get(`${city}|${status}`) ?? 0);
        expect(c.f).toBe(
          `COUNTIFS('${T01}'!$D$6:$D$11,$A${r},'${T01}'!$G$6:$G$11,${cols[i]}$${header})+` +
            `COUNTIFS('${T03}'!$D$6:$D$7,$A${r},'${T03}'!$G$6:$G$7,${cols[i]}$${header})`,
        );
      });
    }
    const changsha = rowWith(overview, '长沙市', header);
    const rowTotal = XLSX.utils.encode_col(statuses.length + 1);
    expect(cell(overview, `${rowTotal}${changsha}`)?.v).toBe(3);
    const totals = rowWith(overview, '合计', header + 1);
    expect(cell(overview, `${rowTotal}${totals}`)?.v).toBe(8);
  });

  it('freezes below the headers and right of the unit name, filters the header row, prints A4 landscape', async () => {
    const xml = await sheetXml(bytes, T01);
    expect(xml).toMatch(
      /<pane xSplit="2" ySplit="5" topLeftCell="C6" activePane="bottomRight" state="frozen"\/>/,
    );
    expect(xml).toContain('<autoFilter ref="A5:Z11"/>');
    expect(xml).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(xml).toMatch(/<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"\/>/);
    const workbookXml = await (await JSZip.loadAsync(bytes)).file('xl/workbook.xml')!.async('string');
    expect(workbookXml).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;${T01}&apos;!$3:$5`,
    );

    // And as exceljs reads it back.
    const ex = new ExcelJS.Workbook();
    await ex.xlsx.load(bytes.buffer as ArrayBuffer);
    const ws = ex.getWorksheet(T01)!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 5, topLeftCell: 'C6' });
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(20);
    expect(ws.getCell('I6').border?.top?.style).toBe('thin');
  });

  it('reports progress per row up to the total, packing the file last', () => {
    expect(progress.at(-1)).toEqual([9, 9]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
    expect(progress.every(([, total]) => total === 9)).toBe(true);
  });
});

// ───────────────────────────── sheet names ─────────────────────────────

describe('summary sheet names', () => {
  const LONG = '任务名称/含[非法]字符:*?\\以及超过三十一个字符长度限制的非常长的名称';
  const named = copyTemplate((t) => {
    t.tasks[0]!.name = LONG;
    t.tasks[1]!.name = LONG;
    t.tasks[2]!.name = '概览';
    t.tasks[3]!.name = "It's 任务";
    t.tasks[4]!.name = 'History';
  });

  it('makes every name valid and unique, and quotes them in the overview formulas', async () => {
    const sources = ['T01', 'T02', 'T04'].map((task, i) =>
      source({ name: `单位${i}`, task, tpl: named, region: '430100', status: 'submitted' }),
    );
    const bytes = await writeSummaryWorkbook(sources, {
      template: named,
      taskCodes: ['T01', 'T02', 'T03', 'T04', 'T05'],
      generatedAt: GENERATED,
    });
    const wb = read(bytes);
    const names = wb.SheetNames;
    expect(names[0]).toBe('概览');
    expect(names).toHaveLength(6);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(6);
    expect(names[1]).toMatch(/…$/);
    expect(names[2]).toMatch(/…\(2\)$/);
    expect(names[3]).toBe('概览(2)');
    expect(names[4]).toBe("It's 任务");
    expect(names[5]).toBe('History_');

    const ov = wb.Sheets['概览']!;
    const header = rowWith(ov, '状态');
    const submitted = rowWith(ov, '已提交', header);
    expect(cell(ov, `E${submitted}`)).toMatchObject({
      f: `COUNTIFS('It''s 任务'!$G$6:$G$6,$A${submitted})`,
      v: 1,
    });
    expect(cell(ov, `B${submitted}`)?.f).toBe(`COUNTIFS('${names[1]}'!$G$6:$G$6,$A${submitted})`);
    // A task nobody submitted: its sheet is there, empty, and counted as 0 without a broken range.
    expect(cell(ov, `D${submitted}`)).toMatchObject({ v: 0 });
    expect(cell(ov, `D${submitted}`)?.f).toBeUndefined();
    const empty = wb.Sheets['概览(2)']!;
    expect(cell(empty, 'A6')?.v).toBe('合计');
    expect(cell(empty, 'I6')).toBeUndefined();
    // The region table skips empty sheets in its sums.
    const region = rowWith(ov, '长沙市');
    expect(cell(ov, `C${region}`)?.f?.match(/COUNTIFS/g)).toHaveLength(3);
    expect(cell(ov, `C${region}`)?.v).toBe(3);
  });
});

// ───────────────────────────── inputs that do not belong ─────────────────────────────

describe('summary inputs', () => {
  const other = copyTemplate((t) => {
    t.id = 'shuanggao-2024';
    t.name = '双高计划绩效评价';
  });
  const older = copyTemplate((t) => {
    t.version = '2022.9';
  });
  const good = source({ name: '甲职业学院', region: '430100', status: 'submitted', values: { T01_01: 5 } });
  const mixed = [
    good,
    source({ name: '乙职业学院', tpl: other }),
    source({ name: '丙职业学院', tpl: older }),
    source({ name: '丁职业学院', year: 2024 }),
    { ...source({ name: '戊职业学院' }), taskCode: 'T99' },
    { ...good },
    source({ name: '己职业学院', task: 'T03' }),
  ];
  const options: SummaryWorkbookOptions = { template, taskCodes: ['T01'], generatedAt: GENERATED };

  it('refuses by default, naming every submission that does not belong and why', async () => {
    const error = await writeSummaryWorkbook(mixed, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SummaryInputError);
    const issues = (error as SummaryInputError).issues;
    expect(issues.map((i) => [i.index, i.code])).toEqual([
      [1, 'wrong-template'],
      [2, 'wrong-version'],
      [3, 'other-year'],
      [4, 'unknown-task'],
      [5, 'duplicate'],
      [6, 'other-task'],
    ]);
    expect(issues.map((i) => formatSummaryIssue(i, zh))).toEqual([
      '第 2 份填报（乙职业学院，任务 T01）：使用的模板是“双高计划绩效评价”（shuanggao-2024），不是本次汇总的“现代职业教育体系建设改革重点任务绩效数据”（keytasks-2023）',
      '第 3 份填报（丙职业学院，任务 T01）：使用的是模板 keytasks-2023 的 2022.9 版，本次汇总按 2023.1 版',
      '第 4 份填报（丁职业学院，任务 T01）：是 2024 年度的填报，本次汇总 2025 年度',
      '第 5 份填报（戊职业学院，任务 T99）：模板“现代职业教育体系建设改革重点任务绩效数据”中没有任务 T99',
      '第 6 份填报（甲职业学院，任务 T01）：与第 1 份填报重复（同一单位、任务和项目）',
      '第 7 份填报（己职业学院，任务 T03）：不属于本次汇总的任务（T01）',
    ]);
    expect((error as Error).message).toBe(
      '有 6 份填报不能汇总。第 2 份填报（乙职业学院，任务 T01）：使用的模板是“双高计划绩效评价”（shuanggao-2024），不是本次汇总的“现代职业教育体系建设改革重点任务绩效数据”（keytasks-2023）',
    );
    expect(formatSummaryIssue(issues[0]!, createTranslator('en'))).toBe(
      'Submission 2 (乙职业学院, task T01): uses the template “双高计划绩效评价” (shuanggao-2024), not “现代职业教育体系建设改革重点任务绩效数据” (keytasks-2023) being summarised',
    );
  });

  it('on request leaves them out and lists them, located, on the overview', async () => {
    expect(planSummary(mixed, options).issues).toHaveLength(6);
    const bytes = await writeSummaryWorkbook(mixed, { ...options, onMismatch: 'skip' });
    const wb = read(bytes);
    const ws = wb.Sheets[T01]!;
    expect(cell(ws, 'B6')?.v).toBe('甲职业学院');
    expect(cell(ws, 'A7')?.v).toBe('合计');
    const ov = wb.Sheets['概览']!;
    expect(cell(ov, `B${rowWith(ov, '未汇总')}`)?.v).toBe('6 份，见本表末尾');
    const header = rowWith(ov, '未汇总的填报') + 1;
    expect(['A', 'B', 'C', 'D'].map((c) => cell(ov, `${c}${header}`)?.v)).toEqual([
      '序号',
      '单位名称',
      '任务',
      '原因',
    ]);
    expect(['A', 'B', 'C', 'D'].map((c) => cell(ov, `${c}${header + 4}`)?.v)).toEqual([
      5,
      '戊职业学院',
      'T99',
      '模板“现代职业教育体系建设改革重点任务绩效数据”中没有任务 T99',
    ]);
  });

  it('takes the year most submissions are for when none is given', () => {
    const plan = planSummary([good, source({ name: 'x', year: 2024 }), source({ name: 'y' })], { template });
    expect(plan.year).toBe(2025);
    expect(plan.issues.map((i) => i.code)).toEqual(['other-year']);
  });

  it('refuses options it cannot honour, said as such', async () => {
    const unknown = await writeSummaryWorkbook([good], { template, taskCodes: ['T42'] }).catch(
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(SummaryInputError);
    expect((unknown as Error).message).toBe(
      '汇总设置：模板“现代职业教育体系建设改革重点任务绩效数据”中没有任务 T42',
    );
    const nothing = await writeSummaryWorkbook([], { template }).catch((e: unknown) => e);
    expect((nothing as SummaryInputError).issues[0]?.code).toBe('no-sources');
    expect((nothing as Error).message).toBe('汇总设置：没有可汇总的填报，也没有指定汇总年度');
    // With a year, an empty summary is a valid (if short) answer.
    const empty = read(await writeSummaryWorkbook([], { template, year: 2025, generatedAt: GENERATED }));
    expect(empty.SheetNames).toEqual(['概览']);
  });
});

// ───────────────────────────── edges ─────────────────────────────

describe('summary edges', () => {
  it('names the province with the city when units of several provinces are summarised', async () => {
    const sources = [
      source({ name: '甲', region: '430100' }),
      source({ name: '乙', region: '420100' }),
      source({ name: '丙', region: '110101' }),
    ];
    const ws = read(await writeSummaryWorkbook(sources, { template, generatedAt: GENERATED })).Sheets[T01]!;
    expect(['D6', 'D7', 'D8'].map((a) => cell(ws, a)?.v)).toEqual(['湖南省长沙市', '湖北省武汉市', '北京市']);
  });

  it("keeps within Excel's 32,767 characters per cell", async () => {
    const long = '说明'.repeat(20_000);
    const s = source({ name: '甲', values: { T01_07: 'other', T01_08: long } });
    const ws = read(await writeSummaryWorkbook([s], { template, generatedAt: GENERATED })).Sheets[T01]!;
    const text = String(cell(ws, `${colOf('T01', 'T01_08')}6`)?.v);
    expect(text).toHaveLength(32_767);
    expect(text.endsWith('…')).toBe(true);
  });

  it('leaves an average blank (not #DIV/0!) when nobody filled the column', async () => {
    const ws = read(
      await writeSummaryWorkbook([source({ name: '甲' })], { template, generatedAt: GENERATED }),
    ).Sheets[T01]!;
    const avg = cell(ws, `${colOf('T01', 'T01_12')}8`)!;
    expect(avg.f).toBe(`IFERROR(AVERAGE(${colOf('T01', 'T01_12')}6:${colOf('T01', 'T01_12')}6),"")`);
    expect(avg.v ?? '').toBe('');
    expect(cell(ws, `${colOf('T01', 'T01_12')}7`)?.v).toBe(0);
  });
});
