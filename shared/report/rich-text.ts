/**
 * The stored report HTML (already reduced by the editor's whitelist: h2/h3, p, strong, lists,
 * tables with spans, br and citation spans) turned into format-neutral blocks that the PDF and
 * Word writers both lay out. Parsed with htmlparser2 because workers and Node have no DOM.
 * Unknown tags are unwrapped, so text is never lost whatever produced the HTML.
 */
import { Parser } from 'htmlparser2';

export interface Run {
  text: string;
  bold?: boolean;
  /** A cited indicator value (rendered from current data, not the stored text). */
  cite?: boolean;
}

export interface TableCell {
  runs: Run[];
  header: boolean;
  colSpan: number;
  rowSpan: number;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Run[][] }
  | { kind: 'table'; rows: TableCell[][] };

const SPAN_MAX = 1000;

function spanAttr(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= SPAN_MAX ? n : 1;
}

/** Merges neighbouring runs of the same style and drops empty ones. */
function tidy(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    if (!r.text) continue;
    const last = out[out.length - 1];
    if (last && !last.cite && !r.cite && !!last.bold === !!r.bold) last.text += r.text;
    else out.push({ ...r });
  }
  return out;
}

/**
 * Parses one section's HTML. `cite(code)` gives the text a citation shows now (its stored text is
 * a snapshot of the value when it was inserted and may be stale).
 */
export function htmlToBlocks(html: string, cite: (code: string) => string): Block[] {
  const blocks: Block[] = [];
  let runs: Run[] = [];
  let bold = 0;
  let citeCode: string | null = null;
  let citeDepth = 0;
  const lists: { ordered: boolean; start: number; items: Run[][] }[] = [];
  let table: TableCell[][] | null = null;
  let cell: TableCell | null = null;
  let heading: 1 | 2 | null = null;

  const push = (text: string) => {
    if (citeCode !== null) return;
    const target = cell ? cell.runs : runs;
    target.push({ text, bold: bold > 0 || undefined });
  };
  /** Ends the paragraph being collected (outside lists and tables). */
  const flush = () => {
    const r = tidy(runs);
    runs = [];
    if (r.length === 0 || r.every((x) => !x.text.trim())) return;
    if (heading) blocks.push({ kind: 'heading', level: heading, runs: r });
    else blocks.push({ kind: 'paragraph', runs: r });
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (citeCode !== null) {
          if (name === 'span') citeDepth++;
          return;
        }
        switch (name) {
          case 'span':
            if (attrs['data-cite']) {
              const text = cite(attrs['data-cite']);
              (cell ? cell.runs : runs).push({ text: text || '—', bold: bold > 0 || undefined, cite: true });
              citeCode = attrs['data-cite'];
              citeDepth = 1;
            }
            break;
          case 'strong':
          case 'b':
            bold++;
            break;
          case 'p':
            if (!cell && lists.length === 0) flush();
            break;
          case 'h1':
          case 'h2':
          case 'h3':
            flush();
            heading = name === 'h3' ? 2 : 1;
            break;
          case 'br':
            push('\n');
            break;
          case 'ul':
          case 'ol':
            if (lists.length === 0) flush();
            lists.push({ ordered: name === 'ol', start: spanAttr(attrs.start), items: [] });
            break;
          case 'li':
            runs = [];
            break;
          case 'table':
            flush();
            table = [];
            break;
          case 'tr':
            table?.push([]);
            break;
          case 'td':
          case 'th':
            cell = {
              runs: [],
              header: name === 'th',
              colSpan: spanAttr(attrs.colspan),
              rowSpan: spanAttr(attrs.rowspan),
            };
            break;
        }
      },
      ontext(text) {
        push(text);
      },
      onclosetag(name) {
        if (citeCode !== null) {
          if (name === 'span' && --citeDepth === 0) citeCode = null;
          return;
        }
        switch (name) {
          case 'strong':
          case 'b':
            bold = Math.max(0, bold - 1);
            break;
          case 'h1':
          case 'h2':
          case 'h3':
            flush();
            heading = null;
            break;
          case 'p':
            if (cell) cell.runs.push({ text: '\n' });
            else if (lists.length > 0) runs.push({ text: '\n' });
            else flush();
            break;
          case 'li': {
            const list = lists[lists.length - 1];
            const item = tidy(runs).map((r, i, all) =>
              i === all.length - 1 ? { ...r, text: r.text.replace(/\n+$/, '') } : r,
            );
            if (list) list.items.push(item);
            runs = [];
            break;
          }
          case 'ul':
          case 'ol': {
            const list = lists.pop();
            // Nested lists are flattened into the outer one: both writers indent one level only.
            if (list && lists.length > 0) lists[lists.length - 1]!.items.push(...list.items);
            else if (list && list.items.length > 0) blocks.push({ kind: 'list', ...list });
            break;
          }
          case 'td':
          case 'th':
            if (cell && table) {
              const row = table[table.length - 1] ?? (table.push([]), table[table.length - 1]!);
              cell.runs = tidy(cell.runs).map((r) => ({ ...r, text: r.text.replace(/^\n+|\n+$/g, '') }));
              row.push(cell);
            }
            cell = null;
            break;
          case 'table':
            if (table && table.some((r) => r.length > 0))
              blocks.push({ kind: 'table', rows: table.filter((r) => r.length > 0) });
            table = null;
            break;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return blocks;
}
