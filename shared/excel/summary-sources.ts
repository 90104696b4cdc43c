/**
 * Which submissions go into a summary workbook and which do not, with a located reason for every
 * one left out: a summary that quietly drops a unit is worse than none, because the province
 * signs it as complete.
 */
import { msg, type Message } from '../i18n/message.ts';
import { createTranslator, type Translator } from '../i18n/index.ts';
import { regionByCode, regionName, type RegionLookup } from '../domain/regions.ts';
import { findTask, type Task, type Template } from '../domain/template.ts';
import type { ReportSource } from '../report/source.ts';
import { sx } from './summary-text.ts';

export type SummaryIssueCode =
  | 'wrong-template'
  | 'wrong-version'
  | 'unknown-task'
  | 'other-task'
  | 'other-year'
  | 'duplicate'
  | 'no-sources'
  | 'too-many-rows'
  | 'too-many-columns';

export interface SummaryIssue {
  /** 0-based position of the submission in the input; null when the options themselves are at fault. */
  index: number | null;
  /** The unit's name (or credit code) as the person will recognise it; '' for option problems. */
  unit: string;
  taskCode: string;
  code: SummaryIssueCode;
  /** The reason, without the location (see formatSummaryIssue). */
  message: Message;
}

/** Thrown when submissions cannot be summarised as asked; every problem is in `issues`, located. */
export class SummaryInputError extends Error {
  readonly issues: SummaryIssue[];
  constructor(issues: SummaryIssue[]) {
    super(summaryErrorText(issues));
    this.name = 'SummaryInputError';
    this.issues = issues;
  }
}

export interface SummaryScope {
  template: Template;
  /** Only these tasks (template order); otherwise every task that has a submission. */
  taskCodes?: string[];
  /** The reporting year; otherwise the year most of the submissions are for. */
  year?: number;
}

export interface SummaryTaskPlan {
  task: Task;
  /** In input order; rows are written in this order. */
  sources: ReportSource[];
}

export interface SummaryPlan {
  year: number;
  tasks: SummaryTaskPlan[];
  /** Submissions left out, in input order. */
  issues: SummaryIssue[];
}

function issue(
  index: number | null,
  source: ReportSource | undefined,
  code: SummaryIssueCode,
  key: string,
  params?: Record<string, string | number>,
): SummaryIssue {
  return {
    index,
    unit: source ? source.unit.name || source.unit.uscc || '' : '',
    taskCode: source?.taskCode ?? '',
    code,
    message: msg(`summary:issue.${key}`, params),
  };
}

/** The year most submissions of this template are for; the later one on a tie. */
function likelyYear(sources: ReportSource[], template: Template): number | undefined {
  const counts = new Map<number, number>();
  for (const s of sources) {
    if (s.template.id === template.id) counts.set(s.year, (counts.get(s.year) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [year, n] of counts) {
    const bestN = best === undefined ? -1 : (counts.get(best) ?? 0);
    if (n > bestN || (n === bestN && year > (best as number))) best = year;
  }
  return best;
}

/** Why this submission does not belong to the summary, or null when it does. */
function mismatch(
  s: ReportSource,
  index: number,
  scope: SummaryScope,
  year: number,
  wanted: Set<string> | null,
): SummaryIssue | null {
  const { template } = scope;
  if (s.template.id !== template.id)
    return issue(index, s, 'wrong-template', 'wrongTemplate', {
      foundName: s.template.name,
      foundId: s.template.id,
      expectedName: template.name,
      expectedId: template.id,
    });
  if (s.template.version !== template.version)
    return issue(index, s, 'wrong-version', 'wrongVersion', {
      id: template.id,
      found: s.template.version,
      expected: template.version,
    });
  if (!findTask(template, s.taskCode))
    return issue(index, s, 'unknown-task', 'unknownTask', { template: template.name, task: s.taskCode });
  if (wanted && !wanted.has(s.taskCode))
    return issue(index, s, 'other-task', 'otherTask', { tasks: [...wanted].join(', ') });
  if (s.year !== year) return issue(index, s, 'other-year', 'otherYear', { found: s.year, expected: year });
  return null;
}

/** Same unit, task and project: the same file imported twice, which would count the unit twice. */
function duplicateKey(s: ReportSource): string {
  return JSON.stringify([s.taskCode, s.unit.uscc || s.unit.name, s.project?.name ?? ''].map((x) => x.trim()));
}

/**
 * Sorts submissions into tasks and lists every one that does not belong, located. Problems with
 * the options themselves (a task code the template lacks, nothing to summarise and no year) are
 * thrown as a SummaryInputError: there is no sensible workbook to write.
 */
export function planSummary(sources: ReportSource[], scope: SummaryScope): SummaryPlan {
  const { template } = scope;
  const unknown = (scope.taskCodes ?? []).filter((code) => !findTask(template, code));
  if (unknown.length > 0)
    throw new SummaryInputError(
      unknown.map((task) =>
        issue(null, undefined, 'unknown-task', 'unknownTask', { template: template.name, task }),
      ),
    );
  const year = scope.year ?? likelyYear(sources, template);
  if (year === undefined) throw new SummaryInputError([issue(null, undefined, 'no-sources', 'noSources')]);

  const wanted = scope.taskCodes ? new Set(scope.taskCodes) : null;
  const byTask = new Map<string, ReportSource[]>();
  const seen = new Map<string, number>();
  const issues: SummaryIssue[] = [];
  sources.forEach((s, index) => {
    const problem = mismatch(s, index, scope, year, wanted);
    if (problem) return void issues.push(problem);
    const key = duplicateKey(s);
    const first = seen.get(key);
    if (first !== undefined)
      return void issues.push(issue(index, s, 'duplicate', 'duplicate', { other: first + 1 }));
    seen.set(key, index);
    const list = byTask.get(s.taskCode) ?? [];
    list.push(s);
    byTask.set(s.taskCode, list);
  });
  const tasks = template.tasks
    .filter((t) => (wanted ? wanted.has(t.code) : byTask.has(t.code)))
    .map((task) => ({ task, sources: byTask.get(task.code) ?? [] }));
  return { year, tasks, issues };
}

/** One line as people read it: 第 3 份填报（长沙某职院，任务 T01）：… */
export function formatSummaryIssue(issue: SummaryIssue, tr: Translator): string {
  const text = tr.format(issue.message);
  if (issue.index === null) return tr.t('summary:issue.options', { text });
  return tr.t('summary:issue.located', {
    index: issue.index + 1,
    unit: issue.unit || '—',
    task: issue.taskCode || '—',
    text,
  });
}

let zh: Translator | undefined;
function zhTranslator(): Translator {
  zh ??= createTranslator('zh-CN');
  return zh;
}

/** The error's own text (zh-CN, like the document): the first problem and how many there are. */
function summaryErrorText(issues: SummaryIssue[]): string {
  const tr = zhTranslator();
  const first = issues[0] ? formatSummaryIssue(issues[0], tr) : '';
  if (issues.every((i) => i.index === null)) return issues.map((i) => formatSummaryIssue(i, tr)).join('\n');
  return sx('issue.summary', { count: issues.filter((i) => i.index !== null).length, first });
}

// ───────────────────────────── regions ─────────────────────────────

/**
 * Resolves a unit's region code to its city: city codes directly, county codes (430102) through
 * their city (430100), otherwise the province. Unknown codes resolve to nothing.
 */
function resolveRegion(code: string | undefined): RegionLookup | undefined {
  if (!code || !/^\d{6}$/.test(code)) return undefined;
  return (
    regionByCode(code) ?? regionByCode(`${code.slice(0, 4)}00`) ?? regionByCode(`${code.slice(0, 2)}0000`)
  );
}

export interface RegionLabel {
  /** What the 所在地市 column shows and the overview counts by. */
  label: string;
  /** Sort key: region code order, units without a region last. */
  order: string;
}

/**
 * The 所在地市 text for each submission: the bare city name (长沙市) when every unit is in one
 * province, the full name (湖南省长沙市) when several provinces are mixed so that equally named
 * places cannot be counted together.
 */
export function regionLabeller(sources: ReportSource[]): (source: ReportSource) => RegionLabel {
  const cache = new Map<string, RegionLabel>();
  const provinces = new Set<string>();
  for (const s of sources) {
    const found = resolveRegion(s.unit.regionCode);
    if (found) provinces.add(found.province.code);
  }
  const full = provinces.size > 1;
  const unknown: RegionLabel = { label: sx('value.unknownRegion'), order: '~' };
  return (source) => {
    const code = source.unit.regionCode ?? '';
    let hit = cache.get(code);
    if (!hit) {
      const found = resolveRegion(code);
      if (!found) hit = unknown;
      else {
        const place = found.city ?? found.province;
        // regionName knows that 北京市's city is not to be called 北京市北京市.
        const name = full ? (regionName(place.code) ?? place.name) : place.name;
        hit = { label: name, order: place.code };
      }
      cache.set(code, hit);
    }
    return hit;
  };
}
