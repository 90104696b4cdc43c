import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { templateSchema } from '../../shared/domain/template.ts';
import { diffFill } from '../../shared/excel/fill-diff.ts';
import {
  applyMapping,
  detectHeader,
  fromSavedMapping,
  headerColumns,
  mappingKey,
  mappingSignature,
  readGrid,
  readWorkbookGrids,
  roleOfHeader,
  suggestMapping,
  toSavedMapping,
  type SheetGrid,
} from '../../shared/excel/sheet-mapping.ts';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';

const template = templateSchema.parse(keyTasks2023);
const EMPTY = { values: {}, targets: {}, notes: {} };

function gridOf(build: (ws: ExcelJS.Worksheet) => void, name = '数据'): SheetGrid {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  build(ws);
  return readGrid(ws);
}

/** A province's sheet: title, a two-row header with the year merged over 实际/目标, names only. */
function provincial(year: number) {
  return (ws: ExcelJS.Worksheet) => {
    ws.addRow(['湖南省市域产教联合体年度数据统计表']);
    ws.mergeCells('A1:E1');
    ws.addRow(['指标名称', '单位', `${year}年`, '', '备注']);
    ws.addRow(['', '', '实际', '目标', '']);
    ws.mergeCells('A2:A3');
    ws.mergeCells('B2:B3');
    ws.mergeCells('C2:D2');
    ws.mergeCells('E2:E3');
    ws.addRow(['成员单位总数', '家', '１２０', 130, '含新增']);
    ws.addRow(['其中：成员企业数', '家', '1,234', '', '']);
    ws.addRow([]);
    ws.addRow(['二、人才培养', '', '', '', '']);
    ws.addRow(['成员院校毕业生本地就业率', '%', '12%', 0.2, '']);
    ws.addRow(['隐藏的行', '家', 5, '', '']);
    ws.getRow(9).hidden = true;
    ws.addRow(['不存在的指标', '个', 3, '', '']);
  };
}

describe('sheet mapping: header detection', () => {
  it('finds a one-row header under a title row and suggests roles by name', () => {
    const grid = gridOf((ws) => {
      ws.addRow(['2025年度数据']);
      ws.mergeCells('A1:D1');
      ws.addRow(['序号', '指标编码', '指标名称', '本年实际', '年度目标', '说明']);
      ws.addRow([1, 'T01_01', '成员单位总数', 12, 15, '']);
    });
    const choice = detectHeader(grid);
    expect(choice).toEqual({ headerRow: 2, headerRows: 1 });
    const mapping = suggestMapping(grid, choice);
    expect(mapping.roles).toEqual({
      1: 'ignore',
      2: 'indicator-code',
      3: 'indicator-name',
      4: 'actual',
      5: 'target',
      6: 'note',
    });
  });

  it('combines a two-row merged header and maps year/实际 and year/目标', () => {
    const grid = gridOf(provincial(2026));
    const choice = detectHeader(grid);
    expect(choice).toEqual({ headerRow: 2, headerRows: 2 });
    expect(headerColumns(grid, choice).map((c) => c.name)).toEqual([
      '指标名称',
      '单位',
      '2026年/实际',
      '2026年/目标',
      '备注',
    ]);
    expect(suggestMapping(grid, choice, { year: 2026 }).roles).toEqual({
      1: 'indicator-name',
      2: 'unit',
      3: 'actual',
      4: 'target',
      5: 'note',
    });
  });

  it('names like 经费投入/到位资金 and units in brackets', () => {
    const grid = gridOf((ws) => {
      ws.addRow(['项目', '经费投入', '']);
      ws.addRow(['', '到位资金', '到款额（万元）']);
      ws.mergeCells('A1:A2');
      ws.mergeCells('B1:C1');
      ws.addRow(['本年度技术服务到款额', 1, 2]);
    });
    const choice = detectHeader(grid);
    const cols = headerColumns(grid, choice);
    expect(cols.map((c) => c.name)).toEqual(['项目', '经费投入/到位资金', '经费投入/到款额（万元）']);
    expect(cols[2]?.unit).toBe('万元');
    // No actual header: the unit-bearing numeric column holds the values.
    expect(suggestMapping(grid, choice).roles[3]).toBe('actual');
  });

  it('judges headers by their words', () => {
    expect(roleOfHeader('编码')).toBe('indicator-code');
    expect(roleOfHeader('指标')).toBe('indicator-name');
    expect(roleOfHeader('完成值')).toBe('actual');
    expect(roleOfHeader('目标值')).toBe('target');
    expect(roleOfHeader('备注')).toBe('note');
    expect(roleOfHeader('2025年', 2025)).toBe('actual');
    expect(roleOfHeader('2024年', 2025)).toBe('ignore');
  });
});

describe('sheet mapping: rows to indicators', () => {
  it('matches by name, parses values like typed input, skips hidden and blank rows, flags unknown names', () => {
    const grid = gridOf(provincial(2026));
    const mapping = suggestMapping(grid, detectHeader(grid), { year: 2026 });
    const result = applyMapping(grid, mapping, template, 'T01');
    expect(result.preview.map((p) => [p.row, p.indicator?.code, p.problems.map((e) => e.code)])).toEqual([
      [4, 'T01_01', []],
      [5, 'T01_02', []],
      [8, 'T01_15', []],
      [10, undefined, ['unknown-name']],
    ]);
    expect(result.hiddenRows).toBe(1);
    expect(result.matched).toBe(3);
    expect(result.incoming).toEqual({
      values: { T01_01: 120, T01_02: 1234, T01_15: 0.12 },
      targets: { T01_01: 130, T01_15: 0.2 },
      notes: { T01_01: '含新增' },
    });
    expect(result.errors[0]).toMatchObject({ sheet: '数据', cell: 'A10', code: 'unknown-name' });
    expect(result.errors[0]?.message).toEqual({
      key: 'mapping:problem.unknownName',
      params: { name: '不存在的指标' },
    });
    const diff = diffFill(EMPTY, result.incoming, template, 'T01');
    expect(diff.changes.map((c) => `${c.field}=${String(c.after)}`)).toEqual([
      'T01_01=120',
      'target:T01_01=130',
      'note:T01_01=含新增',
      'T01_02=1234',
      'T01_15=0.12',
      'target:T01_15=0.2',
    ]);
  });

  it('prefers codes, reports bad values, ambiguous names, unit mismatches and duplicates, located', () => {
    const grid = gridOf((ws) => {
      ws.addRow(['编码', '指标', '单位', '实际值']);
      ws.addRow(['T01_01', '随便写的名字', '家', 10]);
      ws.addRow(['', '成员单位总数', '家', 11]);
      ws.addRow(['', '技术服务', '', 1]);
      ws.addRow(['', '本年度技术服务到款额', '元', 20000]);
      ws.addRow(['', '成员企业数', '家', '很多']);
      ws.addRow(['X99', '', '', 1]);
    });
    const result = applyMapping(grid, suggestMapping(grid, detectHeader(grid)), template, 'T01');
    expect(result.errors.map((e) => `${e.cell} ${e.code}`)).toEqual([
      'B3 duplicate',
      'B4 ambiguous',
      'C5 unit-mismatch',
      'D6 not-number',
      'A7 unknown-code',
    ]);
    expect(result.incoming.values).toEqual({ T01_01: 10 });
  });

  it('uses names when no code column exists and the name header is unknown', () => {
    const grid = gridOf((ws) => {
      ws.addRow(['考核内容', '2025年']);
      ws.addRow(['成员单位总数', 7]);
      ws.addRow(['成员职业院校数', '３']);
    });
    const mapping = suggestMapping(grid, detectHeader(grid), { template, taskCode: 'T01', year: 2025 });
    expect(mapping.roles).toEqual({ 1: 'indicator-name', 2: 'actual' });
    expect(applyMapping(grid, mapping, template, 'T01').incoming.values).toEqual({ T01_01: 7, T01_04: 3 });
  });
});

describe('sheet mapping: saved mappings', () => {
  it('a mapping saved this year is found again for next year’s sheet of the same shape', () => {
    const thisYear = gridOf(provincial(2025));
    const choice = detectHeader(thisYear);
    const mapping = {
      ...suggestMapping(thisYear, choice),
      roles: { 1: 'indicator-name', 3: 'actual' } as const,
    };
    const saved = toSavedMapping(thisYear, mapping, '2025-12-01');
    const nextYear = gridOf(provincial(2026));
    const nextChoice = detectHeader(nextYear);
    expect(mappingSignature(headerColumns(nextYear, nextChoice))).toBe(saved.signature);
    expect(mappingKey(saved.signature)).toMatch(/^sheetMapping:[0-9a-f]{8}$/);
    expect(fromSavedMapping(nextYear, nextChoice, saved)?.roles).toEqual({
      1: 'indicator-name',
      2: 'ignore',
      3: 'actual',
      4: 'ignore',
      5: 'ignore',
    });
    const other = gridOf((ws) => ws.addRow(['编码', '实际值']));
    expect(fromSavedMapping(other, detectHeader(other), saved)).toBeNull();
  });

  it('reads workbook bytes into visible sheets, and refuses non-workbooks', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表一').addRow(['指标名称', '实际']);
    wb.addWorksheet('隐藏', { state: 'hidden' });
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = await readWorkbookGrids(bytes);
    expect(read.ok && read.sheets.map((s) => s.name)).toEqual(['表一']);
    const bad = await readWorkbookGrids(new TextEncoder().encode('not a workbook'));
    expect(bad.ok).toBe(false);
  });
});
