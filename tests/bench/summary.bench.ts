/**
 * Summary workbook of 3,000 submissions of 打造市域产教联合体 (18 indicators: counts, money, rates,
 * a calculated share, 是/否, choices, a date, text) across 湖南's cities and every status.
 * Reference, measured in the same run: SheetJS writing the same value grid as a bare sheet
 * (`aoa_to_sheet` + `XLSX.write`), i.e. the cost of the cells alone, without merged headers,
 * styles, formulas, evaluation of calculated indicators or the overview.
 */
import * as XLSX from 'xlsx';
import type { Value } from '../../shared/domain/expr/index.ts';
import { taskIndicators } from '../../shared/domain/template.ts';
import { writeSummaryWorkbook } from '../../shared/excel/summary-workbook.ts';
import type { ReportSource } from '../../shared/report/source.ts';
import { getBuiltinTemplate } from '../../shared/templates/index.ts';
import { result, type Bench } from './harness.ts';

const SUBMISSIONS = 3_000;
const RUNS = 5;
const CITIES = ['430100', '430200', '430300', '430400', '430500', '430600', '430700', '430800', '431000'];
const STATUSES = ['draft', 'submitted', 'returned', 'resubmitted', 'accepted'] as const;
const GOAL_MS = 3_000;

/** Deterministic pseudo-random numbers, so every run writes the same workbook. */
function lcg(seed: number) {
  let n = seed;
  return () => (n = (n * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function buildSources(): ReportSource[] {
  const template = getBuiltinTemplate('keytasks-2023')!;
  const rnd = lcg(20251215);
  return Array.from({ length: SUBMISSIONS }, (_, i): ReportSource => {
    const members = 20 + Math.floor(rnd() * 200);
    const values: Record<string, Value> = {
      T01_01: members,
      T01_02: Math.floor(members * rnd() * 0.7),
      T01_03: Math.floor(rnd() * 10),
      T01_04: Math.floor(rnd() * 12),
      T01_06: rnd() < 0.7,
      T01_07: rnd() < 0.1 ? 'other' : 'council',
      T01_08: '政校行企联席会议制度',
      T01_09: `2024-0${1 + Math.floor(rnd() * 9)}-15`,
      T01_10: Math.floor(rnd() * 8),
      T01_11: Math.floor(rnd() * 8),
      T01_12: Math.floor(rnd() * 500),
      T01_13: rnd() < 0.2 ? null : Math.floor(rnd() * 300),
      T01_14: Math.floor(rnd() * 2000),
      T01_15: Math.round(rnd() * 10000) / 10000,
      T01_16: Math.floor(rnd() * 60),
      T01_17: Math.round(rnd() * 100000) / 100,
      T01_18: Math.floor(rnd() * 5000),
    };
    return {
      template,
      taskCode: 'T01',
      year: 2025,
      unit: {
        name: `湖南第${i + 1}职业技术学院`,
        uscc: `12430000${String(i).padStart(9, '0')}X`,
        regionCode: CITIES[i % CITIES.length]!,
      },
      project: { name: `市域产教联合体建设项目（${i + 1}）`, level: '省级' },
      status: STATUSES[i % STATUSES.length]!,
      submittedAt: new Date(Date.UTC(2025, 11, 1 + (i % 14), 8)).toISOString(),
      values,
      targets: {},
      lastYear: {},
      evidence: [],
    };
  });
}

/** The same cells as a plain grid: fixed columns, then every indicator's stored value. */
function valueGrid(sources: ReportSource[]): unknown[][] {
  const task = sources[0]!.template.tasks.find((t) => t.code === 'T01')!;
  const inds = taskIndicators(task);
  const header = ['序号', '单位名称', '统一社会信用代码', '所在地市', '项目名称', '层级', '状态', '提交时间'];
  return [
    [...header, ...inds.map((i) => i.label)],
    ...sources.map((s, i) => [
      i + 1,
      s.unit.name,
      s.unit.uscc,
      s.unit.regionCode,
      s.project?.name,
      s.project?.level,
      s.status,
      new Date(s.submittedAt!),
      ...inds.map((ind) => s.values[ind.code] ?? null),
    ]),
  ];
}

/** The reference: SheetJS writing the grid as one bare, compressed sheet. */
function sheetjsWrite(grid: unknown[][]): ArrayBuffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(grid, { cellDates: true }), 'T01');
  return XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
}

async function medianMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn(); // warm-up: module initialisation, JIT, the template's compiled expressions
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The workbook measured must be right: the 合计 of 成员单位总数 is the sum of the sources. */
function check(bytes: Uint8Array, sources: ReportSource[]): void {
  const wb = XLSX.read(bytes, { cellFormula: true });
  const ws = wb.Sheets[wb.SheetNames[1]!]!;
  const total = ws[`I${6 + SUBMISSIONS}`] as XLSX.CellObject | undefined;
  const expected = sources.reduce((n, s) => n + (s.values.T01_01 as number), 0);
  if (total?.f !== `SUM(I6:I${5 + SUBMISSIONS})` || total.v !== expected)
    throw new Error(`summary bench: total ${JSON.stringify(total)} is not SUM = ${expected}`);
}

export const summaryBench: Bench = {
  name: 'summary',
  async run() {
    const sources = buildSources();
    const template = sources[0]!.template;
    let bytes: Uint8Array = new Uint8Array();
    const ours = await medianMs(async () => {
      bytes = await writeSummaryWorkbook(sources, { template, generatedAt: new Date() });
    });
    check(bytes, sources);
    const grid = valueGrid(sources);
    const ref = await medianMs(() => sheetjsWrite(grid));
    if (ours >= GOAL_MS)
      console.error(`summary bench: ${Math.round(ours)} ms is over the ${GOAL_MS} ms goal`);
    return [
      result(
        `summary.workbook ${SUBMISSIONS.toLocaleString('en-US')} submissions`,
        ours,
        'ms',
        'SheetJS aoa_to_sheet + write of the same cells',
        ref,
        '< 3 s',
      ),
      result(
        `summary.workbook ${SUBMISSIONS.toLocaleString('en-US')} submissions size`,
        bytes.length / 1024,
        'KiB',
        'SheetJS bare sheet size',
        sheetjsWrite(grid).byteLength / 1024,
      ),
    ];
  },
};
