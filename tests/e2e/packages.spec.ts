import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { seedSubmission } from './seed.ts';

async function typeInto(page: Page, cell: string, text: string) {
  await page.locator(`[data-cell="${cell}"]`).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function importFile(page: Page, name: string, buffer: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入提交包' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/zip', buffer });
}

test('a submission package goes out, comes back unchanged, shows differences before replacing, and a tampered one is refused', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { submissionId } = await seedSubmission(page, keyTasks2023, 'T01');
  await page.goto(`/#/submission/${submissionId}`);
  await typeInto(page, 'T01_01:actual', '88');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出提交包' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/提交包\.tbpkg$/);
  const bytes = await readFile(await file.path());
  const zip = await JSZip.loadAsync(bytes);
  expect(Object.keys(zip.files)).toEqual(
    expect.arrayContaining(['manifest.json', 'manifest.sha256', 'submission.json']),
  );
  expect(await zip.file('submission.json')!.async('string')).toContain('"T01_01": 88');

  // The same package back: nothing to do.
  await page.goto('/#/');
  await importFile(page, '回传.tbpkg', bytes);
  await expect(page.getByRole('status').filter({ hasText: '与本机数据一致' })).toBeVisible();

  // A different value here: the difference is listed first and replaced only on request.
  await page.goto(`/#/submission/${submissionId}`);
  await page.reload();
  await typeInto(page, 'T01_01:actual', '99');
  await page.goto('/#/');
  await importFile(page, '回传.tbpkg', bytes);
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('与本机数据不同');
  await expect(dialog.getByRole('row', { name: /T01_01/ })).toContainText('99');
  await dialog.getByRole('button', { name: '以提交包为准导入' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已导入提交包' })).toBeVisible();
  await page.goto(`/#/submission/${submissionId}`);
  await page.reload();
  await expect(page.locator('[data-cell="T01_01:actual"]')).toHaveValue('88');

  // One byte changed inside submission.json: refused, naming the entry, nothing written.
  const tampered = Buffer.from(
    await (
      await JSZip.loadAsync(bytes)
    )
      .file(
        'submission.json',
        (await zip.file('submission.json')!.async('string')).replace('"T01_01": 88', '"T01_01": 89'),
      )
      .generateAsync({ type: 'nodebuffer' }),
  );
  await page.goto('/#/');
  await importFile(page, '被改过.tbpkg', tampered);
  await expect(page.getByRole('dialog')).toContainText('未通过校验');
  await expect(page.getByRole('dialog')).toContainText('submission.json');
  await page.getByRole('dialog').getByRole('button', { name: '关闭' }).click();
  await page.goto(`/#/submission/${submissionId}`);
  await page.reload();
  await expect(page.locator('[data-cell="T01_01:actual"]')).toHaveValue('88');
});
