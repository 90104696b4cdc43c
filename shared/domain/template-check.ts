/**
 * Semantic checks of a template that zod cannot express: unique codes, expressions that parse,
 * reference real indicators of the same task and have sensible types, no calculation cycles,
 * consistent scoring weights, real deadlines. Every problem is collected in one pass so a template
 * author fixes the workbook once, not issue by issue.
 */
import { msg, type Message, type MessageParams } from '../i18n/message.ts';
import {
  identifiersOf,
  inferType,
  KEYWORDS,
  parseExpression,
  placeholdersOf,
  type Ast,
  type ExprError,
  type StaticType,
} from './expr/index.ts';
import { templateSchema, type Indicator, type IndicatorType, type Rule, type Template } from './template.ts';

export interface TemplateIssue {
  /** Location in the template, e.g. `tasks[0].groups[1].indicators[2].rules[0].expr`. */
  path: string;
  message: Message;
}

export type ExpressionKind = 'rule' | 'relevant' | 'calculate';

/** How an indicator's stored value looks to the expression language. */
export function staticTypeOfIndicator(type: IndicatorType): StaticType {
  switch (type) {
    case 'integer':
    case 'decimal':
    case 'percent':
    case 'money':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'text':
    case 'date':
    case 'choice':
      return 'text';
  }
}

/**
 * i18next resolves `$t(...)` inside translations; an expression quoted into a message must not be
 * able to trigger that (it would break the surrounding message), so defuse it.
 */
export function quoteForMessage(text: string): string {
  return text.replace(/\$t\(/g, '$ t(');
}

/** Params shared by every "this expression has a problem" message. */
export function expressionParams(
  kind: ExpressionKind,
  source: string,
  owner: { label: string; code: string },
): MessageParams {
  return { kind, expr: quoteForMessage(source), ownerLabel: owner.label, ownerCode: owner.code };
}

/** Wraps a located parse/type error as the reason of an outer message (rendered via `$t(reasonKey)`). */
export function reasonParams(error: ExprError): MessageParams {
  return { ...(error.message.params ?? {}), reasonKey: error.message.key };
}

interface IndicatorEntry {
  ind: Indicator;
  taskIndex: number;
  path: string;
}

function formatNumber(n: number): string {
  return String(Number(n.toFixed(6)));
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Zod paths to the same notation as our own issues: `tasks[0].groups[1].code`. */
function formatZodPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

class Checker {
  readonly issues: TemplateIssue[] = [];
  private readonly indicators = new Map<string, IndicatorEntry>();

  constructor(private readonly template: Template) {}

  private add(path: string, key: string, params?: MessageParams): void {
    this.issues.push({ path, message: msg(`expr:check.${key}`, params) });
  }

  /** Reports every repeat of a code after its first use. */
  private unique<T>(
    items: readonly T[],
    codeOf: (item: T) => string,
    pathOf: (i: number) => string,
    kind: string,
  ) {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const code = codeOf(item);
      if (seen.has(code)) this.add(pathOf(i), 'duplicateCode', { kind, code });
      seen.add(code);
    });
  }

  run(): TemplateIssue[] {
    const t = this.template;
    this.deadlines();
    this.grades();
    this.choiceLists();
    this.unique(
      t.tasks,
      (x) => x.code,
      (i) => `tasks[${i}].code`,
      'task',
    );
    this.collectIndicators();
    t.tasks.forEach((_task, ti) => this.task(ti));
    this.outline();
    this.scoring();
    return this.issues;
  }

  private deadlines(): void {
    const t = this.template;
    const check = (value: string, path: string, stage?: string) => {
      const m = /^(\d{2})-(\d{2})$/.exec(value);
      const month = m ? Number(m[1]) : 0;
      const day = m ? Number(m[2]) : 0;
      const maxDay = DAYS_IN_MONTH[month - 1];
      if (maxDay === undefined || day < 1 || day > maxDay) {
        if (stage === undefined) this.add(path, 'invalidDeadline', { value });
        else this.add(path, 'invalidStageDeadline', { value, stage });
        return;
      }
      if (month === 2 && day === 29) {
        // A yearly deadline must exist in every year the template covers.
        const year = t.years.find((y) => !isLeapYear(y));
        if (year !== undefined) this.add(path, 'deadlineMissingInYear', { value, year });
      }
    };
    check(t.deadline, 'deadline');
    t.stages.forEach((s, i) => {
      if (s.deadline !== undefined) check(s.deadline, `stages[${i}].deadline`, s.name);
    });
    this.unique(
      t.stages,
      (s) => s.code,
      (i) => `stages[${i}].code`,
      'stage',
    );
  }

  private grades(): void {
    const g = this.template.grades;
    for (let i = 1; i < g.length; i++) {
      const prev = g[i - 1];
      const cur = g[i];
      if (prev && cur && cur.minScore >= prev.minScore) {
        this.add(`grades[${i}].minScore`, 'gradeOrder', {
          name: cur.name,
          minScore: cur.minScore,
          prevName: prev.name,
          prevMinScore: prev.minScore,
        });
      }
    }
  }

  private choiceLists(): void {
    for (const [name, list] of Object.entries(this.template.choiceLists)) {
      this.unique(
        list,
        (c) => c.code,
        (i) => `choiceLists.${name}[${i}].code`,
        'choice',
      );
    }
  }

  private collectIndicators(): void {
    this.template.tasks.forEach((task, ti) => {
      task.groups.forEach((group, gi) => {
        group.indicators.forEach((ind, ii) => {
          const path = `tasks[${ti}].groups[${gi}].indicators[${ii}]`;
          const first = this.indicators.get(ind.code);
          if (first) {
            this.add(`${path}.code`, 'duplicateIndicator', {
              code: ind.code,
              label: ind.label,
              otherLabel: first.ind.label,
            });
          } else {
            this.indicators.set(ind.code, { ind, taskIndex: ti, path });
          }
          if (KEYWORDS.has(ind.code.toLowerCase()))
            this.add(`${path}.code`, 'reservedCode', { code: ind.code });
        });
      });
    });
  }

  private task(ti: number): void {
    const task = this.template.tasks[ti];
    if (!task) return;
    const taskOwner = { label: task.name, code: task.code };
    this.unique(
      task.groups,
      (g) => g.code,
      (i) => `tasks[${ti}].groups[${i}].code`,
      'group',
    );

    const ruleIds: { id: string; path: string }[] = [];
    const graph = new Map<string, { deps: string[]; path: string }>();
    const sameTask = (code: string) => this.indicators.get(code)?.taskIndex === ti;

    task.groups.forEach((group, gi) => {
      group.indicators.forEach((ind, ii) => {
        const path = `tasks[${ti}].groups[${gi}].indicators[${ii}]`;
        const owner = { label: ind.label, code: ind.code };
        this.indicatorShape(ind, path);
        const deps: string[] = [];
        let graphPath = '';
        if (ind.relevant !== undefined) {
          const ast = this.expression(ind.relevant, `${path}.relevant`, 'relevant', owner, ti);
          if (ast) deps.push(...identifiersOf(ast).filter(sameTask));
          graphPath ||= `${path}.relevant`;
        }
        if (ind.calculate !== undefined) {
          const ast = this.expression(ind.calculate, `${path}.calculate`, 'calculate', owner, ti, ind.type);
          if (ast) deps.push(...identifiersOf(ast).filter(sameTask));
          graphPath = `${path}.calculate`;
        }
        if (deps.length > 0 && !graph.has(ind.code)) graph.set(ind.code, { deps, path: graphPath });
        ind.rules.forEach((rule, ri) => {
          const rulePath = `${path}.rules[${ri}]`;
          ruleIds.push({ id: rule.id, path: `${rulePath}.id` });
          this.rule(rule, rulePath, owner, ti);
        });
      });
    });
    task.rules.forEach((rule, ri) => {
      const rulePath = `tasks[${ti}].rules[${ri}]`;
      ruleIds.push({ id: rule.id, path: `${rulePath}.id` });
      this.rule(rule, rulePath, taskOwner, ti);
    });
    this.unique(
      ruleIds,
      (r) => r.id,
      (i) => ruleIds[i]?.path ?? '',
      'rule',
    );
    this.cycles(graph);
  }

  private indicatorShape(ind: Indicator, path: string): void {
    if (ind.type === 'choice') {
      if (ind.choices === undefined) {
        this.add(`${path}.choices`, 'missingChoiceList', { label: ind.label, code: ind.code });
      } else if (!Object.hasOwn(this.template.choiceLists, ind.choices)) {
        this.add(`${path}.choices`, 'unknownChoiceList', {
          label: ind.label,
          code: ind.code,
          list: ind.choices,
        });
      }
    }
    if (ind.min !== undefined && ind.max !== undefined && ind.min > ind.max) {
      this.add(`${path}.min`, 'minGreaterThanMax', {
        label: ind.label,
        code: ind.code,
        min: ind.min,
        max: ind.max,
      });
    }
  }

  private rule(rule: Rule, path: string, owner: { label: string; code: string }, ti: number): void {
    this.expression(rule.expr, `${path}.expr`, 'rule', owner, ti);
    for (const code of placeholdersOf(rule.message)) {
      if (this.indicators.get(code)?.taskIndex !== ti) {
        this.add(`${path}.message`, 'unknownPlaceholder', {
          ownerLabel: owner.label,
          ownerCode: owner.code,
          ruleId: rule.id,
          code,
        });
      }
    }
  }

  /** Parses, resolves and type-checks one expression; returns the AST when it parsed. */
  private expression(
    source: string,
    path: string,
    kind: ExpressionKind,
    owner: { label: string; code: string },
    ti: number,
    resultType?: IndicatorType,
  ): Ast | null {
    const base = expressionParams(kind, source, owner);
    const parsed = parseExpression(source);
    if (!parsed.ok) {
      this.add(path, 'invalidExpression', { ...base, ...reasonParams(parsed.error) });
      return null;
    }
    let resolved = true;
    for (const code of identifiersOf(parsed.ast)) {
      const entry = this.indicators.get(code);
      if (!entry) {
        this.add(path, 'unknownCode', { ...base, code });
        resolved = false;
      } else if (entry.taskIndex !== ti) {
        const other = this.template.tasks[entry.taskIndex];
        this.add(path, 'otherTaskCode', {
          ...base,
          code,
          codeLabel: entry.ind.label,
          otherTask: other?.name ?? '',
        });
        resolved = false;
      }
    }
    const typed = inferType(parsed.ast, (code) => {
      const entry = this.indicators.get(code);
      return entry && entry.taskIndex === ti ? staticTypeOfIndicator(entry.ind.type) : 'any';
    });
    if (!typed.ok) {
      this.add(path, 'invalidExpression', { ...base, ...reasonParams(typed.error) });
    } else if (resolved) {
      const t = typed.type;
      if (kind !== 'calculate') {
        if (t !== 'boolean' && t !== 'any' && t !== 'blank')
          this.add(path, 'resultNotBoolean', { ...base, actual: t });
      } else if (resultType !== undefined && t !== 'any' && t !== 'blank') {
        const want = staticTypeOfIndicator(resultType);
        if (t !== want) this.add(path, 'calcResultType', { ...base, actual: t, type: resultType });
      }
    }
    return parsed.ast;
  }

  /**
   * Kahn's algorithm strips every indicator whose inputs are settled; whatever remains sits on or
   * behind a cycle. Walking inputs from a leftover node must revisit a node, which names the cycle.
   */
  private cycles(graph: Map<string, { deps: string[]; path: string }>): void {
    const pending = new Map<string, number>();
    const users = new Map<string, string[]>();
    for (const [code, { deps }] of graph) {
      const unique = [...new Set(deps)].filter((d) => graph.has(d));
      pending.set(code, unique.length);
      for (const d of unique) {
        const list = users.get(d);
        if (list) list.push(code);
        else users.set(d, [code]);
      }
    }
    const queue = [...pending].filter(([, n]) => n === 0).map(([c]) => c);
    while (queue.length > 0) {
      const code = queue.pop() as string;
      pending.delete(code);
      for (const u of users.get(code) ?? []) {
        const n = (pending.get(u) ?? 0) - 1;
        pending.set(u, n);
        if (n === 0) queue.push(u);
      }
    }
    const visited = new Set<string>();
    for (const start of pending.keys()) {
      if (visited.has(start)) continue;
      const walk: string[] = [];
      const onWalk = new Map<string, number>();
      let node: string | undefined = start;
      while (node !== undefined && !visited.has(node)) {
        visited.add(node);
        onWalk.set(node, walk.length);
        walk.push(node);
        const deps: string[] = graph.get(node)?.deps ?? [];
        node = deps.find((d) => pending.has(d));
        if (node !== undefined && onWalk.has(node)) {
          const cycle = walk.slice(onWalk.get(node));
          this.add(graph.get(cycle[0] as string)?.path ?? '', 'cycle', {
            cycle: [...cycle, cycle[0]].join(' → '),
          });
          break;
        }
      }
    }
  }

  private outline(): void {
    const o = this.template.outline;
    this.unique(
      o,
      (s) => s.code,
      (i) => `outline[${i}].code`,
      'section',
    );
    o.forEach((s, i) => {
      if (s.minChars !== undefined && s.maxChars !== undefined && s.minChars > s.maxChars) {
        this.add(`outline[${i}].minChars`, 'charLimits', {
          title: s.title,
          code: s.code,
          min: s.minChars,
          max: s.maxChars,
        });
      }
    });
  }

  private scoring(): void {
    const s = this.template.scoring;
    if (!s) return;
    this.unique(
      s.parts,
      (p) => p.code,
      (i) => `scoring.parts[${i}].code`,
      'part',
    );
    const parts = new Set(s.parts.map((p) => p.code));
    s.parts.forEach((p, pi) => {
      this.unique(
        p.dimensions,
        (d) => d.code,
        (i) => `scoring.parts[${pi}].dimensions[${i}].code`,
        'dimension',
      );
      const sum = p.dimensions.reduce((acc, d) => acc + d.weight, 0);
      if (Math.abs(sum - 1) > 1e-6) {
        this.add(`scoring.parts[${pi}].dimensions`, 'partWeights', {
          name: p.name,
          code: p.code,
          sum: formatNumber(sum),
        });
      }
    });
    this.unique(
      s.combinations,
      (c) => c.code,
      (i) => `scoring.combinations[${i}].code`,
      'combination',
    );
    s.combinations.forEach((c, ci) => {
      this.unique(
        c.slots,
        (x) => x.slot,
        (i) => `scoring.combinations[${ci}].slots[${i}].slot`,
        'slot',
      );
      c.slots.forEach((slot, si) => {
        if (!parts.has(slot.part)) {
          this.add(`scoring.combinations[${ci}].slots[${si}].part`, 'unknownPart', {
            name: c.name,
            code: c.code,
            label: slot.label,
            part: slot.part,
          });
        }
      });
      const sum = c.slots.reduce((acc, x) => acc + x.weight, 0);
      if (Math.abs(sum - 1) > 1e-6) {
        this.add(`scoring.combinations[${ci}].slots`, 'slotWeights', {
          name: c.name,
          code: c.code,
          sum: formatNumber(sum),
        });
      }
    });
  }
}

/** Semantic problems of a structurally valid template; empty when the template is usable. */
export function checkTemplate(template: Template): TemplateIssue[] {
  return new Checker(template).run();
}

/** Structural (zod) validation with defaults applied, then the semantic checks. */
export function parseTemplate(
  input: unknown,
): { ok: true; template: Template } | { ok: false; issues: TemplateIssue[] } {
  const parsed = templateSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => {
        const path = formatZodPath(issue.path);
        return {
          path,
          message:
            path === ''
              ? msg('expr:check.schemaRoot', { detail: issue.message })
              : msg('expr:check.schema', { path, detail: issue.message }),
        };
      }),
    };
  }
  const issues = checkTemplate(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, template: parsed.data };
}
