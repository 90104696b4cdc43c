/**
 * Fuzzing the rule expression language (shared/domain/expr): random strings, random sequences of
 * real tokens, nearly valid expressions and random trees of the real grammar. The parser, the
 * evaluator and the type checker never throw; every refusal is an ExprError whose position points
 * into the source and whose zh-CN message says the same column; a printed tree parses back to the
 * same tree; no input takes long.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  inferType,
  MAX_EXPRESSION_LENGTH,
  parseExpression,
  type ExprError,
  type ParseResult,
  type StaticType,
  type Value,
} from '../../shared/domain/expr/index.ts';
import { check, zhText } from '../helpers/fuzz-check.ts';
import {
  astArb,
  deepSourceArb,
  literalTextArb,
  nearlyValidSourceArb,
  printExpression,
  shapeOf,
  tokenSourceArb,
} from '../helpers/fuzz-expr.ts';
import { fuzzParams, testTimeout, within, type FuzzBudget } from '../helpers/fuzz-run.ts';

/** Parsing one expression of at most 2,000 characters is far below this on any machine. */
const PARSE_LIMIT_MS = 250;

/** Messages that are about the expression as a whole, not a character of it. */
const WHOLE = new Set(['expr:parse.empty', 'expr:parse.tooLong']);

/** A located error: a real position in (or just after) the source, and the same column in the text. */
function checkLocated(source: string, error: ExprError, what: string): void {
  const { message, position } = error;
  check(message.key.startsWith('expr:'), () => `${what}: not an expr message: ${message.key}`);
  check(Number.isInteger(position) && position >= 0, () => `${what}: bad position ${position}`);
  const text = zhText(message);
  if (message.key === 'expr:parse.tooLong') {
    check(source.length > MAX_EXPRESSION_LENGTH, () => `${what}: tooLong for ${source.length} characters`);
    return;
  }
  check(position <= source.length, () => `${what}: position ${position} past the end (${source.length})`);
  if (WHOLE.has(message.key)) return;
  check(message.params?.column === position + 1, () => `${what}: column ≠ position + 1 in ${message.key}`);
  check(
    text.includes(`第 ${position + 1} 个字符处`),
    () => `${what}: “${text}” does not name column ${position + 1}`,
  );
  if (message.key === 'expr:parse.unexpectedChar') {
    // The character named is the one at the position, whole (not half a surrogate pair).
    const at = String.fromCodePoint(source.codePointAt(position)!);
    check(message.params?.char === at, () => `${what}: names “${message.params?.char}”, source has “${at}”`);
  } else if (message.key !== 'expr:parse.unexpectedEnd' && message.key !== 'expr:parse.missingParen') {
    // Anything else points at something written, never at trailing space or past the end.
    check(position < source.length, () => `${what}: ${message.key} points past the end`);
    check(!/\s/.test(source[position]!), () => `${what}: ${message.key} points at white space`);
  }
}

function parseChecked(source: string): ParseResult {
  const result = within(
    PARSE_LIMIT_MS,
    () => `parsing ${JSON.stringify(source.slice(0, 80))}…`,
    () => parseExpression(source),
  );
  if (!result.ok) checkLocated(source, result.error, `parse ${JSON.stringify(source)}`);
  return result;
}

const valueArb: fc.Arbitrary<Value> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', ' ', '1', '１２', '理事会', 'true'),
  fc.boolean(),
  fc.constant(null),
);
const typeArb = fc.constantFrom<StaticType>('number', 'text', 'boolean', 'blank', 'any');

/** Evaluates and type-checks a parsed expression under random values; only located errors. */
function runEverywhere(source: string, result: ParseResult, values: Value[], types: StaticType[]): void {
  if (!result.ok) return;
  let i = 0;
  const lookup = () => values[i++ % values.length] ?? null;
  const evaluated = evaluate(result.ast, lookup);
  if (!evaluated.ok) checkLocated(source, evaluated.error, `evaluate ${JSON.stringify(source)}`);
  let j = 0;
  const inferred = inferType(result.ast, () => types[j++ % types.length]);
  if (!inferred.ok) checkLocated(source, inferred.error, `inferType ${JSON.stringify(source)}`);
}

const STRINGS: FuzzBudget = { runs: 2000, budgetMs: 2500 };
const TOKENS: FuzzBudget = { runs: 2000, budgetMs: 2500 };
const TREES: FuzzBudget = { runs: 1000, budgetMs: 3000 };

describe('fuzz: rule expressions', () => {
  it(
    'random text, up to past the length limit: never throws, errors located',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 60 }),
            fc.string({ unit: 'grapheme', maxLength: 60 }),
            // Long inputs straddling the 2,000-character limit.
            fc
              .tuple(fc.string({ maxLength: 8, minLength: 1 }), fc.integer({ min: 200, max: 1100 }))
              .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n * 2)),
          ),
          fc.array(valueArb, { minLength: 1, maxLength: 4 }),
          fc.array(typeArb, { minLength: 1, maxLength: 4 }),
          (source, values, types) => runEverywhere(source, parseChecked(source), values, types),
        ),
        fuzzParams(STRINGS),
      );
    },
    testTimeout(STRINGS),
  );

  it(
    'random sequences of real tokens in every spelling: never throws, errors located',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(tokenSourceArb, nearlyValidSourceArb, deepSourceArb),
          fc.array(valueArb, { minLength: 1, maxLength: 4 }),
          fc.array(typeArb, { minLength: 1, maxLength: 4 }),
          (source, values, types) => runEverywhere(source, parseChecked(source), values, types),
        ),
        fuzzParams(TOKENS),
      );
    },
    testTimeout(TOKENS),
  );

  it(
    'random trees: the printed tree parses back to the same tree, and printing is stable',
    () => {
      fc.assert(
        fc.property(astArb, fc.array(valueArb, { minLength: 1, maxLength: 4 }), (ast, values) => {
          const source = printExpression(ast);
          const result = parseChecked(source);
          if (source.length > MAX_EXPRESSION_LENGTH) {
            expect(result.ok).toBe(false);
            return;
          }
          if (!result.ok) throw new Error(`${source}: ${zhText(result.error.message)}`);
          expect(shapeOf(result.ast)).toEqual(shapeOf(ast));
          expect(printExpression(result.ast)).toBe(source);
          // Spans cover the source they were parsed from.
          expect(result.ast.start).toBe(0);
          expect(result.ast.end).toBe(source.trimEnd().length);
          runEverywhere(source, result, values, ['any']);
        }),
        fuzzParams(TREES),
      );
    },
    testTimeout(TREES),
  );
});

describe('fuzz regressions: rule expressions', () => {
  it('text in quotes keeps its full-width characters; only the expression around it is normalised', () => {
    // Full-width punctuation and digits outside quotes are read as ASCII (what a Chinese IME types) …
    const outside = parseExpression('T01_03 ＝ “理事会（筹）”');
    expect(outside.ok && shapeOf(outside.ast)).toEqual({
      op: '=',
      left: { id: 'T01_03' },
      right: { literal: '理事会（筹）' },
    });
    // … but a choice or text compared with a literal must see the literal exactly as written.
    for (const text of ['（筹）', '１２３', '１＋１＝２', 'Ａ，Ｂ．']) {
      const result = parseExpression(`T01 = "${text}"`);
      expect(result.ok && shapeOf(result.ast)).toEqual({
        op: '=',
        left: { id: 'T01' },
        right: { literal: text },
      });
      const value = result.ok && evaluate(result.ast, () => text);
      expect(value).toEqual({ ok: true, value: true });
    }
  });

  it('literal text of every kind survives printing and parsing', () => {
    fc.assert(
      fc.property(literalTextArb, (text) => {
        const source = printExpression({ kind: 'literal', value: text, start: 0, end: 0 });
        const result = parseExpression(source);
        expect(result.ok && shapeOf(result.ast)).toEqual({ literal: text });
      }),
      fuzzParams({ runs: 300, budgetMs: 2000 }),
    );
  });
});
