import { describe, expect, it } from 'vitest';
import { checkSubmission, type SubmissionCheckInput } from '../../shared/domain/submission-checks.ts';
import { countReportChars, citedCodes, reportPlainText } from '../../shared/domain/report-text.ts';
import { field } from '../../shared/domain/fields.ts';
import { getBuiltinTemplate } from '../../shared/templates/index.ts';
import { createTranslator } from '../../shared/i18n/index.ts';

const template = getBuiltinTemplate('keytasks-2023')!;
const zh = createTranslator('zh-CN');
const texts = (r: ReturnType<typeof checkSubmission>, f?: string) =>
  r.issues
    .filter((i) => f === undefined || i.field === f)
    .map((i) => `${i.severity}:${zh.format(i.message)}`);

const goodValues = {
  T01_01: 120,
  T01_02: 80,
  T01_03: 30,
  T01_04: 12,
  T01_06: true,
  T01_07: 'council',
  T01_09: '2024-03-18',
  T01_10: 4,
  T01_11: 9,
  T01_12: 350,
  T01_13: 200,
  T01_14: 2600,
  T01_15: 0.72,
  T01_16: 45,
  T01_17: 860.5,
  T01_18: 5200,
};
const allEvidence = new Set(['T01_06', 'T01_07', 'T01_09', 'T01_10', 'T01_11', 'T01_17']);
const sections = Object.fromEntries(
  template.outline.map((s) => [field.report(s.code), '<p>' + '建'.repeat(s.minChars ?? 10) + '</p>']),
);
const base = (over: Partial<SubmissionCheckInput> = {}): SubmissionCheckInput => ({
  template,
  taskCode: 'T01',
  values: { ...goodValues, ...sections },
  evidenceFields: allEvidence,
  ...over,
});

describe('checkSubmission', () => {
  it('a complete, consistent submission has no errors and full indicator completeness', () => {
    const r = checkSubmission(base());
    expect(texts(r).filter((t) => t.startsWith('error'))).toEqual([]);
    expect(r.completeness.filter((p) => p.area === 'indicator').every((p) => p.filled === p.total)).toBe(
      true,
    );
    expect(r.completeness.find((p) => p.area === 'report')).toEqual({
      area: 'report',
      key: 'report',
      filled: 5,
      total: 5,
    });
    expect(r.evaluation.calculated.T01_05).toBeCloseTo(80 / 120, 10);
  });

  it('cross-field rule failures are shown on every field they name, with values', () => {
    const r = checkSubmission(base({ values: { ...goodValues, ...sections, T01_02: 130 } }));
    const msg = 'error:其中成员企业数（130家）不能超过成员单位总数（120家）';
    expect(texts(r, 'T01_02')).toContain(msg);
    expect(texts(r, 'T01_01')).toContain(msg);
  });

  it('a field holding refused input counts as blank in calculations and completeness', () => {
    const r = checkSubmission(base({ raw: { T01_02: '八十' } }));
    expect(r.evaluation.calculated.T01_05).toBeNull();
    expect(r.completeness.find((p) => p.key === 'G01_1')).toMatchObject({ filled: 6, total: 7 });
  });

  it('refused raw input blocks the submission with the parse message', () => {
    const r = checkSubmission(base({ raw: { T01_12: '三百五十' } }));
    expect(texts(r, 'T01_12')).toContain(
      'error:“本年度中国特色学徒制培养人数”应填写数字，“三百五十”不是数字',
    );
  });

  it('targets vs actuals and the year-over-year warning', () => {
    const r = checkSubmission(
      base({ targets: { T01_10: 5, T01_11: 9 }, lastYear: { T01_12: 200, T01_14: 2500 } }),
    );
    expect(r.completion.T01_10).toBe(0.8);
    expect(r.completion.T01_11).toBe(1);
    expect(texts(r, 'T01_10')).toContain('warning:“共性技术服务平台数”完成率 80%，未达到本年度目标');
    expect(r.yoy.T01_12).toBe(0.75);
    expect(texts(r, 'T01_12')).toContain(
      'warning:“本年度中国特色学徒制培养人数”与上年相比变化 75%，超过 50% 的预警幅度，请核实',
    );
    expect(texts(r, 'T01_14')).toEqual([]);
  });

  it('evidence required but missing is an error on that indicator', () => {
    const r = checkSubmission(base({ evidenceFields: new Set() }));
    expect(texts(r, 'T01_10')).toContain('error:“共性技术服务平台数”需要上传佐证材料');
  });

  it('report sections: empty, too short, too long', () => {
    const values = {
      ...goodValues,
      ...sections,
      [field.report('S1')]: '',
      [field.report('S2')]: '<p>太短</p>',
      [field.report('S4')]: '<p>' + '问'.repeat(1501) + '</p>',
    };
    const r = checkSubmission(base({ values }));
    expect(texts(r, 'report:S1')).toEqual(['error:年度工作报告“建设进展”尚未填写']);
    expect(texts(r, 'report:S2')).toEqual(['warning:年度工作报告“主要成效”现有 2 字，少于要求的 500 字']);
    expect(texts(r, 'report:S4')).toEqual(['error:年度工作报告“存在问题”现有 1501 字，超过 1500 字的上限']);
    // Too long is still filled in: completeness measures filling, the error measures validity.
    expect(r.completeness.find((p) => p.area === 'report')!.filled).toBe(3);
  });

  it('funding plausibility and completeness', () => {
    const values = {
      ...goodValues,
      ...sections,
      [field.funding('CENTRAL', 'planned')]: 100,
      [field.funding('CENTRAL', 'received')]: 120,
      [field.funding('CENTRAL', 'spent')]: 130,
    };
    const r = checkSubmission(base({ values }));
    expect(texts(r, 'fund:CENTRAL:received')).toEqual(['warning:中央财政资金：到位资金超过计划投入，请核实']);
    expect(texts(r, 'fund:CENTRAL:spent')).toEqual(['warning:中央财政资金：已支出超过到位资金，请核实']);
    expect(r.completeness.find((p) => p.area === 'funding')).toMatchObject({ filled: 1, total: 5 });
  });

  it('an empty form: required errors, zero completeness, issues ordered by area and field', () => {
    const r = checkSubmission({ template, taskCode: 'T01', values: {} });
    expect(r.overall).toBe(0);
    expect(r.errorCount).toBeGreaterThan(10);
    expect(r.issues[0]!.field).toBe('T01_01');
    expect(r.issues.at(-1)!.area).toBe('report');
  });
});

describe('report text', () => {
  it('counts characters as offices do, citations rendered with their value', () => {
    const html =
      '<h2>一、概况</h2><p>联合体共有成员单位<span data-cite="T01_01">120</span>家。</p><ul><li>A &amp; B</li></ul>';
    expect(citedCodes(html)).toEqual(['T01_01']);
    expect(reportPlainText(html, () => '120')).toBe('一、概况\n联合体共有成员单位120家。\nA & B\n');
    expect(countReportChars(html, () => '120')).toBe(4 + 14 + 3);
  });
});
