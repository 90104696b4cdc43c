/**
 * The per-task provincial summary, built from many units' submissions and read back: PDF text
 * (poppler) and Word XML carry the generated figures, the summed indicators and the unit list.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildProvincialSummary } from '../../shared/report/provincial-summary.ts';
import { annualReportDocDefinition } from '../../shared/report/annual-report-pdf.ts';
import { writeAnnualReportDocx } from '../../shared/report/annual-report-docx.ts';
import { renderPdfNode } from '../../shared/report/pdf-node.ts';
import { field } from '../../shared/domain/fields.ts';
import type { ReportSource } from '../../shared/report/source.ts';
import { sampleReportSource } from '../fixtures/report-source.ts';
import { pdfFonts, pdfText, tempPdf } from '../helpers/poppler.ts';

const CITIES = ['430100', '430200', '430300', '430400'];
const STATUSES = ['submitted', 'accepted', 'returned', 'draft'] as const;

function sources(n: number): ReportSource[] {
  return Array.from({ length: n }, (_, i) => {
    const x = sampleReportSource({
      seed: i + 1,
      unitName: `湖南第${i + 1}职业技术学院`,
      regionCode: CITIES[i % CITIES.length],
    });
    x.status = STATUSES[i % STATUSES.length];
    x.submittedAt = i % 5 === 0 ? '2026-12-20T02:00:00.000Z' : '2026-12-10T02:00:00.000Z';
    x.year = 2026;
    // Unit-level scores (keytasks scores one part, 'unit').
    const part = x.template.scoring!.parts[0]!;
    for (const d of part.dimensions) x.values[field.score(part.code, d.code)] = 60 + ((i * 7) % 40);
    return x;
  });
}

const squash = (t: string) => t.replace(/\s+/g, '');

describe('provincial summary report', () => {
  const all = sources(24);
  const report = buildProvincialSummary({
    template: all[0]!.template,
    taskCode: 'T01',
    year: 2026,
    office: '湖南省教育厅',
    sources: all,
    narrative: { practice: '<p>全省建立联合体联席会议制度，鄞州经验在全省推广。</p>' },
    generatedAt: new Date('2027-01-10T02:00:00Z'),
  });

  it('counts expected, received and on time, by city, and writes them into 基本情况', () => {
    const basics = report.sections[0]!;
    expect(basics.heading).toBe('一、基本情况');
    const text = JSON.stringify(basics.blocks);
    // 24 expected; drafts (every 4th) are not received: 18 received; submitted 2026-12-20 is late.
    expect(text).toContain('应报送 24 份，实际报送 18 份');
    const late = all.filter((x, i) => x.status !== 'draft' && i % 5 === 0).length;
    expect(text).toContain(`逾期报送 ${late} 份`);
    expect(text).toContain('长沙市');
    expect(report.sections.map((s) => s.heading)).toEqual([
      '一、基本情况',
      '二、主要做法',
      '三、取得的成效',
      '四、存在问题',
      '五、下一步建议',
    ]);
    expect(report.sections[2]!.empty).toBe('（本部分由省级主管部门撰写）');
    expect(report.sections[1]!.empty).toBeUndefined();
  });

  it('sums every unit’s indicator and target, and lists units with score and grade', () => {
    const row = report.indicators.groups.flatMap((g) => g.rows).find((r) => r.code === 'T01_01')!;
    const actual = all.reduce((a, x) => a + (x.values.T01_01 as number), 0);
    const target = all.reduce((a, x) => a + (x.targets.T01_01 as number), 0);
    expect(row.actual).toBe(actual.toLocaleString('zh-CN'));
    expect(row.target).toBe(target.toLocaleString('zh-CN'));
    expect(row.rate).toBe(`${((actual / target) * 100).toFixed(1)}%`);
    expect(report.evidence.kind).toBe('units');
    expect(report.evidence.rows).toHaveLength(24);
    const first = report.evidence.rows.find((r) => r[1] === '湖南第1职业技术学院')!;
    expect(first[4]).toBe('60.00');
    expect(first[5]).toBe('合格');
  });

  it('grades each unit by its latest completed stage: the province’s 省评 over the unit’s 自评', () => {
    const graded = sources(8);
    const template = graded[0]!.template;
    const part = template.scoring!.parts[0]!;
    const scores = (n: number) =>
      Object.fromEntries(part.dimensions.map((d) => [field.score('unit', d.code), n]));
    // Unit 1: 省评 92 dated → 优秀 (its 自评 said 60 → 合格). Unit 2: 省评 begun, not dated → 自评 stands.
    graded[0]!.reviews = [
      { stage: 'province', combination: 'std', scores: scores(92), gradedOn: '2027-01-05' },
    ];
    graded[1]!.reviews = [{ stage: 'province', combination: 'std', scores: scores(50), gradedOn: null }];
    // Unit 3 was never handed in: its 自评 does not count, and no review exists.
    graded[2]!.submittedAt = undefined;
    const summary = buildProvincialSummary({
      template,
      taskCode: 'T01',
      year: 2026,
      office: '湖南省教育厅',
      sources: graded,
    });
    const row = (name: string) => summary.evidence.rows.find((r) => r[1] === name)!;
    expect(row('湖南第1职业技术学院').slice(4)).toEqual(['92.00', '优秀']);
    expect(row('湖南第2职业技术学院').slice(4)).toEqual(['67.00', '合格']);
    expect(row('湖南第3职业技术学院').slice(4)).toEqual(['', '']);
    const results = JSON.stringify(summary.sections[2]!.blocks);
    expect(results).toContain('8 个参评单位中已评定等级 7 个');
    // Header 优秀 良好 合格 不合格 未评定 合计, then the counts.
    const table = summary.sections[2]!.blocks.find((b) => b.kind === 'table') as {
      rows: { text?: string; runs?: { text: string }[] }[][];
    };
    const texts = table.rows.map((r) => r.map((c) => JSON.stringify(c).match(/"text":"([^"]*)"/)?.[1]));
    expect(texts[0]).toEqual(['优秀', '良好', '合格', '不合格', '未评定', '合计']);
    expect(texts[1]!.at(-2)).toBe('1');
    expect(texts[1]!.at(-1)).toBe('8');
    // 优秀: unit 1 by its 省评 (92) and unit 6 by its 自评 (95).
    expect(texts[1]![0]).toBe('2');
  });

  it('renders as a PDF with embedded subset fonts and as a Word file with headings', async () => {
    const path = tempPdf(await renderPdfNode(annualReportDocDefinition(report)));
    const text = squash(pdfText(path, { raw: true }));
    for (const h of [
      '2026年度省级总结报告',
      '一、基本情况',
      '二、主要做法',
      '六、绩效指标汇总',
      '参评单位名单',
      '湖南省教育厅',
      '鄞州经验',
    ])
      expect(text, h).toContain(h);
    expect(text).toContain('湖南第24职业技术学院');
    for (const f of pdfFonts(path)) expect(f).toMatchObject({ embedded: true, subset: true });
    const zip = await JSZip.loadAsync(await writeAnnualReportDocx(report));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('基本情况');
    expect(xml).toContain('湖南第24职业技术学院');
  });
});
