import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { seedSubmission } from './seed.ts';

const TASK_SHEET = /市域产教联合体/;
/** Column numbers of the fill-in sheet: 序号, 指标编码, 指标名称, 单位, 年度目标, 本年实际, 备注. */
const COL = { code: 2, target: 5, actual: 6, note: 7 };

async function exportWorkbook(page: Page): Promise<Buffer> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel 填报表' }).click();
  return readFile(await (await download).path());
}

/** Fills the workbook the way a person would in Excel or WPS, outside the app. */
async function fillOutside(
  bytes: Buffer,
  cells: Record<string, { actual?: unknown; target?: unknown; note?: string }>,
) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheet = wb.worksheets.find((s) => TASK_SHEET.test(s.name));
  if (!sheet) throw new Error(`no task sheet in ${wb.worksheets.map((s) => s.name).join(', ')}`);
  sheet.eachRow((row) => {
    const code = String(row.getCell(COL.code).value ?? '');
    const fill = cells[code];
    if (!fill) return;
    if (fill.actual !== undefined) row.getCell(COL.actual).value = fill.actual as ExcelJS.CellValue;
    if (fill.target !== undefined) row.getCell(COL.target).value = fill.target as ExcelJS.CellValue;
    if (fill.note !== undefined) row.getCell(COL.note).value = fill.note;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function importWorkbook(page: Page, bytes: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入 Excel 填报表' }).click();
  await (
    await chooser
  ).setFiles({
    name: '填报表.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: bytes,
  });
}

test('a fill-in workbook goes out, is filled in Excel, comes back as a per-cell diff, applies and undoes', async ({
  page,
}) => {
  const { submissionId } = await seedSubmission(page, keyTasks2023, 'T01');
  await page.goto(`/#/submission/${submissionId}`);
  const total = page.locator('[data-cell="T01_01:actual"]');
  await total.click();
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');

  const exported = await exportWorkbook(page);
  const filled = await fillOutside(exported, {
    T01_01: { actual: 120, target: 110, note: '含新增成员' },
    T01_02: { actual: '８０' },
    T01_04: { actual: 12 },
  });
  await importWorkbook(page, filled);

  const dialog = page.getByRole('dialog', { name: '导入前核对：将要修改的内容' });
  await expect(dialog).toBeVisible();
  const diff = dialog.getByRole('table');
  await expect(diff.getByRole('row', { name: /成员单位总数.*本年实际.*100.*120/ })).toBeVisible();
  await expect(diff.getByRole('row', { name: /成员单位总数.*年度目标.*110/ })).toBeVisible();
  await expect(diff.getByRole('row', { name: /成员企业数.*80/ })).toBeVisible();
  await dialog.getByRole('button', { name: /全部应用/ }).click();
  await expect(page.getByRole('status').filter({ hasText: '已导入' })).toBeVisible();
  await expect(total).toHaveValue('120');
  await expect(page.locator('[data-cell="T01_01:target"]')).toHaveValue('110');
  await expect(page.locator('[data-cell="T01_01:note"]')).toHaveValue('含新增成员');
  await expect(page.locator('[data-cell="T01_02:actual"]')).toHaveValue('80');

  // The whole import is one undo step.
  await total.click();
  await page.keyboard.press('Control+z');
  await expect(total).toHaveValue('100');
  await expect(page.locator('[data-cell="T01_02:actual"]')).toHaveValue('');
  await expect(page.locator('[data-cell="T01_01:target"]')).toHaveValue('');
});

test('a workbook with text in a number cell shows the located error and changes nothing', async ({
  page,
}) => {
  const { submissionId } = await seedSubmission(page, keyTasks2023, 'T01');
  await page.goto(`/#/submission/${submissionId}`);
  const exported = await exportWorkbook(page);
  const bad = await fillOutside(exported, { T01_01: { actual: '一百二十' }, T01_04: { actual: 12 } });
  await importWorkbook(page, bad);
  const dialog = page.getByRole('dialog', { name: '导入前核对：将要修改的内容' });
  await expect(dialog.getByRole('alert')).toContainText('一百二十');
  await expect(dialog.getByRole('alert')).toContainText(/!F\d+/);
  await expect(dialog.getByRole('button', { name: /全部应用/ })).toHaveCount(0);
  await dialog.getByRole('button', { name: '关闭' }).click();
  await expect(page.locator('[data-cell="T01_04:actual"]')).toHaveValue('');
});

test('a file that is not a workbook is refused with a clear message', async ({ page }) => {
  const { submissionId } = await seedSubmission(page, keyTasks2023, 'T01');
  await page.goto(`/#/submission/${submissionId}`);
  await importWorkbook(page, Buffer.from('这不是一个 Excel 文件'));
  const dialog = page.getByRole('dialog', { name: '导入前核对：将要修改的内容' });
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(dialog.getByRole('button', { name: /全部应用/ })).toHaveCount(0);
  // The dialog holds the focus, and Escape closes it.
  await expect(dialog).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});
