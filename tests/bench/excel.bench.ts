/**
 * Import + validate of a provincial bulk sheet (10,000 rows × 30 columns: numbers, text, dates,
 * percentages, 是/否, some numbers typed as text with full-width digits or thousands separators,
 * a few bad cells) against SheetJS's bare `XLSX.read` of the same bytes, measured in the same run.
 *
 * Each reader runs in its own fresh Node process so neither inherits the other's heap: the first
 * read gives the peak memory (the process's maximum RSS over the RSS just before reading, which
 * also catches SheetJS's synchronous read that no sampling timer could interrupt), the following
 * reads give the median time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { indicatorSchema, type Indicator, type IndicatorType } from '../../shared/domain/template.ts';
import { readSheetRows, type SheetColumn } from '../../shared/excel/sheet-rows.ts';
import { result, type Bench } from './harness.ts';

const ROWS = 10_000;
const TIMED_RUNS = 4;
/** Children per reader, interleaved (ours, ref, ref, ours) so drift on a busy machine hits both. */
const ORDER = ['ours', 'sheetjs', 'sheetjs', 'ours'] as const;
const CHILD_FLAG = '--excel-bench-child';

interface ColumnDef {
  header: string;
  type: IndicatorType;
  unit?: string;
  min?: number;
  max?: number;
  decimals?: number;
  required?: boolean;
}

const UNIT_TYPES = ['中职', '高职', '职业本科', '企业', '行业组织'];
const UNIT_TYPE_CHOICES = UNIT_TYPES.map((label, i) => ({ code: `t${i}`, label }));
const REGIONS = [
  '江苏省南京市',
  '浙江省杭州市',
  '广东省广州市',
  '山东省济南市',
  '四川省成都市',
  '湖北省武汉市',
];

/** 30 columns as a provincial office lays out a unit roster with yearly figures. */
const COLUMNS: ColumnDef[] = [
  { header: '序号', type: 'integer', min: 1, required: true },
  { header: '单位名称', type: 'text', required: true },
  { header: '统一社会信用代码', type: 'text' },
  { header: '所在地区', type: 'text' },
  { header: '单位类型', type: 'choice' },
  { header: '项目名称', type: 'text' },
  { header: '立项日期', type: 'date' },
  { header: '挂牌日期', type: 'date' },
  ...[
    '成员单位总数',
    '成员企业数',
    '规模以上企业数',
    '成员职业院校数',
    '共性技术服务平台数',
    '实训基地数',
    '学徒制培养人数',
    '订单班培养人数',
    '实习实训学生人数',
    '企业员工培训人次',
  ].map((header): ColumnDef => ({ header, type: 'integer', unit: '人', min: 0 })),
  ...['中央财政资金', '地方财政资金', '举办方投入', '行业企业投入', '技术服务到款额'].map(
    (header): ColumnDef => ({ header, type: 'money', unit: '万元', min: 0, decimals: 2 }),
  ),
  { header: '本地就业率', type: 'percent', min: 0, max: 1, decimals: 2 },
  { header: '企业成员占比', type: 'percent', min: 0, max: 1, decimals: 2 },
  { header: '是否实体化运作', type: 'boolean' },
  { header: '是否接入平台', type: 'boolean' },
  { header: '联系人', type: 'text' },
  { header: '联系电话', type: 'text' },
  { header: '备注', type: 'text' },
];

function indicatorOf(def: ColumnDef, i: number): Indicator {
  return indicatorSchema.parse({
    code: `C${String(i + 1).padStart(2, '0')}`,
    label: def.header,
    unit: def.unit ?? '',
    type: def.type,
    ...(def.min !== undefined ? { min: def.min } : {}),
    ...(def.max !== undefined ? { max: def.max } : {}),
    ...(def.decimals !== undefined ? { decimals: def.decimals } : {}),
  });
}

export function bulkColumns(): SheetColumn[] {
  return COLUMNS.map((def, i) => ({
    col: i + 1,
    indicator: indicatorOf(def, i),
    ...(def.type === 'choice' ? { choices: UNIT_TYPE_CHOICES } : {}),
    ...(def.required ? { required: true } : {}),
  }));
}

const fullWidth = (s: string) => s.replace(/[0-9,.]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Deterministic pseudo-random numbers, so every run reads the same file. */
function lcg(seed: number) {
  let n = seed;
  return () => (n = (n * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Builds the bulk workbook in memory (once per run). */
export async function buildBulkWorkbook(rows = ROWS): Promise<Uint8Array> {
  const rnd = lcg(20250630);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('汇总表');
  ws.addRow(COLUMNS.map((c) => c.header));
  COLUMNS.forEach((def, i) => {
    const col = ws.getColumn(i + 1);
    if (def.type === 'date') col.numFmt = 'yyyy-mm-dd';
    if (def.type === 'percent') col.numFmt = '0.00%';
    if (def.type === 'money') col.numFmt = '#,##0.00';
  });
  for (let r = 1; r <= rows; r++) {
    const values = COLUMNS.map((def, i): ExcelJS.CellValue => {
      const x = rnd();
      switch (def.type) {
        case 'integer': {
          if (i === 0) return r;
          const n = Math.floor(x * 5000);
          // Numbers typed as text: mostly plain, some full-width, some with thousands separators.
          if (x < 0.03) return fullWidth(String(n));
          if (x < 0.05) return (n * 3).toLocaleString('en-US');
          if (x < 0.08) return String(n);
          if (x > 0.9999) return '不详'; // a bad cell now and then
          return n;
        }
        case 'money':
          return Math.round(x * 1e6) / 100;
        case 'percent':
          return x < 0.05 ? `${Math.round(x * 1000) / 10}%` : Math.round(x * 10000) / 10000;
        case 'date': {
          const d = new Date(
            Date.UTC(2019 + Math.floor(x * 6), Math.floor(x * 97) % 12, 1 + (Math.floor(x * 991) % 28)),
          );
          if (x < 0.05) return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
          return d;
        }
        case 'boolean':
          return x < 0.6 ? '是' : '否';
        case 'choice':
          return UNIT_TYPES[Math.floor(x * UNIT_TYPES.length)]!;
        case 'text':
        default:
          if (def.header === '单位名称') return `${REGIONS[r % REGIONS.length]!.slice(3)}第${r}职业技术学校`;
          if (def.header === '统一社会信用代码') return `12${String(Math.floor(x * 1e15)).padStart(16, '0')}`;
          if (def.header === '所在地区') return REGIONS[Math.floor(x * REGIONS.length)]!;
          if (def.header === '项目名称') return `市域产教联合体建设项目（${r}）`;
          if (def.header === '联系人') return `张${'伟芳娜敏静丽强磊'[Math.floor(x * 9)]}`;
          if (def.header === '联系电话') return `13${String(Math.floor(x * 1e9)).padStart(9, '0')}`;
          return x < 0.2 ? '数据已核实' : null;
      }
    });
    ws.addRow(values);
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

type Which = 'ours' | 'sheetjs';
interface ChildReport {
  peakBytes: number;
  times: number[];
  check: number;
}

/** One reading: ours imports and validates every cell; SheetJS only parses. Returns a count to check. */
async function readOnce(which: Which, bytes: Uint8Array): Promise<number> {
  if (which === 'sheetjs') {
    const wb = XLSX.read(bytes);
    const ws = wb.Sheets[wb.SheetNames[0]!]!;
    return XLSX.utils.decode_range(ws['!ref'] ?? 'A1').e.r;
  }
  const r = await readSheetRows(bytes, { columns: bulkColumns(), firstRow: 2 });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.rowCount;
}

async function childMain(which: Which, file: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const bytes = new Uint8Array(readFileSync(file));
  gc?.();
  const before = process.memoryUsage().rss;
  const check = await readOnce(which, bytes);
  const peakBytes = process.resourceUsage().maxRSS * 1024 - before;
  const times: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    gc?.();
    const t0 = performance.now();
    await readOnce(which, bytes);
    times.push(performance.now() - t0);
  }
  const report: ChildReport = { peakBytes, times, check };
  process.stdout.write(JSON.stringify(report) + '\n');
}

function runChild(which: Which, file: string): Promise<ChildReport> {
  const self = fileURLToPath(import.meta.url);
  // tsx's loader by absolute URL, so the child does not depend on the working directory.
  let tsx = 'tsx';
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    // keep the bare name
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', tsx, self, CHILD_FLAG, which, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line) return reject(new Error(`excel bench child ${which} exited with ${code}`));
      resolve(JSON.parse(line) as ChildReport);
    });
  });
}

export const excelBench: Bench = {
  name: 'excel',
  async run() {
    const bytes = await buildBulkWorkbook();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tianbao-excel-bench-'));
    const file = path.join(dir, 'bulk-10k-x30.xlsx');
    writeFileSync(file, bytes);
    try {
      const reports: Record<Which, ChildReport[]> = { ours: [], sheetjs: [] };
      for (const which of ORDER) reports[which].push(await runChild(which, file));
      if ([...reports.ours, ...reports.sheetjs].some((r) => r.check !== ROWS))
        throw new Error('excel bench: a reader did not see every row');
      // The same statistics on both sides: median of every timed read, the highest first-read peak.
      const median = (rs: ChildReport[]) => {
        const all = rs.flatMap((r) => r.times).sort((a, b) => a - b);
        return all[Math.floor(all.length / 2)]!;
      };
      const peak = (rs: ChildReport[]) => Math.max(...rs.map((r) => r.peakBytes));
      const ours = { medianMs: median(reports.ours), peakBytes: peak(reports.ours) };
      const ref = { medianMs: median(reports.sheetjs), peakBytes: peak(reports.sheetjs) };
      const mb = (n: number) => n / 1024 / 1024;
      return [
        result(
          'excel.import+validate 10k×30',
          ours.medianMs,
          'ms',
          'SheetJS bare read',
          ref.medianMs,
          'ratio ≤ 1.0',
        ),
        result(
          'excel.import+validate 10k×30 peak memory',
          mb(ours.peakBytes),
          'MB',
          'SheetJS bare read peak memory',
          mb(ref.peakBytes),
          'lower than the reference',
        ),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const childAt = process.argv.indexOf(CHILD_FLAG);
if (childAt >= 0) await childMain(process.argv[childAt + 1] as Which, process.argv[childAt + 2]!);
