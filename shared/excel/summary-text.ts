/**
 * Texts, times and widths shared by the summary workbook's sheets. The workbook is a zh-CN
 * document (the offices that read it expect Chinese headers), so its texts come from the zh-CN
 * `summary` namespace whatever the app's language is.
 */
import { createTranslator, type Translator } from '../i18n/index.ts';

let zh: Translator | undefined;
/** Texts without parameters, looked up once: i18next lookups per cell cost more than writing the cell. */
const fixedTexts = new Map<string, string>();

/** A text of the `summary` namespace in zh-CN; the translator is created once (i18next init is not free). */
export function sx(key: string, params?: Record<string, string | number>): string {
  if (!params) {
    const hit = fixedTexts.get(key);
    if (hit !== undefined) return hit;
  }
  zh ??= createTranslator('zh-CN');
  const text = String(zh.t(`summary:${key}`, params ?? {}));
  if (!params) fixedTexts.set(key, text);
  return text;
}

/**
 * Times in the document are Beijing time (UTC+8, no daylight saving since 1991), the time every
 * office in China reads, whatever time zone the machine or the worker happens to run in.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * A Date whose UTC fields are the Beijing wall-clock time: exceljs turns Dates into serial numbers
 * from their UTC fields, so the cell then shows Beijing time.
 */
export function beijingWallClock(at: Date): Date {
  return new Date(at.getTime() + BEIJING_OFFSET_MS);
}

/** 2025-12-20 10:30 (Beijing time). */
export function formatBeijing(at: Date): string {
  const b = beijingWallClock(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${b.getUTCFullYear()}-${two(b.getUTCMonth() + 1)}-${two(b.getUTCDate())} ` +
    `${two(b.getUTCHours())}:${two(b.getUTCMinutes())}`
  );
}

/** Width in Excel character units: CJK and full-width characters take about two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return w;
}

/** Excel's cap on the text in one cell. */
export const CELL_TEXT_MAX = 32767;

/** Text cut to Excel's cell limit; a longer text would make Excel refuse (or "repair") the file. */
export function clipCellText(text: string): string {
  if (text.length <= CELL_TEXT_MAX) return text;
  const chars = [...text.slice(0, CELL_TEXT_MAX)];
  // Cut whole characters (a split surrogate pair is not valid XML) and leave room for the ellipsis.
  while (chars.join('').length > CELL_TEXT_MAX - 1) chars.pop();
  return chars.join('') + '…';
}

/** `'Sheet name'!`, quoted as formulas need it whatever the name holds. */
export function sheetRef(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'!`;
}
