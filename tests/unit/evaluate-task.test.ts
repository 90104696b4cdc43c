import { describe, expect, it } from 'vitest';
import { evaluateTask, type FieldIssue, type Values } from '../../shared/domain/evaluate-task.ts';
import { parseTemplate } from '../../shared/domain/template-check.ts';
import { templateSchema, type Template, type TemplateInput } from '../../shared/domain/template.ts';
import { createTranslator } from '../../shared/i18n/index.ts';

const zh = createTranslator('zh-CN');

const input: TemplateInput = {
  id: 'eval-test',
  version: '1',
  name: '测试模板',
  programme: '测试',
  years: [2024],
  deadline: '12-15',
  grades: [{ name: '合格', minScore: 60 }],
  stages: [{ code: 'self', name: '单位自评' }],
  outline: [{ code: 'S1', title: '总体情况' }],
  choiceLists: {
    governance: [
      { code: 'council', label: '理事会' },
      { code: 'other', label: '其他' },
    ],
  },
  tasks: [
    {
      code: 'T01',
      no: 1,
      name: '市域产教联合体',
      levels: ['省级'],
      groups: [
        {
          code: 'G1',
          name: '基本情况',
          indicators: [
            { code: 'A01', label: '成员单位总数', unit: '家', type: 'integer', required: true, min: 0 },
            { code: 'A02', label: '成员企业数', unit: '家', type: 'integer', required: true, min: 0 },
            {
              code: 'A03',
              label: '企业成员占比',
              unit: '%',
              type: 'percent',
              calculate: 'ratio(A02, A01)',
              max: 1,
              decimals: 2,
            },
            {
              code: 'A04',
              label: '接收实习学生人数',
              unit: '人',
              type: 'integer',
              min: 0,
              max: 5000,
            },
            { code: 'A05', label: '运行机制', type: 'choice', choices: 'governance', required: true },
            {
              code: 'A06',
              label: '其他运行机制说明',
              type: 'text',
              required: true,
              relevant: "A05 = 'other'",
              rules: [{ id: 'F2', expr: 'len(A06) >= 4', message: '请把运行机制说明写完整（当前：{A06}）' }],
            },
            { code: 'A07', label: '是否实体化运作', type: 'boolean', required: true },
            { code: 'A08', label: '本年度经费投入', unit: '万元', type: 'money', min: 0, decimals: 2 },
            {
              code: 'A09',
              label: '其中行业企业投入',
              unit: '万元',
              type: 'money',
              min: 0,
              decimals: 2,
              rules: [
                {
                  id: 'F1',
                  expr: 'A09 <= coalesce(A08, 0)',
                  message: '行业企业投入（{A09}万元）超过经费投入（{A08}万元），请核实',
                  severity: 'warning',
                },
              ],
            },
            { code: 'A10', label: '挂牌成立日期', type: 'date' },
          ],
        },
      ],
      rules: [
        { id: 'R1', expr: 'A02 <= A01', message: '其中成员企业数（{A02}家）不能超过成员单位总数（{A01}家）' },
        {
          id: 'R2',
          expr: 'A03 >= 0.3',
          message: '企业成员占比为{A03}，低于30%，请核实',
          severity: 'warning',
        },
      ],
    },
  ],
};

function fixture(): Template {
  const r = parseTemplate(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues.map((i) => zh.format(i.message))));
  return r.template;
}

const template = fixture();

/** A complete, valid set of values; tests override what they exercise. */
const valid: Values = { A01: 20, A02: 8, A04: 120, A05: 'council', A07: true, A08: 100, A09: 30 };

function issuesOf(values: Values, t: Template = template): FieldIssue[] {
  return evaluateTask(t, 'T01', values).issues;
}

function shown(issues: FieldIssue[]): [string, string][] {
  return issues.map((i) => [i.code, zh.format(i.message)]);
}

describe('evaluateTask', () => {
  it('passes complete, consistent values and computes calculated ones', () => {
    const ev = evaluateTask(template, 'T01', valid);
    expect(ev.issues).toEqual([]);
    expect(ev.calculated).toEqual({ A03: 0.4 });
    expect(ev.relevant.A06).toBe(false);
    expect(ev.relevant.A01).toBe(true);
  });

  it('reports blank required fields by label, skipping hidden ones', () => {
    const ev = evaluateTask(template, 'T01', {});
    expect(shown(ev.issues)).toEqual([
      ['A01', '请填写成员单位总数'],
      ['A02', '请填写成员企业数'],
      ['A05', '请填写运行机制'],
      ['A07', '请填写是否实体化运作'],
    ]);
    expect(ev.issues.every((i) => i.severity === 'error')).toBe(true);
    expect(ev.issues[0]?.message).toEqual({
      key: 'expr:field.required',
      params: { label: '成员单位总数', code: 'A01' },
    });
    // Blank inputs leave the calculation and every rule not evaluated.
    expect(ev.calculated).toEqual({ A03: null });
  });

  it('checks min and max with label and unit', () => {
    expect(shown(issuesOf({ ...valid, A04: -1 }))).toEqual([['A04', '接收实习学生人数不能小于 0 人']]);
    expect(shown(issuesOf({ ...valid, A04: 6000 }))).toEqual([['A04', '接收实习学生人数不能大于 5000 人']]);
    expect(shown(issuesOf({ ...valid, A04: 5000 }))).toEqual([]);
  });

  it('checks types: integer, choice, boolean, date, number', () => {
    expect(shown(issuesOf({ ...valid, A04: 2.5 }))).toEqual([['A04', '接收实习学生人数应为整数']]);
    expect(shown(issuesOf({ ...valid, A05: 'board' }))).toEqual([
      ['A05', '运行机制的选项“board”不在可选范围内'],
    ]);
    expect(shown(issuesOf({ ...valid, A07: '是' }))).toEqual([['A07', '是否实体化运作应选择“是”或“否”']]);
    expect(shown(issuesOf({ ...valid, A10: '2025-02-30' }))).toEqual([
      ['A10', '挂牌成立日期应为有效日期，如 2025-12-15'],
    ]);
    expect(shown(issuesOf({ ...valid, A10: '2025-02-28' }))).toEqual([]);
    expect(shown(issuesOf({ ...valid, A08: 'abc' }))).toEqual([['A08', '本年度经费投入应为数字']]);
  });

  it('skips rules over a wrongly typed value, so one mistake gives one message', () => {
    // A01 = 2.5 would also break R1 (8 <= 2.5) if rules saw it.
    expect(shown(issuesOf({ ...valid, A01: 2.5 }))).toEqual([['A01', '成员单位总数应为整数']]);
    // F1 reads A08 through coalesce, so treating 'abc' as blank would still fire it.
    expect(shown(issuesOf({ ...valid, A08: 'abc' }))).toEqual([['A08', '本年度经费投入应为数字']]);
  });

  it('shows a failed task rule, interpolated, on every field it references', () => {
    const issues = issuesOf({ ...valid, A01: 10, A02: 12 });
    const r1 = issues.filter((i) => i.ruleId === 'R1');
    expect(r1.map((i) => i.code)).toEqual(['A02', 'A01']);
    for (const i of r1) {
      expect(i.severity).toBe('error');
      expect(zh.format(i.message)).toBe('其中成员企业数（12家）不能超过成员单位总数（10家）');
    }
    // The calculated share 120% is out of range as well.
    expect(shown(issues.filter((i) => i.ruleId === undefined))).toEqual([
      ['A03', '企业成员占比不能大于 100%'],
    ]);
  });

  it('feeds calculated values into rules, formatted by type', () => {
    const ev = evaluateTask(template, 'T01', { ...valid, A01: 20, A02: 5 });
    expect(ev.calculated.A03).toBe(0.25);
    expect(ev.issues).toEqual([
      {
        code: 'A03',
        ruleId: 'R2',
        severity: 'warning',
        message: expect.objectContaining({ key: 'expr:rule.failed' }) as unknown,
      },
    ]);
    expect(zh.format(ev.issues[0]?.message ?? { key: '' })).toBe('企业成员占比为25%，低于30%，请核实');
  });

  it('ignores a stored value for a calculated indicator', () => {
    const ev = evaluateTask(template, 'T01', { ...valid, A03: 0.99 });
    expect(ev.calculated.A03).toBe(0.4);
  });

  it('runs field rules with their severity and shows blanks in messages', () => {
    const issues = issuesOf({ ...valid, A08: null, A09: 5 });
    expect(issues.map((i) => [i.code, i.ruleId, i.severity])).toEqual([
      ['A09', 'F1', 'warning'],
      ['A08', 'F1', 'warning'],
    ]);
    expect(zh.format(issues[0]?.message ?? { key: '' })).toBe(
      '行业企业投入（5.00万元）超过经费投入（（空）万元），请核实',
    );
    const en = evaluateTask(template, 'T01', { ...valid, A08: null, A09: 5 }, { locale: 'en' });
    expect(zh.format(en.issues[0]?.message ?? { key: '' })).toBe(
      '行业企业投入（5.00万元）超过经费投入（(blank)万元），请核实',
    );
  });

  it('hides fields by relevance: no required, no rules, value reads as blank', () => {
    const hidden = evaluateTask(template, 'T01', { ...valid, A06: 'x' });
    expect(hidden.relevant.A06).toBe(false);
    expect(hidden.issues).toEqual([]);

    const shownField = evaluateTask(template, 'T01', { ...valid, A05: 'other' });
    expect(shownField.relevant.A06).toBe(true);
    expect(shown(shownField.issues)).toEqual([['A06', '请填写其他运行机制说明']]);

    const short = evaluateTask(template, 'T01', { ...valid, A05: 'other', A06: '由政府牵头' });
    expect(shown(short.issues)).toEqual([]);
    const tooShort = evaluateTask(template, 'T01', { ...valid, A05: 'other', A06: '无' });
    expect(shown(tooShort.issues)).toEqual([['A06', '请把运行机制说明写完整（当前：无）']]);
  });

  it('skips rules whose inputs are blank or divide by zero', () => {
    // A01 = 0: ratio is blank, so R2 is not evaluated; R1 fails on its own.
    const ev = evaluateTask(template, 'T01', { ...valid, A01: 0, A02: 0 });
    expect(ev.calculated.A03).toBeNull();
    expect(ev.issues).toEqual([]);
  });

  it('reports an unknown task instead of throwing', () => {
    const ev = evaluateTask(template, 'T99', {});
    expect(shown(ev.issues)).toEqual([['T99', '模板中没有编码为 T99 的任务']]);
  });

  it('turns broken expressions in an unchecked template into warnings, not crashes', () => {
    const raw = structuredClone(input);
    const task = raw.tasks[0];
    if (!task) throw new Error('fixture');
    task.rules = [
      { id: 'R9', expr: 'A06 + 1 > 0', message: '不会出现' },
      { id: 'R8', expr: 'A01 <=', message: '不会出现' },
    ];
    const t = templateSchema.parse(raw);
    const issues = evaluateTask(t, 'T01', { ...valid, A05: 'other', A06: '说明文字' }).issues;
    expect(shown(issues)).toEqual([
      ['A06', '市域产教联合体（T01）的校验规则“A06 + 1 > 0”无法计算：第 5 个字符处：“+”需要数字，实际为文字'],
      // Nothing parsed, so nothing tells which field to show it on: it goes to the task.
      ['T01', '市域产教联合体（T01）的校验规则“A01 <=”有误：第 7 个字符处：表达式没有写完，后面还缺少内容'],
    ]);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
  });

  it('ends on calculation cycles in an unchecked template', () => {
    const raw = structuredClone(input);
    const inds = raw.tasks[0]?.groups[0]?.indicators ?? [];
    const a01 = inds[0];
    if (!a01) throw new Error('fixture');
    a01.calculate = 'A03 * 10';
    const ev = evaluateTask(templateSchema.parse(raw), 'T01', valid);
    expect(Object.keys(ev.calculated).sort()).toEqual(['A01', 'A03']);
  });

  it('evaluates a 600-indicator task: calculations, relevance and required all hold at scale', () => {
    const indicators: NonNullable<TemplateInput['tasks'][number]['groups'][number]['indicators']> = [];
    const values: Values = {};
    for (let i = 0; i < 600; i++) {
      const code = `X${i}`;
      if (i % 10 === 9) {
        // Every tenth is a calculated total of the nine before it, with a rule on top.
        const parts = Array.from({ length: 9 }, (_, k) => `X${i - 9 + k}`);
        indicators.push({
          code,
          label: `合计${i}`,
          type: 'integer',
          calculate: `sum(${parts.join(', ')})`,
          rules: [{ id: `F${i}`, expr: `${code} <= 100000`, message: `合计{${code}}过大` }],
        });
      } else {
        indicators.push({
          code,
          label: `指标${i}`,
          unit: '个',
          type: 'integer',
          required: true,
          min: 0,
          max: 10000,
          relevant: i % 7 === 0 && i > 0 ? `X${i - 1} >= 0 or isBlank(X${i - 1})` : undefined,
          rules: [{ id: `F${i}`, expr: `${code} >= 0 and ${code} <= 10000`, message: `{${code}}超出范围` }],
        });
        values[code] = i % 50 === 0 ? null : i;
      }
    }
    const big = parseTemplate({
      ...input,
      tasks: [
        {
          code: 'BIG',
          no: 1,
          name: '大任务',
          levels: ['省级'],
          groups: [{ code: 'G', name: '全部', indicators }],
        },
      ],
    });
    if (!big.ok) throw new Error(JSON.stringify(big.issues.slice(0, 3).map((i) => zh.format(i.message))));
    const first = evaluateTask(big.template, 'BIG', values);
    expect(first.issues.filter((i) => i.message.key === 'expr:field.required')).toHaveLength(12);
    expect(first.calculated.X9).toBe(36);
    // Speed is measured by `npm run bench` (rules.evaluate 600 indicators), not here.
    expect(evaluateTask(big.template, 'BIG', { ...values, X1: 5000 }).calculated.X9).toBe(5035);
  });
});
