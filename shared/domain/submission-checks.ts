/**
 * Everything that stands between a submission and 提交, computed offline on every edit: field
 * and cross-field rules, refused input, targets vs actuals, year-over-year jumps, missing
 * evidence, report length limits, funding plausibility, and a completeness meter per part.
 */
import { msg, type Message } from '../i18n/message.ts';
import type { Value } from './expr/index.ts';
import { evaluateTask, type TaskEvaluation, type Values } from './evaluate-task.ts';
import { field, FUNDING_COLUMNS } from './fields.ts';
import { completionRate, exceedsYoyThreshold, yearOverYear } from './rates.ts';
import { citationText, countReportChars, currentValue } from './report-text.ts';
import { findTask, taskIndicators, type Template } from './template.ts';
import { parseInput, type FormatOptions } from './value-input.ts';

export type IssueArea = 'indicator' | 'funding' | 'report' | 'evidence' | 'score';

export interface SubmissionIssue {
  /** The field to jump to: an indicator code or a namespaced field (report:S1, fund:…). */
  field: string;
  area: IssueArea;
  severity: 'error' | 'warning';
  message: Message;
}

export interface CompletenessPart {
  area: IssueArea;
  /** For indicator groups: the group code. */
  key: string;
  filled: number;
  total: number;
}

export interface SubmissionCheckInput {
  template: Template;
  taskCode: string;
  /** All fields of the submission: indicator values and namespaced fields. */
  values: Values;
  /** Refused input kept beside the last good value, by field. */
  raw?: Record<string, string>;
  /** This year's targets from the 建设方案. */
  targets?: Values;
  /** Last year's accepted values, for the year-over-year warning. */
  lastYear?: Values;
  /** Fields (indicator codes or report:…) that have at least one evidence file. */
  evidenceFields?: ReadonlySet<string>;
  /** Words for yes/no when a cited boolean is counted in a report's length. */
  citationOptions?: FormatOptions;
}

export interface SubmissionCheck {
  evaluation: TaskEvaluation;
  issues: SubmissionIssue[];
  errorCount: number;
  warningCount: number;
  completeness: CompletenessPart[];
  /** 0–1 over all parts. */
  overall: number;
  completion: Record<string, number | null>;
  yoy: Record<string, number | null>;
}

const filled = (v: Value | undefined) => v !== null && v !== undefined && v !== '';

export function checkSubmission(input: SubmissionCheckInput): SubmissionCheck {
  const {
    template,
    taskCode,
    values,
    raw = {},
    targets = {},
    lastYear = {},
    evidenceFields = new Set(),
  } = input;
  const task = findTask(template, taskCode);
  // A field holding refused input counts as blank: its last good value is kept on disk, but it is
  // not what the person now means, so no total or rule may use it.
  const effective = Object.keys(raw).length
    ? { ...values, ...Object.fromEntries(Object.keys(raw).map((k) => [k, null])) }
    : values;
  const evaluation = evaluateTask(template, taskCode, effective);
  const issues: SubmissionIssue[] = [];
  const completeness: CompletenessPart[] = [];
  const completion: Record<string, number | null> = {};
  const yoy: Record<string, number | null> = {};

  for (const i of evaluation.issues)
    issues.push({ field: i.code, area: 'indicator', severity: i.severity, message: i.message });

  if (task) {
    for (const group of task.groups) {
      let total = 0;
      let done = 0;
      for (const ind of group.indicators) {
        const code = ind.code;
        const relevant = evaluation.relevant[code] !== false;
        const value = ind.calculate ? evaluation.calculated[code] : effective[code];
        if (raw[code] !== undefined) {
          const refused = parseInput(ind, raw[code]!, ind.choices ? template.choiceLists[ind.choices] : []);
          issues.push({
            field: code,
            area: 'indicator',
            severity: 'error',
            message: refused.ok ? msg('input:notSaved', { label: ind.label }) : refused.message,
          });
        }
        if (!relevant || ind.calculate) continue;
        total++;
        if (filled(value)) done++;

        completion[code] = completionRate(value ?? null, targets[code] ?? null);
        yoy[code] = yearOverYear(value ?? null, lastYear[code] ?? null);
        if (exceedsYoyThreshold(value ?? null, lastYear[code] ?? null, ind.yoyThreshold)) {
          issues.push({
            field: code,
            area: 'indicator',
            severity: 'warning',
            message: msg('input:yoyJump', {
              label: ind.label,
              change: `${Math.round(yoy[code]! * 1000) / 10}`,
              threshold: `${Math.round(ind.yoyThreshold! * 1000) / 10}`,
            }),
          });
        }
        const rate = completion[code];
        if (rate !== null && rate !== undefined && rate < 1) {
          issues.push({
            field: code,
            area: 'indicator',
            severity: 'warning',
            message: msg('input:belowTarget', { label: ind.label, rate: `${Math.round(rate * 1000) / 10}` }),
          });
        }
        if (ind.evidenceRequired && filled(value) && !evidenceFields.has(code)) {
          issues.push({
            field: code,
            area: 'evidence',
            severity: 'error',
            message: msg('input:evidenceMissing', { label: ind.label }),
          });
        }
      }
      completeness.push({ area: 'indicator', key: group.code, filled: done, total });
    }
  }

  if (template.funding) {
    let done = 0;
    for (const source of template.funding.sources) {
      const get = (c: (typeof FUNDING_COLUMNS)[number]) => values[field.funding(source.code, c)];
      const [planned, received, spent] = FUNDING_COLUMNS.map(get);
      if (filled(planned)) done++;
      if (typeof received === 'number' && typeof planned === 'number' && received > planned) {
        issues.push({
          field: field.funding(source.code, 'received'),
          area: 'funding',
          severity: 'warning',
          message: msg('input:fundReceivedOverPlanned', { source: source.name }),
        });
      }
      if (typeof spent === 'number' && typeof received === 'number' && spent > received) {
        issues.push({
          field: field.funding(source.code, 'spent'),
          area: 'funding',
          severity: 'warning',
          message: msg('input:fundSpentOverReceived', { source: source.name }),
        });
      }
    }
    completeness.push({
      area: 'funding',
      key: 'funding',
      filled: done,
      total: template.funding.sources.length,
    });
  }

  // Citations count as the figures they show now, with this very evaluation's calculated values.
  const indicatorsByCode = new Map(task ? taskIndicators(task).map((i) => [i.code, i]) : []);
  const renderCitation = (code: string) => {
    const ind = indicatorsByCode.get(code);
    return ind
      ? citationText(ind, currentValue(ind, effective, evaluation.calculated), input.citationOptions)
      : '';
  };
  let sectionsDone = 0;
  for (const section of template.outline) {
    const code = field.report(section.code);
    const text = values[code];
    const chars = typeof text === 'string' ? countReportChars(text, renderCitation) : 0;
    if (chars > 0 && (section.minChars === undefined || chars >= section.minChars)) sectionsDone++;
    if (chars === 0) {
      issues.push({
        field: code,
        area: 'report',
        severity: 'error',
        message: msg('input:sectionEmpty', { title: section.title }),
      });
    } else if (section.minChars !== undefined && chars < section.minChars) {
      issues.push({
        field: code,
        area: 'report',
        severity: 'warning',
        message: msg('input:sectionShort', { title: section.title, chars, min: section.minChars }),
      });
    }
    if (section.maxChars !== undefined && chars > section.maxChars) {
      issues.push({
        field: code,
        area: 'report',
        severity: 'error',
        message: msg('input:sectionLong', { title: section.title, chars, max: section.maxChars }),
      });
    }
  }
  completeness.push({ area: 'report', key: 'report', filled: sectionsDone, total: template.outline.length });

  if (template.scoring) {
    let total = 0;
    let done = 0;
    for (const part of template.scoring.parts) {
      for (const dim of part.dimensions) {
        total++;
        const code = field.score(part.code, dim.code);
        const v = values[code];
        if (typeof v === 'number') {
          done++;
          if (v < 0 || v > dim.maxScore) {
            issues.push({
              field: code,
              area: 'score',
              severity: 'error',
              message: msg('input:scoreRange', { name: dim.name, max: dim.maxScore }),
            });
          }
        }
      }
    }
    completeness.push({ area: 'score', key: 'score', filled: done, total });
  }

  const order: Record<IssueArea, number> = { indicator: 0, evidence: 0, funding: 1, report: 2, score: 3 };
  const fieldOrder = new Map<string, number>();
  if (task) taskIndicators(task).forEach((ind, i) => fieldOrder.set(ind.code, i));
  issues.sort(
    (a, b) =>
      order[a.area] - order[b.area] ||
      (fieldOrder.get(a.field) ?? 1e9) - (fieldOrder.get(b.field) ?? 1e9) ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
  const sumFilled = completeness.reduce((a, p) => a + p.filled, 0);
  const sumTotal = completeness.reduce((a, p) => a + p.total, 0);
  return {
    evaluation,
    issues,
    errorCount: issues.filter((i) => i.severity === 'error').length,
    warningCount: issues.filter((i) => i.severity === 'warning').length,
    completeness,
    overall: sumTotal === 0 ? 1 : sumFilled / sumTotal,
    completion,
    yoy,
  };
}
