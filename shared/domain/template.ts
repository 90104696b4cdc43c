/**
 * The reporting template: a programme's tasks, indicators, report outline, funding block,
 * scoring scheme, stages and deadlines — defined as data so new programmes arrive as files,
 * not code. Structural shape only; semantic checks (unique codes, rules that reference real
 * indicators, no calculation cycles) live in template-check.ts because they need the
 * expression parser.
 */
import { z } from 'zod';

export const INDICATOR_TYPES = [
  'integer',
  'decimal',
  'percent',
  'money',
  'text',
  'date',
  'choice',
  'boolean',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** Project levels named by 教职成厅函〔2023〕20号 (全国性/区域性 …) plus the usual administrative tiers. */
export const PROJECT_LEVELS = ['全国性', '区域性', '省级', '市级', '校级'] as const;
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];

/** Codes are identifiers in the expression language, so they must be ASCII identifiers. */
export const codeSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'code must start with a letter and contain only A-Z, 0-9, _');

export const ruleSchema = z.object({
  id: codeSchema,
  /** Boolean expression that must hold, e.g. `T01_05 <= T01_04`. Blank operands skip the rule. */
  expr: z.string().min(1),
  /** 校验提示: the message shown when the rule fails; `{CODE}` is replaced by that field's value. */
  message: z.string().min(1),
  severity: z.enum(['error', 'warning']).default('error'),
});
export type Rule = z.infer<typeof ruleSchema>;

export const indicatorSchema = z.object({
  code: codeSchema,
  label: z.string().min(1),
  /** Display unit: 个, 人, 人次, 万元, %, 门, 种 … */
  unit: z.string().default(''),
  type: z.enum(INDICATOR_TYPES),
  required: z.boolean().default(false),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Decimal places kept for decimal/money values; for percent, places of the displayed percentage (12.35%). */
  decimals: z.number().int().min(0).max(6).optional(),
  /** Name of a choice list (type choice). */
  choices: z.string().optional(),
  /** 显示条件: expression; the indicator is asked only when it is true. */
  relevant: z.string().optional(),
  /** 计算公式: expression; the value is computed and read-only. */
  calculate: z.string().optional(),
  /** 需佐证: evidence must be attached to this indicator before submitting. */
  evidenceRequired: z.boolean().default(false),
  /** 同比预警阈值: warn when |this year − last year| / last year exceeds this fraction (0.5 = 50%). */
  yoyThreshold: z.number().positive().optional(),
  /** Field-level rules (校验规则 / 校验提示 of the template workbook). */
  rules: z.array(ruleSchema).default([]),
  help: z.string().optional(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

export const indicatorGroupSchema = z.object({
  code: codeSchema,
  name: z.string().min(1),
  indicators: z.array(indicatorSchema).min(1),
});
export type IndicatorGroup = z.infer<typeof indicatorGroupSchema>;

/** A national target quoted from the notice, e.g. 到2025年建成300个左右全国性实践中心. */
export const nationalTargetSchema = z.object({
  year: z.number().int(),
  text: z.string().min(1),
  value: z.number().optional(),
  unit: z.string().optional(),
});

export const taskSchema = z.object({
  code: codeSchema,
  /** Order as numbered in the notice: (一) … (十一). */
  no: z.number().int().positive(),
  name: z.string().min(1),
  description: z.string().default(''),
  nationalTargets: z.array(nationalTargetSchema).default([]),
  /** Levels a project of this task may have. */
  levels: z.array(z.enum(PROJECT_LEVELS)).min(1),
  /** Sub-types where the task has them, e.g. 学校/企业/公共 实践中心. */
  subTypes: z.array(z.string().min(1)).default([]),
  groups: z.array(indicatorGroupSchema).min(1),
  /** Cross-field rules over this task's indicators. */
  rules: z.array(ruleSchema).default([]),
});
export type Task = z.infer<typeof taskSchema>;

export const choiceSchema = z.object({ code: z.string().min(1), label: z.string().min(1) });

export const outlineSectionSchema = z.object({
  code: codeSchema,
  title: z.string().min(1),
  guidance: z.string().default(''),
  /** 字数上限, counted in characters as Chinese writers count them. */
  maxChars: z.number().int().positive().optional(),
  minChars: z.number().int().nonnegative().optional(),
});
export type OutlineSection = z.infer<typeof outlineSectionSchema>;

export const fundingSourceSchema = z.object({ code: codeSchema, name: z.string().min(1) });
export const fundingSchema = z.object({
  /** Money unit of the funding table. */
  unit: z.string().default('万元'),
  sources: z.array(fundingSourceSchema).min(1),
});
export type FundingBlock = z.infer<typeof fundingSchema>;

/**
 * 整改 a grade obliges, e.g. 结论为“中”“差”的限期整改 (教职成厅函〔2024〕1号): the reviewer lists
 * rectification items, each due `dueDays` days after the grade was given unless it has its own date.
 */
export const rectificationRuleSchema = z.object({
  /** Days from the date the grade was given to the default due date of every 整改 item. */
  dueDays: z.number().int().positive(),
});
export type RectificationRule = z.infer<typeof rectificationRuleSchema>;

export const gradeBandSchema = z.object({
  name: z.string().min(1),
  /** Lowest total score (inclusive) that earns this grade; bands are listed best first. */
  minScore: z.number(),
  /** What the grade entails besides its name, e.g. 不得进入第二轮“双高计划”遴选. */
  note: z.string().min(1).optional(),
  /** Present when the grade requires rectification (整改) items with due dates. */
  rectification: rectificationRuleSchema.optional(),
});
export type GradeBand = z.infer<typeof gradeBandSchema>;

export const scoringDimensionSchema = z.object({
  code: codeSchema,
  name: z.string().min(1),
  /** Weight of this dimension within its part (weights of a part sum to 1). */
  weight: z.number().min(0).max(1),
  maxScore: z.number().positive().default(100),
  guidance: z.string().default(''),
});

/** A scored part, e.g. 学校层面 (10 dimensions) or 专业群层面 (9 dimensions). */
export const scoringPartSchema = z.object({
  code: codeSchema,
  name: z.string().min(1),
  dimensions: z.array(scoringDimensionSchema).min(1),
});

/** How part scores combine into a unit score, e.g. school 50% + cluster A 25% + cluster B 25%. */
export const combinationSchema = z.object({
  code: codeSchema,
  name: z.string().min(1),
  slots: z
    .array(
      z.object({
        slot: codeSchema,
        part: codeSchema,
        label: z.string().min(1),
        weight: z.number().min(0).max(1),
      }),
    )
    .min(1),
});

export const scoringSchema = z.object({
  parts: z.array(scoringPartSchema).min(1),
  combinations: z.array(combinationSchema).min(1),
});
export type Scoring = z.infer<typeof scoringSchema>;

export const stageSchema = z.object({
  code: codeSchema,
  name: z.string().min(1),
  /** Yearly deadline as MM-DD, e.g. 12-15. */
  deadline: z
    .string()
    .regex(/^\d{2}-\d{2}$/)
    .optional(),
});

export const templateSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'template id: lowercase letters, digits and hyphens'),
  version: z.string().regex(/^\d+(\.\d+)*$/, 'version: numbers separated by dots, e.g. 2023.1'),
  name: z.string().min(1),
  programme: z.string().min(1),
  /** The issuing document, e.g. 教职成厅函〔2023〕20号. */
  issuer: z.string().default(''),
  years: z.array(z.number().int().min(2000).max(2100)).min(1),
  /** Yearly deadline for unit submissions as MM-DD (12-15 for 每年12月15日前). */
  deadline: z.string().regex(/^\d{2}-\d{2}$/),
  /** Grade names best first with their lowest score. */
  grades: z.array(gradeBandSchema).min(1),
  tasks: z.array(taskSchema).min(1),
  choiceLists: z.record(z.string(), z.array(choiceSchema).min(1)).default({}),
  outline: z.array(outlineSectionSchema).min(1),
  funding: fundingSchema.optional(),
  scoring: scoringSchema.optional(),
  stages: z.array(stageSchema).min(1),
});
export type Template = z.infer<typeof templateSchema>;
/** What template authors write (defaults not yet applied). */
export type TemplateInput = z.input<typeof templateSchema>;

/** All indicators of a task, in display order. */
export function taskIndicators(task: Task): Indicator[] {
  return task.groups.flatMap((g) => g.indicators);
}

export function findTask(template: Template, code: string): Task | undefined {
  return template.tasks.find((t) => t.code === code);
}

const NUMERIC_TYPES: ReadonlySet<IndicatorType> = new Set(['integer', 'decimal', 'percent', 'money']);

export function isNumericType(type: IndicatorType): boolean {
  return NUMERIC_TYPES.has(type);
}

/** Only numeric, typed-in indicators carry yearly targets in the 建设方案 (a completion rate needs a number). */
export function takesTarget(ind: Indicator): boolean {
  return isNumericType(ind.type) && !ind.calculate;
}
