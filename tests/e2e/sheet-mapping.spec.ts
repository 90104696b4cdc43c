import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { seedSubmission } from './seed.ts';

/** A provincial statistics sheet: a title, a two-row header with the year over 实际/目标, names only. */
async function provincialSheet(year: number, rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('统计表');
  ws.addRow([`${year}年度市域产教联合体建设数据统计表`]);
  ws.mergeCells('A1:E1');
  ws.addRow(['指标名称', '单位', `${year}年`, '', '说明']);
  ws.addRow(['', '', '实际', '目标', '']);
  ws.mergeCells('A2:A3');
  ws.mergeCells('B2:B3');
  ws.mergeCells('C2:D2');
  ws.mergeCells('E2:E3');
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function importSheet(page: Page, bytes: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '从其他表格导入' }).click();
  await (
    await chooser
  ).setFiles({
    name: '省厅统计表.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: bytes,
  });
}

const role = (page: Page, header: string) =>
  page.getByRole('dialog').getByRole('combobox', { name: header, exact: true });

test('a provincial sheet is mapped by its headers, previewed, diffed, applied, and its mapping reused', async ({
  page,
}) => {
  const { submissionId } = await seedSubmission(page, keyTasks2023, 'T01');
  await page.goto(`/#/submission/${submissionId}`);

  await importSheet(
    page,
    await provincialSheet(2026, [
      ['成员单位总数', '家', 120, 130, '省厅口径'],
      ['成员企业数', '家', '８０', '', ''],
      ['产教融合实训基地数', '个', '很多', '', ''],
      ['成员职业院校数', '所', 12, '', ''],
      ['不存在的指标', '个', 3, '', ''],
    ]),
  );
  await expect(page.getByRole('dialog', { name: '从其他表格导入指标数据' })).toBeVisible();
  // The dialog's name follows its step (mapping, then review).
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('combobox', { name: /表头所在行/ })).toHaveValue('2');
  await expect(dialog.getByRole('checkbox', { name: /两行表头/ })).toBeChecked();
  await expect(role(page, '指标名称')).toHaveValue('indicator-name');
  await expect(role(page, '单位')).toHaveValue('unit');
  await expect(role(page, '2026年/实际')).toHaveValue('actual');
  await expect(role(page, '2026年/目标')).toHaveValue('target');
  await expect(role(page, '说明')).toHaveValue('note');
  // This province's 说明 column is its own remark, not ours.
  await role(page, '说明').selectOption('ignore');

  const preview = dialog.getByRole('table', { name: /预览/ });
  await expect(
    preview.getByRole('row', { name: /成员单位总数.*成员单位总数.*120.*130.*可导入/ }),
  ).toBeVisible();
  await expect(preview.getByRole('row', { name: /成员企业数.*其中：成员企业数/ })).toBeVisible();
  const unknown = preview.getByRole('row', { name: /不存在的指标/ });
  await expect(unknown).toContainText('没有找到名为“不存在的指标”的指标');
  await expect(unknown).toContainText('统计表!A8');
  await expect(unknown).toHaveClass(/mapping-problem/);
  await expect(preview.getByRole('row', { name: /很多/ })).toContainText('应填写数字');
  await expect(dialog).toContainText('3 行可以导入，2 行有问题');

  await dialog.getByRole('button', { name: '下一步：核对修改' }).click();
  await expect(page.getByRole('dialog', { name: '导入前核对：将要修改的内容' })).toBeVisible();
  const diff = dialog.getByRole('table');
  await expect(diff.getByRole('row', { name: /成员单位总数.*本年实际.*120/ })).toBeVisible();
  await expect(diff.getByRole('row', { name: /成员单位总数.*年度目标.*130/ })).toBeVisible();
  await expect(diff.getByRole('row', { name: /成员企业数.*80/ })).toBeVisible();
  await expect(dialog.getByRole('alert')).toContainText('有 2 行有问题，不会导入');
  await dialog.getByRole('button', { name: /全部应用/ }).click();
  await expect(page.getByRole('status').filter({ hasText: '已从表格导入 4 处数据' })).toBeVisible();
  await expect(page.locator('[data-cell="T01_01:actual"]')).toHaveValue('120');
  await expect(page.locator('[data-cell="T01_01:target"]')).toHaveValue('130');
  await expect(page.locator('[data-cell="T01_02:actual"]')).toHaveValue('80');
  await expect(page.locator('[data-cell="T01_04:actual"]')).toHaveValue('12');
  await expect(page.locator('[data-cell="T01_11:actual"]')).toHaveValue('');
  await expect(page.locator('[data-cell="T01_01:note"]')).toHaveValue('');

  // Next year's sheet of the same shape opens with the mapping saved this time.
  await importSheet(page, await provincialSheet(2027, [['成员单位总数', '家', 125, 140, '']]));
  await expect(dialog.getByRole('note')).toContainText('已按上次保存的列对应关系设置');
  await expect(role(page, '2027年/实际')).toHaveValue('actual');
  await expect(role(page, '2027年/目标')).toHaveValue('target');
  await expect(role(page, '说明')).toHaveValue('ignore');
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toHaveCount(0);
});
