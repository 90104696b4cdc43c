import { describe, expect, it } from 'vitest';
import { field } from '../../shared/domain/fields.ts';
import {
  findCombination,
  scoreReview,
  scoreSlots,
  scoreStage,
  type ScoreValues,
  type StageInput,
} from '../../shared/domain/scoring-engine.ts';
import { templateSchema, type Template } from '../../shared/domain/template.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { shuangGao2024 } from '../../shared/templates/shuanggao-2024.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');
const shuanggao = templateSchema.parse(shuangGao2024);
const keytasks = templateSchema.parse(keyTasks2023);

const SCHOOL = [90, 85, 80, 95, 88, 92, 78, 86, 84, 90]; // → 86.80
const CLUSTER_A = [80, 82, 84, 86, 88, 90, 92, 94, 96]; // → 88.00
const CLUSTER_B = [70, 75, 80, 85, 90, 72, 68, 77, 83]; // → 77.78

function dims(template: Template, part: string): string[] {
  return template.scoring!.parts.find((p) => p.code === part)!.dimensions.map((d) => d.code);
}

/** `score:<slot>:<dimension>` fields of one slot from a list in dimension order. */
function slotValues(template: Template, slot: string, part: string, list: readonly number[]): ScoreValues {
  return Object.fromEntries(dims(template, part).map((d, i) => [field.score(slot, d), list[i]]));
}

function uniform(template: Template, slots: [string, string][], score: number): ScoreValues {
  return Object.assign(
    {},
    ...slots.map(([slot, part]) => slotValues(template, slot, part, Array(20).fill(score) as number[])),
  ) as ScoreValues;
}

const SCHOOL_SLOTS: [string, string][] = [
  ['school', 'school'],
  ['clusterA', 'cluster'],
  ['clusterB', 'cluster'],
];
const GROUP_SLOTS: [string, string][] = [
  ['school', 'school'],
  ['cluster', 'cluster'],
];

const schoolUnit: ScoreValues = {
  ...slotValues(shuanggao, 'school', 'school', SCHOOL),
  ...slotValues(shuanggao, 'clusterA', 'cluster', CLUSTER_A),
  ...slotValues(shuanggao, 'clusterB', 'cluster', CLUSTER_B),
};
const groupUnit: ScoreValues = {
  ...slotValues(shuanggao, 'school', 'school', SCHOOL),
  ...slotValues(shuanggao, 'cluster', 'cluster', CLUSTER_B),
};

describe('scoreSlots: the scored instances of a combination', () => {
  it('gives 高水平学校 three tables: 学校层面 and the 专业群层面 part twice', () => {
    const slots = scoreSlots(shuanggao, 'school');
    expect(slots.map((s) => [s.slot, s.part, s.label, s.weight])).toEqual([
      ['school', 'school', '学校层面', 0.5],
      ['clusterA', 'cluster', '专业群A', 0.25],
      ['clusterB', 'cluster', '专业群B', 0.25],
    ]);
    expect(slots[0]?.dimensions).toHaveLength(10);
    expect(slots[2]?.dimensions.map((d) => d.field)).toContain('score:clusterB:sustain');
    expect(slots[1]?.dimensions[0]).toMatchObject({
      code: 'model',
      name: '人才培养模式',
      field: 'score:clusterA:model',
      maxScore: 100,
    });
  });

  it('keeps the 自评 tab’s fields where slot and part share a code', () => {
    expect(scoreSlots(shuanggao, 'group').map((s) => s.dimensions[0]?.field)).toEqual([
      'score:school:party',
      'score:cluster:model',
    ]);
    expect(scoreSlots(keytasks, 'std')[0]?.dimensions.map((d) => d.field)).toEqual([
      field.score('unit', 'targets'),
      field.score('unit', 'tasks'),
      field.score('unit', 'funding'),
      field.score('unit', 'quality'),
    ]);
    expect(scoreSlots(shuanggao, 'nope')).toEqual([]);
    expect(findCombination(shuanggao, 'group')?.name).toBe('高水平专业群建设单位');
  });
});

describe('scoreReview: weighted combinations with hand-computed numbers', () => {
  it('高水平学校建设单位: 86.80 × 50% + 88.00 × 25% + 77.78 × 25% = 84.85 良', () => {
    const r = scoreReview(shuanggao, {
      combination: 'school',
      stages: [{ stage: 'province', values: schoolUnit, gradedOn: '2024-04-01' }],
    });
    expect(r.issues).toEqual([]);
    const province = r.stages.find((s) => s.stage === 'province')!;
    expect(province.slots.map((s) => [s.slot, s.score])).toEqual([
      ['school', 86.8],
      ['clusterA', 88],
      ['clusterB', 77.78],
    ]);
    expect(province.score).toBe(84.85);
    expect(province.grade?.name).toBe('良');
    expect(province.complete).toBe(true);
    expect(province.completed).toBe(true);
    expect(r.final).toEqual({
      stage: 'province',
      name: '省级评价',
      score: 84.85,
      grade: expect.objectContaining({ name: '良', minScore: 75 }),
      gradedOn: '2024-04-01',
    });
  });

  it('高水平专业群建设单位: 86.80 × 30% + 77.78 × 70% = 80.49 良', () => {
    const r = scoreReview(shuanggao, {
      combination: 'group',
      stages: [{ stage: 'self', values: groupUnit, gradedOn: '2024-02-26' }],
    });
    expect(r.issues).toEqual([]);
    expect(r.stages[0]?.slots.map((s) => s.score)).toEqual([86.8, 77.78]);
    expect(r.stages[0]?.score).toBe(80.49);
    expect(r.final?.grade.name).toBe('良');
  });

  it('the same cluster scores weigh differently in the two combinations', () => {
    // School 60 everywhere, clusters 100: 高水平学校 60×0.5 + 100×0.5 = 80; 高水平专业群 60×0.3 + 100×0.7 = 88.
    const values = {
      ...uniform(shuanggao, [['school', 'school']], 60),
      ...uniform(
        shuanggao,
        [
          ['clusterA', 'cluster'],
          ['clusterB', 'cluster'],
          ['cluster', 'cluster'],
        ],
        100,
      ),
    };
    const score = (combination: string) =>
      scoreReview(shuanggao, { combination, stages: [{ stage: 'self', values }] }).stages[0]?.score;
    expect(score('school')).toBe(80);
    expect(score('group')).toBe(88);
  });

  it('keytasks-2023 goes through the same engine: 0.3×92 + 0.2×88 + 0.2×80 + 0.3×95 = 89.70 良好', () => {
    const values = {
      [field.score('unit', 'targets')]: 92,
      [field.score('unit', 'tasks')]: 88,
      [field.score('unit', 'funding')]: 80,
      [field.score('unit', 'quality')]: 95,
    };
    const r = scoreReview(keytasks, {
      combination: 'std',
      stages: [{ stage: 'self', values, gradedOn: '2023-12-15' }],
    });
    expect(r.stages.map((s) => s.name)).toEqual(['单位自评', '省级考核评价']);
    expect(r.stages[0]?.score).toBe(89.7);
    expect(r.final?.grade.name).toBe('良好');
  });
});

describe('grade edges through the engine', () => {
  const edges: [number, string][] = [
    [90, '优'],
    [89.99, '良'],
    [75, '良'],
    [74.99, '中'],
    [60, '中'],
    [59.99, '差'],
    [100, '优'],
    [0, '差'],
  ];
  it.each(edges)('every dimension %s → %s in both combinations', (score, grade) => {
    for (const [combination, slots] of [
      ['school', SCHOOL_SLOTS],
      ['group', GROUP_SLOTS],
    ] as const) {
      const r = scoreReview(shuanggao, {
        combination,
        stages: [{ stage: 'self', values: uniform(shuanggao, [...slots], score) }],
      });
      expect(r.stages[0]?.score, combination).toBe(score);
      expect(r.stages[0]?.grade?.name, combination).toBe(grade);
    }
  });

  it('89.995 rounds to 90.00 (优秀) and 89.994 to 89.99 (良好)', () => {
    const keytasksValues = (funding: number) => ({
      [field.score('unit', 'targets')]: 90,
      [field.score('unit', 'tasks')]: 90,
      [field.score('unit', 'funding')]: funding,
      [field.score('unit', 'quality')]: 90,
    });
    // 0.3×90 + 0.2×90 + 0.2×89.975 + 0.3×90 = 89.995
    const at = scoreStage(keytasks, 'std', { stage: 'province', values: keytasksValues(89.975) });
    expect(at.score).toBe(90);
    expect(at.grade?.name).toBe('优秀');
    // … + 0.2×89.97 = 89.994
    const below = scoreStage(keytasks, 'std', { stage: 'province', values: keytasksValues(89.97) });
    expect(below.score).toBe(89.99);
    expect(below.grade?.name).toBe('良好');
  });
});

describe('missing and invalid scores are reported where they are', () => {
  it('names the stage, the slot and the dimension of every missing score', () => {
    const values: Record<string, unknown> = {
      ...slotValues(shuanggao, 'school', 'school', SCHOOL),
      ...slotValues(shuanggao, 'clusterA', 'cluster', CLUSTER_A),
    };
    delete values['score:clusterA:courses'];
    const r = scoreReview(shuanggao, {
      combination: 'school',
      stages: [{ stage: 'province', values, gradedOn: '2024-04-01' }],
    });
    const province = r.stages.find((s) => s.stage === 'province')!;
    expect(province.slots.map((s) => [s.slot, s.score, s.missing.length])).toEqual([
      ['school', 86.8, 0],
      ['clusterA', null, 1],
      ['clusterB', null, 9],
    ]);
    expect(province.slots[1]?.missing).toEqual(['courses']);
    expect(province.score).toBeNull();
    expect(province.grade).toBeNull();
    expect(province.complete).toBe(false);
    expect(province.completed).toBe(false);
    expect(r.final).toBeNull();
    expect(province.issues).toHaveLength(10);
    expect(province.issues[0]).toMatchObject({
      field: 'score:clusterA:courses',
      stage: 'province',
      severity: 'error',
    });
    expect(zh.format(province.issues[0]!.message)).toBe('省级评价：专业群A“课程教学资源”尚未评分');
    expect(en.format(province.issues[0]!.message)).toBe('省级评价: 专业群A “课程教学资源” has no score yet');
    expect(zh.format(province.issues[9]!.message)).toBe('省级评价：专业群B“可持续发展保障机制”尚未评分');
    expect(r.issues).toEqual(province.issues);
  });

  it('reports text and out-of-range scores and leaves them out of the total', () => {
    const values = {
      ...groupUnit,
      'score:school:party': '九十',
      'score:cluster:global': 101,
      'score:cluster:sustain': -1,
    };
    const s = scoreStage(shuanggao, 'group', { stage: 'self', values });
    expect(s.issues.map((i) => [i.field, zh.format(i.message)])).toEqual([
      ['score:school:party', '建设单位总结自评：学校层面“党的建设和思想政治工作”的得分“九十”不是数字'],
      ['score:cluster:global', '建设单位总结自评：专业群“国际交流与合作”的得分 101 超出范围（0–100）'],
      ['score:cluster:sustain', '建设单位总结自评：专业群“可持续发展保障机制”的得分 -1 超出范围（0–100）'],
    ]);
    expect(s.slots.map((x) => x.missing)).toEqual([['party'], ['global', 'sustain']]);
    expect(s.score).toBeNull();
  });

  it('accepts the edges 0 and maxScore, and says nothing about a stage not begun', () => {
    const s = scoreStage(shuanggao, 'group', { stage: 'self', values: uniform(shuanggao, GROUP_SLOTS, 0) });
    expect(s.issues).toEqual([]);
    expect(s.score).toBe(0);
    const empty = scoreStage(shuanggao, 'group', { stage: 'ministry', values: { 'score:school:party': '' } });
    expect(empty.started).toBe(false);
    expect(empty.issues).toEqual([]);
    // Dated but empty: the reviewer meant to finish it, so every missing score is listed.
    const dated = scoreStage(shuanggao, 'group', { stage: 'ministry', values: {}, gradedOn: '2024-05-10' });
    expect(dated.issues).toHaveLength(19);
  });

  it('reports unknown combinations and stages, repeated stages, bad dates and templates without scoring', () => {
    const bad = scoreReview(shuanggao, { combination: 'nope', stages: [] });
    expect(bad.stages).toEqual([]);
    expect(bad.issues.map((i) => zh.format(i.message))).toEqual([
      '模板中没有评分组合“nope”，可用的组合：school、group',
    ]);
    const r = scoreReview(shuanggao, {
      combination: 'group',
      stages: [
        { stage: 'audit', values: groupUnit },
        { stage: 'self', values: groupUnit, gradedOn: '2024-02-30' },
        { stage: 'self', values: {} },
      ],
    });
    expect(r.issues.map((i) => zh.format(i.message))).toEqual([
      '模板中没有评价阶段“audit”，可用的阶段：self、province、ministry',
      '“建设单位总结自评”的评分提供了不止一份，只采用第一份',
      '建设单位总结自评：评定日期“2024-02-30”不是有效日期，应写作 YYYY-MM-DD',
    ]);
    expect(r.stages[0]?.score).toBe(80.49);
    expect(r.stages[0]?.completed).toBe(false);
    const { scoring: _omit, ...rest } = structuredClone(keytasks);
    const none = scoreReview(rest as Template, { combination: 'std', stages: [] });
    expect(none.issues.map((i) => zh.format(i.message))).toEqual([
      '模板“现代职业教育体系建设改革重点任务绩效数据”没有评分方案',
    ]);
  });
});

describe('stages are kept side by side; the final result is the latest completed stage’s', () => {
  const self: StageInput = {
    stage: 'self',
    values: uniform(shuanggao, SCHOOL_SLOTS, 95),
    gradedOn: '2024-02-27',
  };
  const province: StageInput = { stage: 'province', values: schoolUnit, gradedOn: '2024-04-03' };

  it('scores every stage on its own, in the template’s order', () => {
    const r = scoreReview(shuanggao, {
      combination: 'school',
      stages: [province, self, { stage: 'ministry', values: { 'score:school:party': 70 } }],
    });
    expect(r.stages.map((s) => [s.stage, s.name, s.score, s.grade?.name ?? null, s.completed])).toEqual([
      ['self', '建设单位总结自评', 95, '优', true],
      ['province', '省级评价', 84.85, '良', true],
      ['ministry', '两部复核', null, null, false],
    ]);
    // The 复核 begun but unfinished does not replace the 省评 result.
    expect(r.final).toMatchObject({ stage: 'province', score: 84.85, gradedOn: '2024-04-03' });
    expect(r.final?.grade.name).toBe('良');
    expect(r.issues.every((i) => i.stage === 'ministry')).toBe(true);
    expect(r.issues).toHaveLength(27);
  });

  it('a completed 复核 gives the final grade; an undated one does not', () => {
    const ministryValues = uniform(shuanggao, SCHOOL_SLOTS, 70);
    const undated = scoreReview(shuanggao, {
      combination: 'school',
      stages: [self, province, { stage: 'ministry', values: ministryValues }],
    });
    expect(undated.stages[2]).toMatchObject({ score: 70, complete: true, completed: false });
    expect(undated.final?.stage).toBe('province');
    const done = scoreReview(shuanggao, {
      combination: 'school',
      stages: [self, province, { stage: 'ministry', values: ministryValues, gradedOn: '2024-05-15' }],
    });
    expect(done.final).toMatchObject({
      stage: 'ministry',
      name: '两部复核',
      score: 70,
      gradedOn: '2024-05-15',
    });
    expect(done.final?.grade).toMatchObject({ name: '中', rectification: { dueDays: 90 } });
    // Earlier stages keep their own scores.
    expect(done.stages.map((s) => s.score)).toEqual([95, 84.85, 70]);
  });

  it('only the self-evaluation so far → its result is final', () => {
    const r = scoreReview(shuanggao, { combination: 'school', stages: [self] });
    expect(r.final).toMatchObject({ stage: 'self', score: 95 });
    expect(r.stages.slice(1).every((s) => !s.started && s.issues.length === 0)).toBe(true);
  });
});

describe('scoreStage on its own', () => {
  it('gives the reason when the stage or combination is unknown', () => {
    const stage = scoreStage(shuanggao, 'group', { stage: 'audit', values: groupUnit });
    expect(stage.score).toBeNull();
    expect(stage.issues.map((i) => zh.format(i.message))).toEqual([
      '模板中没有评价阶段“audit”，可用的阶段：self、province、ministry',
    ]);
    const combination = scoreStage(shuanggao, 'both', { stage: 'self', values: groupUnit });
    expect(combination.issues.map((i) => en.format(i.message))).toEqual([
      'The template has no scoring combination “both”; available: school、group',
    ]);
  });
});
