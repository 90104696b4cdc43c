/**
 * Tokenizer for the template expression language. Hand-written (no regex over the whole input)
 * so every token keeps its 0-based source position for located error messages.
 */
import { msg } from '../../i18n/message.ts';
import type { ExprError } from './parser.ts';

export type TokenType = 'number' | 'string' | 'identifier' | 'operator' | '(' | ')' | ',' | 'eof';

export interface Token {
  type: TokenType;
  /** Source text as written (for messages). */
  text: string;
  /** Canonical operator for `operator` tokens, decoded text for `string`, name for `identifier`. */
  value: string;
  /** Parsed number for `number` tokens. */
  num?: number;
  start: number;
  end: number;
}

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: ExprError };

/**
 * Full-width punctuation is what a Chinese IME produces by default; mapping it one code unit to one
 * code unit keeps every position valid while accepting `（T01_01＋T01_02）≤１００`.
 */
const FULL_WIDTH: Record<string, string> = {
  '（': '(',
  '）': ')',
  '，': ',',
  '＜': '<',
  '＞': '>',
  '＝': '=',
  '！': '!',
  '＋': '+',
  '－': '-',
  '＊': '*',
  '×': '*',
  '／': '/',
  '÷': '/',
  '％': '%',
  '＆': '&',
  '｜': '|',
  '．': '.',
  '０': '0',
  '１': '1',
  '２': '2',
  '３': '3',
  '４': '4',
  '５': '5',
  '６': '6',
  '７': '7',
  '８': '8',
  '９': '9',
};

/** Single characters that stand for a two-character ASCII operator. */
const SYMBOL_OPERATORS: Record<string, string> = { '≤': '<=', '≥': '>=', '≠': '!=' };

/** Longest match first; value is the canonical operator the parser sees. */
const OPERATORS: ReadonlyArray<readonly [string, string]> = [
  ['==', '='],
  ['!=', '!='],
  ['<>', '!='],
  ['<=', '<='],
  ['>=', '>='],
  ['&&', 'and'],
  ['||', 'or'],
  ['=', '='],
  ['<', '<'],
  ['>', '>'],
  ['+', '+'],
  ['-', '-'],
  ['*', '*'],
  ['/', '/'],
  ['%', '%'],
  ['!', 'not'],
];

/** Closing quote for each opening quote; curly quotes come from Chinese IMEs. */
const QUOTES: Record<string, string> = { "'": "'", '"': '"', '“': '”', '‘': '’' };

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u3000' || c === '\u00a0';
}

export function located(
  key: string,
  position: number,
  params: Record<string, string | number> = {},
): ExprError {
  return { message: msg(key, { ...params, position, column: position + 1 }), position };
}

export function tokenize(source: string): LexResult {
  // Normalise full-width characters up front; the mapping is 1:1 in length so positions hold.
  let text = '';
  for (const ch of source) {
    const mapped = FULL_WIDTH[ch];
    text += mapped ?? ch;
  }
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      while (isDigit(text[i])) i++;
      if (text[i] === '.') {
        i++;
        while (isDigit(text[i])) i++;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        let j = i + 1;
        if (text[j] === '+' || text[j] === '-') j++;
        if (isDigit(text[j])) {
          while (isDigit(text[j])) j++;
          i = j;
        } else {
          // "1e" or "1e+" is a malformed number, not a number followed by an identifier.
          return { ok: false, error: located('expr:parse.badNumber', start, { text: text.slice(start, j) }) };
        }
      }
      // "12abc" or "1.2.3" reads as one malformed number to the author, so report it as such.
      if (isLetter(text[i]) || text[i] === '_' || text[i] === '.') {
        let j = i;
        while (isLetter(text[j]) || isDigit(text[j]) || text[j] === '_' || text[j] === '.') j++;
        return { ok: false, error: located('expr:parse.badNumber', start, { text: text.slice(start, j) }) };
      }
      const raw = text.slice(start, i);
      const num = Number(raw);
      if (!Number.isFinite(num)) {
        return { ok: false, error: located('expr:parse.badNumber', start, { text: raw }) };
      }
      tokens.push({ type: 'number', text: raw, value: raw, num, start, end: i });
      continue;
    }
    if (isLetter(c)) {
      while (isLetter(text[i]) || isDigit(text[i]) || text[i] === '_') i++;
      const word = text.slice(start, i);
      tokens.push({ type: 'identifier', text: word, value: word, start, end: i });
      continue;
    }
    const close = QUOTES[c];
    if (close !== undefined) {
      // Quoted text is read from the source as written: `'（筹）'` must stay `（筹）` to equal a
      // choice or text that holds it. (Quotes and the backslash are never full-width-mapped, and
      // the mapping keeps positions, so `source` and `text` agree on where the literal ends.)
      i++;
      let value = '';
      let closed = false;
      while (i < n) {
        const d = source[i] as string;
        if (d === '\\' && i + 1 < n) {
          value += source[i + 1];
          i += 2;
          continue;
        }
        if (d === close) {
          closed = true;
          i++;
          break;
        }
        value += d;
        i++;
      }
      if (!closed) return { ok: false, error: located('expr:parse.unterminatedString', start) };
      tokens.push({ type: 'string', text: source.slice(start, i), value, start, end: i });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c, value: c, start, end: i + 1 });
      i++;
      continue;
    }
    const symbol = SYMBOL_OPERATORS[c];
    if (symbol !== undefined) {
      tokens.push({ type: 'operator', text: c, value: symbol, start, end: i + 1 });
      i++;
      continue;
    }
    let matched = false;
    for (const [op, canonical] of OPERATORS) {
      if (text.startsWith(op, i)) {
        tokens.push({ type: 'operator', text: op, value: canonical, start, end: i + op.length });
        i += op.length;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    // Report the original (possibly non-BMP) character, not half a surrogate pair.
    const cp = source.codePointAt(i);
    const char = cp === undefined ? c : String.fromCodePoint(cp);
    return { ok: false, error: located('expr:parse.unexpectedChar', start, { char }) };
  }
  // "Incomplete expression" points just after the last thing written, not at trailing spaces.
  const end = text.trimEnd().length;
  tokens.push({ type: 'eof', text: '', value: '', start: end, end });
  return { ok: true, tokens };
}
