/**
 * Scoring by template (考核评价): everything — parts, dimensions, weights, maxima, combinations,
 * grade bands, stages — comes from the template; nothing here knows a programme.
 *
 * Where the scores live: a scored instance of a part is a *slot* of the chosen combination, and its
 * dimension scores are the fields `score:<slot>:<dimension>` (fields.ts). When a slot has the code of
 * its part (学校层面 `school` → part `school`, keytasks' `unit` → part `unit`) these are exactly the
 * `score:<part>:<dimension>` fields the 自评 tab writes. A part scored more than once per unit gets
 * one slot each — 双高's 高水平学校 has `clusterA` and `clusterB`, both the 专业群层面 part, read from
 * `score:clusterA:*` and `score:clusterB:*`.
 *
 * Stages (自评 → 省评 → 复核) are scored separately and kept side by side; the final score and grade
 * are those of the latest stage, in the template's order, that is completed: every dimension of
 * every slot scored within range, and a date the grade was given (`gradedOn`, YYYY-MM-DD). A stage
 * being filled in still shows its running total and grade, but does not replace the previous
 * stage's result until it is completed.
 *
 * Rounding is scoring.ts's: part scores rounded to 2 places, the unit score from the rounded part
 * scores rounded again, bands compared with the rounded score, minScore inclusive.
 */
import { msg, type Message } from '../i18n/message.ts';
import { field } from './fields.ts';
import { parseIsoDate } from './rectification.ts';
import { combinedScore, gradeFor, partScore } from './scoring.ts';
import type { GradeBand, Scoring, Template } from './template.ts';

type Combination = Scoring['combinations'][number];

/** Submission or review fields; only `score:<slot>:<dimension>` ones are read. */
export type ScoreValues = Readonly<Record<string, unknown>>;

export interface ScoringIssue {
  /** The field to jump to (`score:<slot>:<dimension>`), or '' for the stage or review as a whole. */
  field: string;
  /** Stage code, '' when the issue is not about one stage. */
  stage: string;
  severity: 'error' | 'warning';
  message: Message;
}

/** One scored instance of a part: what a review form shows as one table. */
export interface ScoreSlot {
  slot: string;
  part: string;
  partName: string;
  label: string;
  weight: number;
  dimensions: {
    code: string;
    name: string;
    weight: number;
    maxScore: number;
    guidance: string;
    /** Where this dimension's score is kept: `score:<slot>:<dimension>`. */
    field: string;
  }[];
}

export interface DimensionScore {
  code: string;
  name: string;
  weight: number;
  maxScore: number;
  field: string;
  /** The score when it is a number within 0…maxScore, else null (missing or invalid, see issues). */
  score: number | null;
}

export interface SlotScore {
  slot: string;
  part: string;
  label: string;
  weight: number;
  dimensions: DimensionScore[];
  /** Part score 0–100 rounded to 2 places; null while a dimension is missing or invalid. */
  score: number | null;
  /** Codes of dimensions with no usable score. */
  missing: string[];
}

export interface StageScore {
  stage: string;
  name: string;
  /** Whether any score was given for this stage (a stage not begun has no issues). */
  started: boolean;
  slots: SlotScore[];
  /** Unit score by the combination; null until every slot has its part score. */
  score: number | null;
  grade: GradeBand | null;
  /** Every dimension of every slot scored within range. */
  complete: boolean;
  /** Complete and dated: this stage's result counts. */
  completed: boolean;
  gradedOn: string | null;
  issues: ScoringIssue[];
}

export interface FinalScore {
  stage: string;
  name: string;
  score: number;
  grade: GradeBand;
  gradedOn: string;
}

export interface ReviewScores {
  combination: string | null;
  /** One entry per template stage, in the template's order. */
  stages: StageScore[];
  /** The latest completed stage's result, or null while none is completed. */
  final: FinalScore | null;
  /** Every issue of every stage plus review-level ones (unknown combination or stage …). */
  issues: ScoringIssue[];
}

export interface StageInput {
  stage: string;
  values: ScoreValues;
  /** Date the stage's grade was given (YYYY-MM-DD); required for the stage to count as completed. */
  gradedOn?: string | null;
}

export interface ReviewInput {
  /** Code of the combination that scores this unit (双高: `school` or `group`). */
  combination: string;
  stages: readonly StageInput[];
}

function codesOf(items: readonly { code: string }[]): string {
  return items.map((x) => x.code).join('、');
}

/** The combination with this code, or undefined. */
export function findCombination(template: Template, code: string): Combination | undefined {
  return template.scoring?.combinations.find((c) => c.code === code);
}

/**
 * The scored instances of a combination with the field of every dimension, in slot order — what a
 * review form renders (one table per slot). Empty when the template has no such combination.
 */
export function scoreSlots(template: Template, combinationCode: string): ScoreSlot[] {
  const scoring = template.scoring;
  const combination = findCombination(template, combinationCode);
  if (!scoring || !combination) return [];
  return combination.slots.flatMap((s) => {
    const part = scoring.parts.find((p) => p.code === s.part);
    if (!part) return [];
    return [
      {
        slot: s.slot,
        part: part.code,
        partName: part.name,
        label: s.label,
        weight: s.weight,
        dimensions: part.dimensions.map((d) => ({
          code: d.code,
          name: d.name,
          weight: d.weight,
          maxScore: d.maxScore,
          guidance: d.guidance,
          field: field.score(s.slot, d.code),
        })),
      },
    ];
  });
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function displayValue(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  // Never let a typed value trigger i18next's nesting inside the message.
  return text.replace(/\$t\(/g, '$ t(');
}

/**
 * One stage's scores for a unit scored by `combination`: dimension, part and unit scores, grade,
 * and a located message for every missing, non-numeric or out-of-range score.
 */
function scoreStageWith(
  template: Template,
  combination: Combination,
  stage: { code: string; name: string },
  input: StageInput | undefined,
): StageScore {
  const issues: ScoringIssue[] = [];
  const values = input?.values ?? {};
  const slotDefs = scoreSlots(template, combination.code);
  const started = slotDefs.some((s) => s.dimensions.some((d) => !isBlank(values[d.field])));
  const rawDate = input?.gradedOn ?? '';
  const dated = rawDate !== '';
  // A stage not begun says nothing; one begun or dated lists every score still missing.
  const report = !!input && (started || dated);
  const slots: SlotScore[] = slotDefs.map((s) => {
    const dimensions: DimensionScore[] = s.dimensions.map((d) => {
      const raw = values[d.field];
      const base = { stage: stage.name, slot: s.label, dimension: d.name };
      let score: number | null = null;
      if (isBlank(raw)) {
        if (report) {
          issues.push({
            field: d.field,
            stage: stage.code,
            severity: 'error',
            message: msg('template:scoring.missing', base),
          });
        }
      } else if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        issues.push({
          field: d.field,
          stage: stage.code,
          severity: 'error',
          message: msg('template:scoring.notNumber', { ...base, value: displayValue(raw) }),
        });
      } else if (raw < 0 || raw > d.maxScore) {
        issues.push({
          field: d.field,
          stage: stage.code,
          severity: 'error',
          message: msg('template:scoring.outOfRange', { ...base, score: raw, max: d.maxScore }),
        });
      } else {
        score = raw;
      }
      return { code: d.code, name: d.name, weight: d.weight, maxScore: d.maxScore, field: d.field, score };
    });
    const part = template.scoring?.parts.find((p) => p.code === s.part);
    const score = part ? partScore(part, Object.fromEntries(dimensions.map((d) => [d.code, d.score]))) : null;
    return {
      slot: s.slot,
      part: s.part,
      label: s.label,
      weight: s.weight,
      dimensions,
      score,
      missing: dimensions.filter((d) => d.score === null).map((d) => d.code),
    };
  });
  const score = combinedScore(combination, Object.fromEntries(slots.map((s) => [s.slot, s.score])));
  const complete = slots.length > 0 && slots.every((s) => s.missing.length === 0);
  let gradedOn: string | null = null;
  if (dated) {
    if (parseIsoDate(rawDate)) gradedOn = rawDate;
    else {
      issues.push({
        field: '',
        stage: stage.code,
        severity: 'error',
        message: msg('template:scoring.invalidDate', { stage: stage.name, value: displayValue(rawDate) }),
      });
    }
  }
  const grade = gradeFor(score, template.grades);
  if (score !== null && !grade) {
    issues.push({
      field: '',
      stage: stage.code,
      severity: 'error',
      message: msg('template:scoring.noGrade', { stage: stage.name, score }),
    });
  }
  return {
    stage: stage.code,
    name: stage.name,
    started,
    slots,
    score,
    grade,
    complete,
    completed: complete && grade !== null && gradedOn !== null,
    gradedOn,
    issues,
  };
}

/**
 * Scores one stage on its own (the 自评 tab's live total, a reviewer's form). An unknown stage or
 * combination comes back with no score and the reason among its issues.
 */
export function scoreStage(template: Template, combinationCode: string, input: StageInput): StageScore {
  const review = scoreReview(template, { combination: combinationCode, stages: [input] });
  const stage = review.stages.find((s) => s.stage === input.stage);
  if (stage) return stage;
  return {
    stage: input.stage,
    name: input.stage,
    started: false,
    slots: [],
    score: null,
    grade: null,
    complete: false,
    completed: false,
    gradedOn: null,
    issues: review.issues,
  };
}

/**
 * A unit's scores through every stage of the template, side by side, and the final result: the
 * latest completed stage's score and grade.
 */
export function scoreReview(template: Template, input: ReviewInput): ReviewScores {
  const issues: ScoringIssue[] = [];
  const scoring = template.scoring;
  if (!scoring) {
    issues.push({
      field: '',
      stage: '',
      severity: 'error',
      message: msg('template:scoring.noScheme', { template: template.name }),
    });
    return { combination: null, stages: [], final: null, issues };
  }
  const combination = findCombination(template, input.combination);
  if (!combination) {
    issues.push({
      field: '',
      stage: '',
      severity: 'error',
      message: msg('template:scoring.unknownCombination', {
        code: displayValue(input.combination),
        codes: codesOf(scoring.combinations),
      }),
    });
    return { combination: null, stages: [], final: null, issues };
  }

  const byStage = new Map<string, StageInput>();
  for (const s of input.stages) {
    const known = template.stages.find((x) => x.code === s.stage);
    if (!known) {
      issues.push({
        field: '',
        stage: '',
        severity: 'error',
        message: msg('template:scoring.unknownStage', {
          code: displayValue(s.stage),
          codes: codesOf(template.stages),
        }),
      });
    } else if (byStage.has(s.stage)) {
      issues.push({
        field: '',
        stage: s.stage,
        severity: 'error',
        message: msg('template:scoring.duplicateStage', { stage: known.name }),
      });
    } else {
      byStage.set(s.stage, s);
    }
  }

  const stages = template.stages.map((s) => scoreStageWith(template, combination, s, byStage.get(s.code)));
  let final: FinalScore | null = null;
  for (const s of stages) {
    if (s.completed && s.score !== null && s.grade && s.gradedOn) {
      final = { stage: s.stage, name: s.name, score: s.score, grade: s.grade, gradedOn: s.gradedOn };
    }
  }
  return {
    combination: combination.code,
    stages,
    final,
    issues: [...issues, ...stages.flatMap((s) => s.issues)],
  };
}
