import { expect, test, type Browser, type Page } from '@playwright/test';

/**
 * Two people of the same school on two computers (two browser contexts, separate IndexedDB),
 * synced through the platform that `npm run web` serves. One works offline; both sync; the field
 * both changed is shown side by side and resolved on screen.
 */
const PROJECT = '长沙市汽车产业市域产教联合体';

async function signedIn(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/#/sync');
  const form = page.getByRole('form', { name: '登录管理平台' });
  await form.getByLabel('用户名').fill('school');
  await form.getByLabel('密码').fill('demo1234');
  await form.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText(/已登录：.*（建设单位）/)).toBeVisible();
  await expect(page.getByRole('button', { name: '已同步' })).toBeVisible({ timeout: 30_000 });
  return page;
}

async function syncNow(page: Page) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '数据同步' }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect(page.getByRole('button', { name: '立即同步' })).toBeEnabled({ timeout: 30_000 });
}

async function typeInto(page: Page, cell: string, text: string) {
  await page.locator(`[data-cell="${cell}"]`).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

function submissionIdOf(page: Page): Promise<string> {
  return page.evaluate(() => location.hash.split('/')[2]!);
}

test('two computers of one school: offline edits sync, and a field both changed is chosen on screen', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const a = await signedIn(browser);

  // A creates the project and fills two indicators; sync takes them to the platform.
  await a.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '我的项目' }).click();
  await expect(a.getByRole('heading', { name: '我的项目', level: 2 })).toBeVisible();
  await a.getByRole('button', { name: '新建项目' }).click();
  const form = a.getByRole('form', { name: '新建项目' });
  await form.getByLabel('重点任务').selectOption({ label: '打造市域产教联合体' });
  await form.getByLabel('项目级别').selectOption({ index: 1 });
  await form.getByLabel('项目名称').fill(PROJECT);
  await form.getByRole('button', { name: '创建项目' }).click();
  await expect(a.getByRole('heading', { name: PROJECT, level: 2 })).toBeVisible();
  await a.getByRole('button', { name: /打开填报 2026年/ }).click();
  await typeInto(a, 'T01_01:actual', '90');
  await typeInto(a, 'T01_02:actual', '40');
  const submissionId = await submissionIdOf(a);
  await expect(a.getByRole('button', { name: '已同步到平台' })).toBeVisible({ timeout: 30_000 });

  // B signs in on another computer and gets the project and the values.
  const b = await signedIn(browser);
  await b.goto(`/#/submission/${submissionId}`);
  await expect(b.locator('[data-cell="T01_01:actual"]')).toHaveValue('90');

  // A goes offline and changes T01_01 and T01_04; B, online, changes T01_01 and T01_12.
  await a.context().setOffline(true);
  await typeInto(a, 'T01_01:actual', '100');
  await typeInto(a, 'T01_04:actual', '6');
  await expect(a.getByRole('button', { name: '待同步', exact: true })).toBeVisible();
  await typeInto(b, 'T01_01:actual', '120');
  await typeInto(b, 'T01_12:actual', '35');
  await expect(b.getByRole('button', { name: '已同步到平台' })).toBeVisible({ timeout: 30_000 });

  // A comes back: B's other field merges by itself; the collision waits for A's choice.
  await a.context().setOffline(false);
  await syncNow(a);
  const card = a.getByRole('form', { name: new RegExp(PROJECT) });
  await expect(card).toBeVisible();
  const row = card.getByRole('row', { name: /成员单位总数/ });
  await expect(row.getByRole('cell').nth(0)).toHaveText('100');
  await expect(row.getByRole('cell').nth(1)).toHaveText('120');
  await card.getByRole('radio', { name: '成员单位总数：采用平台上的值' }).check();
  await card.getByRole('button', { name: '保存选择并同步' }).click();
  await expect(card).toHaveCount(0, { timeout: 30_000 });

  // Both computers end with the same numbers: the chosen 120, A's 6 and B's 35.
  await syncNow(b);
  for (const page of [a, b]) {
    await page.goto(`/#/submission/${submissionId}`);
    await page.reload();
    await expect(page.locator('[data-cell="T01_01:actual"]')).toHaveValue('120');
    await expect(page.locator('[data-cell="T01_04:actual"]')).toHaveValue('6');
    await expect(page.locator('[data-cell="T01_12:actual"]')).toHaveValue('35');
  }
});
