import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, type Value } from '../../shared/domain/expr/index.ts';
import { checkTemplate, parseTemplate } from '../../shared/domain/template-check.ts';
import {
  INDICATOR_TYPES,
  taskIndicators,
  templateSchema,
  type Indicator,
  type Template,
} from '../../shared/domain/template.ts';
import { getBuiltinTemplate, listBuiltinTemplates } from '../../shared/templates/index.ts';
import { shuangGao2024 } from '../../shared/templates/shuanggao-2024.ts';

/** 教职成厅函〔2024〕1号 二、评价内容, word for word. */
const NOTICE_SCHOOL_ASPECTS =
  '党的建设和思想政治工作、技术技能人才培养高地、技术技能创新服务平台、高水平专业群、高水平双师队伍、校企合作水平、服务发展水平、学校治理水平、信息化水平、国际化水平';
const NOTICE_CLUSTER_ASPECTS =
  '人才培养模式、课程教学资源、教材与教法、教师教学创新团队、实践教学基地、技术技能平台、社会服务、国际交流与合作、可持续发展保障机制';

const template: Template = templateSchema.parse(shuangGao2024);
const task = (code: string) => template.tasks.find((t) => t.code === code)!;
const allIndicators = (): Indicator[] => template.tasks.flatMap((t) => taskIndicators(t));
const part = (code: string) => template.scoring!.parts.find((p) => p.code === code)!;

describe('built-in template shuanggao-2024 (教职成厅函〔2024〕1号)', () => {
  it('parses, passes the template checker with no issue and carries the notice header', () => {
    expect(checkTemplate(template)).toEqual([]);
    expect(parseTemplate(shuangGao2024).ok).toBe(true);
    expect(template.id).toBe('shuanggao-2024');
    expect(template.version).toBe('2024.1');
    expect(template.name).toBe('中国特色高水平高职学校和专业建设计划（2019—2023年）绩效评价');
    expect(template.programme).toBe('中国特色高水平高职学校和专业建设计划');
    expect(template.issuer).toBe('教职成厅函〔2024〕1号');
    expect(template.years).toEqual([2024]);
    // “2024年2月28日前，各建设单位……形成自评分及自评结论”
    expect(template.deadline).toBe('02-28');
  });

  it('has the stages 建设单位总结自评 → 省级评价 → 两部复核 with the notice’s dates', () => {
    expect(template.stages).toEqual([
      { code: 'self', name: '建设单位总结自评', deadline: '02-28' },
      { code: 'province', name: '省级评价', deadline: '04-08' },
      { code: 'ministry', name: '两部复核', deadline: '05-15' },
    ]);
  });

  it('grades 优/良/中/差; 中 and 差 限期整改; 差 may not enter the second round', () => {
    expect(template.grades.map((g) => [g.name, g.minScore])).toEqual([
      ['优', 90],
      ['良', 75],
      ['中', 60],
      ['差', 0],
    ]);
    expect(template.grades.map((g) => g.rectification?.dueDays ?? null)).toEqual([null, null, 90, 90]);
    expect(template.grades[3]?.note).toContain('不得进入第二轮“双高计划”遴选');
    expect(template.grades[2]?.note).toBe('限期整改');
  });

  it('scores 学校层面 on the ten aspects and 专业群层面 on the nine, with equal weights', () => {
    expect(template.scoring?.parts.map((p) => p.name)).toEqual(['学校层面', '专业群层面']);
    expect(part('school').dimensions.map((d) => d.name)).toEqual(NOTICE_SCHOOL_ASPECTS.split('、'));
    expect(part('cluster').dimensions.map((d) => d.name)).toEqual(NOTICE_CLUSTER_ASPECTS.split('、'));
    for (const p of template.scoring?.parts ?? []) {
      const n = p.dimensions.length;
      expect(p.dimensions.reduce((a, d) => a + d.weight, 0)).toBeCloseTo(1, 12);
      for (const d of p.dimensions) {
        expect(d.weight, d.code).toBeCloseTo(1 / n, 15);
        expect(d.maxScore, d.code).toBe(100);
        expect(d.guidance, d.code).toContain('绩效目标达成度、建设任务完成度、资金保障和使用情况及建设水平');
      }
    }
  });

  it('combines as the 答记者问 says: 50% + 25% + 25% and 30% + 70%', () => {
    const [school, group] = template.scoring!.combinations;
    expect(school).toEqual({
      code: 'school',
      name: '高水平学校建设单位',
      slots: [
        { slot: 'school', part: 'school', label: '学校层面', weight: 0.5 },
        { slot: 'clusterA', part: 'cluster', label: '专业群A', weight: 0.25 },
        { slot: 'clusterB', part: 'cluster', label: '专业群B', weight: 0.25 },
      ],
    });
    expect(group).toEqual({
      code: 'group',
      name: '高水平专业群建设单位',
      slots: [
        { slot: 'school', part: 'school', label: '学校层面', weight: 0.3 },
        { slot: 'cluster', part: 'cluster', label: '专业群', weight: 0.7 },
      ],
    });
    // A 学校层面 project's sub-type names its combination; a 专业群 project's sub-type names its slot.
    expect(task('T01').subTypes).toEqual(template.scoring!.combinations.map((c) => c.name));
    expect(task('T02').subTypes).toEqual(['专业群A', '专业群B', '专业群']);
    const labels = new Set(template.scoring!.combinations.flatMap((c) => c.slots.map((s) => s.label)));
    for (const s of task('T02').subTypes) expect(labels.has(s), s).toBe(true);
  });

  it('has 学校层面 and 专业群层面 tasks grouped by the notice’s aspects', () => {
    expect(template.tasks.map((t) => [t.code, t.no, t.name, t.levels])).toEqual([
      ['T01', 1, '学校层面建设任务', ['全国性']],
      ['T02', 2, '专业群层面建设任务', ['全国性']],
    ]);
    expect(task('T01').description).toContain(`学校从以下十个方面进行考核：${NOTICE_SCHOOL_ASPECTS}。`);
    expect(task('T02').description).toContain(`专业群从以下九个方面进行考核：${NOTICE_CLUSTER_ASPECTS}。`);
    const t01 = task('T01').groups.map((g) => g.name);
    expect(t01[0]).toBe('建设绩效完成情况');
    expect(t01.slice(1, 11)).toEqual(NOTICE_SCHOOL_ASPECTS.split('、'));
    expect(t01[11]).toBe('资金保障和项目审计');
    const t02 = task('T02').groups.map((g) => g.name);
    expect(t02).toEqual(['建设绩效完成情况', ...NOTICE_CLUSTER_ASPECTS.split('、')]);
    // 考核学校和专业群的绩效目标达成度、建设任务完成度
    const labels = allIndicators().map((i) => i.label);
    for (const l of [
      '学校层面绩效目标达成度',
      '学校层面建设任务完成度',
      '专业群绩效目标达成度',
      '专业群建设任务完成度',
    ]) {
      expect(labels, l).toContain(l);
    }
    const n = allIndicators().length;
    expect(n).toBeGreaterThanOrEqual(60);
    expect(n).toBeLessThanOrEqual(150);
  });

  it('asks for the 项目审计 of 2024年3月6日前', () => {
    const audit = taskIndicators(task('T01')).find((i) => i.code === 'T01_55')!;
    expect(audit).toMatchObject({
      label: '项目审计报告出具日期',
      type: 'date',
      required: true,
      evidenceRequired: true,
    });
    expect(audit.help).toContain('2024年3月6日前');
    expect(audit.help).toContain('资金筹措、使用、管理及其有效性');
    expect(audit.rules[0]?.expr).toBe("T01_55 <= '2024-03-06'");
  });

  it('types indicators consistently', () => {
    const inds = allIndicators();
    expect(new Set(inds.map((i) => i.type))).toEqual(new Set(INDICATOR_TYPES));
    expect(new Set(inds.map((i) => i.code)).size).toBe(inds.length);
    for (const t of template.tasks) {
      for (const i of taskIndicators(t)) expect(i.code.startsWith(`${t.code}_`), i.code).toBe(true);
    }
    for (const i of inds) {
      if (i.type === 'integer') expect(i.min, i.code).toBeDefined();
      if (i.type === 'money') expect([i.unit, i.decimals], i.code).toEqual(['万元', 2]);
      if (i.type === 'percent') expect([i.unit, i.min, i.max, i.decimals], i.code).toEqual(['%', 0, 1, 2]);
      if (i.type === 'choice') {
        expect(template.choiceLists[i.choices ?? '']?.length ?? 0, i.code).toBeGreaterThanOrEqual(2);
      } else {
        expect(i.choices, i.code).toBeUndefined();
      }
      if (i.calculate) {
        expect(i.required, i.code).toBe(false);
        expect(i.evidenceRequired, i.code).toBe(false);
      }
    }
    expect(new Set(inds.map((i) => i.choices).filter(Boolean))).toEqual(
      new Set(Object.keys(template.choiceLists)),
    );
    expect(template.choiceLists.unitCategory?.map((c) => c.label)).toEqual([
      '高水平学校建设单位',
      '高水平专业群建设单位',
    ]);
    expect(inds.filter((i) => i.calculate).length).toBeGreaterThanOrEqual(6);
    expect(inds.filter((i) => i.relevant).length).toBeGreaterThanOrEqual(3);
    expect(inds.filter((i) => i.evidenceRequired).length).toBeGreaterThanOrEqual(20);
  });

  it('has a 总结报告 outline that asks for what the notice and 答记者问 ask', () => {
    expect(template.outline.map((s) => [s.code, s.title])).toEqual([
      ['S1', '建设任务与绩效目标完成情况'],
      ['S2', '资金保障和使用情况'],
      ['S3', '项目建设水平'],
      ['S4', '支撑力和贡献度'],
      ['S5', '特色经验做法和典型案例'],
      ['S6', '存在问题和改进措施'],
    ]);
    const guidance = template.outline.map((s) => s.guidance).join('');
    for (const phrase of [
      '任务完成、承诺兑现的进度和程度',
      '到位率、预算执行率',
      '资金筹措、使用、管理及其有效性',
      NOTICE_SCHOOL_ASPECTS,
      NOTICE_CLUSTER_ASPECTS,
      '对接国家重大产业布局、服务国家重大战略、服务区域经济发展',
      '“一体两翼五重点”',
      '突出支撑力和贡献度',
    ]) {
      expect(guidance, phrase).toContain(phrase);
    }
    for (const s of template.outline) {
      expect(s.minChars, s.code).toBeLessThan(s.maxChars ?? 0);
    }
  });

  it('has the funding table of the five channels in 万元', () => {
    expect(template.funding).toEqual({
      unit: '万元',
      sources: [
        { code: 'CENTRAL', name: '中央财政投入资金' },
        { code: 'LOCAL', name: '地方各级财政投入资金' },
        { code: 'SPONSOR', name: '举办方投入资金' },
        { code: 'ENTERPRISE', name: '行业企业支持资金' },
        { code: 'SELF', name: '学校自筹资金' },
      ],
    });
  });
});

describe('registry', () => {
  it('lists shuanggao-2024 after keytasks-2023, parsed once and frozen', () => {
    expect(listBuiltinTemplates().map((t) => t.id)).toEqual(['keytasks-2023', 'shuanggao-2024']);
    const t = getBuiltinTemplate('shuanggao-2024');
    expect(t).toEqual(template);
    expect(getBuiltinTemplate('shuanggao-2024')).toBe(t);
    expect(Object.isFrozen(t?.scoring?.combinations[0]?.slots[0])).toBe(true);
    expect(Object.isFrozen(t?.grades[2]?.rectification)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Plausible data for both tasks: no rule may fire on it, and each seeded mistake fires exactly
// the rule written for it.

type Values = Record<string, Value>;

const GOOD: Record<string, Values> = {
  T01: {
    T01_01: 'school',
    T01_02: 'A',
    T01_03: 2,
    T01_04: 120,
    T01_05: 116,
    T01_07: 60,
    T01_08: 58,
    T01_10: 3,
    T01_11: 85,
    T01_12: 110,
    T01_13: 12,
    T01_14: 16800,
    T01_15: 5200,
    T01_16: 4950,
    T01_18: 46,
    T01_19: 12,
    T01_20: 3,
    T01_21: 9,
    T01_22: 12850.5,
    T01_23: 86,
    T01_24: 640.25,
    T01_25: 11,
    T01_26: 5300,
    T01_28: '高端装备制造、新能源汽车',
    T01_29: 920,
    T01_30: 760,
    T01_32: 2,
    T01_33: 6,
    T01_34: 310,
    T01_35: 420,
    T01_36: 8,
    T01_37: 2600,
    T01_38: 5800,
    T01_39: 125000,
    T01_40: 3900,
    T01_42: 24,
    T01_43: '2021-06-30',
    T01_44: true,
    T01_45: 'reviewed',
    T01_46: 20,
    T01_47: 2,
    T01_48: 9,
    T01_49: true,
    T01_50: 3,
    T01_51: 3,
    T01_52: 180,
    T01_53: 26,
    T01_54: '某会计师事务所（特殊普通合伙）',
    T01_55: '2024-03-01',
    T01_56: 'unqualified',
    T01_58: 0,
  },
  T02: {
    T02_01: '智能制造装备技术专业群',
    T02_02: '王建国',
    T02_03: '高端装备制造产业链',
    T02_04: 5,
    T02_05: 60,
    T02_06: 58,
    T02_08: 30,
    T02_09: 30,
    T02_11: 2600,
    T02_12: 800,
    T02_13: 0.96,
    T02_14: 35,
    T02_15: 1,
    T02_16: 3,
    T02_17: 40,
    T02_18: 12,
    T02_19: 18,
    T02_20: 4,
    T02_21: 110,
    T02_22: 96,
    T02_24: true,
    T02_25: 2019,
    T02_26: 45,
    T02_27: 1800,
    T02_28: 9800.5,
    T02_29: 4200,
    T02_30: 65,
    T02_31: 4,
    T02_32: 3200,
    T02_33: 38,
    T02_34: 26000,
    T02_35: 150,
    T02_36: 8,
    T02_37: 120,
    T02_38: 'running',
    T02_39: 15,
  },
};

const MISTAKES: [string, Values, string[]][] = [
  ['T01', { T01_03: 1 }, ['R01_1']],
  ['T01', { T01_01: 'group' }, ['R01_1']],
  ['T01', { T01_05: 121 }, ['R01_2']],
  ['T01', { T01_08: 61 }, ['R01_3']],
  ['T01', { T01_16: 5300 }, ['R01_4']],
  ['T01', { T01_16: 4000 }, ['F01_2']],
  ['T01', { T01_19: 47 }, ['R01_5']],
  ['T01', { T01_26: 17000 }, ['R01_6']],
  ['T01', { T01_30: 921 }, ['R01_7']],
  ['T01', { T01_37: 17000 }, ['R01_8']],
  ['T01', { T01_40: 5000 }, ['R01_9']],
  ['T01', { T01_51: 4 }, ['R01_10']],
  ['T01', { T01_25: 1 }, ['R01_11']],
  ['T01', { T01_55: '2024-03-07' }, ['F01_1']],
  ['T01', { T01_58: 12.5 }, ['F01_3']],
  ['T02', { T02_04: 1 }, ['F02_1']],
  ['T02', { T02_06: 61 }, ['R02_1']],
  ['T02', { T02_09: 31 }, ['R02_2']],
  ['T02', { T02_12: 2700 }, ['R02_3']],
  ['T02', { T02_22: 111 }, ['R02_4']],
  ['T02', { T02_29: 9900 }, ['R02_5']],
];

function run(expr: string, values: Values): Value {
  const parsed = parseExpression(expr);
  if (!parsed.ok) throw new Error(`${expr}: ${parsed.error.message.key}`);
  const result = evaluate(parsed.ast, (code) => values[code] ?? null);
  if (!result.ok) throw new Error(`${expr}: ${result.error.message.key}`);
  return result.value;
}

function check(taskCode: string, input: Values): { values: Values; failed: string[]; skipped: string[] } {
  const values: Values = { ...input };
  const inds = taskIndicators(task(taskCode));
  for (const ind of inds) if (ind.calculate) values[ind.code] = run(ind.calculate, values);
  const rules = [
    ...inds.filter((i) => !i.relevant || run(i.relevant, values) === true).flatMap((i) => i.rules),
    ...task(taskCode).rules,
  ];
  const failed: string[] = [];
  const skipped: string[] = [];
  for (const rule of rules) {
    const v = run(rule.expr, values);
    if (v === false) failed.push(rule.id);
    else if (v === null) skipped.push(rule.id);
  }
  return { values, failed, skipped };
}

describe('shuanggao-2024 rules on filled-in data', () => {
  it('has sample data that fills every relevant, non-calculated indicator', () => {
    for (const t of template.tasks) {
      const sample = GOOD[t.code] ?? {};
      for (const ind of taskIndicators(t)) {
        if (ind.calculate) continue;
        const relevant = !ind.relevant || run(ind.relevant, sample) === true;
        expect(ind.code in sample, `${ind.code} ${ind.label}`).toBe(relevant);
      }
    }
  });

  it('raises no rule on plausible data and evaluates every rule', () => {
    for (const t of template.tasks) {
      const { failed, skipped } = check(t.code, GOOD[t.code] ?? {});
      expect(failed, t.code).toEqual([]);
      expect(skipped, t.code).toEqual([]);
    }
  });

  it('raises no rule on an empty form', () => {
    for (const t of template.tasks) expect(check(t.code, {}).failed, t.code).toEqual([]);
  });

  it('computes the rates', () => {
    const t01 = check('T01', GOOD.T01 ?? {}).values;
    expect(t01.T01_06).toBeCloseTo(116 / 120, 12);
    expect(t01.T01_17).toBeCloseTo(4950 / 5200, 12);
    expect(check('T02', GOOD.T02 ?? {}).values.T02_10).toBe(1);
  });

  it('asks dependent questions only when they apply', () => {
    const relevantOf = (code: string) => allIndicators().find((i) => i.code === code)?.relevant ?? '';
    expect(run(relevantOf('T01_51'), { T01_50: 0 })).toBe(false);
    expect(run(relevantOf('T01_57'), { T01_56: 'qualified' })).toBe(true);
    expect(run(relevantOf('T01_57'), { T01_56: 'unqualified' })).toBe(false);
    expect(run(relevantOf('T02_25'), { T02_24: false })).toBe(false);
  });

  it.each(MISTAKES)('%s %o raises %o', (taskCode, change, expected) => {
    expect(check(taskCode, { ...GOOD[taskCode], ...change }).failed).toEqual(expected);
  });

  it('has a seeded mistake for every rule in the template', () => {
    const all = template.tasks.flatMap((t) => [
      ...t.rules.map((r) => r.id),
      ...taskIndicators(t).flatMap((i) => i.rules.map((r) => r.id)),
    ]);
    expect(new Set(MISTAKES.flatMap(([, , ids]) => ids))).toEqual(new Set(all));
  });
});
