import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { seedSubmission } from './seed.ts';

async function typeInto(page: Page, cell: string, text: string) {
  await page.locator(`[data-cell="${cell}"]`).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function actualShown(page: Page, submissionId: string) {
  await page.goto(`/#/submission/${submissionId}`);
  await page.reload();
  return page.locator('[data-cell="T01_01:actual"]');
}

test('an encrypted backup made in the app restores the data it was made of', async ({ page }) => {
  test.setTimeout(120_000);
  const { submissionId } = await seedSubmission(page, keyTasks2023, 'T01');
  await page.goto(`/#/submission/${submissionId}`);
  await typeInto(page, 'T01_01:actual', '88');
  await expect(page.locator('[data-cell="T01_01:actual"]')).toHaveValue('88');

  // 数据备份 → a passphrase twice (a mismatch is refused first) → the file downloads.
  await page.getByRole('navigation').getByRole('button', { name: '数据备份' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '数据备份与恢复' })).toBeVisible();
  await expect(page.getByText('还没有本机备份')).toBeVisible();
  await page.getByLabel('口令（可不填）').fill('湖南省厅-2026');
  await page.getByLabel('再次输入口令').fill('湖南省厅-2025');
  await expect(page.getByRole('alert')).toHaveText('两次输入的口令不一致');
  await expect(page.getByRole('button', { name: '备份并保存文件' })).toBeDisabled();
  await page.getByLabel('再次输入口令').fill('湖南省厅-2026');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '备份并保存文件' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^职教填报数据备份-\d{8}-\d{4}\.tbbak$/);
  const bytes = await readFile(await file.path());
  expect(bytes.subarray(0, 8).toString('latin1')).toBe('TBBAKENC');
  expect(bytes.includes(Buffer.from('manifest.json'))).toBe(false);
  await expect(page.getByRole('status').filter({ hasText: '已保存备份' })).toBeVisible();
  // A copy is kept on this computer too, listed as a manual backup.
  const local = page.getByRole('table', { name: '本机备份' });
  await expect(local.getByRole('row')).toHaveCount(2);
  await expect(local.getByRole('row').nth(1)).toContainText('手动');

  // The data changes after the backup.
  await page.goto(`/#/submission/${submissionId}`);
  await typeInto(page, 'T01_01:actual', '99');
  expect(await (await actualShown(page, submissionId)).inputValue()).toBe('99');

  // Restore from the downloaded file: the passphrase is asked for, a wrong one is refused.
  await page.goto('/#/data');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '选择备份文件…' }).click();
  await (
    await chooser
  ).setFiles({ name: 'backup.tbbak', mimeType: 'application/octet-stream', buffer: bytes });
  const ask = page.getByRole('dialog');
  await expect(ask).toContainText('备份 backup.tbbak 已加密');
  await ask.getByLabel('口令', { exact: true }).fill('wrong passphrase');
  await ask.getByRole('button', { name: '打开' }).click();
  await expect(ask.getByRole('alert')).toHaveText('口令不正确或备份文件已损坏，无法解密');
  await ask.getByLabel('口令', { exact: true }).fill('湖南省厅-2026');
  await ask.getByRole('button', { name: '打开' }).click();

  // The confirmation says what is replaced and what the backup holds.
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('确认用备份 backup.tbbak 恢复');
  await expect(confirm).toContainText('替换本机的全部数据');
  await expect(confirm.getByRole('row', { name: /填报数据 values/ })).toContainText('1');
  await expect(confirm.getByRole('row', { name: /年度填报 submissions/ })).toContainText('1');
  await expect(confirm).toContainText('加密是');
  await confirm.getByRole('button', { name: '替换本机数据并恢复' }).click();
  await expect(page.getByText('已恢复备份，正在重新载入')).toBeVisible();
  await page.waitForLoadState('load');
  await expect(page.getByRole('heading', { level: 2, name: '数据备份与恢复' })).toBeVisible();

  // The data is back, and what was there before the restore was kept as a backup.
  await expect(page.getByRole('table', { name: '本机备份' }).getByRole('row').nth(1)).toContainText('恢复前');
  expect(await (await actualShown(page, submissionId)).inputValue()).toBe('88');
});

test('a damaged backup file is refused, naming the problem, and changes nothing', async ({ page }) => {
  const { submissionId } = await seedSubmission(page, keyTasks2023, 'T01');
  await page.goto(`/#/submission/${submissionId}`);
  await typeInto(page, 'T01_01:actual', '77');
  await page.goto('/#/data');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '备份并保存文件' }).click();
  const bytes = await readFile(await (await download).path());
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '选择备份文件…' }).click();
  await (
    await chooser
  ).setFiles({
    name: 'cut.tbbak',
    mimeType: 'application/octet-stream',
    buffer: bytes.subarray(0, bytes.length - 40),
  });
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('备份 cut.tbbak 未通过校验');
  await expect(dialog).toContainText('备份文件不完整');
  await dialog.getByRole('button', { name: '关闭' }).click();
  expect(await (await actualShown(page, submissionId)).inputValue()).toBe('77');
});

test('a workbook import is backed up first; its undo is not; the backup brings the data back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { submissionId } = await seedSubmission(page, keyTasks2023, 'T01');
  await page.goto(`/#/submission/${submissionId}`);
  await typeInto(page, 'T01_01:actual', '100');

  // The fill-in workbook, filled outside the app (本年实际 is column 6, 指标编码 column 2).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel 填报表' }).click();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(await (await download).path())) as unknown as ExcelJS.Buffer);
  const sheet = wb.worksheets.find((s) => /市域产教联合体/.test(s.name))!;
  sheet.eachRow((row) => {
    if (row.getCell(2).value === 'T01_01') row.getCell(6).value = 120;
  });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入 Excel 填报表' }).click();
  await (
    await chooser
  ).setFiles({
    name: '填报表.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await wb.xlsx.writeBuffer()),
  });
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /全部应用/ })
    .click();
  const total = page.locator('[data-cell="T01_01:actual"]');
  await expect(total).toHaveValue('120');
  // Undo of the import writes through the same path, without a second backup.
  await total.click();
  await page.keyboard.press('Control+z');
  await expect(total).toHaveValue('100');
  await typeInto(page, 'T01_01:actual', '130');

  await page.goto('/#/data');
  const rows = page.getByRole('table', { name: '本机备份' }).getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('导入前');
  await expect(rows.nth(1)).toContainText('Excel 填报表 填报表.xlsx');

  // Restoring it returns the store to just before the import.
  await rows.nth(1).getByRole('button', { name: '恢复' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('导入前');
  await confirm.getByRole('button', { name: '替换本机数据并恢复' }).click();
  await expect(page.getByText('已恢复备份，正在重新载入')).toBeVisible();
  await page.waitForLoadState('load');
  await expect(page.getByRole('heading', { level: 2, name: '数据备份与恢复' })).toBeVisible();
  expect(await (await actualShown(page, submissionId)).inputValue()).toBe('100');
});
