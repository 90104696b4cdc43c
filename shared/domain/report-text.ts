/**
 * The 年度工作报告 is stored per outline section as a small, sanitised HTML fragment (headings,
 * paragraphs, lists, tables, indicator citations). These helpers read it without a DOM so the
 * same counts and citations hold in the browser, the CLI and the platform.
 */
import type { Value } from './expr/index.ts';
import type { Indicator } from './template.ts';
import { formatValue, type FormatOptions } from './value-input.ts';

/** A citation of an indicator value inside report text; rendered with the current value. */
export const CITATION_PATTERN = /<span[^>]*\bdata-cite="([A-Za-z][A-Za-z0-9_]*)"[^>]*>.*?<\/span>/g;

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

/** Plain text of a fragment: citations become their rendered value, tags go, entities decode. */
export function reportPlainText(html: string, citationText: (code: string) => string = () => ''): string {
  return html
    .replace(CITATION_PATTERN, (_m, code: string) => citationText(code))
    .replace(/<(br|\/p|\/h[1-6]|\/li|\/tr)\b[^>]*>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (e) => ENTITIES[e] ?? e);
}

/**
 * 字数 as Chinese offices count it for word limits: every non-blank character (汉字, letters,
 * digits and punctuation alike).
 */
export function countReportChars(html: string, citationText?: (code: string) => string): number {
  return [...reportPlainText(html, citationText).replace(/\s+/g, '')].length;
}

/** Indicator codes cited in a fragment, in order of first appearance. */
export function citedCodes(html: string): string[] {
  const seen = new Set<string>();
  for (const m of html.matchAll(CITATION_PATTERN)) seen.add(m[1]!);
  return [...seen];
}

/**
 * How a cited indicator reads in the report: its formatted value followed by its unit
 * (1,234人, 35.5%, 120.00万元); '' when there is no value yet.
 */
export function citationText(ind: Indicator, value: Value | undefined, options: FormatOptions = {}): string {
  const text = formatValue(ind, value ?? null, options);
  if (!text) return '';
  return ind.unit && !text.endsWith(ind.unit) ? `${text}${ind.unit}` : text;
}

/** An indicator's current value: the typed one, or the computed one for calculated indicators. */
export function currentValue(
  ind: Indicator,
  values: Record<string, Value>,
  calculated: Record<string, Value> | undefined,
): Value {
  if (ind.calculate) return calculated?.[ind.code] ?? null;
  return values[ind.code] ?? calculated?.[ind.code] ?? null;
}
