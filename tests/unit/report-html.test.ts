import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_EVIDENCE_BYTES } from '../../shared/db/repos/evidence.ts';
import { citedCodes, countReportChars } from '../../shared/domain/report-text.ts';
import type { Indicator, Task, Template } from '../../shared/domain/template.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import {
  checkEvidenceFile,
  citationText,
  currentValue,
  describeTarget,
  EVIDENCE_ACCEPT,
  evidenceKind,
  evidenceMimeType,
  formatFileSize,
  previewMimeType,
  sanitizeReportHtml,
} from '../../renderer/src/submission/report-html.ts';

const ind = (over: Partial<Indicator>): Indicator => ({
  code: 'T01_01',
  label: '学生人数',
  unit: '人',
  type: 'integer',
  required: false,
  evidenceRequired: false,
  rules: [],
  ...over,
});

describe('sanitizeReportHtml', () => {
  it('keeps what the editor writes, minus styles and table column widths', () => {
    const tiptap =
      '<h2>一、总体情况</h2><p>本年度培养学生 <strong>共计</strong> <span data-cite="T01_01" class="citation">1,234人</span>。</p>' +
      '<ul><li><p>要点</p></li></ul><ol start="3"><li><p>三</p></li></ol>' +
      '<table style="min-width: 75px"><colgroup><col style="min-width: 25px"><col style="min-width: 25px"></colgroup>' +
      '<tbody><tr><th colspan="1" rowspan="1"><p>项目</p></th><th colspan="2" rowspan="1"><p>数量</p></th></tr></tbody></table>';
    expect(sanitizeReportHtml(tiptap)).toBe(
      '<h2>一、总体情况</h2><p>本年度培养学生 <strong>共计</strong> <span data-cite="T01_01" class="citation">1,234人</span>。</p>' +
        '<ul><li><p>要点</p></li></ul><ol start="3"><li><p>三</p></li></ol>' +
        '<table><tbody><tr><th><p>项目</p></th><th colspan="2"><p>数量</p></th></tr></tbody></table>',
    );
  });

  it('drops Word and web clutter but keeps the text', () => {
    const word =
      '<!--StartFragment--><p class="MsoNormal" style="mso-pagination:none"><span lang="EN-US" style="font-family:宋体;color:red">正文</span><o:p></o:p></p>' +
      '<style>p { color: red }</style><script>alert(1)</script><p onclick="x()"><a href="javascript:x()">链接文字</a><img src="x.png" onerror="x()"></p>' +
      '<h1>大标题</h1><h5>小标题</h5><b>粗</b><em>斜</em>';
    expect(sanitizeReportHtml(word)).toBe(
      '<p>正文</p><p>链接文字</p><h2>大标题</h2><h3>小标题</h3><strong>粗</strong>斜',
    );
  });

  it('balances tags and escapes stray markup', () => {
    expect(sanitizeReportHtml('<p>a < b & c<strong>x</p>')).toBe('<p>a &lt; b &amp; c<strong>x</strong></p>');
    expect(sanitizeReportHtml('</li><p>x</ul></p>')).toBe('<p>x</p>');
    expect(sanitizeReportHtml('<p>&nbsp;&amp;&#12;</p>')).toBe('<p>&nbsp;&amp;&#12;</p>');
  });

  it('keeps citations one line of text, with a valid code only', () => {
    expect(
      sanitizeReportHtml('<p><span data-cite="T01_02" style="x"><b>12</b>\n<span>3</span></span></p>'),
    ).toBe('<p><span data-cite="T01_02" class="citation">12 3</span></p>');
    expect(sanitizeReportHtml('<p><span data-cite="1; drop">9</span></p>')).toBe('<p>9</p>');
    expect(sanitizeReportHtml('<p><span data-cite="A" onmouseover="x">v</span></p>')).toBe(
      '<p><span data-cite="A" class="citation">v</span></p>',
    );
  });

  it('stores an empty document as empty text and drops trailing empty paragraphs', () => {
    expect(sanitizeReportHtml('<p></p>')).toBe('');
    expect(sanitizeReportHtml('<p></p><p><br></p>')).toBe('');
    expect(sanitizeReportHtml('<table><tbody><tr><td><p>x</p></td></tr></tbody></table><p></p>')).toBe(
      '<table><tbody><tr><td><p>x</p></td></tr></tbody></table>',
    );
  });

  it('does not let an unclosed dropped element swallow later text it cannot contain', () => {
    expect(sanitizeReportHtml('<head><meta charset="utf-8"><body><p>x</p>')).toBe('<p>x</p>');
  });

  it('is idempotent and the domain counts and citations agree with its output', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom(
              '<p>',
              '</p>',
              '<h2>',
              '</h2>',
              '<strong>',
              '</strong>',
              '<ul><li>',
              '</li></ul>',
              '<table><tbody><tr><td>',
              '</td></tr></tbody></table>',
              '<br>',
              '<span style="x">',
              '</span>',
              '<span data-cite="T01_01">',
              '<!-- c -->',
              '<',
              '&',
              '>',
            ),
            fc.string({ maxLength: 6 }),
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          const once = sanitizeReportHtml(parts.join(''));
          expect(sanitizeReportHtml(once)).toBe(once);
          expect(citedCodes(once).every((c) => c === 'T01_01')).toBe(true);
          expect(countReportChars(once)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('is counted by the domain rules, citations by their current figure', () => {
    const html = sanitizeReportHtml('<p>培养 <span data-cite="T01_01">旧值</span> 名学生</p>');
    expect(countReportChars(html, () => '1,234人')).toBe('培养1,234人名学生'.length);
    expect(citedCodes(html)).toEqual(['T01_01']);
  });
});

describe('citations', () => {
  it('reads value and unit the way a report writes them', () => {
    expect(citationText(ind({}), 1234)).toBe('1,234人');
    expect(citationText(ind({ type: 'percent', unit: '%', decimals: 1 }), 0.355)).toBe('35.5%');
    expect(citationText(ind({ type: 'money', unit: '万元', decimals: 2 }), 120)).toBe('120.00万元');
    expect(citationText(ind({}), null)).toBe('');
    expect(citationText(ind({ type: 'boolean', unit: '' }), true, { yes: '是', no: '否' })).toBe('是');
  });

  it('takes calculated indicators from the evaluation', () => {
    const calc = ind({ code: 'C', calculate: 'A + B' });
    expect(currentValue(calc, { C: 1 }, { C: 5 })).toBe(5);
    expect(currentValue(ind({}), { T01_01: 3 }, {})).toBe(3);
    expect(currentValue(ind({}), {}, undefined)).toBe(null);
  });
});

describe('evidence files', () => {
  it('accepts PDF, images, Office/WPS documents and ZIP', () => {
    for (const ext of [
      '.pdf',
      '.jpg',
      '.png',
      '.doc',
      '.docx',
      '.xls',
      '.xlsx',
      '.ppt',
      '.pptx',
      '.wps',
      '.et',
      '.zip',
    ]) {
      expect(EVIDENCE_ACCEPT.split(',')).toContain(ext);
    }
    expect(checkEvidenceFile({ name: '证明.PDF', size: 10 })).toBeNull();
    expect(checkEvidenceFile({ name: '照片.jpeg', size: 10 })).toBeNull();
  });

  it('refuses other types, empty files and files over the limit with located messages', () => {
    expect(checkEvidenceFile({ name: 'setup.exe', size: 10 })).toEqual({
      key: 'report:evidence.wrongType',
      params: { name: 'setup.exe' },
    });
    expect(checkEvidenceFile({ name: 'noext', size: 10 })?.key).toBe('report:evidence.wrongType');
    expect(checkEvidenceFile({ name: 'a.pdf', size: 0 })?.key).toBe('report:evidence.emptyFile');
    const big = checkEvidenceFile({ name: '全部材料.zip', size: 2 * 1024 ** 3 });
    expect(big).toEqual({
      key: 'common:evidence.tooLarge',
      params: { name: '全部材料.zip', sizeMb: '2048.0', maxMb: MAX_EVIDENCE_BYTES / 2 ** 20 },
    });
    expect(createTranslator().format(big!)).toContain('全部材料.zip');
    expect(createTranslator().format(big!)).toContain('50');
    expect(checkEvidenceFile({ name: 'a.pdf', size: MAX_EVIDENCE_BYTES })).toBeNull();
    expect(checkEvidenceFile({ name: 'a.pdf', size: MAX_EVIDENCE_BYTES + 1 })?.key).toBe(
      'common:evidence.tooLarge',
    );
  });

  it('every message key exists in both languages', () => {
    for (const key of [
      'report:evidence.wrongType',
      'report:evidence.emptyFile',
      'report:evidence.readFailed',
    ]) {
      for (const locale of ['zh-CN', 'en'] as const) {
        expect(createTranslator(locale).format({ key, params: { name: 'x.exe' } })).toContain('x.exe');
      }
    }
  });

  it('previews by extension and never as HTML', () => {
    expect(evidenceKind('a.pdf', '')).toBe('pdf');
    expect(evidenceKind('a.PNG', 'image/png')).toBe('image');
    expect(evidenceKind('a.tif', 'image/tiff')).toBe('other');
    expect(evidenceKind('a.docx', '')).toBe('other');
    expect(evidenceKind('evil.pdf', 'text/html')).toBe('pdf');
    expect(previewMimeType('evil.pdf', 'text/html')).toBe('application/pdf');
    expect(previewMimeType('x.jpg', 'text/html')).toBe('image/jpeg');
    expect(evidenceMimeType('表.et', '')).toBe('application/vnd.ms-excel');
    expect(evidenceMimeType('a.pdf', 'application/pdf')).toBe('application/pdf');
    expect(evidenceMimeType('a.unknown', '')).toBe('application/octet-stream');
  });

  it('formats sizes in KB and MB', () => {
    expect(formatFileSize(512, 'zh-CN')).toBe('512 B');
    expect(formatFileSize(1536, 'zh-CN')).toBe('1.5 KB');
    expect(formatFileSize(50 * 1024 * 1024, 'zh-CN')).toBe('50 MB');
    expect(formatFileSize(1234567, 'en')).toBe('1.2 MB');
  });

  it('names targets by indicator label or section title', () => {
    const task = {
      code: 'T01',
      groups: [{ code: 'G', name: 'g', indicators: [ind({})] }],
    } as unknown as Task;
    const template = { outline: [{ code: 'S1', title: '建设进展', guidance: '' }] } as unknown as Template;
    expect(describeTarget(template, task, 'T01_01')).toMatchObject({ kind: 'indicator', label: '学生人数' });
    expect(describeTarget(template, task, 'report:S1')).toMatchObject({ kind: 'section', title: '建设进展' });
    expect(describeTarget(template, task, 'report:S9')).toMatchObject({ kind: 'other', code: 'report:S9' });
  });
});
