/**
 * Fuzzing the workbook import (导入 Excel 填报表) and the any-sheet import (从其他表格导入): a real
 * fill-in workbook of the small template, damaged at the byte level, inside its zip entries (XML
 * attributes and texts replaced with hostile values, elements dropped or repeated) and cell by cell
 * through exceljs; random zips and random bytes besides.
 *
 * Properties: readFillWorkbook, readWorkbookGrids and the mapping never throw and never take long;
 * every refusal and every cell problem is located (sheet and cell; the whole file only for the
 * file-level codes) and renders in zh-CN with no missing key; every value read back is a valid value
 * of its indicator; and when a clean read is applied, a locked submission refuses it with a zh-CN
 * StorageError and the store is left exactly as it was, while an editable one changes only the
 * tables an import writes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError, type TianbaoDb } from '../../shared/db/index.ts';
import { applyFillImport } from '../../shared/db/repos/fill-import.ts';
import type { Value } from '../../shared/domain/expr/index.ts';
import { taskIndicators, type Indicator, type Template } from '../../shared/domain/template.ts';
import { OPEN_ERROR_CODES } from '../../shared/excel/open.ts';
import { changesToImport, diffFill, fillDataOf } from '../../shared/excel/fill-diff.ts';
import {
  readFillWorkbook,
  writeFillWorkbook,
  type FillReadResult,
} from '../../shared/excel/fill-workbook.ts';
import { MAX_MERGED_CELLS } from '../../shared/excel/screen.ts';
import {
  applyMapping,
  detectHeader,
  headerCandidates,
  readWorkbookGrids,
  suggestMapping,
} from '../../shared/excel/sheet-mapping.ts';
import { readSheetRows } from '../../shared/excel/sheet-rows.ts';
import { indicatorChoices } from '../../shared/excel/sheet-rows.ts';
import { buildWorkbook, editWorkbook, smallTemplate, storedZip } from '../fixtures/excel/index.ts';
import { seedSubmission, type Seeded } from '../fixtures/package.ts';
import { check, checkWorkbookError, zhText } from '../helpers/fuzz-check.ts';
import {
  applyByteEdits,
  applyEntryEdits,
  byteEditsArb,
  entryEditsArb,
  hostileTextArb,
  rewriteEntry,
} from '../helpers/fuzz-mutate.ts';
import { fuzzParams, testTimeout, type FuzzBudget } from '../helpers/fuzz-run.ts';
import { applyCellEdits, cellEditsArb } from '../helpers/fuzz-workbook.ts';
import { changedTables, storeDigest } from '../helpers/fuzz-store.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const ACTOR = '李老师';
/** Codes readFillWorkbook may report without a sheet: the file as a whole is refused. */
const FILL_FILE_LEVEL: ReadonlySet<string> = new Set([
  ...OPEN_ERROR_CODES,
  'not-tianbao',
  'bad-meta',
  'unknown-template',
  'wrong-template',
  'wrong-version',
  'unknown-task',
]);
const NONE: ReadonlySet<string> = new Set();
/** One read of the small workbook takes well under a second; a run this long is a hang. */
const PER_RUN_MS = 20_000;

let template: Template;
let base: Uint8Array;
let provincial: Uint8Array;
let locked: TianbaoDb;
let lockedSeed: Seeded;
let editable: TianbaoDb;
let editableSeed: Seeded;

beforeAll(async () => {
  template = smallTemplate();
  base = await writeFillWorkbook(template, {
    year: 2025,
    unit: { id: 'unit-1', name: '甲职业技术学院' },
    project: { id: 'project-1', name: '长沙市域产教联合体' },
    values: {
      T01_01: 120,
      T01_02: 40,
      T01_03: 'council',
      T01_04: 0.62,
      T01_05: 12.5,
      T02_01: 3,
      T02_02: true,
    },
    targets: { T01_01: 130, T01_04: 0.6 },
    notes: { T01_01: '含新增成员' },
  });
  // A province's own sheet: a title, a two-row header with the year over 实际/目标, names only.
  provincial = await buildWorkbook((wb) => {
    const ws = wb.addWorksheet('2025年数据');
    ws.addRow(['湖南省市域产教联合体年度数据统计表']);
    ws.mergeCells('A1:E1');
    ws.addRow(['指标名称', '单位', '2025年', '', '备注']);
    ws.addRow(['', '', '实际', '目标', '']);
    ws.mergeCells('A2:A3');
    ws.mergeCells('B2:B3');
    ws.mergeCells('C2:D2');
    ws.mergeCells('E2:E3');
    ws.addRow(['成员单位总数', '家', '１２０', 130, '含新增']);
    ws.addRow(['其中：成员企业数', '家', '1,234', '', '']);
    ws.addRow(['毕业生本地就业率', '%', '62%', 0.6, '']);
    ws.addRow(['投入经费', '万元', 12.5, '', '']);
    ws.addRow(['不存在的指标', '个', 3, '', '']);
  });
  locked = memoryDb();
  lockedSeed = await seedSubmission(locked);
  editable = memoryDb();
  editableSeed = await seedSubmission(editable, { submit: false });
}, 120_000);

afterAll(() => {
  locked.close();
  editable.close();
});

// ─── What a read may return ─────────────────────────────────────────────────────────────────────

function indicatorsOf(tpl: Template): Map<string, Indicator> {
  return new Map(tpl.tasks.flatMap((t) => taskIndicators(t)).map((i) => [i.code, i]));
}

/** A value of this indicator as parseInput would produce it: right type, within its range. */
function checkValue(ind: Indicator, value: Value, what: string): void {
  if (value === null) return;
  const fail = () => `${what} ${ind.code} (${ind.type}): ${JSON.stringify(value)}`;
  switch (ind.type) {
    case 'integer':
      check(Number.isInteger(value), fail);
      break;
    case 'decimal':
    case 'percent':
    case 'money':
      check(typeof value === 'number' && Number.isFinite(value), fail);
      break;
    case 'text':
      check(typeof value === 'string' && value.trim() !== '', fail);
      break;
    case 'date':
      check(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value), fail);
      break;
    case 'choice':
      check(
        indicatorChoices(template, ind).some((c) => c.code === value),
        fail,
      );
      break;
    case 'boolean':
      check(typeof value === 'boolean', fail);
      break;
  }
  if (typeof value === 'number') {
    check(ind.min === undefined || value >= ind.min, fail);
    check(ind.max === undefined || value <= ind.max, fail);
  }
}

function checkFillRead(result: FillReadResult): void {
  if (!result.ok) {
    check(result.errors.length > 0, () => 'refused without a reason');
    for (const e of result.errors) checkWorkbookError(e, FILL_FILE_LEVEL);
    return;
  }
  // Problems in a workbook that was read are problems of cells: sheet and cell, always.
  for (const e of result.errors) {
    checkWorkbookError(e, NONE);
    check(e.cell !== '', () => `cell problem without a cell: ${JSON.stringify(e)}`);
  }
  const indicators = indicatorsOf(template);
  for (const [code, value] of Object.entries(result.values)) {
    const ind = indicators.get(code);
    check(ind !== undefined && !ind.calculate, () => `value for ${code}, not an input of the template`);
    checkValue(ind, value, 'value');
  }
  for (const [code, value] of Object.entries(result.targets)) {
    const ind = indicators.get(code);
    check(ind !== undefined, () => `target for unknown ${code}`);
    checkValue({ ...ind, min: undefined, max: undefined }, value, 'target');
  }
  for (const [code, note] of Object.entries(result.notes)) {
    check(indicators.has(code) && typeof note === 'string', () => `note for ${code}: ${String(note)}`);
  }
}

/**
 * A clean read goes where the app sends it: into a locked submission it is refused as a whole (the
 * store unchanged, a zh-CN reason), into an editable one it lands in the tables an import writes.
 */
async function applyToStores(result: FillReadResult): Promise<void> {
  if (!result.ok || result.errors.length > 0) return;
  const incoming = { values: result.values, targets: result.targets, notes: result.notes };
  for (const task of template.tasks) {
    const diff = diffFill(fillDataOf({}, {}), incoming, template, task.code);
    if (diff.changes.length === 0) continue;
    const { values, targets } = changesToImport(diff.changes);

    const before = await storeDigest(locked);
    const error = await applyFillImport(
      locked,
      { submissionId: lockedSeed.submissionId, values, targets },
      ACTOR,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    check(error instanceof StorageError, () => `a locked submission took the import: ${String(error)}`);
    zhText(error.userMessage);
    expect(await storeDigest(locked)).toEqual(before);

    const editableBefore = await storeDigest(editable);
    await applyFillImport(editable, { submissionId: editableSeed.submissionId, values, targets }, ACTOR);
    const touched = changedTables(editableBefore, await storeDigest(editable));
    expect(
      touched.filter((t) => !['audit', 'outbox', 'projects', 'submissions', 'values'].includes(t)),
    ).toEqual([]);
    for (const [code, value] of Object.entries(values)) {
      const stored = await editable.values.get([editableSeed.submissionId, code]);
      expect(stored?.value ?? null).toEqual(value);
    }
  }
}

// ─── Properties ─────────────────────────────────────────────────────────────────────────────────

const BYTES: FuzzBudget = { runs: 30, budgetMs: 3000, perRunMs: PER_RUN_MS };
const ENTRIES: FuzzBudget = { runs: 30, budgetMs: 5000, perRunMs: PER_RUN_MS };
const CELLS: FuzzBudget = { runs: 25, budgetMs: 5000, perRunMs: PER_RUN_MS };
const RANDOM: FuzzBudget = { runs: 150, budgetMs: 1500, perRunMs: PER_RUN_MS };
const MAPPING: FuzzBudget = { runs: 30, budgetMs: 3000, perRunMs: PER_RUN_MS };

async function readAndApply(bytes: Uint8Array): Promise<void> {
  const result = await readFillWorkbook(bytes, template);
  checkFillRead(result);
  await applyToStores(result);
}

describe('fuzz: fill-in workbook import', () => {
  it(
    'bytes flipped, inserted, deleted or cut anywhere: located refusals, valid values, no partial write',
    async () => {
      await fc.assert(
        fc.asyncProperty(byteEditsArb, (edits) => readAndApply(applyByteEdits(base, edits))),
        fuzzParams(BYTES),
      );
    },
    testTimeout(BYTES),
  );

  it(
    'XML inside the zip edited (attributes, texts, elements, entries): the same',
    async () => {
      await fc.assert(
        fc.asyncProperty(entryEditsArb, async (edits) => readAndApply(await applyEntryEdits(base, edits))),
        fuzzParams(ENTRIES),
      );
    },
    testTimeout(ENTRIES),
  );

  it(
    'cells, sheets, merges and rows edited as in Excel: the same, and clean reads land in the store',
    async () => {
      await fc.assert(
        fc.asyncProperty(cellEditsArb, async (edits) => {
          const bytes = await applyCellEdits(base, edits);
          if (bytes) await readAndApply(bytes);
        }),
        fuzzParams(CELLS),
      );
    },
    testTimeout(CELLS),
  );

  it(
    'random bytes and random zips that look like workbooks: refused, located, never thrown',
    async () => {
      const names = fc.constantFrom(
        '[Content_Types].xml',
        'xl/workbook.xml',
        'xl/_rels/workbook.xml.rels',
        'xl/worksheets/sheet1.xml',
        'xl/sharedStrings.xml',
        '_rels/.rels',
        'docProps/app.xml',
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 600 }),
            fc.array(fc.tuple(names, hostileTextArb), { maxLength: 6 }).map((files) => storedZip(files)),
          ),
          async (bytes) => {
            const result = await readFillWorkbook(bytes, template);
            checkFillRead(result);
          },
        ),
        fuzzParams(RANDOM),
      );
    },
    testTimeout(RANDOM),
  );
});

describe('fuzz: importing any other sheet (sheet mapping)', () => {
  it(
    'a province’s sheet damaged in its XML or cells: grids, header, mapping and preview stay located',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            entryEditsArb.map((e) => ({ e })),
            cellEditsArb.map((c) => ({ c })),
          ),
          async (m) => {
            const bytes =
              'e' in m ? await applyEntryEdits(provincial, m.e) : await applyCellEdits(provincial, m.c);
            if (!bytes) return;
            const grids = await readWorkbookGrids(bytes);
            if (!grids.ok) {
              checkWorkbookError(grids.error, FILL_FILE_LEVEL);
              return;
            }
            for (const grid of grids.sheets) {
              check(grid.name !== '', () => 'a sheet without a name');
              for (const row of grid.rows)
                for (const e of Object.values(row.errors ?? {})) checkWorkbookError(e, NONE);
              for (const choice of headerCandidates(grid)) {
                const mapping = suggestMapping(grid, choice, { year: 2025, template, taskCode: 'T01' });
                const result = applyMapping(grid, mapping, template, 'T01');
                for (const e of result.errors) {
                  checkWorkbookError(e, NONE);
                  check(
                    e.sheet === grid.name && e.cell !== '',
                    () => `not located on the sheet: ${JSON.stringify(e)}`,
                  );
                }
                const indicators = indicatorsOf(template);
                for (const [code, v] of Object.entries(result.incoming.values))
                  checkValue(indicators.get(code)!, v, 'mapped');
                diffFill(fillDataOf({}, {}), result.incoming, template, 'T01');
              }
              detectHeader(grid);
            }
          },
        ),
        fuzzParams(MAPPING),
      );
    },
    testTimeout(MAPPING),
  );
});

// ─── Regressions: what fuzzing found ────────────────────────────────────────────────────────────

/** What took seconds to minutes (or ran out of memory) before the fix, with time to spare. */
const QUICK_MS = 15_000;

async function timed<T>(work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  expect(performance.now() - start).toBeLessThan(QUICK_MS);
  return result;
}

describe('fuzz regressions: workbook readers', () => {
  it('one stray cell in row 1,048,576 no longer makes the readers walk a million empty rows', async () => {
    const stray = await editWorkbook(base, (wb) => {
      for (const ws of wb.worksheets) ws.getCell(1_048_576, 26).value = '备注';
    });
    const clean = await readFillWorkbook(base, template);
    const read = await timed(() => readFillWorkbook(stray, template));
    expect(read).toEqual(clean);

    const grids = await timed(() => readWorkbookGrids(stray));
    if (!grids.ok) throw new Error('grids refused');
    const sheet = grids.sheets.find((s) => s.name === '市域产教联合体')!;
    // The header rows are all there (row n at index n − 1); below them only rows with content.
    expect(sheet.rows.slice(0, 16).map((r) => r.row)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(sheet.rows.at(-1)?.row).toBe(1_048_576);
    expect(sheet.rows.length).toBeLessThan(40);

    const rows = await timed(() =>
      readSheetRows(stray, {
        sheet: '市域产教联合体',
        firstRow: 3,
        mode: 'load',
        columns: [{ col: 6, indicator: indicatorsOf(template).get('T01_01')! }],
      }),
    );
    expect(rows.ok && rows.rowCount).toBeGreaterThan(0);
  }, 60_000);

  it('a merged area of the whole sheet is refused on its sheet, before exceljs tries to build it', async () => {
    const bomb = await rewriteEntry(base, 'xl/worksheets/sheet2.xml', (xml) =>
      xml.replace(
        /<mergeCells[^]*?<\/mergeCells>/,
        '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
      ),
    );
    const read = await timed(() => readFillWorkbook(bomb, template));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toHaveLength(1);
    const [error] = read.errors;
    expect([error!.sheet, error!.cell, error!.code]).toEqual(['市域产教联合体', '', 'corrupt']);
    expect(checkWorkbookError(error!, FILL_FILE_LEVEL)).toBe(
      `工作表“市域产教联合体”合并的单元格超过 ${MAX_MERGED_CELLS.toLocaleString('en-US')} 个，文件可能已损坏。请取消不需要的合并单元格，保存后再导入`,
    );
  }, 60_000);

  it('data validations on whole columns or the whole sheet are dropped, and the workbook reads as before', async () => {
    for (const sqref of ['A1:XFD1048576', 'F1:F1048576 G1:G1048576']) {
      const wide = await rewriteEntry(base, 'xl/worksheets/sheet2.xml', (xml) =>
        xml.replace(/(<dataValidation [^>]*sqref=")[^"]*"/, `$1${sqref}"`),
      );
      const read = await timed(() => readFillWorkbook(wide, template));
      expect(read).toEqual(await readFillWorkbook(base, template));
    }
  }, 60_000);

  it('a column range past Excel’s last column is refused on its sheet', async () => {
    const cols = await rewriteEntry(base, 'xl/worksheets/sheet2.xml', (xml) =>
      xml.replace(/<col min="1" max="1"/, '<col min="1" max="999999999"'),
    );
    expect(cols).not.toEqual(base);
    const read = await timed(() => readFillWorkbook(cols, template));
    expect(!read.ok && read.errors.map((e) => [e.sheet, e.code, zhText(e.message)])).toEqual([
      [
        '市域产教联合体',
        'corrupt',
        '工作表“市域产教联合体”的列设置超出了 Excel 的范围，文件可能已损坏。请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再试',
      ],
    ]);
  }, 60_000);
});
