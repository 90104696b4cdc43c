/**
 * A block copied from Excel or WPS arrives as tab-separated text (cells with line breaks or
 * tabs quoted). Papa Parse reads it the way the spreadsheet wrote it.
 */
import Papa from 'papaparse';

export function parseClipboardBlock(text: string): string[][] {
  const trimmed = text.replace(/\r?\n$/, '');
  if (trimmed === '') return [];
  const result = Papa.parse<string[]>(trimmed, {
    delimiter: '\t',
    newline: trimmed.includes('\r\n') ? '\r\n' : '\n',
    quoteChar: '"',
  });
  return result.data.filter((row, i, all) => !(i === all.length - 1 && row.length === 1 && row[0] === ''));
}

/** A paste is a block when it spans more than one cell. */
export function isBlock(text: string): boolean {
  return /[\t\n]/.test(text.replace(/\r?\n$/, ''));
}

/**
 * Places a block onto grid positions starting at (row, col): rows map onto the visible rows,
 * columns onto the editable columns; anything past the grid's edge is reported, not dropped silently.
 */
export function placeBlock(
  block: string[][],
  start: { row: number; col: number },
  size: { rows: number; cols: number },
): { cells: { row: number; col: number; text: string }[]; clipped: number } {
  const cells: { row: number; col: number; text: string }[] = [];
  let clipped = 0;
  block.forEach((line, r) =>
    line.forEach((text, c) => {
      const row = start.row + r;
      const col = start.col + c;
      if (row < size.rows && col < size.cols) cells.push({ row, col, text });
      else clipped++;
    }),
  );
  return { cells, clipped };
}
