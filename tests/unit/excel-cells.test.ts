/**
 * Cell values as people put them in Excel or WPS, written with exceljs, saved, and read back
 * through openWorkbook: formulas, dates, numbers typed as text, full-width digits, 12% and 0.12,
 * rich text, hyperlinks, error values, merged cells, hidden and blank rows.
 */
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Indicator } from '../../shared/domain/template.ts';
import {
  cellText,
  cellValue,
  isBlankRow,
  isDateFormat,
  isRowHidden,
  numberText,
  readCell,
  serialToIsoDate,
} from '../../shared/excel/cells.ts';
import { formatWorkbookError } from '../../shared/excel/errors.ts';
import { findColumns, findHeaderRow, normalizeHeader, type ColumnSpec } from '../../shared/excel/headers.ts';
import { openWorkbook } from '../../shared/excel/open.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { buildWorkbook } from '../fixtures/excel/index.ts';

const zh = createTranslator('zh-CN');

function ind(type: Indicator['type'], extra: Partial<Indicator> = {}): Indicator {
  return {
    code: 'X01',
    label: '成员单位总数',
    unit: '',
    type,
    required: false,
    evidenceRequired: false,
    rules: [],
    ...extra,
  };
}

const governance = [
  { code: 'council', label: '理事会' },
  { code: 'other', label: '其他' },
];

let ws: ExcelJS.Worksheet;
const cell = (address: string) => ws.getCell(address);

/** The value, or the located error as the user reads it. */
function value(address: string, indicator: Indicator, choices = governance) {
  const r = cellValue(cell(address), indicator, choices);
  return r.ok ? r.value : formatWorkbookError(r.error, zh);
}

beforeAll(async () => {
  const bytes = await buildWorkbook((wb) => {
    const s = wb.addWorksheet('数据');
    s.getCell('A2').value = 12;
    s.getCell('B2').value = { formula: 'A2*2', result: 24 };
    s.getCell('B3').value = { formula: 'A3+1' } as ExcelJS.CellFormulaValue;
    s.getCell('B4').value = { error: '#DIV/0!' };
    s.getCell('C4').value = { formula: '1/0', result: { error: '#DIV/0!' } };
    s.getCell('B5').value = new Date(Date.UTC(2025, 5, 30));
    s.getCell('B5').numFmt = 'yyyy-mm-dd';
    s.getCell('B6').value = 45838;
    s.getCell('B6').numFmt = 'yyyy"年"m"月"d"日"';
    s.getCell('B7').value = '1,234';
    s.getCell('B8').value = '１２３';
    s.getCell('B9').value = '12%';
    s.getCell('B10').value = 0.12;
    s.getCell('B10').numFmt = '0%';
    s.getCell('C10').value = 12;
    s.getCell('D10').value = 1.5;
    s.getCell('D10').numFmt = '0.0%';
    s.getCell('B11').value = { richText: [{ text: '理事' }, { text: '会', font: { bold: true } }] };
    s.getCell('B12').value = { text: '佐证材料清单', hyperlink: 'https://example.edu.cn/list' };
    s.getCell('B13').value = '是';
    s.mergeCells('B13:C14');
    s.getCell('B15').value = 'hidden row';
    s.getRow(15).hidden = true;
    s.getCell('B16').numFmt = '0.00';
    s.getCell('C16').value = '   ';
    s.getCell('B17').value = true;
    s.getCell('B18').value = 45838;
    s.getCell('B19').value = '２０２５年６月３０日';
    s.getCell('B20').value = '20250630';
    s.getCell('B21').value = 'abc';
    s.getCell('B22').value = '  42  ';
    s.getCell('B23').value = 0.1 + 0.2;
    s.getCell('B24').value = '¥1,234.50';
    s.getCell('B25').value = -3;
    s.getCell('B26').value = { formula: 'B13', result: '否' };
    s.getCell('B27').value = { error: '#N/A' };
    s.mergeCells('B27:B28');
  });
  const opened = await openWorkbook(bytes);
  if (!opened.ok) throw new Error('could not open');
  ws = opened.workbook.getWorksheet('数据')!;
});

describe('cell values as people type them', () => {
  it('uses a formula’s cached result, and refuses a formula nobody calculated', () => {
    expect(value('B2', ind('integer'))).toBe(24);
    expect(value('B3', ind('integer'))).toBe(
      '数据!B3: 公式“=A3+1”没有计算结果（保存文件的软件没有计算公式），请在 Excel 或 WPS 中打开并保存后再导入，或直接填写数值',
    );
    const r = readCell(cell('B3'));
    expect(r.ok ? null : r.error.code).toBe('formula-no-result');
    expect(value('B26', ind('boolean'))).toBe(false);
  });

  it('locates error values, also in formulas and merged areas', () => {
    expect(value('B4', ind('integer'))).toBe('数据!B4: 单元格是错误值 #DIV/0!，请改正公式或直接填写数值');
    expect(value('C4', ind('integer'))).toBe('数据!C4: 单元格是错误值 #DIV/0!，请改正公式或直接填写数值');
    // B28 is inside B27:B28; the error is where the user can fix it, the master cell.
    expect(value('B28', ind('integer'))).toBe('数据!B27: 单元格是错误值 #N/A，请改正公式或直接填写数值');
    const r = cellValue(cell('B4'), ind('integer'));
    expect(r.ok ? null : { sheet: r.error.sheet, cell: r.error.cell, code: r.error.code }).toEqual({
      sheet: '数据',
      cell: 'B4',
      code: 'cell-error',
    });
  });

  it('reads real dates, serial numbers in date cells and dates typed as text as ISO dates', () => {
    expect(value('B5', ind('date'))).toBe('2025-06-30');
    expect(value('B6', ind('date'))).toBe(serialToIsoDate(45838));
    expect(serialToIsoDate(45838)).toBe('2025-06-30');
    // A date column that lost its format still holds the serial number.
    expect(value('B18', ind('date'))).toBe('2025-06-30');
    expect(value('B19', ind('date'))).toBe('2025-06-30');
    expect(value('B20', ind('date'))).toBe('2025-06-30');
    expect(cellText(cell('B5'))).toEqual({ ok: true, text: '2025-06-30' });
    expect(serialToIsoDate(45838 - 1462, true)).toBe('2025-06-30');
    expect(isDateFormat('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('"¥"#,##0.00')).toBe(false);
    expect(isDateFormat('[Red]0.00%')).toBe(false);
  });

  it('reads numbers stored as text, thousands separators, full-width digits and padding', () => {
    expect(value('B7', ind('integer'))).toBe(1234);
    expect(value('B8', ind('integer'))).toBe(123);
    expect(value('B22', ind('integer'))).toBe(42);
    expect(value('B24', ind('money', { decimals: 2 }))).toBe(1234.5);
    expect(value('B23', ind('decimal'))).toBe(0.3);
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(1e-7)).toBe('0.0000001');
  });

  it('reads 12%, 0.12 in a percentage cell and a bare 12 all as twelve per cent', () => {
    expect(value('B9', ind('percent'))).toBe(0.12);
    expect(value('B10', ind('percent'))).toBe(0.12);
    expect(value('C10', ind('percent'))).toBe(0.12);
    // 150% typed into a percentage cell is 1.5, not 0.015.
    expect(value('D10', ind('percent'))).toBe(1.5);
    expect(cellText(cell('B10'))).toEqual({ ok: true, text: '12%' });
  });

  it('reads rich text and hyperlinks as their text, and choices by label', () => {
    expect(value('B11', ind('choice'))).toBe('council');
    expect(cellText(cell('B12'))).toEqual({ ok: true, text: '佐证材料清单' });
    expect(value('B12', ind('text'))).toBe('佐证材料清单');
  });

  it('reads every cell of a merged area as the master cell’s value', () => {
    expect(value('B13', ind('boolean'))).toBe(true);
    expect(value('C14', ind('boolean'))).toBe(true);
    expect(cellText(cell('C13'))).toEqual({ ok: true, text: '是' });
  });

  it('reads booleans, and refuses what is not a number with the exact message', () => {
    expect(value('B17', ind('boolean'))).toBe(true);
    expect(value('B21', ind('integer'))).toBe('数据!B21: “成员单位总数”应填写数字，“abc”不是数字');
    expect(value('B25', ind('integer', { min: 0 }))).toBe('数据!B25: “成员单位总数”不能为负数');
    const r = cellValue(cell('B21'), ind('integer'));
    expect(r.ok ? null : r.error.code).toBe('not-number');
  });

  it('treats empty cells as blank values', () => {
    expect(value('Z99', ind('integer'))).toBeNull();
    expect(value('C16', ind('text'))).toBeNull();
  });

  it('knows hidden rows and rows with nothing but formatting', () => {
    expect(isRowHidden(ws.getRow(15))).toBe(true);
    expect(isRowHidden(ws.getRow(14))).toBe(false);
    expect(isBlankRow(ws.getRow(16))).toBe(true);
    expect(isBlankRow(ws.getRow(15))).toBe(false);
    expect(isBlankRow(ws.getRow(3))).toBe(false);
  });
});

describe('header matching', () => {
  const spec: ColumnSpec<'code' | 'label' | 'yoy'>[] = [
    { key: 'code', names: ['指标编码', 'indicator code', 'code'], required: true },
    { key: 'label', names: ['指标名称', 'label'], required: true },
    { key: 'yoy', names: ['同比预警阈值(%)', 'yoy'] },
  ];

  it('ignores spaces, full-width forms, case and required markers', () => {
    expect(normalizeHeader(' 指标 编码* ')).toBe(normalizeHeader('指标编码'));
    expect(normalizeHeader('Indicator　Code')).toBe(normalizeHeader('indicator_code'));
    expect(normalizeHeader('同比预警阈值（％）')).toBe(normalizeHeader('同比预警阈值(%)'));
    expect(normalizeHeader('ＣＯＤＥ')).toBe('code');
  });

  it('finds columns by any alias, and locates missing and repeated headers', async () => {
    const bytes = await buildWorkbook((wb) => {
      const s = wb.addWorksheet('表');
      s.getRow(1).values = ['某省绩效数据汇总表'];
      s.getRow(2).values = ['序号', 'Indicator Code', '同比预警阈值（％）', 'CODE', '备注'];
    });
    const opened = await openWorkbook(bytes);
    if (!opened.ok) throw new Error('could not open');
    const sheet = opened.workbook.getWorksheet('表')!;
    const { row, match } = findHeaderRow(sheet, spec);
    expect(row.number).toBe(2);
    expect(match.columns).toEqual({ code: 2, yoy: 3 });
    expect(match.unknown).toEqual([
      { col: 1, text: '序号' },
      { col: 5, text: '备注' },
    ]);
    expect(match.errors.map((e) => formatWorkbookError(e, zh))).toEqual([
      '表!D2: “指标编码”列重复了，B 列已经是“指标编码”',
      '表: 缺少“指标名称”列（表头在第 2 行）',
    ]);
    expect(findColumns(sheet.getRow(1), spec).matched).toBe(0);
  });
});
