import { describe, expect, it } from 'vitest';
import {
  evaluate,
  identifiersOf,
  inferType,
  parseExpression,
  placeholdersOf,
  type Ast,
  type StaticType,
  type Value,
} from '../../shared/domain/expr/index.ts';
import {
  INDICATOR_TYPES,
  taskIndicators,
  templateSchema,
  type Indicator,
  type Rule,
  type Template,
} from '../../shared/domain/template.ts';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { getBuiltinTemplate, listBuiltinTemplates } from '../../shared/templates/index.ts';

const TASK_NAMES = [
  '打造市域产教联合体',
  '打造行业产教融合共同体',
  '建设开放型区域产教融合实践中心',
  '持续建设职业教育专业教学资源库',
  '建设职业教育信息化标杆学校',
  '建设职业教育示范性虚拟仿真实训基地',
  '开展职业教育一流核心课程建设',
  '开展职业教育优质教材建设',
  '开展职业教育校企合作典型生产实践项目建设',
  '开展具有国际影响的职业教育标准、资源和装备建设',
  '建设具有较高国际化水平的职业学校',
];

type ExprKind = 'relevant' | 'calculate' | 'rule';

/** Every expression in the template with where it came from. */
function expressions(
  t: Template,
): { where: string; source: string; taskCode: string; kind: ExprKind; indicator?: string }[] {
  const out: { where: string; source: string; taskCode: string; kind: ExprKind; indicator?: string }[] = [];
  for (const task of t.tasks) {
    for (const ind of taskIndicators(task)) {
      const base = { taskCode: task.code, indicator: ind.code };
      if (ind.relevant)
        out.push({ ...base, where: `${ind.code}.relevant`, source: ind.relevant, kind: 'relevant' });
      if (ind.calculate) {
        out.push({ ...base, where: `${ind.code}.calculate`, source: ind.calculate, kind: 'calculate' });
      }
      for (const r of ind.rules)
        out.push({ ...base, where: `${ind.code}.${r.id}`, source: r.expr, kind: 'rule' });
    }
    for (const r of task.rules) {
      out.push({ where: `${task.code}.${r.id}`, source: r.expr, taskCode: task.code, kind: 'rule' });
    }
  }
  return out;
}

function parsed(source: string, where = source): Ast {
  const result = parseExpression(source);
  if (!result.ok) throw new Error(`${where}: ${source}: ${result.error.message}`);
  return result.ast;
}

function allRules(t: Template): { rule: Rule; taskCode: string }[] {
  return t.tasks.flatMap((task) => [
    ...task.rules.map((rule) => ({ rule, taskCode: task.code })),
    ...taskIndicators(task).flatMap((i) => i.rules.map((rule) => ({ rule, taskCode: task.code }))),
  ]);
}

function allIndicators(t: Template): Indicator[] {
  return t.tasks.flatMap((task) => taskIndicators(task));
}

const template = templateSchema.parse(keyTasks2023);
const task = (code: string) => {
  const found = template.tasks.find((x) => x.code === code);
  if (!found) throw new Error(`no task ${code}`);
  return found;
};
const indicatorCodes = new Set(allIndicators(template).map((i) => i.code));
const staticTypes = new Map<string, StaticType>(
  allIndicators(template).map((i) => [
    i.code,
    i.type === 'boolean'
      ? 'boolean'
      : i.type === 'text' || i.type === 'date' || i.type === 'choice'
        ? 'text'
        : 'number',
  ]),
);

describe('built-in template keytasks-2023 (教职成厅函〔2023〕20号)', () => {
  it('parses with templateSchema and carries the notice header', () => {
    const result = templateSchema.safeParse(keyTasks2023);
    expect(result.success, result.success ? '' : JSON.stringify(result.error.issues, null, 2)).toBe(true);
    expect(template.id).toBe('keytasks-2023');
    expect(template.version).toBe('2023.1');
    expect(template.name).toBe('现代职业教育体系建设改革重点任务绩效数据');
    expect(template.programme).toBe('现代职业教育体系建设改革重点任务');
    expect(template.issuer).toBe('教职成厅函〔2023〕20号');
    expect(template.years).toEqual([2023, 2024, 2025, 2026, 2027]);
    expect(template.deadline).toBe('12-15');
  });

  it('has grades best first and the two stages', () => {
    expect(template.grades).toEqual([
      { name: '优秀', minScore: 90 },
      { name: '良好', minScore: 75 },
      { name: '合格', minScore: 60 },
      { name: '不合格', minScore: 0 },
    ]);
    expect(template.stages).toEqual([
      { code: 'self', name: '单位自评', deadline: '12-15' },
      { code: 'province', name: '省级考核评价' },
    ]);
  });

  it('lists the 11 key tasks with the notice names in the notice order', () => {
    expect(template.tasks.map((t) => t.name)).toEqual(TASK_NAMES);
    expect(template.tasks.map((t) => t.code)).toEqual(
      TASK_NAMES.map((_, i) => `T${String(i + 1).padStart(2, '0')}`),
    );
    expect(template.tasks.map((t) => t.no)).toEqual(TASK_NAMES.map((_, i) => i + 1));
    for (const t of template.tasks) expect(t.description.length, t.code).toBeGreaterThan(50);
  });

  it('gives every task 2–4 groups, at least 8 indicators and at least 2 rules', () => {
    for (const t of template.tasks) {
      expect(t.groups.length, t.code).toBeGreaterThanOrEqual(2);
      expect(t.groups.length, t.code).toBeLessThanOrEqual(4);
      expect(taskIndicators(t).length, t.code).toBeGreaterThanOrEqual(8);
      expect(t.rules.length, t.code).toBeGreaterThanOrEqual(2);
    }
  });

  it('uses unique codes: indicators follow Txx_nn of their task and no code is reused anywhere', () => {
    const seen = new Set<string>();
    const add = (code: string) => {
      expect(seen.has(code), `duplicate code ${code}`).toBe(false);
      seen.add(code);
    };
    for (const t of template.tasks) {
      add(t.code);
      for (const g of t.groups) add(g.code);
      taskIndicators(t).forEach((ind, i) => {
        expect(ind.code).toBe(`${t.code}_${String(i + 1).padStart(2, '0')}`);
        add(ind.code);
      });
    }
    for (const { rule } of allRules(template)) add(rule.id);
    for (const s of template.outline) add(s.code);
  });

  it('parses every expression and references only real indicator codes of the same task', () => {
    const exprs = expressions(template);
    expect(exprs.length).toBeGreaterThan(40);
    for (const { where, source, taskCode } of exprs) {
      const ast = parsed(source, where);
      const ids = identifiersOf(ast);
      expect(ids.length, `${where}: ${source}`).toBeGreaterThan(0);
      for (const id of ids) {
        expect(indicatorCodes.has(id), `${where}: unknown identifier ${id} in ${source}`).toBe(true);
        expect(id.startsWith(`${taskCode}_`), `${where}: ${id} belongs to another task`).toBe(true);
      }
    }
  });

  it('type-checks every expression: rules and relevance are boolean, calculations numeric', () => {
    const typeOf = (code: string) => staticTypes.get(code);
    for (const { where, source, kind, indicator } of expressions(template)) {
      const result = inferType(parsed(source, where), typeOf);
      expect(result.ok, `${where}: ${source} ${result.ok ? '' : result.error.message}`).toBe(true);
      if (!result.ok) continue;
      if (kind === 'calculate') {
        expect(staticTypes.get(indicator ?? ''), where).toBe('number');
        expect(result.type, where).toBe('number');
      } else {
        expect(result.type, `${where}: ${source}`).toBe('boolean');
      }
    }
  });

  it('only uses {CODE} placeholders that name real indicators of the same task', () => {
    for (const { rule, taskCode } of allRules(template)) {
      // Any brace pair must be a well-formed placeholder, or it would be shown to users as written.
      expect(rule.message.match(/\{[^}]*\}/g) ?? [], rule.id).toHaveLength(
        placeholdersOf(rule.message).length,
      );
      for (const code of placeholdersOf(rule.message)) {
        expect(indicatorCodes.has(code), `${rule.id}: {${code}}`).toBe(true);
        expect(code.startsWith(`${taskCode}_`), `${rule.id}: {${code}}`).toBe(true);
      }
    }
  });

  it('has cross-field rules with ids Rxx_n and real logic in both severities', () => {
    for (const t of template.tasks) {
      t.rules.forEach((r, i) => expect(r.id).toBe(`R${t.code.slice(1)}_${i + 1}`));
    }
    const severities = new Set(allRules(template).map(({ rule }) => rule.severity));
    expect(severities).toEqual(new Set(['error', 'warning']));
    const t01 = task('T01');
    expect(t01.rules.find((r) => r.expr === 'T01_02 <= T01_01')?.message).toBe(
      '其中成员企业数（{T01_02}家）不能超过成员单位总数（{T01_01}家）',
    );
  });

  it('quotes the national 2025 targets with their numbers', () => {
    const values = (code: string) => task(code).nationalTargets.map((n) => n.value);
    expect(values('T03')).toEqual([300]);
    expect(values('T04')).toContain(1000);
    expect(task('T04').nationalTargets.some((n) => n.text.includes('全国性资源库'))).toBe(true);
    expect(values('T05')).toEqual([300, 1000]);
    expect(values('T06')).toEqual([200, 1000]);
    expect(values('T07')).toEqual([1000]);
    expect(values('T08')).toEqual([2000]);
    expect(task('T08').nationalTargets[0]?.unit).toBe('种');
    expect(values('T09')).toEqual([200]);
    expect(values('T10')).toEqual([30, 100, 20]);
    expect(task('T10').nationalTargets.map((n) => n.text)).toEqual([
      '30个左右职业教育标准',
      '100个左右优质教学资源',
      '20个左右专业仪器设备装备',
    ]);
    expect(values('T11')).toEqual([300]);
    // 市域产教联合体 and 行业产教融合共同体 have no numeric national target in the notice.
    expect(values('T01')).toEqual([undefined]);
    expect(task('T01').nationalTargets[0]?.text).toContain(
      '第二批国家级市域产教联合体原则上从省级市域产教联合体中择优产生',
    );
    expect(values('T02')).toEqual([undefined]);
    expect(task('T02').nationalTargets[0]?.text).toContain('5个领域进行首批布局');
    for (const t of template.tasks) {
      for (const n of t.nationalTargets) {
        expect(n.year).toBe(2025);
        if (n.value !== undefined) expect(n.text, t.code).toContain(String(n.value));
      }
    }
  });

  it('sets levels and sub-types as the notice names them', () => {
    expect(task('T02').levels).toEqual(['全国性', '区域性']);
    expect(task('T03').levels).toEqual(['全国性', '省级', '市级']);
    expect(task('T04').levels).toEqual(['全国性', '区域性', '校级']);
    expect(task('T03').subTypes).toEqual(['学校实践中心', '企业实践中心', '公共实践中心']);
    expect(task('T10').subTypes).toEqual(['标准', '教学资源', '装备']);
    for (const t of template.tasks.filter((x) => !['T03', 'T10'].includes(x.code))) {
      expect(t.subTypes, t.code).toEqual([]);
    }
  });

  it('types indicators consistently', () => {
    const inds = allIndicators(template);
    expect(new Set(inds.map((i) => i.type))).toEqual(new Set(INDICATOR_TYPES));
    for (const i of inds) {
      expect(i.label.trim(), i.code).not.toBe('');
      if (i.type === 'integer') expect(i.min, i.code).toBe(0);
      if (i.type === 'money') {
        expect(i.unit, i.code).toBe('万元');
        expect(i.decimals, i.code).toBe(2);
      }
      if (i.type === 'percent') {
        expect([i.unit, i.min, i.max, i.decimals], i.code).toEqual(['%', 0, 1, 2]);
      }
      if (i.type === 'choice') {
        // A choice indicator names a list that exists and offers at least two answers.
        expect(
          template.choiceLists[i.choices ?? '']?.length ?? 0,
          `${i.code} → ${i.choices}`,
        ).toBeGreaterThanOrEqual(2);
      } else {
        expect(i.choices, i.code).toBeUndefined();
      }
      if (i.calculate) {
        expect(i.required, `${i.code} is calculated, so not required`).toBe(false);
        expect(i.evidenceRequired, i.code).toBe(false);
      }
      if (i.min !== undefined && i.max !== undefined) expect(i.min).toBeLessThan(i.max);
    }
    const usedLists = new Set(inds.map((i) => i.choices).filter(Boolean));
    expect(usedLists).toEqual(new Set(Object.keys(template.choiceLists)));
    for (const [name, list] of Object.entries(template.choiceLists)) {
      expect(new Set(list.map((c) => c.code)).size, name).toBe(list.length);
    }
    expect(inds.filter((i) => i.calculate).length).toBeGreaterThanOrEqual(1);
    expect(inds.filter((i) => i.relevant).length).toBeGreaterThanOrEqual(1);
    expect(inds.filter((i) => i.rules.length > 0).length).toBeGreaterThanOrEqual(1);
    expect(inds.filter((i) => i.evidenceRequired).length).toBeGreaterThanOrEqual(11);
    expect(inds.filter((i) => i.yoyThreshold !== undefined).length).toBeGreaterThanOrEqual(11);
    const t01 = task('T01');
    expect(taskIndicators(t01).find((i) => i.code === 'T01_05')).toMatchObject({
      type: 'percent',
      calculate: 'ratio(T01_02, T01_01)',
    });
    const t11 = taskIndicators(task('T11'));
    expect(t11.find((i) => i.label === '境外办学项目所在国家（地区）数')?.relevant).toBe('T11_06 > 0');
  });

  it('choice comparisons in expressions use codes that exist in the indicator’s list', () => {
    const byCode = new Map(allIndicators(template).map((i) => [i.code, i]));
    for (const { where, source } of expressions(template)) {
      for (const m of source.matchAll(/([A-Za-z][A-Za-z0-9_]*)\s*(?:=|!=|<>)\s*'([^']*)'/g)) {
        const ind = byCode.get(m[1] as string);
        expect(ind?.type, where).toBe('choice');
        const list = template.choiceLists[ind?.choices ?? ''] ?? [];
        expect(
          list.map((c) => c.code),
          where,
        ).toContain(m[2]);
      }
    }
  });

  it('has the annual report outline 建设进展 / 主要成效 / 典型经验 / 存在问题 / 下一步计划', () => {
    expect(template.outline.map((s) => s.title)).toEqual([
      '建设进展',
      '主要成效',
      '典型经验',
      '存在问题',
      '下一步计划',
    ]);
    expect(template.outline.map((s) => s.code)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(template.outline.map((s) => s.maxChars)).toEqual([3000, 3000, 2000, 1500, 1500]);
    for (const s of template.outline) {
      expect(s.guidance.length, s.code).toBeGreaterThan(20);
      if (s.minChars !== undefined && s.maxChars !== undefined) expect(s.minChars).toBeLessThan(s.maxChars);
    }
  });

  it('has a funding table in 万元 and a scoring scheme whose weights sum to 1', () => {
    expect(template.funding?.unit).toBe('万元');
    expect(template.funding?.sources.map((s) => s.code)).toEqual([
      'CENTRAL',
      'LOCAL',
      'SPONSOR',
      'ENTERPRISE',
      'SELF',
    ]);
    expect(template.funding?.sources.map((s) => s.name)).toEqual([
      '中央财政资金',
      '地方财政资金',
      '举办方投入',
      '行业企业投入',
      '学校自筹',
    ]);
    const scoring = template.scoring;
    expect(scoring).toBeDefined();
    for (const part of scoring?.parts ?? []) {
      expect(
        part.dimensions.reduce((a, d) => a + d.weight, 0),
        part.code,
      ).toBe(1);
    }
    const partCodes = new Set(scoring?.parts.map((p) => p.code));
    for (const c of scoring?.combinations ?? []) {
      expect(
        c.slots.reduce((a, s) => a + s.weight, 0),
        c.code,
      ).toBe(1);
      for (const s of c.slots) expect(partCodes.has(s.part), `${c.code}.${s.slot}`).toBe(true);
    }
  });
});

describe('built-in template registry', () => {
  it('lists and finds the built-in templates, parsed once', () => {
    const list = listBuiltinTemplates();
    expect(list.map((t) => t.id)).toEqual(['keytasks-2023', 'shuanggao-2024']);
    const t = getBuiltinTemplate('keytasks-2023');
    expect(t).toEqual(template);
    expect(getBuiltinTemplate('keytasks-2023')).toBe(t);
    expect(listBuiltinTemplates()[0]).toBe(t);
    expect(getBuiltinTemplate('nope')).toBeUndefined();
  });

  it('protects the cached template from callers', () => {
    const t = getBuiltinTemplate('keytasks-2023');
    expect(t && Object.isFrozen(t.tasks[0]?.groups[0]?.indicators[0])).toBe(true);
    listBuiltinTemplates().pop();
    expect(listBuiltinTemplates()).toHaveLength(2);
    const copy = structuredClone(t);
    copy!.tasks[0]!.name = '改';
    expect(getBuiltinTemplate('keytasks-2023')?.tasks[0]?.name).toBe('打造市域产教联合体');
  });
});

// ---------------------------------------------------------------------------------------------
// A plausible filled-in year for every task: no rule may fire on it, and each seeded mistake must
// fire exactly the rule written for it.

type Values = Record<string, Value>;

const GOOD: Record<string, Values> = {
  T01: {
    T01_01: 120,
    T01_02: 85,
    T01_03: 40,
    T01_04: 12,
    T01_06: true,
    T01_07: 'council',
    T01_09: '2023-06-18',
    T01_10: 6,
    T01_11: 15,
    T01_12: 320,
    T01_13: 450,
    T01_14: 2600,
    T01_15: 0.62,
    T01_16: 48,
    T01_17: 356.5,
    T01_18: 5200,
  },
  T02: {
    T02_01: 'rail',
    T02_03: 86,
    T02_04: 45,
    T02_05: 32,
    T02_06: 6,
    T02_07: 3,
    T02_08: 21,
    T02_09: true,
    T02_10: 4,
    T02_11: 12,
    T02_12: 8,
    T02_13: 5,
    T02_14: 2,
    T02_15: 1800,
    T02_16: 650,
    T02_17: 15,
    T02_18: 820,
  },
  T03: {
    T03_01: 12500.5,
    T03_02: 6800,
    T03_03: 600,
    T03_04: 85,
    T03_05: 30,
    T03_06: 1500,
    T03_07: 600,
    T03_09: 480000,
    T03_10: 12,
    T03_11: 9000,
    T03_12: 260,
    T03_13: 18,
    T03_14: 420,
    T03_15: 35,
    T03_16: 280,
    T03_17: 9,
  },
  T04: {
    T04_01: '智能制造装备技术',
    T04_02: '460104',
    T04_03: 'higher',
    T04_04: 18,
    T04_05: 12,
    T04_06: 8,
    T04_07: 8,
    T04_09: 20,
    T04_10: 15000,
    T04_11: 850.25,
    T04_12: true,
    T04_13: 0.15,
    T04_14: 'national',
    T04_15: 42000,
    T04_16: 9000,
    T04_17: 160,
    T04_18: 1250000,
  },
  T05: {
    T05_01: true,
    T05_02: true,
    T05_03: '2024-03-01',
    T05_04: 10000,
    T05_05: 40,
    T05_06: 36,
    T05_08: 'implemented',
    T05_09: 25,
    T05_10: 120,
    T05_11: 900,
    T05_12: 1200,
    T05_13: 800,
    T05_14: true,
    T05_15: 0,
  },
  T06: {
    T06_01: 6,
    T06_02: 1800,
    T06_03: 420,
    T06_04: 300,
    T06_05: 28,
    T06_06: 60,
    T06_07: 35,
    T06_08: 20,
    T06_09: 18,
    T06_10: 12,
    T06_11: 150000,
    T06_12: 3000,
    T06_13: 15,
    T06_14: 900,
  },
  T07: {
    T07_01: '数控机床装调与维修',
    T07_02: '460103',
    T07_03: true,
    T07_04: 'blended',
    T07_05: 'national',
    T07_06: 64,
    T07_07: 8,
    T07_08: 3,
    T07_09: 12,
    T07_10: 16,
    T07_11: 240,
    T07_12: 2,
    T07_13: 1800,
    T07_14: 0.93,
    T07_15: 26,
  },
  T08: {
    T08_01: '工业机器人现场编程',
    T08_02: '9787111234567',
    T08_03: true,
    T08_04: 'newForm',
    T08_05: 'manufacturing',
    T08_06: '2023-08-01',
    T08_07: 9,
    T08_08: 4,
    T08_09: 180,
    T08_10: 6,
    T08_11: 85,
    T08_12: 24000,
    T08_13: 2,
  },
  T09: {
    T09_01: '新能源汽车动力电池包装配与检测',
    T09_02: '某新能源汽车股份有限公司',
    T09_03: 3,
    T09_04: 4,
    T09_05: true,
    T09_06: 12,
    T09_07: 5,
    T09_08: 9,
    T09_09: 6,
    T09_10: 160,
    T09_11: 8,
    T09_12: 1920,
    T09_13: 5,
    T09_14: 40,
  },
  T10: {
    T10_01: '智能制造专业国际化教学标准',
    T10_02: 'standard',
    T10_03: '某职业技术学院',
    T10_04: 3,
    T10_05: 2,
    T10_06: '2024-05-10',
    T10_07: 6,
    T10_08: 11,
    T10_09: 2,
    T10_10: 800,
    T10_12: 35,
  },
  T11: {
    T11_01: 4,
    T11_02: 6,
    T11_03: 2,
    T11_04: 260,
    T11_05: 900,
    T11_06: 3,
    T11_07: 3,
    T11_08: 1,
    T11_09: 420,
    T11_10: 12,
    T11_11: 45,
    T11_12: 30,
    T11_13: '丝路工匠学院',
    T11_14: 5,
  },
};

/** [task, changes to its GOOD sample, rule ids that must fail — and only those]. */
const MISTAKES: [string, Values, string[]][] = [
  ['T01', { T01_02: 130 }, ['R01_1', 'R01_3']],
  ['T01', { T01_03: 90 }, ['R01_2']],
  ['T01', { T01_04: 40 }, ['R01_3']],
  ['T01', { T01_17: 0 }, ['R01_4']],
  ['T01', { T01_16: 0 }, ['R01_5']],
  ['T01', { T01_15: 0.05 }, ['F01_1']],
  ['T02', { T02_04: 50 }, ['R02_1']],
  ['T02', { T02_08: 1 }, ['R02_2']],
  ['T02', { T02_18: 0 }, ['R02_3']],
  ['T02', { T02_05: 0 }, ['R02_4']],
  ['T03', { T03_05: 90 }, ['R03_1']],
  ['T03', { T03_07: 2000 }, ['R03_2']],
  ['T03', { T03_16: 0 }, ['R03_3']],
  ['T03', { T03_09: 600 * 5840 + 1 }, ['R03_4']],
  ['T04', { T04_02: '46010' }, ['F04_1']],
  ['T04', { T04_13: 0.05 }, ['F04_2']],
  ['T04', { T04_07: 9 }, ['R04_1']],
  ['T04', { T04_16: 50000 }, ['R04_2']],
  ['T04', { T04_06: 30, T04_07: 25 }, ['R04_3']],
  ['T04', { T04_11: 0 }, ['R04_4']],
  ['T05', { T05_06: 41 }, ['R05_1']],
  ['T05', { T05_13: 1300 }, ['R05_2']],
  ['T05', { T05_06: 0 }, ['R05_3']],
  ['T06', { T06_07: 61 }, ['R06_1']],
  ['T06', { T06_08: 61 }, ['R06_2']],
  ['T06', { T06_11: 300 * 5840 + 1 }, ['R06_3']],
  ['T07', { T07_02: '4601031' }, ['F07_1']],
  ['T07', { T07_14: 0.3 }, ['F07_2']],
  ['T07', { T07_08: 9 }, ['R07_1']],
  ['T07', { T07_13: 0 }, ['R07_2']],
  ['T07', { T07_15: 0 }, ['R07_3']],
  ['T08', { T08_02: '978-7-111-2345' }, ['F08_1']],
  ['T08', { T08_08: 10 }, ['R08_1']],
  ['T08', { T08_12: 50 }, ['R08_2']],
  ['T08', { T08_07: 0, T08_08: 0 }, ['R08_3']],
  ['T09', { T09_07: 13 }, ['R09_1']],
  ['T09', { T09_03: 0 }, ['R09_2']],
  ['T09', { T09_11: 0 }, ['R09_3']],
  ['T10', { T10_08: 5, T10_09: 2 }, ['R10_1']],
  ['T10', { T10_09: 12 }, ['R10_2']],
  ['T10', { T10_07: 0, T10_08: 0, T10_09: 0 }, ['R10_3']],
  ['T11', { T11_07: 4 }, ['R11_1']],
  ['T11', { T11_09: 0 }, ['R11_2']],
  ['T11', { T11_08: 4 }, ['R11_3']],
];

function run(expr: string, values: Values): Value {
  const result = evaluate(parsed(expr), (code) => values[code] ?? null);
  if (!result.ok) throw new Error(`${expr}: ${result.error.message}`);
  return result.value;
}

/** Fills calculated indicators, then returns the ids of rules that failed and those skipped (blank). */
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
    else expect(v, rule.id).toBe(true);
  }
  return { values, failed, skipped };
}

describe('keytasks-2023 rules on filled-in data', () => {
  it('has sample data for every task that fills every non-calculated, relevant indicator', () => {
    for (const t of template.tasks) {
      const sample = GOOD[t.code] ?? {};
      for (const key of Object.keys(sample)) expect(indicatorCodes.has(key), key).toBe(true);
      for (const ind of taskIndicators(t)) {
        if (ind.calculate) continue;
        const relevant = !ind.relevant || run(ind.relevant, sample) === true;
        expect(ind.code in sample, `${ind.code} ${ind.label}`).toBe(relevant);
      }
    }
  });

  it('raises no rule on plausible data and evaluates every rule (none skipped)', () => {
    for (const t of template.tasks) {
      const { failed, skipped } = check(t.code, GOOD[t.code] ?? {});
      expect(failed, t.code).toEqual([]);
      expect(skipped, t.code).toEqual([]);
    }
  });

  it('raises no cross-field rule on an empty form (blank operands skip rules)', () => {
    for (const t of template.tasks) {
      const { failed } = check(t.code, {});
      expect(failed, t.code).toEqual([]);
    }
  });

  it('computes the calculated rates', () => {
    expect(check('T01', GOOD.T01 ?? {}).values.T01_05).toBeCloseTo(85 / 120, 12);
    expect(check('T03', GOOD.T03 ?? {}).values.T03_08).toBe(0.4);
    expect(check('T04', GOOD.T04 ?? {}).values.T04_08).toBe(1);
    expect(check('T05', GOOD.T05 ?? {}).values.T05_07).toBe(0.9);
    // Division by zero leaves the rate blank instead of failing.
    expect(check('T01', { T01_01: 0, T01_02: 0 }).values.T01_05).toBeNull();
  });

  it('asks dependent questions only when they apply', () => {
    const relevantOf = (code: string) => allIndicators(template).find((i) => i.code === code)?.relevant ?? '';
    expect(run(relevantOf('T01_08'), { T01_07: 'other' })).toBe(true);
    expect(run(relevantOf('T01_08'), { T01_07: 'board' })).toBe(false);
    expect(run(relevantOf('T02_02'), { T02_01: 'other' })).toBe(true);
    expect(run(relevantOf('T05_03'), { T05_02: false })).toBe(false);
    expect(run(relevantOf('T07_05'), { T07_04: 'offline' })).toBe(false);
    expect(run(relevantOf('T07_05'), { T07_04: 'online' })).toBe(true);
    expect(run(relevantOf('T10_11'), { T10_02: 'equipment' })).toBe(true);
    expect(run(relevantOf('T10_11'), { T10_02: 'standard' })).toBe(false);
    expect(run(relevantOf('T11_07'), { T11_06: 0 })).toBe(false);
    expect(run(relevantOf('T11_07'), { T11_06: 2 })).toBe(true);
  });

  it.each(MISTAKES)('%s %o raises %o', (taskCode, change, expected) => {
    const { failed } = check(taskCode, { ...GOOD[taskCode], ...change });
    expect(failed).toEqual(expected);
  });

  it('has a seeded mistake for every rule in the template', () => {
    const covered = new Set(MISTAKES.flatMap(([, , ids]) => ids));
    expect(covered).toEqual(new Set(allRules(template).map(({ rule }) => rule.id)));
  });
});
