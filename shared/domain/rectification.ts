/**
 * Rectification (整改) by template: a grade band with a `rectification` rule (双高: 结论为“中”“差”的
 * 限期整改) obliges the reviewer to list 整改 items. Each item is due on its own date or, by default,
 * `dueDays` days after the date the grade was given; its status on a given day is
 * - done: it has a completion date on or before that day (a late one is flagged `late`);
 * - overdue: not done and the day is after the due date (the due date itself is still in time);
 * - open: otherwise.
 * Dates are calendar dates `YYYY-MM-DD` as people in China write them; `chinaDate()` gives today's in
 * Beijing time. Pure functions, no template-specific code.
 */
import { msg, type Message } from '../i18n/message.ts';
import type { GradeBand, RectificationRule, Template } from './template.ts';

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3600 * 1000;

/** Days since 1970-01-01 of a strict `YYYY-MM-DD` calendar date, or null when it is not one. */
export function parseIsoDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / DAY_MS;
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `days` days after `date` (YYYY-MM-DD); throws on a malformed date. */
export function addDays(date: string, days: number): string {
  const day = parseIsoDate(date);
  if (day === null) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return formatDay(day + Math.trunc(days));
}

/** Today's date in Beijing time as YYYY-MM-DD. */
export function chinaDate(now: Date = new Date()): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export type RectificationStatus = 'open' | 'done' | 'overdue';

export interface RectificationItem {
  id: string;
  /** What must be put right (整改事项). */
  text: string;
  /** Its own due date; when absent, the grade date + the band's dueDays. */
  dueOn?: string | null;
  /** Date the item was put right; from that day on it is done, never overdue. */
  doneOn?: string | null;
  /** What the item is about, e.g. the score field of a dimension (optional). */
  field?: string;
}

export interface RectificationItemState extends RectificationItem {
  /** The effective due date, or null when none is given and none can be computed. */
  due: string | null;
  status: RectificationStatus;
  /** Days left until due on the given day (0 on the due day, negative once overdue); null when done or undated. */
  daysLeft: number | null;
  /** Done after its due date. */
  late: boolean;
}

export interface RectificationIssue {
  /** `rectification:<item id>`, or `rectification` for the list as a whole. */
  field: string;
  severity: 'error' | 'warning';
  message: Message;
}

export interface RectificationReport {
  grade: string | null;
  /** The grade requires 整改 items. */
  required: boolean;
  rule: RectificationRule | null;
  /** Grade date + dueDays, the due date of items without their own; null without rule or grade date. */
  defaultDue: string | null;
  items: RectificationItemState[];
  counts: Record<RectificationStatus, number>;
  /** Required, listed, and every item done. */
  closed: boolean;
  issues: RectificationIssue[];
}

export interface RectificationInput {
  /** The grade's name (e.g. the final grade of scoreReview), or null when not graded yet. */
  grade: string | null;
  /** Date the grade was given (YYYY-MM-DD). */
  gradedOn: string | null;
  items: readonly RectificationItem[];
}

export const RECTIFICATION_FIELD = 'rectification';

function itemField(id: string): string {
  return `${RECTIFICATION_FIELD}:${id}`;
}

function quoted(text: string): string {
  return text.replace(/\$t\(/g, '$ t(');
}

/** The band of this grade name in the template, or undefined. */
export function gradeBand(template: Template, grade: string | null): GradeBand | undefined {
  return grade === null ? undefined : template.grades.find((g) => g.name === grade);
}

/** The 整改 rule of a grade (from its band), or null when the grade requires none. */
export function rectificationRule(template: Template, grade: string | null): RectificationRule | null {
  return gradeBand(template, grade)?.rectification ?? null;
}

/** Grade date + the grade's dueDays, or null when the grade requires no 整改 or the date is not valid. */
export function defaultDueDate(
  template: Template,
  grade: string | null,
  gradedOn: string | null,
): string | null {
  const rule = rectificationRule(template, grade);
  if (!rule || gradedOn === null || parseIsoDate(gradedOn) === null) return null;
  return addDays(gradedOn, rule.dueDays);
}

/** An item's status on `today` given its effective due date. */
export function rectificationStatus(
  item: Pick<RectificationItem, 'doneOn'>,
  due: string | null,
  today: string,
): RectificationStatus {
  const t = parseIsoDate(today);
  const done = parseIsoDate(item.doneOn);
  // Done as of `today`: a completion dated later has not happened yet on that day.
  if (done !== null && (t === null || done <= t)) return 'done';
  const d = parseIsoDate(due);
  if (d === null || t === null) return 'open';
  return t > d ? 'overdue' : 'open';
}

/**
 * The 整改 list of one graded unit on `today`: whether it is required, each item's due date and
 * status, and located messages (required but empty, item without text or due date, bad dates,
 * overdue items).
 */
export function reviewRectification(
  template: Template,
  input: RectificationInput,
  today: string,
): RectificationReport {
  const todayDay = parseIsoDate(today);
  if (todayDay === null) throw new RangeError(`today is not a YYYY-MM-DD date: ${today}`);
  const issues: RectificationIssue[] = [];
  const rule = rectificationRule(template, input.grade);
  const required = rule !== null;
  const gradedDay = parseIsoDate(input.gradedOn);
  const defaultDue = defaultDueDate(template, input.grade, input.gradedOn);

  if (required && input.items.length === 0) {
    issues.push({
      field: RECTIFICATION_FIELD,
      severity: 'error',
      message: msg('template:scoring.rectification.required', {
        grade: input.grade ?? '',
        days: rule.dueDays,
      }),
    });
  }
  if (input.gradedOn !== null && input.gradedOn !== '' && gradedDay === null) {
    issues.push({
      field: RECTIFICATION_FIELD,
      severity: 'error',
      message: msg('template:scoring.rectification.badGradeDate', { value: quoted(String(input.gradedOn)) }),
    });
  }

  const seen = new Set<string>();
  const items = input.items.map((item, i): RectificationItemState => {
    const no = i + 1;
    const f = itemField(item.id);
    if (seen.has(item.id)) {
      issues.push({
        field: f,
        severity: 'error',
        message: msg('template:scoring.rectification.duplicateId', { no, id: quoted(item.id) }),
      });
    }
    seen.add(item.id);
    if (item.text.trim() === '') {
      issues.push({
        field: f,
        severity: 'error',
        message: msg('template:scoring.rectification.itemEmpty', { no }),
      });
    }
    const text = quoted(item.text.trim());
    for (const [key, value] of [
      ['badDueOn', item.dueOn],
      ['badDoneOn', item.doneOn],
    ] as const) {
      if (value !== undefined && value !== null && value !== '' && parseIsoDate(value) === null) {
        issues.push({
          field: f,
          severity: 'error',
          message: msg(`template:scoring.rectification.${key}`, { no, text, value: quoted(value) }),
        });
      }
    }
    const own = parseIsoDate(item.dueOn) !== null ? (item.dueOn as string) : null;
    const due = own ?? defaultDue;
    if (due === null && required) {
      issues.push({
        field: f,
        severity: 'error',
        message: msg('template:scoring.rectification.noDue', { no, text }),
      });
    }
    const dueDay = parseIsoDate(due);
    if (own !== null && gradedDay !== null && dueDay !== null && dueDay < gradedDay) {
      issues.push({
        field: f,
        severity: 'warning',
        message: msg('template:scoring.rectification.dueBeforeGrade', {
          no,
          text,
          due: own,
          graded: input.gradedOn ?? '',
        }),
      });
    }
    const status = rectificationStatus(item, due, today);
    const doneDay = parseIsoDate(item.doneOn);
    const daysLeft = status === 'done' || dueDay === null ? null : dueDay - todayDay;
    if (status === 'overdue' && due !== null && daysLeft !== null) {
      issues.push({
        field: f,
        severity: 'warning',
        message: msg('template:scoring.rectification.overdue', { no, text, due, days: -daysLeft }),
      });
    }
    return {
      ...item,
      due,
      status,
      daysLeft,
      late: status === 'done' && doneDay !== null && dueDay !== null && doneDay > dueDay,
    };
  });

  const counts: Record<RectificationStatus, number> = { open: 0, done: 0, overdue: 0 };
  for (const item of items) counts[item.status]++;
  return {
    grade: input.grade,
    required,
    rule,
    defaultDue,
    items,
    counts,
    closed: required && items.length > 0 && counts.done === items.length,
    issues,
  };
}
