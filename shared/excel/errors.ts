/**
 * Located workbook errors: which sheet and cell, a stable machine code for scripts and tests, and
 * a translatable message. Every Excel reader in shared/excel reports problems this way so the UI,
 * the CLI and the JSON output all say `指标!F12: …` the same way.
 */
import type { Translator } from '../i18n/index.ts';
import { msg, type Message, type MessageParams } from '../i18n/message.ts';

export interface WorkbookError {
  /** Worksheet name as the user sees it on the tab; '' when the whole file is at fault. */
  sheet: string;
  /** A1-style address such as 'F12'; '' when the problem is the sheet (or file) as a whole. */
  cell: string;
  /** Stable kebab-case code, e.g. 'not-number', 'xls', 'duplicate-indicator'. */
  code: string;
  message: Message;
}

/** Builds an error with a message from the `excel` namespace. */
export function workbookError(
  sheet: string,
  cell: string,
  code: string,
  key: string,
  params?: MessageParams,
): WorkbookError {
  return { sheet, cell, code, message: msg(key.includes(':') ? key : `excel:${key}`, params) };
}

/** `input:notNumber` → `not-number`: a message key's last segment as a stable kebab-case code. */
export function codeFromKey(key: string): string {
  const tail = key.split(/[:.]/).pop() ?? key;
  return tail.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/^-/, '');
}

/** Where an error is: `指标!F12`, `指标` for a whole sheet, '' for the whole file. */
export function errorLocation(error: Pick<WorkbookError, 'sheet' | 'cell'>): string {
  if (error.sheet === '') return error.cell;
  return error.cell === '' ? error.sheet : `${error.sheet}!${error.cell}`;
}

/** One line as users read it: `指标!F12: “最小值”应填写数字，“很多”不是数字`. */
export function formatWorkbookError(error: WorkbookError, tr: Translator): string {
  const where = errorLocation(error);
  const text = tr.format(error.message);
  return where === '' ? text : tr.t('excel:error.located', { where, text });
}

/** The JSON shape the CLI prints: the message rendered in the user's language. */
export function workbookErrorJson(
  error: WorkbookError,
  tr: Translator,
): { sheet: string; cell: string; code: string; message: string } {
  return { sheet: error.sheet, cell: error.cell, code: error.code, message: tr.format(error.message) };
}

/** Column letters for a 1-based column index (1 → A, 27 → AA). */
export function columnLetter(col: number): string {
  let n = col;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 'F12' from a 1-based row and column. */
export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

/** Splits 'F12' into row/column numbers (for sorting errors in reading order). */
export function parseAddress(address: string): { row: number; col: number } | null {
  const m = /^([A-Z]+)(\d+)$/.exec(address);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1] as string) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}
