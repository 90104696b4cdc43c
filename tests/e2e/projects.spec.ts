import { expect, test, type Page } from '@playwright/test';

const UNIT = '湖南工业职业技术学院';
const PROJECT = '湖南智能制造产教融合实践中心';
const PARTNER = '长沙智造装备有限公司';
const PARTNER_USCC = '91430100MA4L0ABC1M';
const PARTNER_USCC_WRONG = '91430100MA4L0ABC1X';

/** First start lands on the unit profile; a valid profile opens 我的项目. */
async function createUnit(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '单位信息', level: 2 })).toBeVisible();
  await page.getByLabel('单位名称').fill(UNIT);
  await page.getByLabel('统一社会信用代码').fill('12430000444880189T');
  await page.getByLabel('单位类型').selectOption('高职');
  await page.getByLabel('所在省份').selectOption({ label: '湖南省' });
  await page.getByLabel('所在城市').selectOption({ label: '长沙市' });
  await page.getByLabel('姓名').fill('李老师');
  await page.getByLabel('联系电话').fill('0731-82208888');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '单位信息已保存' })).toBeVisible();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '我的项目' }).click();
  await expect(page.getByRole('heading', { name: '我的项目', level: 2 })).toBeVisible();
}

async function createProject(page: Page): Promise<void> {
  await page.getByRole('button', { name: '新建项目' }).click();
  const form = page.getByRole('form', { name: '新建项目' });
  await form.getByLabel('重点任务').selectOption({ label: '建设开放型区域产教融合实践中心' });
  // Only the levels the task allows are offered.
  await expect(form.getByLabel('项目级别').locator('option')).toHaveText([
    '请选择',
    '全国性',
    '省级',
    '市级',
  ]);
  await form.getByLabel('项目级别').selectOption({ label: '省级' });
  await form.getByLabel('类型').selectOption({ label: '学校实践中心' });

  // The unit itself is the lead unit.
  const lead = form.getByRole('group', { name: '成员单位 1', exact: true });
  await expect(lead.getByLabel('成员单位名称')).toHaveValue(UNIT);
  await expect(lead.getByLabel('角色')).toHaveValue('牵头');

  await form.getByRole('button', { name: '添加成员单位' }).click();
  const partner = form.getByRole('group', { name: '成员单位 2', exact: true });
  await partner.getByLabel('成员单位名称').fill(PARTNER);
  await partner.getByLabel('角色').selectOption({ label: '核心成员单位' });
  const partnerUscc = partner.getByLabel('统一社会信用代码（选填）');
  await partnerUscc.fill(PARTNER_USCC_WRONG);
  await partnerUscc.blur();
  // The mistyped credit code is told at its field, naming the wrong character.
  await expect(partner.getByRole('alert')).toContainText('第18位校验码应为 M，实际为 X');
  await expect(partnerUscc).toHaveAttribute('aria-invalid', 'true');

  // Creating without a name is refused with the message at the name field.
  await form.getByRole('button', { name: '创建项目' }).click();
  await expect(form.getByText('请填写项目名称')).toBeVisible();
  await expect(form.getByLabel('项目名称')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('项目名称')).toBeFocused();

  await partnerUscc.fill(PARTNER_USCC);
  await expect(partner.getByRole('alert')).toHaveCount(0);
  await form.getByLabel('项目名称').fill(PROJECT);
  await form.getByRole('button', { name: '创建项目' }).click();
  await expect(page.getByRole('heading', { name: PROJECT, level: 2 })).toBeVisible();
}

function readProject(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('tianbao');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('projects', 'readonly').objectStore('projects').getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result[0]);
          };
        };
      }),
  );
}

function submissionYears(page: Page): Promise<number[]> {
  return page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('tianbao');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('submissions', 'readonly').objectStore('submissions').getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve((get.result as { year: number }[]).map((s) => s.year));
          };
        };
      }),
  );
}

test('a project with members and plan targets survives a reload and opens its 2025 submission', async ({
  page,
}) => {
  await page.clock.setFixedTime(new Date('2026-11-23T10:00:00+08:00'));
  await createUnit(page);
  await expect(page.getByText('距 2026年12月15日 截止还有 22 天')).toBeVisible();
  await expect(page.getByText('本单位还没有建设项目')).toBeVisible();

  await createProject(page);
  const facts = page.locator('.project-facts');
  await expect(facts).toContainText('建设开放型区域产教融合实践中心');
  await expect(facts).toContainText('省级');
  await expect(facts).toContainText('学校实践中心');

  // A member added on the project page is stored at once.
  const members = page.getByRole('region', { name: '成员单位', exact: true });
  await expect(members.getByRole('group')).toHaveCount(2);
  await members.getByRole('button', { name: '添加成员单位' }).click();
  const third = members.getByRole('group', { name: '成员单位 3', exact: true });
  await expect(third.getByText('此行未保存')).toBeVisible();
  await third.getByLabel('成员单位名称').fill('长沙市工业和信息化局');
  await third.getByLabel('角色').selectOption({ label: '支持单位' });
  await expect(third.getByText('此行未保存')).toHaveCount(0);

  // Targets: full-width digits and thousands separators are understood.
  const seats2024 = page.getByLabel('实训工位数 2024年目标', { exact: true });
  const training2025 = page.getByLabel('本年度社会培训人次 2025年目标', { exact: true });
  await seats2024.fill('１２');
  await seats2024.press('Tab');
  await expect(page.getByLabel('实训工位数 2025年目标', { exact: true })).toBeFocused();
  await expect(seats2024).toHaveValue('12');
  await training2025.fill('1,200');
  await training2025.press('Enter');
  await expect(
    page.getByLabel('本年度联合培养行业紧缺高技能人才数 2025年目标', { exact: true }),
  ).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(training2025).toBeFocused();
  await expect(training2025).toHaveValue('1,200');

  // Enter and ArrowDown go down a column, ArrowUp back up.
  await seats2024.focus();
  await page.keyboard.press('Enter');
  const staff2024 = page.getByLabel('专兼职人员总数 2024年目标', { exact: true });
  await expect(staff2024).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('其中：来自行业企业的技术人员数 2024年目标', { exact: true })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(staff2024).toBeFocused();

  // Calculated and non-numeric indicators have no target cells.
  await expect(page.getByLabel('行业企业投入占比 2024年目标')).toHaveCount(0);

  // Input that is not a number is refused at the cell and not stored.
  const staff2025 = page.getByLabel('专兼职人员总数 2025年目标', { exact: true });
  await staff2025.fill('abc');
  await expect(staff2025).toHaveAttribute('aria-invalid', 'true');
  await expect(
    page.getByRole('alert').filter({ hasText: '“专兼职人员总数”应填写数字，“abc”不是数字' }),
  ).toBeVisible();

  await expect
    .poll(async () => {
      const p = (await readProject(page)) as {
        targets: Record<string, Record<string, unknown>>;
        members: { name: string; role: string; uscc?: string }[];
      };
      return { targets: p.targets, members: p.members };
    })
    .toEqual({
      targets: { '2024': { T03_03: 12 }, '2025': { T03_11: 1200 } },
      members: [
        { name: UNIT, role: '牵头', uscc: '12430000444880189T' },
        { name: PARTNER, role: '核心成员', uscc: PARTNER_USCC },
        { name: '长沙市工业和信息化局', role: '支持单位' },
      ],
    });

  // The route is in the address, so a reload comes back to the same project.
  await page.reload();
  await expect(page.getByRole('heading', { name: PROJECT, level: 2 })).toBeVisible();
  await expect(page.getByLabel('实训工位数 2024年目标', { exact: true })).toHaveValue('12');
  await expect(page.getByLabel('本年度社会培训人次 2025年目标', { exact: true })).toHaveValue('1,200');
  await expect(page.getByLabel('专兼职人员总数 2025年目标', { exact: true })).toHaveValue('');
  await expect(
    page
      .getByRole('region', { name: '成员单位', exact: true })
      .getByRole('group', { name: '成员单位 3', exact: true })
      .getByLabel('成员单位名称'),
  ).toHaveValue('长沙市工业和信息化局');

  // 我的项目 shows the project as a card with its years.
  await page.getByRole('button', { name: '返回我的项目' }).click();
  const card = page.getByRole('article', { name: PROJECT });
  await expect(card).toContainText('建设开放型区域产教融合实践中心');
  await expect(card).toContainText('学校实践中心');
  await expect(card.getByRole('columnheader')).toHaveText(['2023年', '2024年', '2025年', '2026年', '2027年']);
  await expect(card.getByText('未开始')).toHaveCount(5);
  // 2027 has not begun yet.
  await expect(card.getByRole('button', { name: '打开填报 2027年', exact: true })).toBeDisabled();
  await card.getByRole('button', { name: PROJECT }).click();

  // Opening a year creates its submission and leaves the project page.
  const years = page.getByRole('region', { name: '年度填报', exact: true });
  await years.getByRole('button', { name: '打开填报 2025年', exact: true }).click();
  await expect.poll(() => submissionYears(page)).toEqual([2025]);
  await expect(page.getByRole('heading', { name: '建设方案年度目标' })).toHaveCount(0);
});

test('past the deadline, a year not yet submitted is shown as overdue in red', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-12-20T10:00:00+08:00'));
  await createUnit(page);
  await createProject(page);
  await page.getByRole('button', { name: '返回我的项目' }).click();

  const banner = page.getByRole('alert').filter({ hasText: '2026年度填报' });
  await expect(banner).toContainText('已于 2026年12月15日 截止，逾期 5 天，还有 1 个项目未提交');
  await expect(banner).toHaveCSS('color', 'rgb(216, 57, 49)');
  await expect(page.getByRole('article', { name: PROJECT }).getByText('已逾期')).toHaveCount(4);
});
