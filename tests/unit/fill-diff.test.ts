import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { changesToImport, diffFill, fillDataOf, type FillData } from '../../shared/excel/fill-diff.ts';
import { readFillWorkbook, writeFillWorkbook } from '../../shared/excel/fill-workbook.ts';
import { getBuiltinTemplate } from '../../shared/templates/index.ts';

const template = getBuiltinTemplate('keytasks-2023')!;
const data = (d: Partial<FillData>): FillData => ({ values: {}, targets: {}, notes: {}, ...d });

describe('per-cell diff of an imported fill-in workbook', () => {
  const current = data({
    values: { T01_01: 100, T01_02: 50, T01_06: true, T01_09: '2024-05-01' },
    targets: { T01_01: 90 },
    notes: { T01_01: '原备注' },
  });

  it('lists old → new per cell in template order, field names as the store uses them', () => {
    const incoming = data({
      values: { T01_01: 120, T01_02: 50, T01_04: 3, T01_06: false, T01_09: '2024-05-01' },
      targets: { T01_01: 95, T01_04: 5 },
      notes: { T01_01: '新备注', T01_04: '新增' },
    });
    const d = diffFill(current, incoming, template, 'T01');
    expect(d.changes).toEqual([
      { field: 'T01_01', code: 'T01_01', label: '成员单位总数', kind: 'value', before: 100, after: 120 },
      {
        field: 'target:T01_01',
        code: 'T01_01',
        label: '成员单位总数',
        kind: 'target',
        before: 90,
        after: 95,
      },
      {
        field: 'note:T01_01',
        code: 'T01_01',
        label: '成员单位总数',
        kind: 'note',
        before: '原备注',
        after: '新备注',
      },
      { field: 'T01_04', code: 'T01_04', label: '成员职业院校数', kind: 'value', before: null, after: 3 },
      {
        field: 'target:T01_04',
        code: 'T01_04',
        label: '成员职业院校数',
        kind: 'target',
        before: null,
        after: 5,
      },
      {
        field: 'note:T01_04',
        code: 'T01_04',
        label: '成员职业院校数',
        kind: 'note',
        before: null,
        after: '新增',
      },
      { field: 'T01_06', code: 'T01_06', label: '是否实体化运作', kind: 'value', before: true, after: false },
    ]);
    expect(d.unchanged).toBe(2); // T01_02 and T01_09
    expect(d.keptBlank).toBe(0);
  });

  it('a blank cell means no change by default; { blank: "clear" } erases', () => {
    const incoming = data({
      values: { T01_01: null, T01_02: 60 },
      targets: { T01_01: null },
      notes: { T01_01: '' },
    });
    const keep = diffFill(current, incoming, template, 'T01');
    expect(keep.changes.map((c) => c.field)).toEqual(['T01_02']);
    expect(keep.keptBlank).toBe(3);
    expect(keep.unchanged).toBe(3);

    const clear = diffFill(current, incoming, template, 'T01', { blank: 'clear' });
    expect(clear.changes.map((c) => [c.field, c.before, c.after])).toEqual([
      ['T01_01', 100, null],
      ['target:T01_01', 90, null],
      ['note:T01_01', '原备注', null],
      ['T01_02', 50, 60],
    ]);
    // Blank over blank is never a change, whichever the option.
    expect(
      diffFill(data({}), data({ values: { T01_03: null } }), template, 'T01', { blank: 'clear' }).changes,
    ).toEqual([]);
  });

  it('ignores float noise, calculated indicators and codes of other tasks; notes of calculated ones count', () => {
    const d = diffFill(
      data({ values: { T01_15: 0.3, T01_05: 0.5 } }),
      data({
        values: { T01_15: 0.1 + 0.2, T01_05: 0.9, T02_01: 7 },
        notes: { T01_05: '按公式' },
      }),
      template,
      'T01',
    );
    expect(d.changes).toEqual([
      {
        field: 'note:T01_05',
        code: 'T01_05',
        label: '企业成员占比',
        kind: 'note',
        before: null,
        after: '按公式',
      },
    ]);
    expect(() => diffFill(current, current, template, 'T99')).toThrow();
  });

  it('changesToImport gives the all-or-nothing write: values and note fields, targets by code', () => {
    const d = diffFill(
      current,
      data({ values: { T01_01: 120 }, targets: { T01_01: 95 }, notes: { T01_01: '' } }),
      template,
      'T01',
      { blank: 'clear' },
    );
    expect(changesToImport(d.changes)).toEqual({
      values: { T01_01: 120, 'note:T01_01': null },
      targets: { T01_01: 95 },
    });
  });

  it('a workbook generated from the current data and imported untouched changes nothing', async () => {
    const bytes = await writeFillWorkbook(template, { taskCode: 'T01', ...current });
    const read = await readFillWorkbook(bytes, template);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const d = diffFill(current, read, template, 'T01');
    expect(d.changes).toEqual([]);
    // …and with blanks meaning "clear" too, since every cell the app holds was written out.
    expect(diffFill(current, read, template, 'T01', { blank: 'clear' }).changes).toEqual([]);
  });

  it('a workbook filled in Excel shows exactly the typed cells as changes', async () => {
    const bytes = await writeFillWorkbook(template, { taskCode: 'T01', ...current });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('打造市域产教联合体')!;
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(2).value === 'T01_02') row = n;
    });
    ws.getCell(row, 6).value = '６０';
    ws.getCell(row, 7).value = '口径调整';
    const read = await readFillWorkbook(
      new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer),
      template,
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(diffFill(current, read, template, 'T01').changes.map((c) => [c.field, c.before, c.after])).toEqual(
      [
        ['T01_02', 50, 60],
        ['note:T01_02', null, '口径调整'],
      ],
    );
  });
});

describe('fillDataOf', () => {
  it('keeps indicator values and notes, and leaves funding, report and score fields out', () => {
    const data = fillDataOf(
      {
        T01_01: 120,
        'note:T01_01': '含新增成员',
        'fund:CENTRAL:planned': 500,
        'report:S1': '<p>进展</p>',
        'score:unit:targets': 90,
      },
      { T01_01: 110 },
    );
    expect(data).toEqual({
      values: { T01_01: 120 },
      targets: { T01_01: 110 },
      notes: { T01_01: '含新增成员' },
    });
  });
});
