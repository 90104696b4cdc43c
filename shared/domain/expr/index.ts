/**
 * The template expression language: rules (`T01_05 <= T01_04`), relevance conditions and
 * calculated values. Parsed into an AST and interpreted — never eval'd — with blank-aware
 * semantics and located, translatable error messages.
 */
export {
  parseExpression,
  identifiersOf,
  FUNCTION_NAMES,
  KEYWORDS,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  type Ast,
  type BinaryNode,
  type BinaryOp,
  type CallNode,
  type ExprError,
  type FunctionName,
  type IdentifierNode,
  type LiteralNode,
  type ParseResult,
  type UnaryNode,
  type UnaryOp,
  type Value,
} from './parser.ts';
export {
  evaluate,
  inferType,
  interpolateMessage,
  isBlankValue,
  formatPlainValue,
  normalizeNumber,
  placeholdersOf,
  typeOfValue,
  type EvaluateResult,
  type InferResult,
  type Lookup,
  type StaticType,
  type StaticTypeOf,
  type ValueType,
} from './evaluate.ts';
