import { expect, test } from '@playwright/test';

const VALID = '12430000444880189T';
const WRONG_CHECK = '12430000444880189J';

test('first start: invalid credit code is located, corrected, saved and still there after reload', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '单位信息', level: 2 })).toBeVisible();

  await page.getByLabel('单位名称').fill('湖南工业职业技术学院');
  const uscc = page.getByLabel('统一社会信用代码');
  await uscc.fill(WRONG_CHECK);
  await uscc.blur();
  // The message names the wrong character: position 18, expected T, got J.
  const usccError = page.locator('.field-invalid .field-error').first();
  await expect(usccError).toContainText('18');
  await expect(usccError).toContainText('T');
  await expect(usccError).toContainText('J');
  await expect(uscc).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('单位类型').selectOption('高职');
  await page.getByLabel('所在省份').selectOption({ label: '湖南省' });
  await page.getByLabel('所在城市').selectOption({ label: '长沙市' });
  await page.getByLabel('姓名').fill('李老师');
  await page.getByLabel('联系电话').fill('0731-82208888');

  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '需要修改' })).toBeVisible();

  await uscc.fill(VALID);
  await uscc.blur();
  await expect(uscc).toHaveAttribute('aria-invalid', 'false');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '单位信息已保存' })).toBeVisible();

  await page.reload();
  // Once the unit exists, home shows its projects; the profile is one click away.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '单位信息' }).click();
  await expect(page.getByLabel('单位名称')).toHaveValue('湖南工业职业技术学院');
  await expect(page.getByLabel('统一社会信用代码')).toHaveValue(VALID);
  await expect(page.getByLabel('单位类型')).toHaveValue('高职');
  await expect(page.getByLabel('所在城市')).toHaveValue('430100');
  await expect(page.getByLabel('联系电话')).toHaveValue('0731-82208888');
});

test('what is typed survives a reload before saving (draft kept on every keystroke)', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('单位名称').fill('濮阳职业技术学院');
  await page.getByLabel('详细地址').fill('濮阳市华龙区');
  // Each keystroke is written at once; give the last IndexedDB write a moment before killing the page.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<unknown>((resolve) => {
            const open = indexedDB.open('tianbao');
            open.onsuccess = () => {
              const tx = open.result.transaction('meta', 'readonly');
              const get = tx.objectStore('meta').get('unitDraft');
              get.onsuccess = () => resolve((get.result as { value?: { address?: string } })?.value?.address);
            };
          }),
      ),
    )
    .toBe('濮阳市华龙区');
  await page.reload();
  await expect(page.getByLabel('单位名称')).toHaveValue('濮阳职业技术学院');
  await expect(page.getByLabel('详细地址')).toHaveValue('濮阳市华龙区');
});

test('the built-in template lists all 11 key tasks and switches to English', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: '填报模板' }).click();
  const tasks = page.getByRole('navigation', { name: '重点任务' }).getByRole('button');
  await expect(tasks).toHaveCount(11);
  await expect(tasks.first()).toHaveText('打造市域产教联合体');
  await tasks.nth(2).click();
  await expect(page.getByRole('heading', { name: '建设开放型区域产教融合实践中心' })).toBeVisible();
  await expect(page.getByText(/300/).first()).toBeVisible();

  await page.getByLabel('界面语言').selectOption('en');
  await expect(page.getByRole('button', { name: 'Templates' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Templates', level: 2 })).toBeVisible();
});
