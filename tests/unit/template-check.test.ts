import { describe, expect, it } from 'vitest';
import { checkTemplate, parseTemplate, type TemplateIssue } from '../../shared/domain/template-check.ts';
import { templateSchema, type Template, type TemplateInput } from '../../shared/domain/template.ts';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { createTranslator } from '../../shared/i18n/index.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');

/** A small, valid template; each test breaks one thing in a copy. */
function baseInput(): TemplateInput {
  return {
    id: 'test-tpl',
    version: '2024.1',
    name: '测试模板',
    programme: '测试',
    years: [2024, 2025],
    deadline: '12-15',
    grades: [
      { name: '优秀', minScore: 90 },
      { name: '良好', minScore: 75 },
      { name: '合格', minScore: 60 },
      { name: '不合格', minScore: 0 },
    ],
    stages: [
      { code: 'self', name: '单位自评', deadline: '12-15' },
      { code: 'province', name: '省级考核评价' },
    ],
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
            code: 'G01',
            name: '基本情况',
            indicators: [
              { code: 'A01', label: '成员单位总数', unit: '家', type: 'integer', min: 0 },
              {
                code: 'A02',
                label: '成员企业数',
                unit: '家',
                type: 'integer',
                min: 0,
                rules: [
                  { id: 'F1', expr: 'A02 <= A01', message: '成员企业数（{A02}家）不能超过总数（{A01}家）' },
                ],
              },
              { code: 'A03', label: '企业成员占比', type: 'percent', calculate: 'ratio(A02, A01)', max: 1 },
              { code: 'A04', label: '运行机制', type: 'choice', choices: 'governance' },
              { code: 'A05', label: '其他运行机制说明', type: 'text', relevant: "A04 = 'other'" },
            ],
          },
        ],
        rules: [{ id: 'R1', expr: 'A03 >= 0.3', message: '企业成员占比为{A03}，偏低', severity: 'warning' }],
      },
      {
        code: 'T02',
        no: 2,
        name: '行业产教融合共同体',
        levels: ['全国性'],
        groups: [
          {
            code: 'G01',
            name: '基本情况',
            indicators: [{ code: 'B01', label: '成员单位总数', unit: '家', type: 'integer', min: 0 }],
          },
        ],
      },
    ],
    outline: [
      { code: 'S1', title: '总体情况', maxChars: 2000 },
      { code: 'S2', title: '主要成效', minChars: 100, maxChars: 3000 },
    ],
    scoring: {
      parts: [
        {
          code: 'SCHOOL',
          name: '学校层面',
          dimensions: [
            { code: 'D1', name: '党建引领', weight: 0.3 },
            { code: 'D2', name: '人才培养', weight: 0.7 },
          ],
        },
        { code: 'CLUSTER', name: '专业群层面', dimensions: [{ code: 'D1', name: '建设成效', weight: 1 }] },
      ],
      combinations: [
        {
          code: 'C1',
          name: '学校加两个专业群',
          slots: [
            { slot: 'S', part: 'SCHOOL', label: '学校', weight: 0.5 },
            { slot: 'A', part: 'CLUSTER', label: '专业群A', weight: 0.25 },
            { slot: 'B', part: 'CLUSTER', label: '专业群B', weight: 0.25 },
          ],
        },
      ],
    },
  };
}

/** Applies a change to a parsed copy of the base template, so defaults are in place. */
function template(change: (t: Template) => void = () => {}): Template {
  const t = templateSchema.parse(baseInput());
  change(t);
  return t;
}

function task0(t: Template) {
  const task = t.tasks[0];
  if (!task) throw new Error('fixture has no task');
  return task;
}

function indicator(t: Template, code: string) {
  for (const task of t.tasks)
    for (const g of task.groups) for (const i of g.indicators) if (i.code === code) return i;
  throw new Error(`fixture has no indicator ${code}`);
}

function texts(issues: TemplateIssue[]): { path: string; text: string }[] {
  return issues.map((i) => ({ path: i.path, text: zh.format(i.message) }));
}

function only(change: (t: Template) => void): { path: string; text: string } {
  const issues = texts(checkTemplate(template(change)));
  expect(issues).toHaveLength(1);
  return issues[0] as { path: string; text: string };
}

describe('checkTemplate', () => {
  it('accepts the valid fixture and the built-in 11-task template', () => {
    expect(checkTemplate(template())).toEqual([]);
    const builtIn = parseTemplate(keyTasks2023);
    expect(builtIn.ok ? [] : texts(builtIn.issues)).toEqual([]);
  });

  it('finds duplicate task codes', () => {
    expect(only((t) => ((t.tasks[1] as Template['tasks'][number]).code = 'T01'))).toEqual({
      path: 'tasks[1].code',
      text: '任务编码“T01”重复',
    });
  });

  it('finds indicator codes repeated across tasks', () => {
    expect(only((t) => (indicator(t, 'B01').code = 'A01'))).toEqual({
      path: 'tasks[1].groups[0].indicators[0].code',
      text: '指标编码“A01”重复：“成员单位总数”和“成员单位总数”用了同一个编码',
    });
  });

  it('reports an expression that does not parse, with position and the expression', () => {
    expect(only((t) => ((indicator(t, 'A02').rules[0] as { expr: string }).expr = 'A02 <= '))).toEqual({
      path: 'tasks[0].groups[0].indicators[1].rules[0].expr',
      text: '成员企业数（A02）的校验规则“A02 <= ”有误：第 7 个字符处：表达式没有写完，后面还缺少内容',
    });
    expect(only((t) => (indicator(t, 'A05').relevant = "A04 = 'other"))).toEqual({
      path: 'tasks[0].groups[0].indicators[4].relevant',
      text: "其他运行机制说明（A05）的显示条件“A04 = 'other”有误：第 7 个字符处：文字缺少结尾的引号",
    });
  });

  it('names unknown codes and where they are used', () => {
    expect(only((t) => (indicator(t, 'A03').calculate = 'ratio(A02, A99)'))).toEqual({
      path: 'tasks[0].groups[0].indicators[2].calculate',
      text: '企业成员占比（A03）的计算公式“ratio(A02, A99)”引用了不存在的指标 A99',
    });
    expect(only((t) => ((task0(t).rules[0] as { expr: string }).expr = 'a03 >= 0.3'))).toEqual({
      path: 'tasks[0].rules[0].expr',
      text: '市域产教联合体（T01）的校验规则“a03 >= 0.3”引用了不存在的指标 a03',
    });
  });

  it('refuses references to another task', () => {
    expect(only((t) => ((task0(t).rules[0] as { expr: string }).expr = 'A01 >= B01'))).toEqual({
      path: 'tasks[0].rules[0].expr',
      text: '市域产教联合体（T01）的校验规则“A01 >= B01”引用的指标 B01（成员单位总数）属于任务“行业产教融合共同体”，只能引用本任务的指标',
    });
  });

  it('finds placeholders in rule messages that name no indicator of the task', () => {
    expect(
      only((t) => ((task0(t).rules[0] as { message: string }).message = '占比{A03}，总数{B01}')),
    ).toEqual({
      path: 'tasks[0].rules[0].message',
      text: '市域产教联合体（T01）的校验规则 R1 的提示文字引用了本任务中不存在的指标 B01',
    });
  });

  it('type-checks expressions against indicator types', () => {
    expect(only((t) => (indicator(t, 'A03').calculate = 'A05 + 1'))).toEqual({
      path: 'tasks[0].groups[0].indicators[2].calculate',
      text: '企业成员占比（A03）的计算公式“A05 + 1”有误：第 5 个字符处：“+”需要数字，实际为文字',
    });
    expect(only((t) => ((task0(t).rules[0] as { expr: string }).expr = 'A01 + A02'))).toEqual({
      path: 'tasks[0].rules[0].expr',
      text: '市域产教联合体（T01）的校验规则“A01 + A02”的结果是数字，应为一个条件（成立或不成立）',
    });
    expect(only((t) => (indicator(t, 'A03').calculate = "if(A01 > 0, 'a', 'b')"))).toEqual({
      path: 'tasks[0].groups[0].indicators[2].calculate',
      text: "企业成员占比（A03）的计算公式“if(A01 > 0, 'a', 'b')”的结果是文字，与指标类型“百分比”不符",
    });
  });

  it('checks choice lists', () => {
    expect(only((t) => (indicator(t, 'A04').choices = 'nope'))).toEqual({
      path: 'tasks[0].groups[0].indicators[3].choices',
      text: '指标“运行机制”（A04）使用的选项列表“nope”不存在',
    });
    expect(only((t) => delete indicator(t, 'A04').choices)).toEqual({
      path: 'tasks[0].groups[0].indicators[3].choices',
      text: '指标“运行机制”（A04）是选择题，但没有指定选项列表',
    });
    expect(
      only(
        (t) =>
          (t.choiceLists.governance = [
            ...(t.choiceLists.governance ?? []),
            { code: 'other', label: '其它' },
          ]),
      ),
    ).toEqual({ path: 'choiceLists.governance[2].code', text: '选项编码“other”重复' });
  });

  it('checks min <= max', () => {
    expect(
      only((t) => {
        indicator(t, 'A01').min = 10;
        indicator(t, 'A01').max = 5;
      }),
    ).toEqual({
      path: 'tasks[0].groups[0].indicators[0].min',
      text: '指标“成员单位总数”（A01）的最小值 10 大于最大值 5',
    });
  });

  it('names calculation cycles', () => {
    expect(
      only((t) => {
        indicator(t, 'A01').calculate = 'A03 * 10';
        indicator(t, 'A01').min = undefined;
      }),
    ).toEqual({
      path: 'tasks[0].groups[0].indicators[0].calculate',
      text: '计算公式或显示条件出现循环引用：A01 → A03 → A01',
    });
    expect(only((t) => (indicator(t, 'A05').relevant = "A05 = 'x'"))).toEqual({
      path: 'tasks[0].groups[0].indicators[4].relevant',
      text: '计算公式或显示条件出现循环引用：A05 → A05',
    });
  });

  it('checks outline section codes and word limits', () => {
    const issues = texts(
      checkTemplate(
        template((t) => {
          t.outline.push({ code: 'S1', title: '问题与改进', guidance: '', minChars: 500, maxChars: 300 });
        }),
      ),
    );
    expect(issues).toEqual([
      { path: 'outline[2].code', text: '报告章节编码“S1”重复' },
      { path: 'outline[2].minChars', text: '报告章节“问题与改进”（S1）的最少字数 500 大于字数上限 300' },
    ]);
  });

  it('checks scoring weights and parts', () => {
    const issues = texts(
      checkTemplate(
        template((t) => {
          const s = t.scoring;
          if (!s) throw new Error('fixture has scoring');
          (s.parts[0]?.dimensions[1] as { weight: number }).weight = 0.6;
          const slots = s.combinations[0]?.slots ?? [];
          (slots[2] as { part: string }).part = 'CLUSTERX';
          (slots[2] as { weight: number }).weight = 0.2;
        }),
      ),
    );
    expect(issues).toEqual([
      {
        path: 'scoring.parts[0].dimensions',
        text: '评分部分“学校层面”（SCHOOL）各维度的权重之和为 0.9，应为 1',
      },
      {
        path: 'scoring.combinations[0].slots[2].part',
        text: '评分组合“学校加两个专业群”（C1）中的“专业群B”引用了不存在的评分部分 CLUSTERX',
      },
      {
        path: 'scoring.combinations[0].slots',
        text: '评分组合“学校加两个专业群”（C1）各部分的权重之和为 0.95，应为 1',
      },
    ]);
  });

  it('tolerates floating-point noise in weights', () => {
    expect(
      checkTemplate(
        template((t) => {
          const dims = t.scoring?.parts[0]?.dimensions ?? [];
          (dims[0] as { weight: number }).weight = 0.1;
          (dims[1] as { weight: number }).weight = 0.2;
          dims.push({ code: 'D3', name: '其他', weight: 0.7, maxScore: 100, guidance: '' });
        }),
      ),
    ).toEqual([]);
  });

  it('requires grade bands in strictly descending order', () => {
    expect(only((t) => ((t.grades[2] as { minScore: number }).minScore = 75))).toEqual({
      path: 'grades[2].minScore',
      text: '等级“合格”的最低分 75 应低于上一等级“良好”的最低分 75（等级须从高到低排列）',
    });
  });

  it('requires deadlines that are real dates', () => {
    expect(only((t) => (t.deadline = '02-30'))).toEqual({
      path: 'deadline',
      text: '截止日期“02-30”不是有效的日期（格式为“月-日”，如 12-15）',
    });
    expect(only((t) => ((t.stages[0] as { deadline?: string }).deadline = '13-01'))).toEqual({
      path: 'stages[0].deadline',
      text: '阶段“单位自评”的截止日期“13-01”不是有效的日期（格式为“月-日”，如 12-15）',
    });
    expect(only((t) => (t.deadline = '02-29'))).toEqual({
      path: 'deadline',
      text: '截止日期“02-29”在 2025 年不存在（该年不是闰年）',
    });
    expect(
      only((t) => {
        t.deadline = '02-29';
        t.years = [2024];
        (t.stages[0] as { deadline?: string }).deadline = '04-31';
      }).path,
    ).toBe('stages[0].deadline');
  });

  it('finds duplicate rule ids and reserved codes', () => {
    expect(only((t) => ((task0(t).rules[0] as { id: string }).id = 'F1'))).toEqual({
      path: 'tasks[0].rules[0].id',
      text: '校验规则编码“F1”重复',
    });
    const reserved = texts(checkTemplate(template((t) => (indicator(t, 'B01').code = 'and'))));
    expect(reserved).toEqual([
      {
        path: 'tasks[1].groups[0].indicators[0].code',
        text: '指标编码“and”是表达式的保留字，无法在公式中引用，请换一个编码',
      },
    ]);
  });

  it('collects every issue in one pass', () => {
    const issues = checkTemplate(
      template((t) => {
        t.deadline = '02-30';
        (t.tasks[1] as { code: string }).code = 'T01';
        indicator(t, 'A03').calculate = 'ratio(A02, A99)';
        indicator(t, 'A04').choices = 'nope';
        (t.grades[3] as { minScore: number }).minScore = 95;
      }),
    );
    expect(issues.map((i) => i.path)).toEqual([
      'deadline',
      'grades[3].minScore',
      'tasks[1].code',
      'tasks[0].groups[0].indicators[2].calculate',
      'tasks[0].groups[0].indicators[3].choices',
    ]);
  });

  it('renders issues in English as well', () => {
    const issues = checkTemplate(template((t) => (indicator(t, 'A03').calculate = 'ratio(A02, A99)')));
    expect(en.format(issues[0]?.message ?? { key: '' })).toBe(
      'The formula “ratio(A02, A99)” of 企业成员占比 (A03) refers to indicator A99, which does not exist',
    );
  });
});

describe('parseTemplate', () => {
  it('returns the template with defaults applied', () => {
    const r = parseTemplate(baseInput());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(indicator(r.template, 'A01').required).toBe(false);
      expect(task0(r.template).rules[0]?.severity).toBe('warning');
    }
  });

  it('maps zod issues to located messages carrying zod text', () => {
    const input = baseInput() as Record<string, unknown>;
    delete input.name;
    const r = parseTemplate(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]?.path).toBe('name');
    expect(r.issues[0]?.message.key).toBe('expr:check.schema');
    expect(zh.format(r.issues[0]?.message ?? { key: '' })).toMatch(/^模板结构有误（name）：.+/);

    const bad = parseTemplate({
      ...baseInput(),
      tasks: [{ ...(baseInput().tasks[0] as object), code: '1x' }],
    });
    expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(['tasks[0].code']);

    const root = parseTemplate(42);
    expect(root.ok ? '' : zh.format(root.issues[0]?.message ?? { key: '' })).toMatch(/^模板结构有误：/);
  });

  it('fails on semantic issues', () => {
    const input = baseInput();
    input.deadline = '02-30';
    const r = parseTemplate(input);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['deadline']);
  });
});
