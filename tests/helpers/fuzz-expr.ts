/**
 * Expressions for fuzzing the rule language: random ASTs from the real grammar, a printer that
 * writes an AST back as source with as few parentheses as precedence allows (so parsing its output
 * exercises precedence and associativity, not just brackets), and random token sequences built from
 * every spelling the lexer knows (ASCII, full-width, ≤ ≥ ≠, && ||, curly quotes, ideographic space).
 */
import fc from 'fast-check';
import {
  FUNCTION_NAMES,
  type Ast,
  type BinaryOp,
  type FunctionName,
} from '../../shared/domain/expr/index.ts';

/** Binding strength, loosest first; matches the grammar in shared/domain/expr/parser.ts. */
const PREC = { or: 1, and: 2, not: 3, compare: 4, add: 5, mul: 6, unary: 7, primary: 8 } as const;

function binaryPrec(op: BinaryOp): number {
  switch (op) {
    case 'or':
      return PREC.or;
    case 'and':
      return PREC.and;
    case '+':
    case '-':
      return PREC.add;
    case '*':
    case '/':
    case '%':
      return PREC.mul;
    default:
      return PREC.compare;
  }
}

function precOf(ast: Ast): number {
  switch (ast.kind) {
    case 'binary':
      return binaryPrec(ast.op);
    case 'unary':
      return ast.op === 'not' ? PREC.not : PREC.unary;
    case 'literal':
      // A negative number is written with a minus sign: it binds like a unary minus.
      return typeof ast.value === 'number' && (ast.value < 0 || Object.is(ast.value, -0))
        ? PREC.unary
        : PREC.primary;
    default:
      return PREC.primary;
  }
}

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function paren(ast: Ast, needed: boolean): string {
  const s = printExpression(ast);
  return needed ? `(${s})` : s;
}

/** Source text for an AST: minimal parentheses, canonical spellings. */
export function printExpression(ast: Ast): string {
  switch (ast.kind) {
    case 'literal': {
      const v = ast.value;
      if (v === null) return 'null';
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      if (typeof v === 'number') return String(v);
      return quote(v);
    }
    case 'identifier':
      return ast.name;
    case 'call':
      return `${ast.name}(${ast.args.map(printExpression).join(', ')})`;
    case 'unary':
      if (ast.op === 'not') return `not ${paren(ast.operand, precOf(ast.operand) < PREC.not)}`;
      // `- -x`, not `--x`: keep the two signs apart (the lexer has no `--`, but stay readable).
      return `${ast.op}${paren(ast.operand, precOf(ast.operand) < PREC.unary).replace(/^[-+]/, ' $&')}`;
    case 'binary': {
      const p = binaryPrec(ast.op);
      // Comparisons do not chain; everything else is left-associative.
      const leftNeeds = p === PREC.compare ? precOf(ast.left) <= p : precOf(ast.left) < p;
      const rightNeeds = precOf(ast.right) <= p;
      return `${paren(ast.left, leftNeeds)} ${ast.op} ${paren(ast.right, rightNeeds)}`;
    }
  }
}

/** The tree without source positions, for comparing what two texts mean. */
export function shapeOf(ast: Ast): unknown {
  switch (ast.kind) {
    case 'literal':
      return { literal: ast.value };
    case 'identifier':
      return { id: ast.name };
    case 'unary':
      return { op: ast.op, operand: shapeOf(ast.operand) };
    case 'binary':
      return { op: ast.op, left: shapeOf(ast.left), right: shapeOf(ast.right) };
    case 'call':
      return { call: ast.name, args: ast.args.map(shapeOf) };
  }
}

// ─── Random trees ───────────────────────────────────────────────────────────────────────────────

const SPAN = { start: 0, end: 0 };

/** Indicator-code-like names, never a keyword or a function name followed by `(`. */
export const identifierArb = fc.constantFrom(
  'T01_01',
  'T01_02',
  'T02_05',
  'A',
  'x',
  'Score_9',
  'andx',
  'ORG',
);

/**
 * Text literal contents: CJK, quotes and backslashes, full-width punctuation and digits, and
 * non-BMP characters, so string handling is exercised where it is most likely to slip.
 */
export const literalTextArb = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'理事会其他是否（）＋－＜＝＞，．０１９“”‘’"\'\\ \u3000abcXYZ019_%'.split('')),
    fc.constantFrom('𠀀', '😀', '\u00a0'),
  ),
  maxLength: 8,
});

/** Finite, non-negative-zero numbers that print and read back exactly. */
const numberArb = fc
  .oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
    fc.constantFrom(0.1, 1e-7, 1.5e21, 123.456),
  )
  .map((n) => (Object.is(n, -0) ? 0 : n));

const literalArb: fc.Arbitrary<Ast> = fc.oneof(
  numberArb.map((value) => ({ kind: 'literal' as const, value, ...SPAN })),
  literalTextArb.map((value) => ({ kind: 'literal' as const, value, ...SPAN })),
  fc.constantFrom(true, false, null).map((value) => ({ kind: 'literal' as const, value, ...SPAN })),
);

const ARITY: Record<FunctionName, [number, number]> = {
  sum: [1, 4],
  min: [1, 4],
  max: [1, 4],
  avg: [1, 4],
  abs: [1, 1],
  round: [1, 2],
  if: [3, 3],
  isBlank: [1, 1],
  coalesce: [1, 4],
  len: [1, 1],
  count: [1, 4],
  ratio: [2, 2],
};

const BINARY_OPS: BinaryOp[] = ['or', 'and', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'];

/**
 * Random ASTs of the real grammar, depth-bounded (the parser refuses nesting over 64 levels).
 * Unary +/- never wraps a number literal: the parser folds `-5` into the literal −5.
 */
export const astArb: fc.Arbitrary<Ast> = fc.letrec<{ node: Ast }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true, maxDepth: 7 },
    literalArb,
    identifierArb.map((name) => ({ kind: 'identifier' as const, name, ...SPAN })),
    fc
      .tuple(fc.constantFrom<BinaryOp>(...BINARY_OPS), tie('node'), tie('node'))
      .map(([op, left, right]) => ({ kind: 'binary' as const, op, opStart: 0, left, right, ...SPAN })),
    fc
      .tuple(fc.constantFrom('-' as const, '+' as const, 'not' as const), tie('node'))
      .filter(
        ([op, operand]) => op === 'not' || !(operand.kind === 'literal' && typeof operand.value === 'number'),
      )
      .map(([op, operand]) => ({ kind: 'unary' as const, op, operand, ...SPAN })),
    fc
      .constantFrom(...FUNCTION_NAMES)
      .chain((name) =>
        fc
          .array(tie('node'), { minLength: ARITY[name][0], maxLength: ARITY[name][1] })
          .map((args) => ({ kind: 'call' as const, name, args, ...SPAN })),
      ),
  ),
})).node;

// ─── Random token sequences ─────────────────────────────────────────────────────────────────────

/** Every spelling of every token the lexer knows. */
const TOKENS = [
  // numbers, well and badly formed
  '0',
  '1',
  '12',
  '3.5',
  '.5',
  '1e3',
  '1E-2',
  '１２',
  '１．５',
  '1e',
  '1e+',
  '12abc',
  '1.2.3',
  '007',
  '99999999999999999999999',
  '1e400',
  // strings
  '"a"',
  "'b'",
  '“理事会”',
  '‘是’',
  '"it\\"s"',
  '"（筹）"',
  '"',
  "'",
  '“',
  '"unterminated',
  // identifiers, keywords, functions
  'T01_01',
  'T01_02',
  'x',
  'and',
  'AND',
  'or',
  'not',
  'NOT',
  'true',
  'FALSE',
  'null',
  'Null',
  ...FUNCTION_NAMES,
  'SUM',
  'IsBlank',
  'foo',
  // operators in every spelling
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '==',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '!',
  '&&',
  '||',
  '＋',
  '－',
  '＊',
  '×',
  '／',
  '÷',
  '％',
  '＝',
  '＜',
  '＞',
  '！',
  '＆＆',
  '｜｜',
  '≤',
  '≥',
  '≠',
  '&',
  '|',
  // brackets and commas
  '(',
  ')',
  ',',
  '（',
  '）',
  '，',
];
/** What the lexer must refuse. */
const BAD_TOKENS = ['#', '@', '$', '[', ']', '{', '}', ';', '𠀀', '😀', '\\', '?', ':', '\u2028'];
const tokenArb = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_TOKENS) },
);
const SPACES = ['', ' ', '  ', '\t', '\n', '\u3000', '\u00a0'];

/** A random sequence of tokens with random spacing: mostly nonsense, sometimes an expression. */
export const tokenSourceArb = fc
  .array(fc.tuple(tokenArb, fc.constantFrom(...SPACES)), { maxLength: 40 })
  .map((parts) => parts.map(([t, s]) => t + s).join(''));

/** Sources that are mostly valid: a printed random AST with one random token inserted or removed. */
export const nearlyValidSourceArb = fc
  .tuple(astArb, fc.nat(), fc.option(tokenArb, { nil: undefined }))
  .map(([ast, at, token]) => {
    const text = printExpression(ast);
    const i = at % (text.length + 1);
    return token === undefined
      ? text.slice(0, i) + text.slice(i + 1)
      : text.slice(0, i) + token + text.slice(i);
  });

/** Nesting around the limit of 64 levels: brackets, signs, `not` and calls, mixed. */
export const deepSourceArb = fc
  .array(
    fc.constantFrom(['(', ')'], ['-', ''], ['not ', ''], ['abs(', ')'], ['sum(1, ', ')'], ['（', '）']),
    {
      minLength: 55,
      maxLength: 75,
    },
  )
  .chain((wrappers) =>
    fc.constantFrom('1', 'T01_01', 'true', '"x"').map((inner) => {
      const open = wrappers.map(([o]) => o).join('');
      const close = wrappers
        .map(([, c]) => c)
        .reverse()
        .join('');
      return open + inner + close;
    }),
  );
