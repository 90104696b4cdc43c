/**
 * The Word copy of the annual report: the same neutral report as the PDF, laid out with the `docx`
 * package as a document offices can edit. Real Word structure throughout: Heading 1–3 styles (so
 * the table of contents and the Navigation Pane work), a TOC field Word fills in when it opens the
 * file, numbered and bulleted lists from a numbering definition, tables with repeating header rows
 * and merged cells, and PAGE / SECTIONPAGES fields in the footer.
 *
 * Three sections: the cover (no header or page number), the contents (Roman page numbers) and the
 * body, numbered from 1 with "第 n 页 共 m 页" counting the body's pages.
 *
 * Pure and platform-neutral: no Node API, so it runs in Node, the CLI and a browser worker alike.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  NumberFormat,
  Packer,
  PageNumber,
  Paragraph,
  SectionType,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
  type IRunOptions,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx';
import type { AnnualReport, Block, ReportTable, Run } from './annual-report.ts';
import type { TableCell as BlockCell } from './rich-text.ts';
import { chartTable } from './docx-chart.ts';
import {
  BULLET_LIST,
  COLOR,
  FONT,
  PAGE,
  SIZE,
  STYLE,
  TEXT_WIDTH,
  fonts,
  fontTableXml,
  integerWidths,
  none,
  numbering,
  orderedListRef,
  styles,
  thin,
} from './docx-styles.ts';

/** The MIME type to save the result under. */
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Alignment = (typeof AlignmentType)[keyof typeof AlignmentType];

const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };
const TABLE_BORDERS = {
  top: thin(COLOR.ink, 8),
  bottom: thin(COLOR.ink, 8),
  left: thin(COLOR.ink, 8),
  right: thin(COLOR.ink, 8),
  insideHorizontal: thin(COLOR.rule, 4),
  insideVertical: thin(COLOR.rule, 4),
};

/** Text runs of the neutral runs; line breaks become `w:br`, citations take the cited-value style. */
function textRuns(runs: Run[], base: IRunOptions = {}): TextRun[] {
  const out: TextRun[] = [];
  for (const r of runs) {
    r.text.split('\n').forEach((part, i) => {
      out.push(
        new TextRun({
          ...base,
          text: part,
          break: i > 0 ? 1 : undefined,
          bold: r.bold || base.bold || undefined,
          style: r.cite ? STYLE.cite : base.style,
        }),
      );
    });
  }
  return out;
}

const plain = (text: string, base: IRunOptions = {}) => textRuns([{ text }], base);

/** Scales column weights to the type area's width. */
function spread(weights: number[], total = TEXT_WIDTH): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  return integerWidths(weights.map((w) => (w / sum) * total));
}

/** Roughly how wide text sets, in half-ems: CJK and full-width characters count two. */
function visualLength(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u.test(ch) ? 2 : 1;
  return n;
}

interface CellSpec {
  children: Paragraph[];
  span?: number;
  width: number;
  fill?: string;
  merge?: (typeof VerticalMergeType)[keyof typeof VerticalMergeType];
}

function tableCell(c: CellSpec): TableCell {
  return new TableCell({
    children: c.children,
    columnSpan: c.span && c.span > 1 ? c.span : undefined,
    verticalMerge: c.merge,
    width: { size: c.width, type: WidthType.DXA },
    shading: c.fill ? { fill: c.fill, color: 'auto', type: ShadingType.CLEAR } : undefined,
    verticalAlign: VerticalAlignTable.CENTER,
    margins: CELL_MARGINS,
  });
}

function cellText(runs: ParagraphChild[], o: { head?: boolean; alignment?: Alignment } = {}): Paragraph {
  return new Paragraph({
    style: o.head ? STYLE.tableHead : STYLE.tableText,
    alignment: o.alignment ?? (o.head ? AlignmentType.CENTER : undefined),
    children: runs,
  });
}

function dataTable(columnWidths: number[], rows: TableRow[]): Table {
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths,
    borders: TABLE_BORDERS,
    alignment: AlignmentType.CENTER,
    rows,
  });
}

/** A gap after a table, so two tables never run together and the text after one breathes. */
const afterTable = () =>
  new Paragraph({ style: STYLE.note, spacing: { before: 0, after: 120 }, children: [] });

/**
 * A rich-text table from the editor: rows made rectangular (pasted HTML is not always), spans
 * honoured with gridSpan and vMerge written out explicitly, leading header rows repeated on
 * every page, column widths after the length of their text.
 */
function richTable(rows: BlockCell[][]): Table | null {
  type Slot = { cell: BlockCell; rowSpan: number } | { continues: BlockCell } | { covered: true } | undefined;
  const grid: Slot[][] = rows.map(() => []);
  let width = 0;
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c]) c++;
      const rowSpan = Math.min(cell.rowSpan, rows.length - r);
      for (let dr = 0; dr < rowSpan; dr++)
        for (let dc = 0; dc < cell.colSpan; dc++)
          grid[r + dr]![c + dc] =
            dr === 0 && dc === 0 ? { cell, rowSpan } : dc === 0 ? { continues: cell } : { covered: true };
      c += cell.colSpan;
      width = Math.max(width, c);
    }
  });
  if (width === 0) return null;

  const weights = Array.from({ length: width }, () => 4);
  for (const row of grid)
    row.forEach((slot, c) => {
      if (slot && 'cell' in slot && slot.cell.colSpan === 1) {
        const len = Math.max(...slot.cell.runs.flatMap((r) => r.text.split('\n')).map(visualLength), 0);
        weights[c] = Math.max(weights[c]!, Math.min(len, 28) + 4);
      }
    });
  const columnWidths = spread(weights);
  const spanWidth = (c: number, span: number) => columnWidths.slice(c, c + span).reduce((a, b) => a + b, 0);

  let headerRows = 0;
  while (headerRows < rows.length && rows[headerRows]!.length > 0 && rows[headerRows]!.every((c) => c.header))
    headerRows++;
  if (headerRows === rows.length) headerRows = 0;

  const tableRows = grid.map((slots, r) => {
    const cells: TableCell[] = [];
    for (let c = 0; c < width; c++) {
      const slot = slots[c];
      if (slot && 'covered' in slot) continue;
      if (slot && 'cell' in slot) {
        const { cell } = slot;
        cells.push(
          tableCell({
            children: [cellText(textRuns(cell.runs), { head: cell.header })],
            span: cell.colSpan,
            width: spanWidth(c, cell.colSpan),
            fill: cell.header ? COLOR.headerFill : undefined,
            merge: slot.rowSpan > 1 ? VerticalMergeType.RESTART : undefined,
          }),
        );
      } else if (slot && 'continues' in slot) {
        cells.push(
          tableCell({
            children: [cellText([])],
            span: slot.continues.colSpan,
            width: spanWidth(c, slot.continues.colSpan),
            fill: slot.continues.header ? COLOR.headerFill : undefined,
            merge: VerticalMergeType.CONTINUE,
          }),
        );
      } else {
        cells.push(tableCell({ children: [cellText([])], width: columnWidths[c]! }));
      }
    }
    return new TableRow({ tableHeader: r < headerRows || undefined, cantSplit: true, children: cells });
  });
  return dataTable(columnWidths, tableRows);
}

/** Every ordered list is an instance of its own, so each starts at its `start` again. */
class ListCounter {
  private next = 1;
  instance(): number {
    return this.next++;
  }
}

function blockChildren(block: Block, lists: ListCounter): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
      return [
        new Paragraph({
          heading: block.level === 1 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
          children: textRuns(block.runs),
        }),
      ];
    case 'paragraph':
      return [new Paragraph({ style: STYLE.body, children: textRuns(block.runs) })];
    case 'list': {
      const instance = block.ordered ? lists.instance() : undefined;
      return block.items.map(
        (item) =>
          new Paragraph({
            numbering: block.ordered
              ? { reference: orderedListRef(block.start), level: 0, instance }
              : { reference: BULLET_LIST, level: 0 },
            children: textRuns(item),
          }),
      );
    }
    case 'table': {
      const table = richTable(block.rows);
      return table ? [table, afterTable()] : [];
    }
  }
}

function heading1(text: string, pageBreakBefore: boolean): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    pageBreakBefore: pageBreakBefore || undefined,
    children: plain(text),
  });
}

const caption = (text: string) => new Paragraph({ style: STYLE.caption, children: plain(text) });
const muted = (text: string) => new Paragraph({ style: STYLE.muted, children: plain(text) });

function headRow(columns: string[], widths: number[]): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map((col, i) =>
      tableCell({
        children: [cellText(plain(col), { head: true })],
        width: widths[i]!,
        fill: COLOR.headerFill,
      }),
    ),
  });
}

/** Funding and evidence: a header row, the rows, a bold total row when there is one. */
function simpleTable(
  t: ReportTable,
  weights: number[],
  o: { numericFrom: number; cellRuns?: (text: string, column: number) => TextRun[] },
): (Paragraph | Table)[] {
  if (t.rows.length === 0) return [muted(t.empty)];
  const widths = spread(weights);
  const row = (cells: string[], bold = false) =>
    new TableRow({
      cantSplit: true,
      children: cells.map((text, i) =>
        tableCell({
          children: [
            cellText(o.cellRuns && !bold ? o.cellRuns(text, i) : plain(text, { bold: bold || undefined }), {
              alignment: i >= o.numericFrom ? AlignmentType.RIGHT : undefined,
            }),
          ],
          width: widths[i]!,
          fill: bold ? COLOR.groupFill : undefined,
        }),
      ),
    });
  const rows = [
    headRow(t.columns, widths),
    ...t.rows.map((r) => row(r)),
    ...(t.total ? [row(t.total, true)] : []),
  ];
  return [dataTable(widths, rows), afterTable()];
}

/** Code, label, unit, target, actual, rate, last year, change. */
const INDICATOR_WEIGHTS = [860, 2304, 600, 1060, 1060, 960, 1000, 1000];

function indicatorTable(report: AnnualReport): (Paragraph | Table)[] {
  const ind = report.indicators;
  if (ind.groups.length === 0) return [muted(ind.empty)];
  const widths = spread(INDICATOR_WEIGHTS);
  const total = widths.reduce((a, b) => a + b, 0);
  const rows: TableRow[] = [headRow(ind.columns, widths)];
  for (const g of ind.groups) {
    rows.push(
      new TableRow({
        cantSplit: true,
        keepNext: true,
        children: [
          tableCell({
            children: [cellText(plain(g.name, { bold: true }))],
            span: ind.columns.length,
            width: total,
            fill: COLOR.groupFill,
          }),
        ],
      }),
    );
    for (const r of g.rows) {
      const values = [r.code, r.label, r.unit, r.target, r.actual, r.rate, r.lastYear, r.change];
      rows.push(
        new TableRow({
          cantSplit: true,
          children: values.map((text, i) =>
            tableCell({
              children: [
                cellText(
                  plain(text, {
                    size: i === 0 ? SIZE.small : undefined,
                    color: i === 0 ? COLOR.muted : undefined,
                    // A calculated value is the app's, not typed: set apart as in the PDF.
                    italics: (i === 4 && r.calculated) || undefined,
                  }),
                  { alignment: i === 2 ? AlignmentType.CENTER : i >= 3 ? AlignmentType.RIGHT : undefined },
                ),
              ],
              width: widths[i]!,
              fill: i === 4 && r.calculated ? COLOR.calculatedFill : undefined,
            }),
          ),
        }),
      );
    }
  }
  return [dataTable(widths, rows), afterTable()];
}

/** SHA-256 in two lines of 32 digits, in a small monospace font: 64 digits have no break opportunity. */
function hashRuns(hex: string): TextRun[] {
  const parts = hex.length === 64 ? [hex.slice(0, 32), hex.slice(32)] : [hex];
  return parts.map(
    (part, i) =>
      new TextRun({
        text: part,
        break: i > 0 ? 1 : undefined,
        font: fonts(FONT.table, FONT.mono),
        size: SIZE.hash,
      }),
  );
}

function coverChildren(report: AnnualReport): (Paragraph | Table)[] {
  const c = report.cover;
  const labelWidth = 3000;
  const valueWidth = 4800;
  const lines = new Table({
    layout: TableLayoutType.FIXED,
    width: { size: labelWidth + valueWidth, type: WidthType.DXA },
    columnWidths: [labelWidth, valueWidth],
    alignment: AlignmentType.CENTER,
    borders: {
      top: none,
      bottom: none,
      left: none,
      right: none,
      insideHorizontal: none,
      insideVertical: none,
    },
    rows: c.lines.map(
      (l) =>
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: labelWidth, type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.BOTTOM,
              borders: { top: none, bottom: none, left: none, right: none },
              children: [
                new Paragraph({
                  style: STYLE.coverLine,
                  alignment: AlignmentType.RIGHT,
                  children: plain(`${l.label}：`, { font: fonts(FONT.heading) }),
                }),
              ],
            }),
            new TableCell({
              width: { size: valueWidth, type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.BOTTOM,
              borders: { top: none, left: none, right: none, bottom: thin(COLOR.ink, 6) },
              children: [
                new Paragraph({
                  style: STYLE.coverLine,
                  alignment: AlignmentType.CENTER,
                  children: plain(l.value),
                }),
              ],
            }),
          ],
        }),
    ),
  });
  const right = (text: string, o: { before?: number; color?: string; size?: number } = {}) =>
    new Paragraph({
      style: STYLE.coverLine,
      alignment: AlignmentType.RIGHT,
      indent: { right: 840 },
      spacing: { before: o.before ?? 60 },
      children: plain(text, { color: o.color, size: o.size }),
    });
  return [
    new Paragraph({ style: STYLE.coverProgramme, children: plain(c.programme) }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: plain(c.title) }),
    new Paragraph({ style: STYLE.coverTask, children: plain(c.taskName) }),
    lines,
    // The seal goes over the unit's name and the date, as on every stamped Chinese document.
    right(c.seal, { before: 1200, color: COLOR.muted, size: SIZE.body }),
    right(c.unitName, { before: 360 }),
    right(c.date),
    ...(c.receipt
      ? [
          new Paragraph({
            style: STYLE.note,
            alignment: AlignmentType.CENTER,
            spacing: { before: 600 },
            children: plain(c.receipt, { size: SIZE.hash, font: fonts(FONT.body, FONT.mono) }),
          }),
        ]
      : []),
  ];
}

/** The footer pattern with its {{page}} and {{pages}} placeholders turned into fields. */
function footerRuns(pattern: string): TextRun[] {
  return pattern
    .split(/(\{\{page\}\}|\{\{pages\}\})/)
    .filter((part) => part !== '')
    .map((part) =>
      part === '{{page}}'
        ? new TextRun({ children: [PageNumber.CURRENT] })
        : part === '{{pages}}'
          ? new TextRun({ children: [PageNumber.TOTAL_PAGES_IN_SECTION] })
          : new TextRun({ text: part }),
    );
}

function bodyChildren(report: AnnualReport): (Paragraph | Table)[] {
  const lists = new ListCounter();
  const out: (Paragraph | Table)[] = [];
  report.sections.forEach((sec, i) => {
    out.push(heading1(sec.heading, i > 0));
    if (sec.empty) out.push(muted(sec.empty));
    for (const b of sec.blocks) out.push(...blockChildren(b, lists));
  });

  const ind = report.indicators;
  out.push(heading1(ind.heading, out.length > 0), caption(ind.caption), ...indicatorTable(report));

  const ch = report.chart;
  out.push(heading1(ch.heading, true));
  const chart = chartTable(ch);
  if (chart)
    out.push(caption(ch.caption), chart, new Paragraph({ style: STYLE.note, children: plain(ch.note) }));
  else out.push(muted(ch.empty));

  if (report.funding) {
    const f = report.funding;
    out.push(
      heading1(f.heading, false),
      caption(f.caption),
      ...simpleTable(
        f,
        f.columns.map((_, i) => (i === 0 ? 2244 : 1320)),
        { numericFrom: 1 },
      ),
    );
  }

  const ev = report.evidence;
  out.push(
    heading1(ev.heading, true),
    caption(ev.caption),
    ...(ev.kind === 'units'
      ? simpleTable(ev, [560, 3300, 1500, 1400, 1000, 1084], { numericFrom: 4 })
      : simpleTable(ev, [560, 1850, 2394, 940, 3100], {
          numericFrom: 99,
          cellRuns: (text, column) => (column === 4 ? hashRuns(text) : plain(text)),
        })),
  );
  return out;
}

function orderedStarts(report: AnnualReport): number[] {
  return report.sections.flatMap((s) =>
    s.blocks.flatMap((b) => (b.kind === 'list' && b.ordered ? [b.start] : [])),
  );
}

/** The docx Document of a report; exported for tests and for callers that pack it themselves. */
export function annualReportDocument(report: AnnualReport): Document {
  const page = { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin };
  const header = () =>
    new Header({ children: [new Paragraph({ style: STYLE.header, children: plain(report.header) })] });

  const cover: ISectionOptions = {
    properties: { page },
    children: coverChildren(report),
  };
  const contents: ISectionOptions = {
    properties: {
      type: SectionType.NEXT_PAGE,
      page: { ...page, pageNumbers: { start: 1, formatType: NumberFormat.UPPER_ROMAN } },
    },
    headers: { default: header() },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({ style: STYLE.footer, children: [new TextRun({ children: [PageNumber.CURRENT] })] }),
        ],
      }),
    },
    children: [
      new Paragraph({ style: STYLE.contentsTitle, children: plain(report.contentsTitle) }),
      new TableOfContents(report.contentsTitle, { hyperlink: true, headingStyleRange: '1-2' }),
    ],
  };
  const body: ISectionOptions = {
    properties: {
      type: SectionType.NEXT_PAGE,
      page: { ...page, pageNumbers: { start: 1, formatType: NumberFormat.DECIMAL } },
    },
    headers: { default: header() },
    footers: {
      default: new Footer({
        children: [new Paragraph({ style: STYLE.footer, children: footerRuns(report.footerPattern) })],
      }),
    },
    children: bodyChildren(report),
  };

  return new Document({
    title: `${report.cover.taskName} ${report.title}`,
    subject: report.meta.subject,
    creator: report.meta.author,
    lastModifiedBy: report.meta.author,
    keywords: report.meta.keywords,
    features: { updateFields: true },
    styles: styles(),
    numbering: numbering(orderedStarts(report)),
    sections: [cover, contents, body],
  });
}

/** Writes the report as a .docx file. Works wherever docx's packer does: Node, browsers, workers. */
export async function writeAnnualReportDocx(report: AnnualReport): Promise<Uint8Array> {
  const buffer = await Packer.toArrayBuffer(annualReportDocument(report), false, [
    { path: 'word/fontTable.xml', data: fontTableXml() },
  ]);
  return new Uint8Array(buffer);
}
