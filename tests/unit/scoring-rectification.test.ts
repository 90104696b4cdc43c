import { describe, expect, it } from 'vitest';
import {
  addDays,
  chinaDate,
  defaultDueDate,
  parseIsoDate,
  rectificationRule,
  rectificationStatus,
  reviewRectification,
  type RectificationItem,
} from '../../shared/domain/rectification.ts';
import { scoreReview } from '../../shared/domain/scoring-engine.ts';
import { templateSchema, type Template } from '../../shared/domain/template.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { shuangGao2024 } from '../../shared/templates/shuanggao-2024.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');
const shuanggao = templateSchema.parse(shuangGao2024);
const keytasks = templateSchema.parse(keyTasks2023);

const item = (id: string, text: string, extra: Partial<RectificationItem> = {}): RectificationItem => ({
  id,
  text,
  ...extra,
});

describe('dates', () => {
  it('parses strict calendar dates and adds days across months and leap days', () => {
    expect(parseIsoDate('2024-02-29')).not.toBeNull();
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('2024-4-8')).toBeNull();
    expect(parseIsoDate(20240408)).toBeNull();
    expect(addDays('2024-05-15', 90)).toBe('2024-08-13');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(() => addDays('2024-13-01', 1)).toThrow(RangeError);
  });

  it('takes today in Beijing time', () => {
    expect(chinaDate(new Date('2024-02-28T16:30:00Z'))).toBe('2024-02-29');
    expect(chinaDate(new Date('2024-02-28T15:59:59Z'))).toBe('2024-02-28');
  });
});

describe('rectification rules come from the grade bands', () => {
  it('双高: 结论为“中”“差”的限期整改, 90 days by default; 优 and 良 need none', () => {
    expect(
      shuanggao.grades.map((g) => [g.name, rectificationRule(shuanggao, g.name)?.dueDays ?? null]),
    ).toEqual([
      ['优', null],
      ['良', null],
      ['中', 90],
      ['差', 90],
    ]);
    expect(rectificationRule(shuanggao, null)).toBeNull();
    expect(rectificationRule(shuanggao, '不存在')).toBeNull();
    expect(defaultDueDate(shuanggao, '中', '2024-05-15')).toBe('2024-08-13');
    expect(defaultDueDate(shuanggao, '良', '2024-05-15')).toBeNull();
    expect(defaultDueDate(shuanggao, '差', null)).toBeNull();
  });

  it('keytasks-2023 grades 不合格 the same way once its band carries the rule', () => {
    // The built-in keytasks template has no 整改 rule yet: nothing is required of any grade.
    expect(keytasks.grades.map((g) => rectificationRule(keytasks, g.name))).toEqual([null, null, null, null]);
    const withRule = structuredClone(keytasks) as Template;
    withRule.grades[3]!.rectification = { dueDays: 30 };
    expect(withRule.grades[3]?.name).toBe('不合格');
    const r = reviewRectification(
      withRule,
      { grade: '不合格', gradedOn: '2024-01-20', items: [] },
      '2024-01-21',
    );
    expect(r.required).toBe(true);
    expect(r.defaultDue).toBe('2024-02-19');
    expect(zh.format(r.issues[0]!.message)).toBe(
      '评价结论为“不合格”，须限期整改：请列出整改事项（默认期限 30 天）',
    );
    expect(
      reviewRectification(withRule, { grade: '合格', gradedOn: '2024-01-20', items: [] }, '2024-01-21')
        .required,
    ).toBe(false);
  });
});

describe('status open / done / overdue against a given date', () => {
  const graded = { grade: '中', gradedOn: '2024-05-15' } as const;
  const items = [
    item('r1', '完善专业群动态调整机制'),
    item('r2', '补齐实践教学基地设备缺口', { dueOn: '2024-06-30' }),
    item('r3', '规范项目资金使用', { doneOn: '2024-07-01' }),
    item('r4', '加强国际交流与合作', { doneOn: '2024-08-20' }),
  ];

  it('is open up to and on the due day, overdue the day after, done once it has a completion date', () => {
    expect(rectificationStatus({}, '2024-08-13', '2024-08-13')).toBe('open');
    expect(rectificationStatus({}, '2024-08-13', '2024-08-14')).toBe('overdue');
    expect(rectificationStatus({ doneOn: '2024-09-01' }, '2024-08-13', '2024-12-01')).toBe('done');
    // A completion dated after the given day has not happened yet on that day.
    expect(rectificationStatus({ doneOn: '2024-09-01' }, '2024-08-13', '2024-08-20')).toBe('overdue');
    expect(rectificationStatus({}, null, '2030-01-01')).toBe('open');
  });

  it('on the default due day: own-dated item overdue, the others open or done', () => {
    const r = reviewRectification(shuanggao, { ...graded, items }, '2024-08-13');
    expect(r.required).toBe(true);
    expect(r.defaultDue).toBe('2024-08-13');
    expect(r.items.map((i) => [i.id, i.due, i.status, i.daysLeft, i.late])).toEqual([
      ['r1', '2024-08-13', 'open', 0, false],
      ['r2', '2024-06-30', 'overdue', -44, false],
      ['r3', '2024-08-13', 'done', null, false],
      ['r4', '2024-08-13', 'open', 0, false],
    ]);
    expect(r.counts).toEqual({ open: 2, done: 1, overdue: 1 });
    expect(r.closed).toBe(false);
    expect(r.issues.map((i) => [i.field, i.severity, zh.format(i.message)])).toEqual([
      [
        'rectification:r2',
        'warning',
        '第 2 项整改事项“补齐实践教学基地设备缺口”已于 2024-06-30 到期，尚未完成（逾期 44 天）',
      ],
    ]);
    expect(en.format(r.issues[0]!.message)).toBe(
      'Rectification item 2 “补齐实践教学基地设备缺口” was due on 2024-06-30 and is not done (44 days overdue)',
    );
  });

  it('the day after: the default-dated item is overdue too; a late completion is flagged', () => {
    const r = reviewRectification(shuanggao, { ...graded, items }, '2024-08-21');
    expect(r.items.map((i) => i.status)).toEqual(['overdue', 'overdue', 'done', 'done']);
    expect(r.items[0]?.daysLeft).toBe(-8);
    expect(r.items[3]?.late).toBe(true);
    expect(r.counts).toEqual({ open: 0, done: 2, overdue: 2 });
  });

  it('is closed when every required item is done', () => {
    const done = items.map((i) => ({ ...i, doneOn: '2024-08-01' }));
    const r = reviewRectification(shuanggao, { ...graded, items: done }, '2024-12-01');
    expect(r.closed).toBe(true);
    expect(r.issues).toEqual([]);
  });
});

describe('located messages', () => {
  it('requires items for 中 and 差, none for 优 and 良', () => {
    const r = reviewRectification(
      shuanggao,
      { grade: '差', gradedOn: '2024-05-15', items: [] },
      '2024-05-16',
    );
    expect(r.issues.map((i) => [i.field, i.severity, zh.format(i.message)])).toEqual([
      ['rectification', 'error', '评价结论为“差”，须限期整改：请列出整改事项（默认期限 90 天）'],
    ]);
    expect(r.closed).toBe(false);
    for (const grade of ['优', '良', null]) {
      const ok = reviewRectification(shuanggao, { grade, gradedOn: '2024-05-15', items: [] }, '2024-05-16');
      expect(ok.required, String(grade)).toBe(false);
      expect(ok.issues, String(grade)).toEqual([]);
    }
  });

  it('a voluntary item of a good grade has no due date and is never overdue', () => {
    const r = reviewRectification(
      shuanggao,
      { grade: '良', gradedOn: '2024-05-15', items: [item('v1', '持续优化')] },
      '2030-01-01',
    );
    expect(r.items[0]).toMatchObject({ due: null, status: 'open', daysLeft: null });
    expect(r.issues).toEqual([]);
  });

  it('reports empty items, repeated ids, bad dates, missing due dates and dues before the grade', () => {
    const r = reviewRectification(
      shuanggao,
      {
        grade: '中',
        gradedOn: null,
        items: [
          item('a', '  '),
          item('a', '补充佐证材料', { dueOn: '2024-06-31', doneOn: '昨天' }),
          item('c', '修订制度', { dueOn: '2024-06-30' }),
        ],
      },
      '2024-06-01',
    );
    expect(r.issues.map((i) => [i.field, i.severity, zh.format(i.message)])).toEqual([
      ['rectification:a', 'error', '第 1 项整改事项没有填写内容'],
      ['rectification:a', 'error', '第 1 项整改事项“”没有整改期限：请填写期限或评定日期'],
      ['rectification:a', 'error', '第 2 项整改事项的编号“a”与前面的重复'],
      [
        'rectification:a',
        'error',
        '第 2 项整改事项“补充佐证材料”的整改期限“2024-06-31”不是有效日期，应写作 YYYY-MM-DD',
      ],
      [
        'rectification:a',
        'error',
        '第 2 项整改事项“补充佐证材料”的完成日期“昨天”不是有效日期，应写作 YYYY-MM-DD',
      ],
      ['rectification:a', 'error', '第 2 项整改事项“补充佐证材料”没有整改期限：请填写期限或评定日期'],
    ]);
    const early = reviewRectification(
      shuanggao,
      { grade: '中', gradedOn: '2024-05-15', items: [item('c', '修订制度', { dueOn: '2024-05-01' })] },
      '2024-05-02',
    );
    expect(early.issues.map((i) => [i.severity, zh.format(i.message)])).toEqual([
      ['warning', '第 1 项整改事项“修订制度”的整改期限 2024-05-01 早于评定日期 2024-05-15'],
      ['warning', '第 1 项整改事项“修订制度”已于 2024-05-01 到期，尚未完成（逾期 1 天）'],
    ]);
    const badGrade = reviewRectification(
      shuanggao,
      { grade: '中', gradedOn: '15/05/2024', items: [] },
      '2024-05-16',
    );
    expect(badGrade.issues.map((i) => zh.format(i.message))).toContain(
      '评定日期“15/05/2024”不是有效日期，应写作 YYYY-MM-DD',
    );
    expect(() => reviewRectification(shuanggao, { grade: '中', gradedOn: null, items: [] }, 'today')).toThrow(
      RangeError,
    );
  });
});

describe('from the final grade of a review to its 整改 list', () => {
  it('a 两部复核 result of 中 on 2024-05-15 makes items due on 2024-08-13', () => {
    const values = Object.fromEntries(
      [
        ['school', 'school'],
        ['cluster', 'cluster'],
      ].flatMap(([slot, part]) =>
        shuanggao
          .scoring!.parts.find((p) => p.code === part)!
          .dimensions.map((d) => [`score:${slot}:${d.code}`, 65]),
      ),
    );
    const review = scoreReview(shuanggao, {
      combination: 'group',
      stages: [{ stage: 'ministry', values, gradedOn: '2024-05-15' }],
    });
    expect(review.final).toMatchObject({ score: 65, gradedOn: '2024-05-15' });
    const final = review.final!;
    const r = reviewRectification(
      shuanggao,
      { grade: final.grade.name, gradedOn: final.gradedOn, items: [item('r1', '加强专业群内涵建设')] },
      '2024-09-01',
    );
    expect(r.items[0]).toMatchObject({ due: '2024-08-13', status: 'overdue', daysLeft: -19 });
  });
});
