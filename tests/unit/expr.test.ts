import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  evaluate,
  identifiersOf,
  inferType,
  interpolateMessage,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  parseExpression,
  type Ast,
  type ExprError,
  type Value,
} from '../../shared/domain/expr/index.ts';
import { createTranslator } from '../../shared/i18n/index.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');

function ast(source: string): Ast {
  const r = parseExpression(source);
  if (!r.ok) throw new Error(`parse failed: ${source}: ${zh.format(r.error.message)}`);
  return r.ast;
}

function parseError(source: string): ExprError {
  const r = parseExpression(source);
  if (r.ok) throw new Error(`expected a parse error: ${source}`);
  return r.error;
}

function run(source: string, values: Record<string, Value> = {}): Value {
  const r = evaluate(ast(source), (code) => values[code] ?? null);
  if (!r.ok) throw new Error(`evaluation failed: ${source}: ${zh.format(r.error.message)}`);
  return r.value;
}

function evalError(source: string, values: Record<string, Value> = {}): ExprError {
  const r = evaluate(ast(source), (code) => values[code] ?? null);
  if (r.ok) throw new Error(`expected an evaluation error: ${source} gave ${String(r.value)}`);
  return r.error;
}

describe('parse errors are located and readable', () => {
  it('points just after an incomplete comparison', () => {
    const e = parseError('T01_01 <= ');
    expect(e.position).toBe(9);
    expect(e.message.key).toBe('expr:parse.unexpectedEnd');
    expect(zh.format(e.message)).toBe('第 10 个字符处：表达式没有写完，后面还缺少内容');
    expect(en.format(e.message)).toBe('At character 10: the expression is incomplete');
  });

  it.each([
    ['T01 # 2', 4, '第 5 个字符处：无法识别的字符“#”'],
    ["T01 = 'abc", 6, '第 7 个字符处：文字缺少结尾的引号'],
    ['12abc > 1', 0, '第 1 个字符处：“12abc”不是有效的数字'],
    ['1e+ > 1', 0, '第 1 个字符处：“1e+”不是有效的数字'],
    ['T01 T02', 4, '第 5 个字符处：这里不应出现“T02”'],
    ['(T01 + 1', 8, '第 9 个字符处：缺少右括号“)”'],
    ['T01 + 1)', 7, '第 8 个字符处：多了一个右括号“)”'],
    ['foo(T01)', 0, '第 1 个字符处：没有名为“foo”的函数'],
    ['1 + round(1, 2, 3)', 4, '第 5 个字符处：函数 round 需要 1 到 2 个参数，实际有 3 个'],
    ['abs()', 0, '第 1 个字符处：函数 abs 需要 1 个参数，实际有 0 个'],
    ['sum()', 0, '第 1 个字符处：函数 sum 至少需要 1 个参数，实际有 0 个'],
    ['sum(1, )', 7, '第 8 个字符处：这里不应出现“)”'],
    ['0 <= T01 <= 100', 9, '第 10 个字符处：比较不能连着写，请用 and 分开，例如 0 <= A and A <= 100'],
    ['T01 = and', 6, '第 7 个字符处：这里不应出现“and”'],
    ['   ', 0, '表达式是空的'],
  ])('%s', (source, position, text) => {
    const e = parseError(source);
    expect(e.position).toBe(position);
    expect(zh.format(e.message)).toBe(text);
  });

  it('limits nesting depth to 64 with a located message', () => {
    const ok = '('.repeat(MAX_NESTING_DEPTH) + '1' + ')'.repeat(MAX_NESTING_DEPTH);
    expect(run(ok)).toBe(1);
    const tooDeep = '('.repeat(MAX_NESTING_DEPTH + 1) + '1' + ')'.repeat(MAX_NESTING_DEPTH + 1);
    const e = parseError(tooDeep);
    expect(e.position).toBe(MAX_NESTING_DEPTH);
    expect(zh.format(e.message)).toBe('第 65 个字符处：括号或函数嵌套超过 64 层');
    // Unary chains and function calls count too, and must not blow the stack.
    expect(parseError('-'.repeat(500) + '1').message.key).toBe('expr:parse.tooDeep');
    expect(parseError('not '.repeat(100) + 'true').message.key).toBe('expr:parse.tooDeep');
    expect(parseError('abs('.repeat(65) + '1' + ')'.repeat(65)).message.key).toBe('expr:parse.tooDeep');
  });

  it('limits length to 2000 characters', () => {
    const longest = '1+'.repeat(999) + '1'; // 1999 characters, a 999-deep left chain
    expect(run(longest)).toBe(1000);
    const tooLong = '1+'.repeat(1000) + '1';
    const e = parseError(tooLong);
    expect(e.position).toBe(MAX_EXPRESSION_LENGTH);
    expect(zh.format(e.message)).toBe('表达式太长：共 2001 个字符，最多允许 2000 个');
  });

  it('caches parses by source text', () => {
    const a = parseExpression('T01 + T02 > 3');
    expect(parseExpression('T01 + T02 > 3')).toBe(a);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const r = parseExpression(s);
        if (r.ok) evaluate(r.ast, () => 1);
      }),
      { numRuns: 2000 },
    );
    const alphabet = fc.constantFrom(...'()T01+-*/%<>=!, \'"andortruenullsum'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
        const r = parseExpression(chars.join(''));
        if (r.ok) {
          for (const v of [null, 0, 'x', true] as Value[]) evaluate(r.ast, () => v);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('operators and precedence', () => {
  it.each<[string, Value]>([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['-2 * 3', -6],
    ['-(2 + 3) * 2', -10],
    ['2 - 3 - 4', -5],
    ['12 / 3 / 2', 2],
    ['7 % 3', 1],
    ['1.5e3 + .5', 1500.5],
    ['1 + 2 = 3', true],
    ['1 + 2 == 3 and 2 < 1', false],
    ['true or false and false', true],
    ['(true or false) and false', false],
    ['not 1 > 2', true],
    ['!(1 = 1)', false],
    ['1 <> 2 && 2 != 3', true],
    ['false || 3 >= 3', true],
    ['TRUE AND NOT False', true],
    ['"a" = \'a\'', true],
    ["'it\\'s' = \"it's\"", true],
    ["'2024-12-15' > '2024-06-30'", true],
    ["'1' = 1", true],
    ['（1＋2）＊3 ≥ ９', true],
    ['0.1 + 0.2 = 0.3', true],
    ['0.1 + 0.2', 0.3],
    ['1 - 0.9', 0.1],
  ])('%s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('reads indicator codes through the lookup', () => {
    expect(run('T01_05 <= T01_04', { T01_05: 30, T01_04: 20 })).toBe(false);
    expect(run('T01_05 <= T01_04', { T01_05: 20, T01_04: 20 })).toBe(true);
    expect(run("T01_07 = 'other'", { T01_07: 'other' })).toBe(true);
  });

  it('lists identifiers once, in first-seen order', () => {
    expect(identifiersOf(ast('C + sum(A, B, C) > A and if(isBlank(D), B, E) = 1'))).toEqual([
      'C',
      'A',
      'B',
      'D',
      'E',
    ]);
    expect(identifiersOf(ast('sum(1, 2)'))).toEqual([]);
  });
});

describe('blank semantics', () => {
  it('makes comparisons and arithmetic with a blank operand blank', () => {
    expect(run('A + 1')).toBeNull();
    expect(run('A * 0')).toBeNull();
    expect(run('-A')).toBeNull();
    expect(run('A > 0')).toBeNull();
    expect(run('A = B')).toBeNull();
    expect(run('not A')).toBeNull();
    expect(run('A <= B', { A: 5 })).toBeNull();
    // Empty text is blank too: that is what a cleared input holds.
    expect(run('A + 1', { A: '  ' })).toBeNull();
    expect(run("'' = 'x'")).toBeNull();
  });

  it('uses three-valued and/or', () => {
    expect(run('false and A > 0')).toBe(false);
    expect(run('A > 0 and false')).toBe(false);
    expect(run('true and A > 0')).toBeNull();
    expect(run('true or A > 0')).toBe(true);
    expect(run('A > 0 or true')).toBe(true);
    expect(run('false or A > 0')).toBeNull();
  });

  it('lets sum/count/coalesce/isBlank/if handle blanks', () => {
    expect(run('sum(A, 2, 3)')).toBe(5);
    expect(run('sum(A, B)')).toBeNull();
    expect(run("count(A, 1, 'x', '', false)")).toBe(3);
    expect(run('count(A, B)')).toBe(0);
    expect(run('coalesce(A, B, 7)')).toBe(7);
    expect(run('coalesce(A, B)')).toBeNull();
    expect(run('isBlank(A)')).toBe(true);
    expect(run("isBlank(' ')")).toBe(true);
    expect(run('isBlank(A)', { A: 0 })).toBe(false);
    expect(run('if(isBlank(A), 0, A)')).toBe(0);
    expect(run('if(A > 0, 1, 2)')).toBeNull();
  });

  it('keeps min/max/avg/abs/round/len strict about blanks', () => {
    expect(run('min(1, A)')).toBeNull();
    expect(run('max(A, 1)')).toBeNull();
    expect(run('avg(2, A)')).toBeNull();
    expect(run('abs(A)')).toBeNull();
    expect(run('round(A, 2)')).toBeNull();
    expect(run('len(A)')).toBeNull();
  });
});

describe('division by zero', () => {
  it('yields blank, never Infinity or NaN', () => {
    expect(run('1 / 0')).toBeNull();
    expect(run('0 / 0')).toBeNull();
    expect(run('5 % 0')).toBeNull();
    expect(run('A / B', { A: 3, B: 0 })).toBeNull();
    expect(run('A / B > 0.5', { A: 3, B: 0 })).toBeNull();
    expect(run('ratio(3, 0)')).toBeNull();
    expect(run('ratio(3, B)')).toBeNull();
    expect(run('1e308 * 10')).toBeNull();
  });
});

describe('functions', () => {
  it.each<[string, Value]>([
    ['sum(1, 2, 3.5)', 6.5],
    ['SUM(1, 2)', 3],
    ['min(4, -1, 3)', -1],
    ['max(4, -1, 3)', 4],
    ['avg(2, 4, 9)', 5],
    ['abs(-3)', 3],
    ['round(2.345, 2)', 2.35],
    ['round(1.005, 2)', 1.01],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(1234.5678, 0)', 1235],
    ['if(1 > 2, "a", "b")', 'b'],
    ['IF(true, 1, 1 / 0)', 1],
    ['if(false, 1 / 0, 2)', 2],
    ['IsBlank(null)', true],
    ['coalesce(null, "x", "y")', 'x'],
    ['len("职业教育")', 4],
    ['len("𠀋a")', 2],
    ['len(12345)', 5],
    ['count(1, null, 3)', 2],
    ['ratio(1, 4)', 0.25],
    ['ratio(2, 3)', 0.666666666666667],
  ])('%s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('rejects bad round digits with a located error', () => {
    const e = evalError('round(1.5, 11)');
    expect(e.position).toBe(11);
    expect(zh.format(e.message)).toBe('第 12 个字符处：round 的小数位数应为 0 到 10 之间的整数，这里是 11');
  });
});

describe('type errors are located messages, not crashes', () => {
  it.each([
    ["'a' + 1", 4, '第 5 个字符处：“+”需要数字，实际为文字'],
    ['A * 2', 2, '第 3 个字符处：“*”需要数字，实际为是/否值'],
    ["'a' + B", 4, '第 5 个字符处：“+”需要数字，实际为文字'],
    ['not 5', 0, '第 1 个字符处：“not”需要是/否值，实际为数字'],
    ['1 and true', 2, '第 3 个字符处：“and”需要是/否值，实际为数字'],
    ["'a' > 1", 4, '第 5 个字符处：“>”两边分别是文字和数字，无法比较'],
    ['true < false', 5, '第 6 个字符处：是/否值不能用“<”比较大小'],
    ["sum(1, 'x')", 7, '第 8 个字符处：函数 sum 的第 2 个参数应为数字，实际为文字'],
    ['if(1, 2, 3)', 3, '第 4 个字符处：函数 if 的第 1 个参数应为是/否值，实际为数字'],
  ])('%s', (source, position, text) => {
    const e = evalError(source, { A: true });
    expect(e.position).toBe(position);
    expect(zh.format(e.message)).toBe(text);
  });

  it('renders the English message too', () => {
    expect(en.format(evalError("'a' + 1").message)).toBe('At character 5: “+” needs a number, but got text');
  });
});

describe('static type check', () => {
  const types: Record<string, 'number' | 'text' | 'boolean'> = { N: 'number', T: 'text', B: 'boolean' };
  const infer = (s: string) => inferType(ast(s), (c) => types[c]);

  it('infers result types', () => {
    expect(infer('N + 1')).toEqual({ ok: true, type: 'number' });
    expect(infer('N > 1 and B')).toEqual({ ok: true, type: 'boolean' });
    expect(infer("T = 'x'")).toEqual({ ok: true, type: 'boolean' });
    expect(infer('if(B, N, 2)')).toEqual({ ok: true, type: 'number' });
    expect(infer("if(B, N, 'x')")).toEqual({ ok: true, type: 'any' });
    expect(infer('UNKNOWN + 1')).toEqual({ ok: true, type: 'number' });
  });

  it('finds type errors on branches evaluation would skip', () => {
    const r = infer('if(B, N, T + 1)');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(zh.format(r.error.message)).toBe('第 12 个字符处：“+”需要数字，实际为文字');
    const c = infer('N < T');
    expect(c.ok).toBe(false);
  });
});

describe('interpolateMessage', () => {
  const values: Record<string, Value> = { T01_02: 12, T01_01: null, T01_09: true };
  const lookup = (code: string): Value | undefined => (code in values ? (values[code] ?? null) : undefined);

  it('replaces codes, shows blanks with the translated blank text and keeps unknown codes', () => {
    const blank = zh.t('expr:value.blank');
    expect(blank).toBe('（空）');
    expect(interpolateMessage('成员企业数（{T01_02}家）不能超过总数（{T01_01}家）{X9}', lookup, blank)).toBe(
      '成员企业数（12家）不能超过总数（（空）家）{X9}',
    );
    expect(interpolateMessage('{T01_02}/{T01_02}', lookup, blank)).toBe('12/12');
  });

  it('accepts a formatter for typed display', () => {
    const text = interpolateMessage('实体化：{T01_09}', lookup, '-', (_c, v) => (v === true ? '是' : '否'));
    expect(text).toBe('实体化：是');
  });
});
