import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import JSZip from 'jszip';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { pdfFonts, pdfText, tempPdf } from '../helpers/poppler.ts';
import { seedSubmission } from './seed.ts';

async function download(page: Page, button: string | RegExp): Promise<Buffer> {
  const event = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: button }).click();
  return readFile(await (await event).path());
}

async function typeInto(page: Page, cell: string, text: string) {
  await page.locator(`[data-cell="${cell}"]`).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('the annual report leaves the app as a PDF and a Word file, laid out in a worker', async ({ page }) => {
  test.setTimeout(120_000);
  const { submissionId } = await seedSubmission(page, keyTasks2023, 'T01');
  await page.goto(`/#/submission/${submissionId}`);
  await typeInto(page, 'T01_01:actual', '128');
  await typeInto(page, 'T01_02:actual', '96');

  const pdf = await download(page, '导出报告 PDF');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const path = tempPdf(pdf);
  const text = pdfText(path, { raw: true }).replace(/\s+/g, '');
  expect(text).toContain('年度工作报告');
  expect(text).toContain('一、建设进展');
  expect(text).toContain('六、绩效指标完成情况');
  expect(text).toMatch(/成员单位总数家?128/);
  for (const f of pdfFonts(path)) expect(f).toMatchObject({ embedded: true, subset: true });
  await expect(page.getByRole('status').filter({ hasText: '正在生成' })).toHaveCount(0);

  const docx = await download(page, '导出报告 Word');
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  expect(xml).toContain('建设进展');
  expect(xml).toContain('成员单位总数');
  expect(xml).toContain('128');
});

test('the home page exports this year’s summary table with formulas', async ({ page }) => {
  test.setTimeout(120_000);
  const { submissionId } = await seedSubmission(page, keyTasks2023, 'T01');
  await page.goto(`/#/submission/${submissionId}`);
  await typeInto(page, 'T01_01:actual', '128');
  await page.goto('/#/');
  const bytes = await download(page, /导出 \d{4} 年度汇总表/);
  const wb = XLSX.read(bytes, { cellFormula: true });
  expect(wb.SheetNames[0]).toBe('概览');
  const sheet = wb.Sheets[wb.SheetNames.find((n) => n.includes('市域产教联合体'))!]!;
  const cells = Object.entries(sheet).filter(([k]) => !k.startsWith('!'));
  expect(cells.some(([, c]) => (c as XLSX.CellObject).v === 128)).toBe(true);
  expect(cells.some(([, c]) => /^SUM\(/.test((c as XLSX.CellObject).f ?? ''))).toBe(true);
});
