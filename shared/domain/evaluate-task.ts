/**
 * Evaluates one task's indicators against a unit's values: relevance, calculated values, required,
 * type and range checks, field and task rules. Runs on every keystroke, so everything that depends
 * only on the template (parsed expressions, dependency order, choice sets) is compiled once per
 * template object and cached in a WeakMap.
 */
import { msg, type Message } from '../i18n/message.ts';
import { DEFAULT_LOCALE, resources, type Locale } from '../i18n/resources.ts';
import {
  evaluate,
  identifiersOf,
  interpolateMessage,
  isBlankValue,
  normalizeNumber,
  parseExpression,
  type Ast,
  type ExprError,
  type Value,
} from './expr/index.ts';
import { expressionParams, reasonParams, type ExpressionKind } from './template-check.ts';
import { type Indicator, type Rule, type Task, type Template } from './template.ts';
import { formatValue } from './value-input.ts';

export type { Value } from './expr/index.ts';

/** Indicator code -> stored value (numbers for numeric types; percent as a fraction, 0.12 for 12%). */
export type Values = Record<string, Value>;

export interface FieldIssue {
  /** Indicator code the message is shown on (the task code when a task rule references no field). */
  code: string;
  ruleId?: string;
  severity: 'error' | 'warning';
  message: Message;
}

export interface TaskEvaluation {
  /** Results of calculate expressions; calculated values are visible to rules. */
  calculated: Values;
  /** false = hidden: required and rules are skipped and its value reads as blank. */
  relevant: Record<string, boolean>;
  issues: FieldIssue[];
}

export interface EvaluateTaskOptions {
  /** Language of the blank marker inside rule messages; rule texts themselves are template data. */
  locale?: Locale;
}

interface CompiledExpr {
  source: string;
  ast: Ast | null;
  parseError: ExprError | null;
}

interface CompiledRule {
  rule: Rule;
  expr: CompiledExpr;
  owner: { label: string; code: string };
  /** In-task codes the rule is shown on: the owning field first, then every referenced field. */
  shownOn: string[];
}

interface CompiledIndicator {
  ind: Indicator;
  index: number;
  relevant: CompiledExpr | null;
  calculate: CompiledExpr | null;
  rules: CompiledRule[];
  choices: { code: string; label: string }[];
  /** null when the template names no valid choice list (reported by the template check). */
  choiceCodes: Set<string> | null;
}

interface CompiledTask {
  task: Task;
  indicators: CompiledIndicator[];
  byCode: Map<string, CompiledIndicator>;
  /** Relevance and calculation order: every indicator after the ones its expressions read. */
  order: CompiledIndicator[];
  taskRules: CompiledRule[];
}

function compileExpr(source: string): CompiledExpr {
  const r = parseExpression(source);
  return r.ok ? { source, ast: r.ast, parseError: null } : { source, ast: null, parseError: r.error };
}

function compileRule(
  rule: Rule,
  owner: { label: string; code: string },
  ownField: string | null,
  inTask: (code: string) => boolean,
): CompiledRule {
  const expr = compileExpr(rule.expr);
  const refs = expr.ast ? identifiersOf(expr.ast).filter(inTask) : [];
  const shownOn = [...new Set(ownField ? [ownField, ...refs] : refs)];
  return { rule, expr, owner, shownOn };
}

function compileTask(template: Template, task: Task): CompiledTask {
  const byCode = new Map<string, CompiledIndicator>();
  const indicators: CompiledIndicator[] = [];
  for (const group of task.groups) {
    for (const ind of group.indicators) {
      const choices = ind.choices !== undefined ? template.choiceLists[ind.choices] : undefined;
      const ci: CompiledIndicator = {
        ind,
        index: indicators.length,
        relevant: ind.relevant !== undefined ? compileExpr(ind.relevant) : null,
        calculate: ind.calculate !== undefined ? compileExpr(ind.calculate) : null,
        rules: [],
        choices: choices ?? [],
        choiceCodes: choices ? new Set(choices.map((c) => c.code)) : null,
      };
      indicators.push(ci);
      if (!byCode.has(ind.code)) byCode.set(ind.code, ci);
    }
  }
  const inTask = (code: string) => byCode.has(code);
  for (const ci of indicators) {
    const owner = { label: ci.ind.label, code: ci.ind.code };
    ci.rules = ci.ind.rules.map((r) => compileRule(r, owner, ci.ind.code, inTask));
  }
  const taskOwner = { label: task.name, code: task.code };
  const taskRules = task.rules.map((r) => compileRule(r, taskOwner, null, inTask));
  return { task, indicators, byCode, order: dependencyOrder(indicators, byCode), taskRules };
}

/**
 * Kahn's algorithm over relevance and calculation inputs, ties kept in display order. Indicators on
 * a cycle (reported by the template check) are appended in display order so evaluation still ends.
 */
function dependencyOrder(
  indicators: CompiledIndicator[],
  byCode: Map<string, CompiledIndicator>,
): CompiledIndicator[] {
  const pending = new Array<number>(indicators.length).fill(0);
  const users: number[][] = indicators.map(() => []);
  for (const ci of indicators) {
    const deps = new Set<number>();
    for (const e of [ci.relevant, ci.calculate]) {
      if (!e?.ast) continue;
      for (const code of identifiersOf(e.ast)) {
        const dep = byCode.get(code);
        if (dep) deps.add(dep.index);
      }
    }
    pending[ci.index] = deps.size;
    for (const d of deps) users[d]?.push(ci.index);
  }
  const order: CompiledIndicator[] = [];
  const done = new Array<boolean>(indicators.length).fill(false);
  const ready = indicators.filter((ci) => pending[ci.index] === 0).map((ci) => ci.index);
  for (let head = 0; head < ready.length; head++) {
    const i = ready[head] as number;
    done[i] = true;
    order.push(indicators[i] as CompiledIndicator);
    for (const u of users[i] ?? []) {
      pending[u] = (pending[u] ?? 0) - 1;
      if (pending[u] === 0) ready.push(u);
    }
  }
  for (const ci of indicators) if (!done[ci.index]) order.push(ci);
  return order;
}

const compiledCache = new WeakMap<Template, Map<string, CompiledTask | null>>();

function compiled(template: Template, taskCode: string): CompiledTask | null {
  let perTemplate = compiledCache.get(template);
  if (!perTemplate) {
    perTemplate = new Map();
    compiledCache.set(template, perTemplate);
  }
  let hit = perTemplate.get(taskCode);
  if (hit === undefined) {
    const task = template.tasks.find((t) => t.code === taskCode);
    hit = task ? compileTask(template, task) : null;
    perTemplate.set(taskCode, hit);
  }
  return hit;
}

const NUMERIC = new Set(['integer', 'decimal', 'percent', 'money']);

function isRealDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The message when a non-blank value does not fit the indicator's type, else null. */
function typeProblem(ci: CompiledIndicator, v: Exclude<Value, null>): Message | null {
  const { label, code, type } = ci.ind;
  switch (type) {
    case 'integer':
      if (typeof v !== 'number') return msg('expr:field.notNumber', { label, code });
      return Number.isInteger(v) ? null : msg('expr:field.notInteger', { label, code });
    case 'decimal':
    case 'percent':
    case 'money':
      return typeof v === 'number' && Number.isFinite(v)
        ? null
        : msg('expr:field.notNumber', { label, code });
    case 'boolean':
      return typeof v === 'boolean' ? null : msg('expr:field.notBoolean', { label, code });
    case 'choice':
      if (ci.choiceCodes === null || (typeof v !== 'boolean' && ci.choiceCodes.has(String(v)))) return null;
      return msg('expr:field.notChoice', { label, code, value: String(v) });
    case 'text':
      return typeof v === 'string' || typeof v === 'number'
        ? null
        : msg('expr:field.notText', { label, code });
    case 'date':
      return typeof v === 'string' && isRealDate(v) ? null : msg('expr:field.notDate', { label, code });
  }
}

/** A min/max limit as the person sees it: "0 人", "100%", "5 万元". */
function formatLimit(ind: Indicator, n: number): string {
  if (ind.type === 'percent') return `${normalizeNumber(n * 100) ?? n}%`;
  const shown = String(normalizeNumber(n) ?? n);
  return ind.unit ? `${shown} ${ind.unit}` : shown;
}

/** Binary noise (0.1 + 0.2) must not push a value past a limit it meets. */
function below(v: number, limit: number): boolean {
  return v < limit - 1e-12 * Math.max(1, Math.abs(limit));
}

function rangeProblem(ind: Indicator, v: number): Message | null {
  const { label, code } = ind;
  if (ind.min !== undefined && below(v, ind.min)) {
    return msg('expr:field.belowMin', { label, code, limit: formatLimit(ind, ind.min) });
  }
  if (ind.max !== undefined && below(ind.max, v)) {
    return msg('expr:field.aboveMax', { label, code, limit: formatLimit(ind, ind.max) });
  }
  return null;
}

export function evaluateTask(
  template: Template,
  taskCode: string,
  values: Values,
  options: EvaluateTaskOptions = {},
): TaskEvaluation {
  const ct = compiled(template, taskCode);
  if (!ct) {
    return {
      calculated: {},
      relevant: {},
      issues: [
        { code: taskCode, severity: 'error', message: msg('expr:field.unknownTask', { code: taskCode }) },
      ],
    };
  }
  const n = ct.indicators.length;
  /** Effective values: hidden -> blank, calculated -> result, wrongly typed -> blank (reported once). */
  const effective = new Map<string, Value>();
  const isRelevant = new Array<boolean>(n).fill(true);
  const wrongTypeCodes = new Set<string>();
  const own: FieldIssue[][] = ct.indicators.map(() => []);
  const calculated: Values = {};
  const lookup = (code: string): Value => effective.get(code) ?? null;

  const exprIssue = (
    ce: CompiledExpr,
    kind: ExpressionKind,
    owner: { label: string; code: string },
    error: ExprError,
  ): Message =>
    msg(ce.parseError ? 'expr:check.invalidExpression' : 'expr:field.evalError', {
      ...expressionParams(kind, ce.source, owner),
      ...reasonParams(error),
    });

  /** Runs a relevance or calculate expression; a broken one yields `fallback` and a warning. */
  const run = (ce: CompiledExpr, kind: ExpressionKind, ci: CompiledIndicator, fallback: Value): Value => {
    const owner = { label: ci.ind.label, code: ci.ind.code };
    if (!ce.ast) {
      own[ci.index]?.push({
        code: ci.ind.code,
        severity: 'warning',
        message: exprIssue(ce, kind, owner, ce.parseError as ExprError),
      });
      return fallback;
    }
    const r = evaluate(ce.ast, lookup);
    if (r.ok) return r.value;
    own[ci.index]?.push({
      code: ci.ind.code,
      severity: 'warning',
      message: exprIssue(ce, kind, owner, r.error),
    });
    return fallback;
  };

  // Pass 1, dependency order: relevance, calculated values, type checks of what was entered.
  for (const ci of ct.order) {
    const { ind } = ci;
    // Hidden until the condition holds; a broken condition shows the field rather than lose it.
    const rel = ci.relevant ? run(ci.relevant, 'relevant', ci, true) === true : true;
    isRelevant[ci.index] = rel;
    if (ci.calculate) {
      const v = rel ? run(ci.calculate, 'calculate', ci, null) : null;
      calculated[ind.code] = v;
      effective.set(ind.code, v);
      continue;
    }
    if (!rel) {
      effective.set(ind.code, null);
      continue;
    }
    const raw = values[ind.code];
    if (raw === undefined || isBlankValue(raw)) {
      effective.set(ind.code, null);
      continue;
    }
    const problem = typeProblem(ci, raw as Exclude<Value, null>);
    if (problem) {
      own[ci.index]?.push({ code: ind.code, severity: 'error', message: problem });
      wrongTypeCodes.add(ind.code);
      // A wrongly typed value reads as blank so rules do not pile further errors on it.
      effective.set(ind.code, null);
    } else {
      effective.set(ind.code, raw);
    }
  }

  const relevant: Record<string, boolean> = {};
  for (const ci of ct.indicators) relevant[ci.ind.code] = isRelevant[ci.index] ?? true;

  const words = resources[options.locale ?? DEFAULT_LOCALE].expr.value;
  const blankText = words.blank;
  const interpolationLookup = (code: string): Value | undefined =>
    ct.byCode.has(code) ? lookup(code) : undefined;
  const format = (code: string, v: Exclude<Value, null>): string => {
    const ci = ct.byCode.get(code);
    return ci ? formatValue(ci.ind, v, { choices: ci.choices, yes: words.yes, no: words.no }) : String(v);
  };

  const issues: FieldIssue[] = [];
  const runRule = (cr: CompiledRule): void => {
    // A field already reported as wrongly typed would only produce follow-on noise here.
    if (cr.shownOn.some((c) => wrongTypeCodes.has(c))) return;
    const ruleId = cr.rule.id;
    const visible = cr.shownOn.filter((c) => relevant[c] !== false);
    const targets = visible.length > 0 ? visible : [cr.shownOn[0] ?? ct.task.code];
    const emit = (severity: 'error' | 'warning', message: Message) => {
      for (const code of targets) issues.push({ code, ruleId, severity, message });
    };
    if (!cr.expr.ast) {
      emit('warning', exprIssue(cr.expr, 'rule', cr.owner, cr.expr.parseError as ExprError));
      return;
    }
    const r = evaluate(cr.expr.ast, lookup);
    if (!r.ok) {
      emit('warning', exprIssue(cr.expr, 'rule', cr.owner, r.error));
      return;
    }
    // Blank = not evaluated (some input is still empty): the rule passes.
    if (r.value === null || r.value === true) return;
    if (r.value === false) {
      const text = interpolateMessage(cr.rule.message, interpolationLookup, blankText, format);
      emit(cr.rule.severity, msg('expr:rule.failed', { text, ruleId, expr: cr.rule.expr }));
      return;
    }
    emit(
      'warning',
      msg('expr:check.resultNotBoolean', {
        ...expressionParams('rule', cr.expr.source, cr.owner),
        actual: typeof r.value === 'number' ? 'number' : 'text',
      }),
    );
  };

  // Pass 2, display order: required and range, then the field's own rules.
  for (const ci of ct.indicators) {
    const { ind } = ci;
    if (!isRelevant[ci.index]) continue;
    const v = effective.get(ind.code) ?? null;
    if (v === null && ind.required && !ci.calculate && !wrongTypeCodes.has(ind.code)) {
      issues.push({
        code: ind.code,
        severity: 'error',
        message: msg('expr:field.required', { label: ind.label, code: ind.code }),
      });
    }
    issues.push(...(own[ci.index] ?? []));
    if (typeof v === 'number' && NUMERIC.has(ind.type)) {
      const range = rangeProblem(ind, v);
      if (range) issues.push({ code: ind.code, severity: 'error', message: range });
    }
    for (const cr of ci.rules) runRule(cr);
  }
  for (const cr of ct.taskRules) runRule(cr);

  return { calculated, relevant, issues };
}
