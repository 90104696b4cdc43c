/**
 * Recursive-descent parser for template rules, relevance conditions and calculated values.
 * The grammar is tiny on purpose: template authors are school and ministry staff, and the
 * expressions are run on every keystroke, so they are parsed into a plain AST — never eval'd.
 *
 *   or      := and (('or' | '||') and)*
 *   and     := not (('and' | '&&') not)*
 *   not     := ('not' | '!') not | compare
 *   compare := add (('=' | '==' | '!=' | '<>' | '<' | '<=' | '>' | '>=') add)?
 *   add     := mul (('+' | '-') mul)*
 *   mul     := unary (('*' | '/' | '%') unary)*
 *   unary   := ('-' | '+') unary | primary
 *   primary := number | string | true | false | null | CODE | name '(' args ')' | '(' or ')'
 */
import type { Message } from '../../i18n/message.ts';
import { located, tokenize, type Token } from './lexer.ts';

export type Value = number | string | boolean | null;

export interface ExprError {
  message: Message;
  /** 0-based character index into the source. */
  position: number;
}

export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';
export type UnaryOp = '-' | '+' | 'not';

export const FUNCTION_NAMES = [
  'sum',
  'min',
  'max',
  'avg',
  'abs',
  'round',
  'if',
  'isBlank',
  'coalesce',
  'len',
  'count',
  'ratio',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** [min, max] argument counts. */
const ARITY: Record<FunctionName, readonly [number, number]> = {
  sum: [1, Infinity],
  min: [1, Infinity],
  max: [1, Infinity],
  avg: [1, Infinity],
  abs: [1, 1],
  round: [1, 2],
  if: [3, 3],
  isBlank: [1, 1],
  coalesce: [1, Infinity],
  len: [1, 1],
  count: [1, Infinity],
  ratio: [2, 2],
};

/** Function names are case-insensitive (authors type SUM like in Excel). */
const FUNCTION_BY_LOWER = new Map<string, FunctionName>(FUNCTION_NAMES.map((f) => [f.toLowerCase(), f]));

/** Words that cannot be indicator codes inside an expression. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

export const MAX_EXPRESSION_LENGTH = 2000;
export const MAX_NESTING_DEPTH = 64;

interface NodeBase {
  /** Source span [start, end) of the whole node. */
  readonly start: number;
  readonly end: number;
}
export interface LiteralNode extends NodeBase {
  readonly kind: 'literal';
  readonly value: Value;
}
export interface IdentifierNode extends NodeBase {
  readonly kind: 'identifier';
  readonly name: string;
}
export interface UnaryNode extends NodeBase {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly operand: Ast;
}
export interface BinaryNode extends NodeBase {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  /** Position of the operator itself, where type errors point. */
  readonly opStart: number;
  readonly left: Ast;
  readonly right: Ast;
}
export interface CallNode extends NodeBase {
  readonly kind: 'call';
  readonly name: FunctionName;
  readonly args: readonly Ast[];
}
export type Ast = LiteralNode | IdentifierNode | UnaryNode | BinaryNode | CallNode;

export type ParseResult = { ok: true; ast: Ast } | { ok: false; error: ExprError };

class ParseFailure {
  constructor(readonly error: ExprError) {}
}

const COMPARISON_OPS: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=']);

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Ast {
    const ast = this.parseOr();
    const tok = this.peek();
    if (tok.type !== 'eof') {
      if (tok.type === ')') this.fail('expr:parse.unmatchedParen', tok.start);
      this.unexpected(tok);
    }
    return ast;
  }

  private peek(): Token {
    // The token list always ends with eof and we never advance past it.
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const tok = this.peek();
    if (tok.type !== 'eof') this.index++;
    return tok;
  }

  private fail(key: string, position: number, params: Record<string, string | number> = {}): never {
    throw new ParseFailure(located(key, position, params));
  }

  private unexpected(tok: Token): never {
    if (tok.type === 'eof') this.fail('expr:parse.unexpectedEnd', tok.start);
    this.fail('expr:parse.unexpectedToken', tok.start, { token: tok.text });
  }

  private enter(at: Token): void {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) this.fail('expr:parse.tooDeep', at.start, { max: MAX_NESTING_DEPTH });
  }

  private leave(): void {
    this.depth--;
  }

  /** Word operators (and/or/not) are identifiers to the lexer; symbols are operators. */
  private isOp(tok: Token, op: string): boolean {
    if (tok.type === 'operator') return tok.value === op;
    return (
      tok.type === 'identifier' &&
      (op === 'and' || op === 'or' || op === 'not') &&
      tok.value.toLowerCase() === op
    );
  }

  private binary(op: BinaryOp, opTok: Token, left: Ast, right: Ast): BinaryNode {
    return { kind: 'binary', op, opStart: opTok.start, left, right, start: left.start, end: right.end };
  }

  private parseOr(): Ast {
    let left = this.parseAnd();
    while (this.isOp(this.peek(), 'or')) {
      const opTok = this.next();
      left = this.binary('or', opTok, left, this.parseAnd());
    }
    return left;
  }

  private parseAnd(): Ast {
    let left = this.parseNot();
    while (this.isOp(this.peek(), 'and')) {
      const opTok = this.next();
      left = this.binary('and', opTok, left, this.parseNot());
    }
    return left;
  }

  private parseNot(): Ast {
    const tok = this.peek();
    if (this.isOp(tok, 'not')) {
      this.next();
      this.enter(tok);
      const operand = this.parseNot();
      this.leave();
      return { kind: 'unary', op: 'not', operand, start: tok.start, end: operand.end };
    }
    return this.parseComparison();
  }

  private parseComparison(): Ast {
    const left = this.parseAdditive();
    const tok = this.peek();
    if (tok.type !== 'operator' || !COMPARISON_OPS.has(tok.value)) return left;
    this.next();
    const node = this.binary(tok.value as BinaryOp, tok, left, this.parseAdditive());
    const after = this.peek();
    // `0 <= x <= 100` would silently compare a boolean with 100; say how to write it instead.
    if (after.type === 'operator' && COMPARISON_OPS.has(after.value)) {
      this.fail('expr:parse.chainedComparison', after.start);
    }
    return node;
  }

  private parseAdditive(): Ast {
    let left = this.parseMultiplicative();
    for (;;) {
      const tok = this.peek();
      if (tok.type !== 'operator' || (tok.value !== '+' && tok.value !== '-')) return left;
      this.next();
      left = this.binary(tok.value, tok, left, this.parseMultiplicative());
    }
  }

  private parseMultiplicative(): Ast {
    let left = this.parseUnary();
    for (;;) {
      const tok = this.peek();
      if (tok.type !== 'operator' || (tok.value !== '*' && tok.value !== '/' && tok.value !== '%'))
        return left;
      this.next();
      left = this.binary(tok.value, tok, left, this.parseUnary());
    }
  }

  private parseUnary(): Ast {
    const tok = this.peek();
    if (tok.type === 'operator' && (tok.value === '-' || tok.value === '+')) {
      this.next();
      this.enter(tok);
      const operand = this.parseUnary();
      this.leave();
      // Fold `-5` into a literal so constants stay simple for the type checker and messages.
      if (operand.kind === 'literal' && typeof operand.value === 'number') {
        const value = tok.value === '-' ? -operand.value : operand.value;
        return { kind: 'literal', value, start: tok.start, end: operand.end };
      }
      return { kind: 'unary', op: tok.value, operand, start: tok.start, end: operand.end };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Ast {
    const tok = this.next();
    switch (tok.type) {
      case 'number':
        return { kind: 'literal', value: tok.num ?? Number(tok.value), start: tok.start, end: tok.end };
      case 'string':
        return { kind: 'literal', value: tok.value, start: tok.start, end: tok.end };
      case '(': {
        this.enter(tok);
        const inner = this.parseOr();
        this.expectClose();
        this.leave();
        // Keep the parenthesised span so error positions cover what the author wrote.
        return { ...inner, start: tok.start, end: this.tokens[this.index - 1]?.end ?? inner.end };
      }
      case 'identifier':
        return this.parseWord(tok);
      default:
        this.unexpected(tok);
    }
  }

  private expectClose(): void {
    const tok = this.peek();
    if (tok.type === ')') {
      this.next();
      return;
    }
    if (tok.type === 'eof') this.fail('expr:parse.missingParen', tok.start);
    this.unexpected(tok);
  }

  private parseWord(tok: Token): Ast {
    const lower = tok.value.toLowerCase();
    if (this.peek().type === '(') return this.parseCall(tok, lower);
    if (lower === 'true' || lower === 'false') {
      return { kind: 'literal', value: lower === 'true', start: tok.start, end: tok.end };
    }
    if (lower === 'null') return { kind: 'literal', value: null, start: tok.start, end: tok.end };
    if (KEYWORDS.has(lower)) this.unexpected(tok);
    return { kind: 'identifier', name: tok.value, start: tok.start, end: tok.end };
  }

  private parseCall(nameTok: Token, lower: string): Ast {
    const name = FUNCTION_BY_LOWER.get(lower);
    if (name === undefined) this.fail('expr:parse.unknownFunction', nameTok.start, { name: nameTok.value });
    const open = this.next();
    this.enter(open);
    const args: Ast[] = [];
    if (this.peek().type === ')') {
      this.next();
    } else {
      for (;;) {
        args.push(this.parseOr());
        const sep = this.peek();
        if (sep.type === ',') {
          this.next();
          continue;
        }
        this.expectClose();
        break;
      }
    }
    this.leave();
    const [min, max] = ARITY[name];
    if (args.length < min || args.length > max) {
      const params: Record<string, string | number> = { name, min, actual: args.length };
      if (max !== Infinity) params.max = max;
      const key =
        min === max
          ? 'expr:parse.arityExact'
          : max === Infinity
            ? 'expr:parse.arityAtLeast'
            : 'expr:parse.arityRange';
      this.fail(key, nameTok.start, params);
    }
    const end = this.tokens[this.index - 1]?.end ?? nameTok.end;
    return { kind: 'call', name, args, start: nameTok.start, end };
  }
}

function parseUncached(source: string): ParseResult {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return {
      ok: false,
      error: located('expr:parse.tooLong', MAX_EXPRESSION_LENGTH, {
        length: source.length,
        max: MAX_EXPRESSION_LENGTH,
      }),
    };
  }
  if (source.trim() === '') return { ok: false, error: located('expr:parse.empty', 0) };
  const lexed = tokenize(source);
  if (!lexed.ok) return lexed;
  try {
    return { ok: true, ast: new Parser(lexed.tokens).parse() };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.error };
    throw e;
  }
}

/** Rules are re-evaluated on every keystroke; templates hold a few thousand distinct expressions at most. */
const CACHE_LIMIT = 20000;
const cache = new Map<string, ParseResult>();

/** Parses (and caches) an expression. ASTs are shared between callers: treat them as immutable. */
export function parseExpression(source: string): ParseResult {
  const hit = cache.get(source);
  if (hit) return hit;
  const result = parseUncached(source);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, result);
  return result;
}

/** Indicator codes the expression reads, unique, in order of first appearance. */
export function identifiersOf(ast: Ast): string[] {
  const seen = new Set<string>();
  // Explicit stack: a 2000-character `a+a+a…` chain is ~1000 levels deep.
  const stack: Ast[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop() as Ast;
    switch (node.kind) {
      case 'identifier':
        seen.add(node.name);
        break;
      case 'unary':
        stack.push(node.operand);
        break;
      case 'binary':
        stack.push(node.right, node.left);
        break;
      case 'call':
        for (let i = node.args.length - 1; i >= 0; i--) stack.push(node.args[i] as Ast);
        break;
      case 'literal':
        break;
    }
  }
  return [...seen];
}
