/**
 * 签名并保存 on the provincial summary page: the password field and button where the host signs
 * (Electron), the command-line note where it cannot (the browser), and the flow that makes the
 * stamped PDF, hands it to the host and turns the outcome into a notice.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { SigningApi } from '../../shared/host/api.ts';
import { HostError } from '../../shared/host/ipc-result.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
// Binds react-i18next to the shared locale files (zh-CN by default).
import '../../renderer/src/i18n.ts';
import { SignControls, signStampedPdf } from '../../renderer/src/province/ProvincialReport.tsx';
import { ReportFailure } from '../../renderer/src/reports/report-client.ts';
import { webSigning } from '../../renderer/src/host/web-host.ts';

const zh = createTranslator('zh-CN');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const pdf = { data: new TextEncoder().encode('%PDF-1.7 stamped'), suggestedName: '2026年度省级总结报告.pdf' };

function signing(result: Awaited<ReturnType<SigningApi['signPdf']>> | Error): SigningApi {
  return {
    available: true,
    signPdf: vi.fn(async () => {
      if (result instanceof Error) throw result;
      return result;
    }),
  };
}

describe('sign controls', () => {
  it('offer a password field and 签名并保存 in the desktop app', () => {
    const html = renderToStaticMarkup(
      <SignControls available disabled={false} onSign={async () => undefined} />,
    );
    expect(html).toMatch(/<input type="password" autoComplete="off"/);
    expect(text(html)).toContain('证书密码');
    expect(text(html)).toContain('签名并保存');
    expect(text(html)).toContain('证书和私钥只在桌面程序的主进程中使用');
    expect(text(html)).not.toContain('tianbao stamp');
    expect(html).not.toMatch(/<button[^>]*disabled/);
    expect(renderToStaticMarkup(<SignControls available disabled onSign={async () => undefined} />)).toMatch(
      /<button[^>]*disabled/,
    );
  });

  it('keep the command-line note where the host cannot sign (the browser)', () => {
    const web = webSigning(() => '');
    const html = renderToStaticMarkup(
      <SignControls available={web.available} disabled={false} onSign={async () => undefined} />,
    );
    expect(text(html)).toContain('tianbao stamp --in 报告.pdf --p12 证书.p12 --password-env 变量名');
    expect(html).not.toContain('type="password"');
    expect(text(html)).not.toContain('签名并保存');
  });
});

describe('signStampedPdf', () => {
  it('makes the stamped PDF, hands it with the password to the host, and names file and signer', async () => {
    const host = signing({ signed: true, path: '/home/u/文档/已签名.pdf', signer: '湖南省教育厅' });
    const makePdf = vi.fn(async () => pdf);
    const notice = await signStampedPdf({ signing: host, makePdf, password: 'pw', reason: '审定发布' });
    expect(makePdf).toHaveBeenCalledOnce();
    expect(host.signPdf).toHaveBeenCalledWith({ ...pdf, password: 'pw', reason: '审定发布' });
    expect(notice?.kind).toBe('success');
    expect(zh.format(notice!.message)).toBe('已签名并保存 /home/u/文档/已签名.pdf，签名人：湖南省教育厅');
  });

  it('shows nothing when the user cancels a dialog', async () => {
    const notice = await signStampedPdf({
      signing: signing({ signed: false }),
      makePdf: async () => pdf,
      password: 'pw',
      reason: 'r',
    });
    expect(notice).toBeNull();
  });

  it("shows the host's refusal as it was worded, and report failures with their own reason", async () => {
    const refused = await signStampedPdf({
      signing: signing(new HostError('wrong-password', '“单位证书.p12”：密码错误')),
      makePdf: async () => pdf,
      password: 'pw',
      reason: 'r',
    });
    expect(refused?.kind).toBe('error');
    expect(zh.format(refused!.message)).toBe('签名未完成：“单位证书.p12”：密码错误');

    const host = signing({ signed: true });
    const failed = await signStampedPdf({
      signing: host,
      makePdf: async () => {
        throw new ReportFailure({
          message: { key: 'seal:draw.missingGlyph', params: { char: '𠀀' } },
          detail: 'missing glyph',
        });
      },
      password: 'pw',
      reason: 'r',
    });
    expect(zh.format(failed!.message)).toBe('印章字体中没有“𠀀”字');
    expect(host.signPdf).not.toHaveBeenCalled();
  });
});
