/**
 * Workbooks edited the way a person in Excel or WPS edits them, for the workbook fuzz suites:
 * cells given hostile texts, numbers, dates, formulas with and without results, error values, rich
 * text and links; sheets renamed, removed and added; rows hidden, inserted and deleted; cells merged.
 */
import type ExcelJS from 'exceljs';
import fc from 'fast-check';
import { editWorkbook } from '../fixtures/excel/index.ts';
import { hostileTextArb } from './fuzz-mutate.ts';

export type CellEdit =
  | { kind: 'value'; sheet: number; row: number; col: number; value: ExcelJS.CellValue }
  | { kind: 'rename'; sheet: number; name: string }
  | { kind: 'hide'; sheet: number; row: number }
  | { kind: 'merge'; sheet: number; row: number; col: number; rows: number; cols: number }
  | { kind: 'splice'; sheet: number; row: number; remove: number; insert: number }
  | { kind: 'remove'; sheet: number }
  | { kind: 'add'; name: string };

export const cellValueArb: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  { weight: 5, arbitrary: hostileTextArb },
  { weight: 2, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 100_000 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'T01_01',
      'T01_02',
      'T02_01',
      'council',
      '理事会',
      '是',
      '否',
      '62%',
      '１２０',
      '1,234',
    ),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.date({ min: new Date('1899-12-31'), max: new Date('2200-01-01'), noInvalidDate: true }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      formula: fc.constantFrom('1/0', 'SUM(A1:A3)', 'F5*2', '"x"', 'NOW()'),
      result: fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string({ maxLength: 6 }),
        fc.constant(undefined),
        fc.constantFrom({ error: '#DIV/0!' as const }, { error: '#N/A' as const }),
      ),
    }) as fc.Arbitrary<ExcelJS.CellValue>,
  },
  { weight: 1, arbitrary: fc.constantFrom({ error: '#REF!' as const }, { error: '#VALUE!' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(hostileTextArb, fc.string({ maxLength: 5 }))
      .map(([a, b]) => ({ richText: [{ text: a }, { text: b, font: { bold: true } }] })),
  },
  {
    weight: 1,
    arbitrary: fc.string({ maxLength: 8 }).map((text) => ({ text, hyperlink: 'https://example.edu.cn/' })),
  },
);

const sheetNameArb = fc.oneof(
  fc.constantFrom(
    '_tianbao',
    '市域产教联合体',
    '行业产教融合共同体',
    '填写说明',
    'Sheet1',
    '市域产教联合体 ',
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);

export const cellEditArb: fc.Arbitrary<CellEdit> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('value' as const),
      sheet: fc.nat(),
      row: fc.integer({ min: 1, max: 14 }),
      // Columns E–G (目标, 实际, 备注 on a task sheet) get most of the edits.
      col: fc.oneof(fc.constantFrom(5, 6, 7), fc.integer({ min: 1, max: 22 })),
      value: cellValueArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('rename' as const), sheet: fc.nat(), name: sheetNameArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('hide' as const),
      sheet: fc.nat(),
      row: fc.integer({ min: 1, max: 14 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('merge' as const),
      sheet: fc.nat(),
      row: fc.integer({ min: 1, max: 12 }),
      col: fc.integer({ min: 1, max: 8 }),
      rows: fc.integer({ min: 0, max: 3 }),
      cols: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      sheet: fc.nat(),
      row: fc.integer({ min: 1, max: 12 }),
      remove: fc.integer({ min: 0, max: 3 }),
      insert: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), sheet: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), name: sheetNameArb }) },
);

/** Applies edits as a person in Excel might; an edit exceljs itself refuses is skipped. */
export async function applyCellEdits(
  bytes: Uint8Array,
  edits: readonly CellEdit[],
): Promise<Uint8Array | null> {
  try {
    return await editWorkbook(bytes, (wb) => {
      for (const e of edits) {
        const sheets = wb.worksheets;
        const ws = sheets.length === 0 || e.kind === 'add' ? undefined : sheets[e.sheet % sheets.length];
        try {
          switch (e.kind) {
            case 'value':
              ws!.getCell(e.row, e.col).value = e.value;
              break;
            case 'rename':
              ws!.name = e.name;
              break;
            case 'hide':
              ws!.getRow(e.row).hidden = true;
              break;
            case 'merge':
              ws!.mergeCells(e.row, e.col, e.row + e.rows, e.col + e.cols);
              break;
            case 'splice':
              ws!.spliceRows(e.row, e.remove, ...Array.from({ length: e.insert }, () => ['插入的行', 1]));
              break;
            case 'remove':
              wb.removeWorksheet(ws!.id);
              break;
            case 'add':
              wb.addWorksheet(e.name).addRow(['指标编码', '本年实际']);
              break;
          }
        } catch {
          // exceljs refused the edit (a taken name, an overlapping merge …): not our input.
        }
      }
    });
  } catch {
    return null; // exceljs could not write what the edits made
  }
}

/** A few edits of one workbook. */
export const cellEditsArb = fc.array(cellEditArb, { minLength: 1, maxLength: 8 });
