/**
 * Turns what a person types (or pastes from Excel/WPS) into a stored value, the way they meant
 * it: full-width digits, thousands separators, `12%`, `¥1,234.50`, `2025年6月30日`, 是/否.
 * Anything that cannot be understood is refused with a message — never stored wrongly.
 */
import { msg, type Message } from '../i18n/message.ts';
import type { Value } from './expr/index.ts';
import type { Indicator } from './template.ts';

export type InputResult = { ok: true; value: Value } | { ok: false; message: Message };

/** Full-width ASCII (０-９, ．, ，, ％, －, ＋ …) and the ideographic space to their half-width forms. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/[。]/g, '.')
    .replace(/[−–—]/g, '-');
}

const NUMBER_SHAPE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const GROUPED_SHAPE = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/** A plain or thousands-grouped number; null when the text is not one. */
export function parseNumberText(raw: string): number | null {
  const s = toHalfWidth(raw).trim().replace(/\s+/g, '');
  if (NUMBER_SHAPE.test(s)) return Number(s);
  if (GROUPED_SHAPE.test(s)) return Number(s.replace(/,/g, ''));
  return null;
}

function roundTo(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((n + Number.EPSILON * Math.sign(n)) * f) / f;
}

function stripUnit(s: string, unit: string): string {
  return unit && s.endsWith(unit) ? s.slice(0, -unit.length).trim() : s;
}

const TRUE_WORDS = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', 'on']);
const FALSE_WORDS = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '×', '✗', 'off']);

/** Dates as people write them: 2025-06-30, 2025/6/30, 2025.6.30, 2025年6月30日, 20250630. */
export function parseDateText(raw: string): string | null {
  const s = toHalfWidth(raw).trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function parseNumeric(ind: Indicator, s: string): InputResult {
  const label = ind.label;
  let text = stripUnit(s.replace(/^[¥￥]/, '').trim(), ind.unit);
  let percentSign = false;
  if (ind.type === 'percent' && /%$/.test(text)) {
    percentSign = true;
    text = text.slice(0, -1).trim();
  }
  const n = parseNumberText(text);
  if (n === null) return { ok: false, message: msg('input:notNumber', { label, text: s }) };
  let value = n;
  if (ind.type === 'percent') {
    // 12% and 0.12 both mean twelve per cent; a bare number above 1 is read as percentage points.
    value = percentSign || Math.abs(n) > 1 ? n / 100 : n;
    value = roundTo(value, (ind.decimals ?? 2) + 2);
  } else if (ind.type === 'integer') {
    if (!Number.isInteger(n)) return { ok: false, message: msg('input:notInteger', { label, text: s }) };
  } else {
    value = roundTo(n, ind.decimals ?? (ind.type === 'money' ? 2 : 6));
  }
  return { ok: true, value };
}

/** Range check in the units the person sees (percent as %). */
export function checkRange(ind: Indicator, value: number): Message | null {
  const scale = ind.type === 'percent' ? 100 : 1;
  const unit = ind.type === 'percent' ? '%' : ind.unit;
  const show = (n: number) => String(roundTo(n * scale, 6));
  if (ind.min !== undefined && value < ind.min)
    return msg(ind.min === 0 ? 'input:negative' : 'input:belowMin', {
      label: ind.label,
      min: show(ind.min),
      unit,
    });
  if (ind.max !== undefined && value > ind.max)
    return msg('input:aboveMax', { label: ind.label, max: show(ind.max), unit });
  return null;
}

/**
 * Parses one typed cell. Blank input clears the value. Range violations are refused too: a
 * negative head count or 130% is not a value anyone means.
 */
export function parseInput(
  ind: Indicator,
  raw: string,
  choices: { code: string; label: string }[] = [],
): InputResult {
  const s = toHalfWidth(raw).trim();
  if (s === '') return { ok: true, value: null };
  switch (ind.type) {
    case 'integer':
    case 'decimal':
    case 'money':
    case 'percent': {
      const r = parseNumeric(ind, s);
      if (!r.ok) return r;
      const range = checkRange(ind, r.value as number);
      return range ? { ok: false, message: range } : r;
    }
    case 'boolean': {
      const w = s.toLowerCase();
      if (TRUE_WORDS.has(w)) return { ok: true, value: true };
      if (FALSE_WORDS.has(w)) return { ok: true, value: false };
      return { ok: false, message: msg('input:notBoolean', { label: ind.label, text: s }) };
    }
    case 'date': {
      const d = parseDateText(s);
      return d
        ? { ok: true, value: d }
        : { ok: false, message: msg('input:notDate', { label: ind.label, text: s }) };
    }
    case 'choice': {
      const hit = choices.find((c) => c.code === s || c.label === s);
      return hit
        ? { ok: true, value: hit.code }
        : {
            ok: false,
            message: msg('input:notChoice', {
              label: ind.label,
              text: s,
              choices: choices.map((c) => c.label).join('、'),
            }),
          };
    }
    case 'text':
      return { ok: true, value: raw.trim() };
  }
}

/** How a stored value is shown in a cell, in Chinese conventions (1,234.5 / 12.5% / 是). */
export interface FormatOptions {
  choices?: { code: string; label: string }[];
  /** Words for true/false in the user's language. */
  yes?: string;
  no?: string;
}

export function formatValue(ind: Indicator, value: Value, options: FormatOptions = {}): string {
  const { choices = [], yes = 'true', no = 'false' } = options;
  if (value === null || value === undefined) return '';
  switch (ind.type) {
    case 'percent':
      return typeof value === 'number' ? `${roundTo(value * 100, ind.decimals ?? 2)}%` : String(value);
    case 'money':
      return typeof value === 'number'
        ? value.toLocaleString('zh-CN', {
            minimumFractionDigits: ind.decimals ?? 2,
            maximumFractionDigits: ind.decimals ?? 2,
          })
        : String(value);
    case 'integer':
    case 'decimal':
      return typeof value === 'number'
        ? value.toLocaleString('zh-CN', { maximumFractionDigits: ind.decimals ?? 6 })
        : String(value);
    case 'boolean':
      return value === true ? yes : value === false ? no : String(value);
    case 'choice':
      return choices.find((c) => c.code === value)?.label ?? String(value);
    default:
      return String(value);
  }
}
