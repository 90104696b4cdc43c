/**
 * Evaluation of parsed expressions, plus a static type check that runs the same rules over
 * types instead of values (used by the template checker to catch `文本 + 1` before any unit fills
 * anything in).
 *
 * Blank semantics: an unfilled field must not trigger a cross-field error ("required" reports
 * blanks separately), so a blank operand makes comparisons and arithmetic blank, and a rule whose
 * result is blank is not evaluated. sum/count/coalesce/isBlank/if handle blanks explicitly.
 */
import { located } from './lexer.ts';
import type { Ast, BinaryNode, CallNode, ExprError, Value } from './parser.ts';

export type Lookup = (code: string) => Value | undefined;
export type EvaluateResult = { ok: true; value: Value } | { ok: false; error: ExprError };

/** Type names used in messages (`expr:type.<name>`). */
export type ValueType = 'number' | 'text' | 'boolean' | 'blank';

class EvalFailure {
  constructor(readonly error: ExprError) {}
}

/** Empty and whitespace-only text counts as blank: that is what an emptied input box holds. */
export function isBlankValue(v: Value | undefined): boolean {
  return (
    v === null ||
    v === undefined ||
    (typeof v === 'string' && v.trim() === '') ||
    (typeof v === 'number' && Number.isNaN(v))
  );
}

export function typeOfValue(v: Value | undefined): ValueType {
  if (isBlankValue(v)) return 'blank';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'text';
}

/**
 * Arithmetic results are trimmed to 15 significant digits so that 0.1 + 0.2 equals 0.3 — money and
 * percentages are compared for equality in rules, and binary noise must not fail them.
 * Infinity/NaN (division by zero, overflow) become blank.
 */
export function normalizeNumber(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  const n = Number(x.toPrecision(15));
  return n === 0 ? 0 : n; // no -0 in messages
}

/** Relative tolerance for comparing numbers that went through different arithmetic paths. */
function numbersEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

function numericText(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

function fail(key: string, position: number, params: Record<string, string | number> = {}): never {
  throw new EvalFailure(located(key, position, params));
}

function requireNumber(v: Value, op: string, at: number): number {
  if (typeof v === 'number') return v;
  fail('expr:evaluation.typeMismatch', at, { op, expected: 'number', actual: typeOfValue(v) });
}

function requireBoolean(v: Value, op: string, at: number): boolean {
  if (typeof v === 'boolean') return v;
  fail('expr:evaluation.typeMismatch', at, { op, expected: 'boolean', actual: typeOfValue(v) });
}

/** Orders two non-blank values; returns <0, 0, >0. Numeric text (choice codes like "1") compares as a number. */
function compareValues(a: Value, b: Value, node: BinaryNode): number {
  if (typeof a === 'number' && typeof b === 'number') return numbersEqual(a, b) ? 0 : a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'boolean' && typeof b === 'boolean') {
    if (node.op === '=' || node.op === '!=') return a === b ? 0 : 1;
    fail('expr:evaluation.booleanOrder', node.opStart, { op: node.op });
  }
  if (typeof a === 'number' && typeof b === 'string') {
    const nb = numericText(b);
    if (nb !== null) return numbersEqual(a, nb) ? 0 : a < nb ? -1 : 1;
  }
  if (typeof a === 'string' && typeof b === 'number') {
    const na = numericText(a);
    if (na !== null) return numbersEqual(na, b) ? 0 : na < b ? -1 : 1;
  }
  fail('expr:evaluation.compareMismatch', node.opStart, {
    op: node.op,
    left: typeOfValue(a),
    right: typeOfValue(b),
  });
}

function roundHalfAwayFromZero(x: number, digits: number): number | null {
  const f = 10 ** digits;
  // toPrecision first so 1.005 * 100 (= 100.49999…) rounds to 101 like the author expects.
  const scaled = Number((Math.abs(x) * f).toPrecision(15));
  return normalizeNumber((Math.sign(x) * Math.round(scaled)) / f);
}

class Evaluator {
  constructor(private readonly lookup: Lookup) {}

  eval(node: Ast): Value {
    switch (node.kind) {
      case 'literal':
        return isBlankValue(node.value) ? null : node.value;
      case 'identifier': {
        const v = this.lookup(node.name);
        return isBlankValue(v) ? null : (v as Value);
      }
      case 'unary': {
        const v = this.eval(node.operand);
        if (v === null) return null;
        if (node.op === 'not') return !requireBoolean(v, 'not', node.start);
        const n = requireNumber(v, node.op, node.start);
        return node.op === '-' ? normalizeNumber(-n) : n;
      }
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
    }
  }

  private binary(node: BinaryNode): Value {
    const { op } = node;
    if (op === 'and' || op === 'or') {
      // Three-valued logic: false and blank = false, true or blank = true, otherwise blank.
      const l = this.eval(node.left);
      const lb = l === null ? null : requireBoolean(l, op, node.opStart);
      if (op === 'and' && lb === false) return false;
      if (op === 'or' && lb === true) return true;
      const r = this.eval(node.right);
      const rb = r === null ? null : requireBoolean(r, op, node.opStart);
      if (op === 'and' && rb === false) return false;
      if (op === 'or' && rb === true) return true;
      return lb === null || rb === null ? null : op === 'or' ? false : true;
    }
    const l = this.eval(node.left);
    const r = this.eval(node.right);
    if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
      // Check types even when the other side is blank, so 'a' + blank still reports the mistake.
      if (l !== null) requireNumber(l, op, node.opStart);
      if (r !== null) requireNumber(r, op, node.opStart);
      if (l === null || r === null) return null;
      const a = l as number;
      const b = r as number;
      switch (op) {
        case '+':
          return normalizeNumber(a + b);
        case '-':
          return normalizeNumber(a - b);
        case '*':
          return normalizeNumber(a * b);
        case '/':
          return b === 0 ? null : normalizeNumber(a / b);
        case '%':
          return b === 0 ? null : normalizeNumber(a % b);
      }
    }
    if (l === null || r === null) return null;
    const c = compareValues(l, r, node);
    switch (op) {
      case '=':
        return c === 0;
      case '!=':
        return c !== 0;
      case '<':
        return c < 0;
      case '<=':
        return c <= 0;
      case '>':
        return c > 0;
      case '>=':
        return c >= 0;
    }
  }

  private numbers(node: CallNode, values: Value[]): (number | null)[] {
    return values.map((v, i) => {
      if (v === null || typeof v === 'number') return v;
      fail('expr:evaluation.badArgument', node.args[i]?.start ?? node.start, {
        name: node.name,
        index: i + 1,
        expected: 'number',
        actual: typeOfValue(v),
      });
    });
  }

  private call(node: CallNode): Value {
    const args = node.args;
    switch (node.name) {
      case 'if': {
        // Only the chosen branch is evaluated, so if(b = 0, null, a / b) is safe.
        const cond = this.eval(args[0] as Ast);
        if (cond === null) return null;
        if (typeof cond !== 'boolean') {
          fail('expr:evaluation.badArgument', (args[0] as Ast).start, {
            name: 'if',
            index: 1,
            expected: 'boolean',
            actual: typeOfValue(cond),
          });
        }
        return this.eval((cond ? args[1] : args[2]) as Ast);
      }
      case 'coalesce': {
        for (const a of args) {
          const v = this.eval(a);
          if (v !== null) return v;
        }
        return null;
      }
      case 'isBlank':
        return this.eval(args[0] as Ast) === null;
      case 'count': {
        let n = 0;
        for (const a of args) if (this.eval(a) !== null) n++;
        return n;
      }
      default:
        break;
    }
    const values = args.map((a) => this.eval(a));
    switch (node.name) {
      case 'sum': {
        const nums = this.numbers(node, values).filter((x): x is number => x !== null);
        if (nums.length === 0) return null;
        return normalizeNumber(nums.reduce((s, x) => s + x, 0));
      }
      case 'min':
      case 'max':
      case 'avg': {
        const nums = this.numbers(node, values);
        if (nums.some((x) => x === null)) return null;
        const xs = nums as number[];
        if (node.name === 'min') return Math.min(...xs);
        if (node.name === 'max') return Math.max(...xs);
        return normalizeNumber(xs.reduce((s, x) => s + x, 0) / xs.length);
      }
      case 'abs': {
        const [x] = this.numbers(node, values);
        return x === null || x === undefined ? null : Math.abs(x);
      }
      case 'round': {
        const [x, digits = 0] = this.numbers(node, values);
        if (x === null || x === undefined || digits === null) return null;
        if (!Number.isInteger(digits) || digits < 0 || digits > 10) {
          fail('expr:evaluation.roundDigits', (args[1] as Ast).start, { value: digits });
        }
        return roundHalfAwayFromZero(x, digits);
      }
      case 'ratio': {
        const [a, b] = this.numbers(node, values);
        if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
        return normalizeNumber(a / b);
      }
      case 'len': {
        const v = values[0] ?? null;
        if (v === null) return null;
        if (typeof v === 'boolean') {
          fail('expr:evaluation.badArgument', (args[0] as Ast).start, {
            name: 'len',
            index: 1,
            expected: 'text',
            actual: 'boolean',
          });
        }
        // Count characters the way Chinese writers do: one per code point, not per UTF-16 unit.
        return [...String(v)].length;
      }
      default:
        // Exhaustive: parser only produces the names handled above.
        return null;
    }
  }
}

/** Evaluates an AST against indicator values. Never throws for bad data: type errors come back located. */
export function evaluate(ast: Ast, lookup: Lookup): EvaluateResult {
  try {
    return { ok: true, value: new Evaluator(lookup).eval(ast) };
  } catch (e) {
    if (e instanceof EvalFailure) return { ok: false, error: e.error };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Static types

/** `any` = unknown (e.g. an unknown code, already reported elsewhere); never an error. */
export type StaticType = 'number' | 'text' | 'boolean' | 'blank' | 'any';
export type StaticTypeOf = (code: string) => StaticType | undefined;
export type InferResult = { ok: true; type: StaticType } | { ok: false; error: ExprError };

function join(a: StaticType, b: StaticType): StaticType {
  if (a === b) return a;
  if (a === 'blank') return b;
  if (b === 'blank') return a;
  return 'any';
}

class Typer {
  constructor(private readonly typeOf: StaticTypeOf) {}

  private expect(t: StaticType, expected: 'number' | 'boolean', op: string, at: number): void {
    if (t === expected || t === 'any' || t === 'blank') return;
    fail('expr:evaluation.typeMismatch', at, { op, expected, actual: t });
  }

  private expectArg(node: CallNode, i: number, t: StaticType, expected: 'number' | 'boolean' | 'text'): void {
    if (t === expected || t === 'any' || t === 'blank') return;
    if (expected === 'text' && t === 'number') return; // len(123) is allowed
    fail('expr:evaluation.badArgument', node.args[i]?.start ?? node.start, {
      name: node.name,
      index: i + 1,
      expected,
      actual: t,
    });
  }

  infer(node: Ast): StaticType {
    switch (node.kind) {
      case 'literal':
        return typeOfValue(node.value);
      case 'identifier':
        return this.typeOf(node.name) ?? 'any';
      case 'unary': {
        const t = this.infer(node.operand);
        if (node.op === 'not') {
          this.expect(t, 'boolean', 'not', node.start);
          return 'boolean';
        }
        this.expect(t, 'number', node.op, node.start);
        return 'number';
      }
      case 'binary': {
        const l = this.infer(node.left);
        const r = this.infer(node.right);
        const { op, opStart } = node;
        if (op === 'and' || op === 'or') {
          this.expect(l, 'boolean', op, opStart);
          this.expect(r, 'boolean', op, opStart);
          return 'boolean';
        }
        if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
          this.expect(l, 'number', op, opStart);
          this.expect(r, 'number', op, opStart);
          return 'number';
        }
        const loose = l === 'any' || l === 'blank' || r === 'any' || r === 'blank';
        const ordering = op !== '=' && op !== '!=';
        const ok =
          loose ||
          l === r ||
          // choice codes are text and may be compared with numbers: T01_03 = 1
          (!ordering && ((l === 'number' && r === 'text') || (l === 'text' && r === 'number')));
        if (ordering && (l === 'boolean' || r === 'boolean') && (l === r || loose)) {
          fail('expr:evaluation.booleanOrder', opStart, { op });
        }
        if (!ok) fail('expr:evaluation.compareMismatch', opStart, { op, left: l, right: r });
        return 'boolean';
      }
      case 'call':
        return this.call(node);
    }
  }

  private call(node: CallNode): StaticType {
    const ts = node.args.map((a) => this.infer(a));
    switch (node.name) {
      case 'if':
        this.expectArg(node, 0, ts[0] ?? 'any', 'boolean');
        return join(ts[1] ?? 'any', ts[2] ?? 'any');
      case 'coalesce':
        return ts.reduce<StaticType>((acc, t) => join(acc, t), 'blank');
      case 'isBlank':
        return 'boolean';
      case 'count':
        return 'number';
      case 'len':
        this.expectArg(node, 0, ts[0] ?? 'any', 'text');
        return 'number';
      default:
        ts.forEach((t, i) => this.expectArg(node, i, t, 'number'));
        return 'number';
    }
  }
}

/** Static type of an expression given each code's type; reports the first type error, located. */
export function inferType(ast: Ast, typeOf: StaticTypeOf): InferResult {
  try {
    return { ok: true, type: new Typer(typeOf).infer(ast) };
  } catch (e) {
    if (e instanceof EvalFailure) return { ok: false, error: e.error };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Rule message interpolation

/** Default display of a value inside a rule message; callers with indicator metadata pass their own. */
export function formatPlainValue(v: Value): string {
  if (typeof v === 'number') return String(normalizeNumber(v) ?? v);
  return String(v);
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Replaces {CODE} in a rule message with the formatted value of CODE (blank -> blankText, which the
 * caller takes from `expr:value.blank`). A lookup returning `undefined` (unknown code) leaves the
 * placeholder as written so a template mistake stays visible.
 */
export function interpolateMessage(
  text: string,
  lookup: Lookup,
  blankText: string,
  formatValue: (code: string, value: Exclude<Value, null>) => string = (_code, v) => formatPlainValue(v),
): string {
  return text.replace(PLACEHOLDER, (whole, code: string) => {
    const v = lookup(code);
    if (v === undefined) return whole;
    if (isBlankValue(v)) return blankText;
    return formatValue(code, v as Exclude<Value, null>);
  });
}

/** Codes named by {CODE} placeholders in a rule message, unique, in order. */
export function placeholdersOf(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) out.add(m[1] as string);
  return [...out];
}
