import { expect, test } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCerts } from '../fixtures/certs/make-certs.ts';
import { pdfSig, pdfText } from '../helpers/poppler.ts';
import { tianbao } from './cli.ts';

/**
 * The 湖南 reviewer writes the provincial summary, exports it as a PDF with two seals (教育厅 and
 * 财政厅) and the hash QR code; the office signs it with its certificate on the command line (the
 * private key never enters the browser), and the app verifies the signed file.
 */
test('the provincial summary leaves stamped, is signed with the office certificate, and verifies in the app', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/#/sync');
  const form = page.getByRole('form', { name: '登录管理平台' });
  await form.getByLabel('用户名').fill('hunan');
  await form.getByLabel('密码').fill('demo1234');
  await form.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '已同步' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '省级审核' }).click();

  const report = page.getByRole('region', { name: '省级总结报告' });
  await report
    .getByLabel('二、主要做法')
    .fill('全省建立市域产教联合体联席会议制度。\n鄞州、濮阳等地经验在全省推广。');
  await report.getByLabel('第二个印章').fill('湖南省财政厅');
  // The browser holds no private key: signing is offered in the desktop app and the CLI only.
  await expect(report.getByText('在桌面版或命令行完成')).toBeVisible();
  await expect(report.getByRole('button', { name: '签名并保存' })).toHaveCount(0);
  const download = page.waitForEvent('download', { timeout: 90_000 });
  await report.getByRole('button', { name: '生成总结报告 PDF' }).click();
  const stamped = await readFile(await (await download).path());

  const dir = mkdtempSync(join(tmpdir(), 'tianbao-provincial-'));
  const stampedPath = join(dir, '总结报告.pdf');
  await writeFile(stampedPath, stamped);
  const text = pdfText(stampedPath, { raw: true }).replace(/\s+/g, '');
  expect(text).toContain('省级总结报告');
  expect(text).toContain('全省建立市域产教联合体联席会议制度');

  // The office signs on its own computer with its certificate; the password comes from the environment.
  const certs = makeTestCerts();
  const p12Path = join(dir, '教育厅.p12');
  await writeFile(p12Path, certs.education.p12);
  const signedPath = join(dir, '总结报告-已签名.pdf');
  process.env.TIANBAO_TEST_P12_PASSWORD = certs.education.password;
  const run = tianbao([
    'stamp',
    '--in',
    stampedPath,
    '--p12',
    p12Path,
    '--password-env',
    'TIANBAO_TEST_P12_PASSWORD',
    '--reason',
    '省级总结报告',
    '--out',
    signedPath,
  ]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(pdfSig(signedPath).output).toContain('Signature is Valid');
  const verified = tianbao(['verify', signedPath, '--json']);
  expect(verified.code).toBe(0);
  expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, stamp: { matchesRevision: true } });

  // Back in the app: 验证 PDF 签名 names the signer and says the file is intact.
  const chooser = page.waitForEvent('filechooser');
  await report.getByRole('button', { name: '验证 PDF 签名' }).click();
  await (
    await chooser
  ).setFiles({
    name: '总结报告-已签名.pdf',
    mimeType: 'application/pdf',
    buffer: await readFile(signedPath),
  });
  const result = page.getByRole('region', { name: /总结报告-已签名\.pdf 的验证结果/ });
  await expect(result).toContainText('签名有效：湖南省教育厅');
  await expect(result).toContainText('二维码中的文件哈希与盖章时的版本一致');
});
