/**
 * The 年度工作报告 is stored per outline section as a small, sanitised HTML fragment (headings,
 * paragraphs, lists, tables, indicator citations). These helpers read it without a DOM so the
 * same counts and citations hold in the browser, the CLI and the platform.
 */

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
