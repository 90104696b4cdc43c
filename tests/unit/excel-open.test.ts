/**
 * openWorkbook refuses every kind of file people send instead of an .xlsx with its own clear
 * zh-CN message, and never throws — not even on random or damaged bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWorkbookError } from '../../shared/excel/errors.ts';
import { formatBytes, listZip, ole2EntryNames, openWorkbook } from '../../shared/excel/open.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import {
  buildWorkbook,
  docxBytes,
  encryptedXlsxBytes,
  htmlXlsBytes,
  odsBytes,
  ole2,
  plainZipBytes,
  storedZip,
  wordDocBytes,
  xlsBytes,
} from '../fixtures/excel/index.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');

const simpleXlsx = () =>
  buildWorkbook((wb) => {
    wb.addWorksheet('数据').getCell('A1').value = '指标';
  });

async function refusal(bytes: Uint8Array, opts?: Parameters<typeof openWorkbook>[1]) {
  const result = await openWorkbook(bytes, opts);
  if (result.ok) throw new Error('expected a refusal');
  expect('workbook' in result).toBe(false);
  return { code: result.error.code, text: formatWorkbookError(result.error, zh), error: result.error };
}

describe('openWorkbook', () => {
  it('opens a real .xlsx', async () => {
    const result = await openWorkbook(await simpleXlsx());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.workbook.getWorksheet('数据')?.getCell('A1').value).toBe('指标');
  });

  it('refuses an old .xls and says to save it as .xlsx', async () => {
    expect(await refusal(xlsBytes())).toMatchObject({
      code: 'xls',
      text: '这是旧版 .xls 文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入',
    });
    const { error } = await refusal(xlsBytes());
    expect(error).toMatchObject({ sheet: '', cell: '' });
    expect(formatWorkbookError(error, en)).toBe(
      'This is an old .xls file; open it in Excel or WPS, use “Save As” .xlsx, then import that file',
    );
  });

  it('refuses a password-protected workbook and says to remove the password', async () => {
    expect(await refusal(encryptedXlsxBytes())).toMatchObject({
      code: 'password-protected',
      text: '这个文件设置了打开密码，无法读取。请在 Excel 或 WPS 中打开文件，取消密码后保存，再导入',
    });
  });

  it('tells other OLE2 files (a Word .doc) apart from workbooks', async () => {
    expect(await refusal(wordDocBytes())).toMatchObject({
      code: 'not-xlsx',
      text: '这不是 Excel 工作簿，而是其他旧版 Office 文件（如 Word 的 .doc），请选择 .xlsx 文件',
    });
  });

  it('reads the OLE2 directory names, also across several directory sectors', () => {
    expect(ole2EntryNames(xlsBytes())).toEqual(['Root Entry', 'Workbook', '\u0005SummaryInformation']);
    const many = ['A', 'B', 'C', 'D', 'E', 'F', 'EncryptedPackage'];
    expect(ole2EntryNames(ole2(many))).toEqual(['Root Entry', ...many]);
    expect(ole2EntryNames(new Uint8Array(600))).toBeNull();
  });

  it('falls back to a byte search when the OLE2 directory is damaged', async () => {
    const bytes = xlsBytes();
    // Point the directory at a sector beyond the end of the file.
    new DataView(bytes.buffer).setUint32(0x30, 9999, true);
    expect((await refusal(bytes)).code).toBe('xls');
  });

  it('refuses empty, too large, random and HTML files with their own messages', async () => {
    expect(await refusal(new Uint8Array(0))).toMatchObject({
      code: 'empty-file',
      text: '文件是空的（0 字节），请确认选对了文件',
    });
    const xlsx = await simpleXlsx();
    expect(await refusal(xlsx, { maxBytes: 1024 })).toMatchObject({
      code: 'too-large',
      text: `文件大小为 ${formatBytes(xlsx.length)}，超过了 1 KB 的上限，请删去不需要的工作表或图片，或拆分成几个文件后再导入`,
    });
    expect(formatBytes(62.34 * 1024 * 1024)).toBe('62.3 MB');
    expect(await refusal(new TextEncoder().encode('指标编码,指标名称\nT01_01,成员单位总数\n'))).toMatchObject(
      {
        code: 'not-xlsx',
        text: '这不是 Excel 工作簿（.xlsx），或者文件已损坏，请选择 .xlsx 文件',
      },
    );
    expect(await refusal(htmlXlsBytes())).toMatchObject({
      code: 'html-not-xlsx',
      text: '这个文件实际上是网页（HTML/XML）格式，只是扩展名像 Excel 文件。请在 Excel 或 WPS 中打开，“另存为” .xlsx 后再导入',
    });
  });

  it('refuses a truncated download', async () => {
    const xlsx = await simpleXlsx();
    for (const cut of [Math.floor(xlsx.length / 2), xlsx.length - 10, 30]) {
      expect(await refusal(xlsx.subarray(0, cut))).toMatchObject({
        code: 'truncated',
        text: '文件不完整，可能在下载或复制时中断了，请重新获取完整的文件',
      });
    }
  });

  it('refuses zips that are not workbooks, naming what they are', async () => {
    expect(await refusal(docxBytes())).toMatchObject({
      code: 'word-document',
      text: '这是 Word 文档（.docx），不是 Excel 工作簿，请选择 .xlsx 文件',
    });
    expect(await refusal(odsBytes())).toMatchObject({
      code: 'ods',
      text: '这是 OpenDocument 表格（.ods），请在 WPS 或 Excel 中“另存为” .xlsx 后再导入',
    });
    expect(await refusal(plainZipBytes())).toMatchObject({
      code: 'not-workbook',
      text: '这是一个压缩文件，但里面没有 Excel 工作簿的内容，请选择 .xlsx 文件',
    });
    expect(await refusal(storedZip([['xl/workbook.bin', 'x']]))).toMatchObject({ code: 'xlsb' });
  });

  it('refuses a zip that claims to be a workbook but is damaged inside', async () => {
    const fake = storedZip([
      ['[Content_Types].xml', '<Types'],
      ['xl/workbook.xml', '<workbook><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets>'],
    ]);
    const result = await openWorkbook(fake);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(['corrupt', 'no-sheets']).toContain(result.error.code);
  });

  it('lists a zip’s entries without unpacking it', async () => {
    const listing = listZip(await simpleXlsx());
    expect(listing.ok).toBe(true);
    if (listing.ok) expect(listing.entries.map((e) => e.name)).toContain('xl/workbook.xml');
  });

  it('never throws, whatever the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const result = await openWorkbook(bytes);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 200 },
    );
    const xlsx = await simpleXlsx();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: xlsx.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (flips) => {
          const damaged = xlsx.slice();
          for (const [at, b] of flips) damaged[at] = b;
          const result = await openWorkbook(damaged);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 60 },
    );
  });
});
