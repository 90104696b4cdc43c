import { expect, test, type Browser, type Page } from '@playwright/test';
import { getBuiltinTemplate } from '../../shared/templates/index.ts';
import { completeT01Values, evidenceFieldsOf } from '../fixtures/complete-submission.ts';
import { readFile, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCerts } from '../fixtures/certs/make-certs.ts';
import { pdfText } from '../helpers/poppler.ts';
import { tianbao } from './cli.ts';

/**
 * The review loop through the platform: a school submits, the 湖南 reviewer returns it with a
 * comment pinned to a field, the school sees the comment after syncing, fixes and resubmits, the
 * reviewer sees what changed against the returned version and accepts, grades it (with a 整改
 * item), exports the task's summary with the grade and signs it with its certificate on the command
 * line; the school sees 已通过, its grade and the 整改 item.
 */
const PROJECT = '湖南汽车产业市域产教联合体';
const template = getBuiltinTemplate('keytasks-2023')!;

async function signIn(browser: Browser, user: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/#/sync');
  const form = page.getByRole('form', { name: '登录管理平台' });
  await form.getByLabel('用户名').fill(user);
  await form.getByLabel('密码').fill('demo1234');
  await form.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '已同步' })).toBeVisible({ timeout: 30_000 });
  return page;
}

async function syncNow(page: Page) {
  await page.goto('/#/sync');
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect(page.getByRole('button', { name: '已同步' })).toBeVisible({ timeout: 30_000 });
}

/** Fills every required field, section and evidence straight into the store, as typing would. */
async function fillComplete(page: Page, submissionId: string) {
  await page.evaluate(
    async ({ submissionId, values, evidence }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('tianbao');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const now = new Date().toISOString();
      const bytes = new TextEncoder().encode('%PDF-1.4 佐证材料');
      const hex = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
      const tx = db.transaction(['values', 'evidence', 'attachments', 'outbox'], 'readwrite');
      for (const [code, value] of Object.entries(values))
        tx.objectStore('values').put({ submissionId, code, value, updatedAt: now, updatedBy: '张老师' });
      tx.objectStore('attachments').put({
        sha256: hex,
        name: '佐证.pdf',
        mimeType: 'application/pdf',
        size: bytes.length,
        data: bytes,
        storedAt: now,
      });
      const outbox = tx.objectStore('outbox');
      const queue = (entity: string, entityId: string) =>
        outbox.add({
          mutationId: crypto.randomUUID(),
          kind: 'doc',
          entity,
          entityId,
          createdAt: now,
          attempts: 0,
        });
      queue('submission', submissionId);
      for (const target of evidence) {
        const id = crypto.randomUUID();
        tx.objectStore('evidence').put({
          id,
          submissionId,
          target,
          sha256: hex,
          name: '佐证.pdf',
          mimeType: 'application/pdf',
          size: bytes.length,
          addedAt: now,
        });
        queue('evidence', id);
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { submissionId, values: completeT01Values(template), evidence: evidenceFieldsOf(template) },
  );
}

test('submit, return with a pinned comment, fix, resubmit, see the diff, accept, grade, export signed', async ({
  browser,
}) => {
  test.setTimeout(360_000);
  const school = await signIn(browser, 'school');
  await school.goto('/#/');
  await school.getByRole('button', { name: '新建项目' }).click();
  const form = school.getByRole('form', { name: '新建项目' });
  await form.getByLabel('重点任务').selectOption({ label: '打造市域产教联合体' });
  await form.getByLabel('项目级别').selectOption({ index: 1 });
  await form.getByLabel('项目名称').fill(PROJECT);
  await form.getByRole('button', { name: '创建项目' }).click();
  await school.getByRole('button', { name: /打开填报 2026年/ }).click();
  await expect(school.locator('[data-cell="T01_01:actual"]')).toBeVisible();
  const submissionId = await school.evaluate(() => location.hash.split('/')[2]!);
  await fillComplete(school, submissionId);
  await school.reload();
  await school.getByRole('button', { name: '提交', exact: true }).click();
  await school.getByRole('button', { name: '确认提交' }).click();
  await expect(school.getByText('已提交，内容已锁定')).toBeVisible();
  await syncNow(school);

  // The reviewer finds it, pins a comment to 成员单位总数 and returns it.
  const reviewer = await signIn(browser, 'hunan');
  await reviewer
    .getByRole('navigation', { name: '主导航' })
    .getByRole('button', { name: '省级审核' })
    .click();
  await expect(reviewer.getByRole('status').filter({ hasText: '应报 1 份，已报 1 份' })).toBeVisible();
  await reviewer.getByRole('button', { name: /审核 湖南某职业技术学院 的 打造市域产教联合体/ }).click();
  const panel = reviewer.getByRole('region', { name: '审核' });
  await panel.getByLabel('意见针对').selectOption('T01_01');
  await panel.getByLabel('意见', { exact: true }).fill('成员单位数与名单不符，请核实');
  await panel.getByRole('button', { name: '添加意见' }).click();
  await expect(panel.getByRole('list', { name: '审核意见' })).toContainText('成员单位数与名单不符');
  await panel.getByLabel('退回原因或审核结论').fill('请核实成员单位数');
  await panel.getByRole('button', { name: '退回修改' }).click();
  // The panel goes back to the workspace once the return is stored.
  await expect(reviewer.getByRole('heading', { name: '省级审核', level: 2 })).toBeVisible();
  await syncNow(reviewer);

  // The school sees the return and the comment on the field, fixes it and resubmits.
  await syncNow(school);
  await school.goto(`/#/submission/${submissionId}`);
  await school.reload();
  await expect(school.getByRole('list', { name: /审核意见|reviewer/i }).first()).toContainText(
    '成员单位数与名单不符',
  );
  await school.locator('[data-cell="T01_01:actual"]').click();
  await school.keyboard.press('ControlOrMeta+A');
  await school.keyboard.type('118');
  await school.keyboard.press('Enter');
  await school.getByRole('button', { name: '重新提交' }).click();
  await school.getByRole('button', { name: '确认提交' }).click();
  await expect(school.getByText('已提交，内容已锁定')).toBeVisible();
  await syncNow(school);

  // The reviewer sees exactly what changed since the return, and accepts.
  await syncNow(reviewer);
  await reviewer.goto(`/#/submission/${submissionId}`);
  await reviewer.reload();
  const diff = reviewer.getByRole('table', { name: /与退回版本相比/ });
  await expect(diff.getByRole('row', { name: /成员单位总数/ })).toContainText('120');
  await expect(diff.getByRole('row', { name: /成员单位总数/ })).toContainText('118');
  await reviewer.getByRole('region', { name: '审核' }).getByRole('button', { name: '审核通过' }).click();
  await expect(reviewer.getByRole('heading', { name: '省级审核', level: 2 })).toBeVisible();
  await syncNow(reviewer);

  // The reviewer grades the accepted submission (省级考核评价): four dimensions, the date, a 整改 item.
  await reviewer.goto(`/#/submission/${submissionId}`);
  const grading = reviewer.getByRole('region', { name: '考核评分' });
  const scores: [string, string][] = [
    ['绩效目标达成度', '60'],
    ['建设任务完成度', '50'],
    ['资金保障和使用', '55'],
    ['建设水平与成效', '52'],
  ];
  for (const [name, score] of scores) {
    const cell = grading.getByLabel(`建设单位“${name}”得分`);
    await cell.fill(score);
  }
  // Text in a score cell is refused where it was typed and never stored.
  await grading.getByLabel('建设单位“建设任务完成度”得分').fill('五十');
  await expect(grading.getByRole('alert')).toContainText('“建设任务完成度”的得分“五十”不是数字');
  await grading.getByLabel('建设单位“建设任务完成度”得分').fill('50');
  await expect(grading.getByTestId('stage-total')).toContainText('本阶段合计：54.60 分，等级：不合格');
  await grading.getByLabel('评定日期').fill('2027-01-10');
  await expect(grading.getByTestId('final-grade')).toContainText(
    '最终结果（省级考核评价）：54.60 分，不合格',
  );
  await grading.getByRole('button', { name: '添加整改事项' }).click();
  await grading.getByLabel('第 1 项整改事项').fill('补齐成员单位协议并重新核定成员单位数');
  await grading.getByLabel('第 1 项整改期限').fill('2027-04-10');
  await expect(grading.locator('.rectification-items tr[data-status="open"]')).toHaveCount(1);
  await reviewer.screenshot({ path: test.info().outputPath('grading.png'), fullPage: true });
  await syncNow(reviewer);

  // The workspace lists the grade and filters by it.
  await reviewer.goto('/#/province');
  await reviewer.getByLabel('等级').selectOption('不合格');
  await expect(reviewer.getByRole('row', { name: /湖南某职业技术学院/ })).toContainText('54.60');
  await reviewer.getByLabel('等级').selectOption('优秀');
  await expect(reviewer.getByText('没有符合条件的单位')).toBeVisible();

  // The office exports the task's summary with the grade, stamped, and signs it with its certificate.
  const summary = reviewer.getByRole('region', { name: '省级总结报告' });
  const download = reviewer.waitForEvent('download', { timeout: 90_000 });
  await summary.getByRole('button', { name: '生成总结报告 PDF' }).click();
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-review-'));
  const stampedPath = join(dir, '总结报告.pdf');
  await writeFile(stampedPath, await readFile(await (await download).path()));
  const text = pdfText(stampedPath, { raw: true }).replace(/\s+/g, '');
  expect(text).toContain('湖南某职业技术学院');
  expect(text).toMatch(/54\.60不合格/);
  const certs = makeTestCerts();
  const p12Path = join(dir, '教育厅.p12');
  await writeFile(p12Path, certs.education.p12);
  process.env.TIANBAO_TEST_P12_PASSWORD = certs.education.password;
  const signedPath = join(dir, '总结报告-已签名.pdf');
  const signed = tianbao([
    'stamp',
    '--in',
    stampedPath,
    '--p12',
    p12Path,
    '--password-env',
    'TIANBAO_TEST_P12_PASSWORD',
    '--out',
    signedPath,
  ]);
  expect(signed.stderr).toBe('');
  expect(signed.code).toBe(0);
  expect(JSON.parse(tianbao(['verify', signedPath, '--json']).stdout)).toMatchObject({ ok: true });

  // The school sees its acceptance, its grade and the 整改 item, read-only.
  await syncNow(school);
  await school.goto('/#/');
  await expect(school.getByText('审核通过').first()).toBeVisible();
  await school.goto(`/#/submission/${submissionId}`);
  const result = school.getByRole('region', { name: '考核评分' });
  await expect(result.getByTestId('final-grade')).toContainText('54.60 分，不合格');
  await expect(result).toContainText('补齐成员单位协议并重新核定成员单位数');
  await expect(result.getByRole('textbox')).toHaveCount(0);
});
