import { expect, test, type Page } from '@playwright/test';
import { bigTemplate } from '../fixtures/big-template.ts';
import { pasteText, seedSubmission } from './seed.ts';

/** 60 indicators in 6 groups (every tenth a calculated subtotal) and a two-section report. */
const template = {
  ...bigTemplate(60),
  id: 'e2e-entry',
  outline: [
    { code: 'S1', title: '建设进展', guidance: '写明本年度建设进展', maxChars: 3000 },
    { code: 'S2', title: '主要成效', guidance: '用数据说明成效', maxChars: 3000 },
  ],
};
const code = (i: number) => `B${String(i).padStart(4, '0')}`;
const actual = (page: Page, i: number) => page.locator(`[data-cell="${code(i)}:actual"]`);
/** The first 30 fillable rows: every tenth row is calculated. */
const FIRST_30 = Array.from({ length: 34 }, (_, i) => i)
  .filter((i) => i % 10 !== 9)
  .slice(0, 30);

/** Only rows in view exist in the page; the find box scrolls to a row and focuses its cell. */
async function jump(page: Page, i: number): Promise<void> {
  const find = page.getByRole('searchbox', { name: '查找指标' });
  await find.fill(code(i));
  await find.press('Enter');
  await expect(actual(page, i)).toBeFocused();
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

test('a unit fills, pastes, writes, attaches, survives a kill, fixes errors and submits', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const { submissionId } = await seedSubmission(page, template, 'BIG');
  await page.goto(`/#/submission/${submissionId}`);
  await expect(page.getByRole('heading', { name: /2026年度填报/ })).toBeVisible();

  // 30 indicators typed keyboard-first (Enter moves down, over calculated rows); five wrong or unusual.
  const special: Record<number, string> = { 1: 'abc', 2: '-5', 3: '１２３', 4: '1,234', 5: '12.5' };
  await actual(page, 0).click();
  for (const i of FIRST_30) {
    await expect(actual(page, i)).toBeFocused();
    await page.keyboard.type(special[i] ?? String(10 + i), { delay: 5 });
    await page.keyboard.press('Enter');
  }
  await jump(page, 0);
  await expect(page.getByText('“第1组指标2”应填写数字，“abc”不是数字')).toBeVisible();
  await expect(page.getByText('“第1组指标3”不能为负数')).toBeVisible();
  await expect(page.getByText('“第1组指标6”应填写整数，“12.5”带有小数')).toBeVisible();
  await expect(actual(page, 3)).toHaveValue('123');
  await expect(actual(page, 4)).toHaveValue('1,234');
  // The calculated subtotal follows the accepted values (10 + 123 + 1,234 + 16 + 17 + 18; refused ones blank).
  await expect(page.locator('tr[data-row="B0009"] output')).toHaveText('1,418');

  // A 5×3 block copied from Excel: target, actual, note for rows B0040–B0044.
  await jump(page, 40);
  await page.locator('[data-cell="B0040:target"]').click();
  const block =
    [0, 1, 2, 3, 4].map((k) => `${100 + k}\t${110 + k}\t按计划完成${k + 1}`).join('\r\n') + '\r\n';
  await pasteText(page, block);
  await expect(page.locator('[data-cell="B0044:actual"]')).toHaveValue('114');
  await expect(page.locator('[data-cell="B0042:note"]')).toHaveValue('按计划完成3');
  await expect(page.locator('[data-cell="B0040:target"]')).toHaveValue('100');
  await expect(page.locator('tr[data-row="B0040"]')).toContainText('110%');

  // Evidence: a PDF on the first indicator.
  await jump(page, 0);
  await page
    .getByLabel('为“第1组指标1”上传佐证材料')
    .setInputFiles({ name: '挂牌文件.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('tab', { name: '佐证材料' }).click();
  await expect(page.getByText('挂牌文件.pdf')).toBeVisible();

  // Two report sections.
  await page.getByRole('tab', { name: '年度工作报告' }).click();
  const s1 = page.getByRole('textbox', { name: '建设进展' });
  await s1.click();
  await s1.pressSequentially('本年度新建实训基地两个，接收实习学生一千余人。', { delay: 5 });
  const s2 = page.getByRole('textbox', { name: '主要成效' });
  await s2.click();
  await s2.pressSequentially('学徒制培养规模扩大，校企合作更加紧密。', { delay: 5 });

  // Kill the page in the middle of typing a value.
  await page.getByRole('tab', { name: '绩效数据' }).click();
  await jump(page, 33);
  await page.keyboard.type('98', { delay: 60 });
  // Killed as soon as the page acknowledges the edit (已保存): an acknowledged edit is never lost.
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved');
  await expect(page.locator('[data-save-state]')).toContainText('已保存');
  await page.close({ runBeforeUnload: false });

  const again = await context.newPage();
  await again.goto(`/#/submission/${submissionId}`);
  await jump(again, 33);
  await expect(actual(again, 33)).toHaveValue('98');
  await jump(again, 1);
  await expect(actual(again, 1)).toHaveValue('abc');
  await actual(again, 0).focus();
  await expect(again.getByText('“第1组指标2”应填写数字，“abc”不是数字')).toBeVisible();
  await expect(actual(again, 4)).toHaveValue('1,234');
  await jump(again, 42);
  await expect(again.locator('[data-cell="B0042:note"]')).toHaveValue('按计划完成3');
  await again.getByRole('tab', { name: '年度工作报告' }).click();
  await expect(again.getByRole('textbox', { name: '建设进展' })).toContainText('接收实习学生一千余人');
  await expect(again.getByRole('textbox', { name: '主要成效' })).toContainText('校企合作更加紧密');
  await again.getByRole('tab', { name: '佐证材料' }).click();
  await expect(again.getByText('挂牌文件.pdf')).toBeVisible();

  // Submitting with errors is refused with the list.
  await again.getByRole('button', { name: '提交', exact: true }).click();
  await expect(again.getByRole('tab', { name: /问题清单/ })).toHaveAttribute('aria-selected', 'true');
  await expect(again.getByRole('list', { name: '问题清单' })).toContainText('“第1组指标2”应填写数字');

  // Fix: the three wrong cells, then paste the rest of the column (calculated rows are skipped).
  await again.getByRole('tab', { name: '绩效数据' }).click();
  for (const [i, v] of [
    [1, '11'],
    [2, '12'],
    [5, '15'],
  ] as const) {
    await jump(again, i);
    await actual(again, i).fill(v);
  }
  await jump(again, 34);
  await pasteText(again, Array.from({ length: 26 }, (_, k) => String(200 + k)).join('\n'));
  await jump(again, 58);
  await expect(actual(again, 58)).toHaveValue('224');
  await again.getByRole('tab', { name: /问题清单/ }).click();
  await expect(again.getByRole('list', { name: '问题清单' }).getByText('错误')).toHaveCount(0);

  await again.getByRole('button', { name: '提交', exact: true }).click();
  await again.getByRole('button', { name: '确认提交' }).click();
  await expect(again.getByText('已提交，内容已锁定')).toBeVisible();
  await expect(again.getByText(/SHA-256 [0-9a-f]{16}/)).toBeVisible();
  await again.getByRole('tab', { name: '绩效数据' }).click();
  await expect(actual(again, 0)).toBeDisabled();

  // Locked after a reload too.
  await again.reload();
  await expect(actual(again, 0)).toBeDisabled();
  await expect(again.getByText('已提交，内容已锁定')).toBeVisible();
});
