/**
 * The annual report PDF read back by poppler: text of headings, indicators and values; fonts
 * embedded as subsets; no empty pages; no text outside the page; rare place-name characters.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAnnualReport, ReportInputError, type AnnualReport } from '../../shared/report/annual-report.ts';
import { annualReportDocDefinition } from '../../shared/report/annual-report-pdf.ts';
import { PDF_FONT_FILES } from '../../shared/report/pdf-fonts.ts';
import { renderPdfNode } from '../../shared/report/pdf-node.ts';
import { field } from '../../shared/domain/fields.ts';
import { RARE_PLACES, sampleReportSource } from '../fixtures/report-source.ts';
import { pageInk, pdfFonts, pdfInfo, pdfText, pdfWordBoxes, tempPdf } from '../helpers/poppler.ts';

const RARE = ['鄞', '濮', '亳', '邕', '瑷', '珲'];
const at = new Date('2025-12-10T02:30:00Z');

/** pdftotext spaces out some CJK runs; compare without whitespace. */
const squash = (s: string) => s.replace(/\s+/g, '');

describe('annual report PDF', () => {
  let report: AnnualReport;
  let path: string;
  let text: string;

  beforeAll(async () => {
    const source = sampleReportSource({ evidence: 6 });
    report = buildAnnualReport(source, { generatedAt: at });
    path = tempPdf(await renderPdfNode(annualReportDocDefinition(report)));
    text = squash(pdfText(path, { raw: true }));
  });

  it('has the cover, contents and every section heading in order', () => {
    expect(text).toContain('2025年度工作报告');
    expect(text).toContain('打造市域产教联合体');
    expect(text).toContain('湖南汽车工程职业学院');
    expect(text).toContain('2025年12月10日');
    expect(text).toContain('（单位盖章）');
    expect(text).toContain('目录');
    const headings = [
      '一、建设进展',
      '二、主要成效',
      '三、典型经验',
      '四、存在问题',
      '五、下一步计划',
      '六、绩效指标完成情况',
      '七、目标完成情况图',
      '八、资金投入情况',
      '九、佐证材料清单',
    ];
    // Each heading appears in the contents and again as the heading itself, in this order.
    let from = text.indexOf('目录');
    for (const h of headings) {
      const atContents = text.indexOf(h, from);
      expect(atContents, h).toBeGreaterThan(0);
      from = atContents + h.length;
    }
    let body = text.lastIndexOf('九、佐证材料清单') > 0 ? text.indexOf('一、建设进展', from) : -1;
    for (const h of headings) {
      const atBody = text.indexOf(h, body);
      expect(atBody, h).toBeGreaterThanOrEqual(body);
      body = atBody + h.length;
    }
  });

  it('shows indicator labels with their target, actual, rate, last year and change', () => {
    const rows = report.indicators.groups.flatMap((g) => g.rows);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      expect(text).toContain(squash(r.label));
      for (const v of [r.target, r.actual, r.rate, r.lastYear, r.change])
        if (v) expect(text, `${r.code} ${v}`).toContain(squash(v));
    }
    const first = rows.find((r) => r.code === 'T01_02')!;
    expect(first.rate).toMatch(/^\d+\.\d%$/);
  });

  it('renders citations with the current value, not the stored snapshot text', () => {
    expect(text).not.toContain('旧值');
    const cited = report.indicators.groups[0]!.rows.find((r) => r.code === 'T01_01')!;
    expect(text).toContain(`成员单位达到${cited.actual}`);
  });

  it('has the funding table with its rates and total, and the chart with every targeted indicator', () => {
    for (const row of report.funding!.rows)
      for (const cell of row) if (cell) expect(text).toContain(squash(cell));
    for (const cell of report.funding!.total!) expect(text).toContain(squash(cell));
    expect(report.chart.items.length).toBeGreaterThan(5);
    for (const item of report.chart.items) expect(text).toContain(`${(item.rate * 100).toFixed(1)}%`);
  });

  it('lists evidence with file names and the full SHA-256 in two halves', () => {
    for (const row of report.evidence.rows) {
      expect(text).toContain(squash(row[2]!));
      expect(text).toContain(row[4]!.slice(0, 32));
      expect(text).toContain(row[4]!.slice(32));
    }
  });

  it('renders the rare place-name characters, and the font has glyphs for them', () => {
    for (const place of RARE_PLACES) expect(text).toContain(place);
    const require = createRequire(import.meta.url);
    const fontkit = require('fontkit') as {
      openSync(p: string): { hasGlyphForCodePoint(c: number): boolean };
    };
    for (const file of [PDF_FONT_FILES.normal, PDF_FONT_FILES.bold]) {
      const font = fontkit.openSync(require.resolve(file));
      for (const ch of RARE)
        expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), `${file} ${ch}`).toBe(true);
    }
  });

  it('embeds every font as a subset (no system font needed to read it)', () => {
    const fonts = pdfFonts(path);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const f of fonts) {
      expect(f, f.name).toMatchObject({ embedded: true, subset: true });
      expect(f.name).toMatch(/^[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/);
    }
  });

  it('numbers pages, repeats the running header and sets the document info', () => {
    const info = pdfInfo(path);
    const pages = Number(info.Pages);
    expect(pages).toBeGreaterThan(6);
    expect(info.Title).toBe('打造市域产教联合体 2025年度工作报告');
    expect(info.Author).toBe('湖南汽车工程职业学院');
    expect(info['Page size']).toMatch(/595\.2\d* x 841\.8\d* pts \(A4\)/);
    const cover = squash(pdfText(path, { first: 1, last: 1 }));
    expect(cover).not.toContain('第1页');
    for (let p = 2; p <= pages; p++) {
      const page = squash(pdfText(path, { first: p, last: p }));
      expect(page, `page ${p}`).toContain(`第${p}页共${pages}页`);
      expect(page, `page ${p}`).toContain(squash(report.header));
    }
  });

  it('has no empty page and no text outside the page', () => {
    const ink = pageInk(path);
    ink.forEach((share, i) => expect(share, `page ${i + 1}`).toBeGreaterThan(0.004));
    const boxes = pdfWordBoxes(path);
    expect(boxes.length).toBeGreaterThan(200);
    for (const b of boxes) {
      expect(b.xMin, `${b.text} p${b.page}`).toBeGreaterThanOrEqual(20);
      expect(b.xMax, `${b.text} p${b.page}`).toBeLessThanOrEqual(b.pageWidth - 20);
      expect(b.yMax, `${b.text} p${b.page}`).toBeLessThanOrEqual(b.pageHeight - 10);
    }
  });
});

describe('annual report PDF of an almost empty submission', () => {
  it('still has every part, saying what was not filled in', async () => {
    const source = sampleReportSource();
    source.values = {};
    source.targets = {};
    source.evidence = [];
    source.status = undefined;
    source.snapshotSha256 = undefined;
    const report = buildAnnualReport(source, { generatedAt: at });
    expect(report.chart.items).toEqual([]);
    const path = tempPdf(await renderPdfNode(annualReportDocDefinition(report)));
    const text = squash(pdfText(path));
    expect(text.split('（本部分未填写）')).toHaveLength(6);
    expect(text).toContain('（没有设置年度目标的数值指标，无法绘制对比图）');
    expect(text).toContain('（未上传佐证材料）');
    expect(text).not.toContain('SHA-256：');
    pageInk(path).forEach((share, i) => expect(share, `page ${i + 1}`).toBeGreaterThan(0.002));
  });

  it('refuses a task the template does not have, naming both', () => {
    const source = { ...sampleReportSource(), taskCode: 'T99' };
    try {
      buildAnnualReport(source);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ReportInputError);
      expect((err as ReportInputError).detail).toEqual({
        key: 'document:error.unknownTask',
        params: { template: source.template.name, task: 'T99' },
      });
    }
  });

  it('keeps a long section that spans pages whole', async () => {
    const source = sampleReportSource({ paragraphs: 120 });
    source.values[field.report('S1')] += '<p>本节最后一句：鄞州区合作项目圆满完成。</p>';
    const report = buildAnnualReport(source, { generatedAt: at });
    const path = tempPdf(await renderPdfNode(annualReportDocDefinition(report)));
    expect(Number(pdfInfo(path).Pages)).toBeGreaterThan(12);
    expect(squash(pdfText(path))).toContain('本节最后一句：鄞州区合作项目圆满完成。');
  });
});
