/**
 * Lays the neutral annual report out as a pdfmake document (A4): cover with a place for the seal,
 * contents, the unit's sections, the indicator table, a vector completion chart drawn from the
 * data, funding and evidence, running header and page numbers. Pure: which pdfmake build renders
 * it (Node or browser worker) is decided by the caller, see pdf-render.ts.
 */
import type { Content, ContentTable, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { AnnualReport, Block, ChartItem, ReportTable, Run } from './annual-report.ts';
import type { TableCell as BlockCell } from './rich-text.ts';
import { PDF_FONT } from './pdf-fonts.ts';

/** A4 in points and the margins of the text block (left, top, right, bottom). */
const PAGE_WIDTH = 595.28;
const MARGINS: [number, number, number, number] = [64, 72, 64, 64];
const TEXT_WIDTH = PAGE_WIDTH - MARGINS[0] - MARGINS[2];
const BODY_SIZE = 11;
const INK = '#1f2328';
const MUTED = '#5b6470';
const RULE = '#8c959f';
const HEADER_FILL = '#e8eef7';
const GROUP_FILL = '#f3f4f6';
const BAR_OK = '#2f6fbf';
const BAR_SHORT = '#d9822b';
/** A standard official seal is 42 mm across. */
const SEAL_DIAMETER = (42 / 25.4) * 72;

const thinLines = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingTop: () => 3,
  paddingBottom: () => 3,
  paddingLeft: () => 4,
  paddingRight: () => 4,
};

/** Inline runs; a cited value is underlined so readers see which numbers come from the data. */
function inlines(runs: Run[]) {
  return runs.map((r) => ({
    text: r.text,
    bold: r.bold,
    decoration: r.cite ? ('underline' as const) : undefined,
  }));
}

function runsToText(runs: Run[]) {
  return { text: inlines(runs) };
}

/**
 * A rich-text table as pdfmake wants it: every row the same length, spanned positions filled
 * with placeholder cells. HTML tables from pasted Word text are not always rectangular.
 */
function gridOf(rows: BlockCell[][]): TableCell[][] {
  const occupied: boolean[][] = rows.map(() => []);
  const grid: TableCell[][] = rows.map(() => []);
  let width = 0;
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (occupied[r]![c]) c++;
      const rowSpan = Math.min(cell.rowSpan, rows.length - r);
      for (let dr = 0; dr < rowSpan; dr++)
        for (let dc = 0; dc < cell.colSpan; dc++) occupied[r + dr]![c + dc] = true;
      grid[r]![c] = {
        text: inlines(cell.runs),
        bold: cell.header || undefined,
        fillColor: cell.header ? HEADER_FILL : undefined,
        colSpan: cell.colSpan > 1 ? cell.colSpan : undefined,
        rowSpan: rowSpan > 1 ? rowSpan : undefined,
      } as TableCell;
      c += cell.colSpan;
      width = Math.max(width, c);
    }
  });
  return grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
}

function blockContent(block: Block): Content {
  switch (block.kind) {
    case 'heading':
      return {
        ...runsToText(block.runs),
        style: block.level === 1 ? 'h2' : 'h3',
        tocItem: block.level === 1,
        tocMargin: [18, 0, 0, 0],
      } as Content;
    case 'paragraph':
      return { ...runsToText(block.runs), style: 'body' } as Content;
    case 'list': {
      const items = block.items.map((item) => runsToText(item));
      return block.ordered ? { ol: items, start: block.start, style: 'list' } : { ul: items, style: 'list' };
    }
    case 'table': {
      const body = gridOf(block.rows);
      const cols = body[0]?.length ?? 0;
      if (cols === 0) return { text: '' };
      return {
        table: { widths: Array.from({ length: cols }, () => '*'), body, dontBreakRows: true },
        layout: thinLines,
        style: 'cellTable',
      };
    }
  }
}

function coverPage(report: AnnualReport): Content[] {
  const c = report.cover;
  return [
    { text: c.programme, style: 'coverProgramme', margin: [0, 40, 0, 0] },
    { text: c.title, style: 'coverTitle', margin: [0, 28, 0, 8] },
    { text: c.taskName, style: 'coverTask', margin: [0, 0, 0, 44] },
    {
      table: {
        widths: [130, '*'],
        body: c.lines.map((l) => [
          { text: `${l.label}：`, alignment: 'right', bold: true },
          { text: l.value, border: [false, false, false, true] },
        ]),
      },
      layout: {
        defaultBorder: false,
        hLineWidth: () => 0.6,
        hLineColor: () => RULE,
        paddingTop: () => 5,
        paddingBottom: () => 3,
      },
      fontSize: 13,
      margin: [0, 0, 30, 0],
    },
    {
      // The seal goes over the unit's name and the date, as on every stamped Chinese document.
      stack: [
        {
          canvas: [
            {
              type: 'ellipse',
              x: SEAL_DIAMETER / 2,
              y: SEAL_DIAMETER / 2,
              r1: SEAL_DIAMETER / 2,
              r2: SEAL_DIAMETER / 2,
              lineColor: '#d0d7de',
              lineWidth: 0.8,
              dash: { length: 3, space: 3 },
            },
          ],
          relativePosition: { x: TEXT_WIDTH - SEAL_DIAMETER - 50, y: -10 },
        },
        { text: c.seal, color: MUTED, alignment: 'right', margin: [0, 0, 40, 6] },
        { text: c.unitName, alignment: 'right', fontSize: 14, margin: [0, 0, 40, 4] },
        { text: c.date, alignment: 'right', fontSize: 14, margin: [0, 0, 40, 0] },
      ],
      margin: [0, 70, 0, 0],
    },
    ...(c.receipt
      ? [
          {
            text: c.receipt,
            fontSize: 7,
            color: MUTED,
            alignment: 'center' as const,
            margin: [0, 40, 0, 0] as [number, number, number, number],
          },
        ]
      : []),
  ];
}

function caption(text: string): Content {
  return { text, style: 'caption' };
}

/** A plain data table; columns from `numericFrom` on are right-aligned; `columnStyle` overrides a column's cells. */
function simpleTable(
  t: ReportTable,
  widths: (string | number)[],
  numericFrom: number,
  columnStyle: Record<number, { fontSize?: number; color?: string }> = {},
): Content {
  if (t.rows.length === 0) return { text: t.empty, style: 'muted' };
  const head = t.columns.map((col) => ({
    text: col,
    bold: true,
    fillColor: HEADER_FILL,
    alignment: 'center' as const,
  }));
  const row = (cells: string[], bold = false) =>
    cells.map((text, i) => ({
      text,
      bold: bold || undefined,
      alignment: i >= numericFrom ? ('right' as const) : undefined,
      ...columnStyle[i],
    }));
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths,
      body: [head, ...t.rows.map((r) => row(r)), ...(t.total ? [row(t.total, true)] : [])],
    },
    layout: thinLines,
    style: 'dataTable',
  };
}

function indicatorTable(report: AnnualReport): Content {
  const ind = report.indicators;
  if (ind.groups.length === 0) return { text: ind.empty, style: 'muted' };
  const cols = ind.columns.length;
  const head = ind.columns.map((text) => ({
    text,
    bold: true,
    fillColor: HEADER_FILL,
    alignment: 'center' as const,
  }));
  const body: TableCell[][] = [head];
  for (const g of ind.groups) {
    body.push([
      { text: g.name, bold: true, fillColor: GROUP_FILL, colSpan: cols },
      ...Array.from({ length: cols - 1 }, () => ''),
    ]);
    for (const r of g.rows) {
      body.push([
        { text: r.code, color: MUTED, fontSize: 7.5 },
        { text: r.label },
        { text: r.unit, alignment: 'center' },
        { text: r.target, alignment: 'right' },
        { text: r.actual, alignment: 'right', italics: r.calculated || undefined },
        { text: r.rate, alignment: 'right' },
        { text: r.lastYear, alignment: 'right' },
        { text: r.change, alignment: 'right' },
      ]);
    }
  }
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: [38, '*', 28, 52, 52, 40, 52, 40], body },
    layout: thinLines,
    style: 'dataTable',
  };
}

const CHART_LABEL = 140;
const CHART_VALUE = 110;
const CHART_BAR = TEXT_WIDTH - CHART_LABEL - CHART_VALUE - 24;
const BAR_HEIGHT = 9;

/** One horizontal bar with the 100% mark; vector shapes, so it prints sharp at any size. */
function barCanvas(item: ChartItem, maxRate: number): Content {
  const scale = CHART_BAR / maxRate;
  const width = Math.max(0.5, Math.min(item.rate, maxRate) * scale);
  return {
    canvas: [
      { type: 'rect', x: 0, y: 2, w: CHART_BAR, h: BAR_HEIGHT, color: '#f6f8fa' },
      { type: 'rect', x: 0, y: 2, w: width, h: BAR_HEIGHT, color: item.rate >= 1 ? BAR_OK : BAR_SHORT },
      {
        type: 'line',
        x1: scale,
        y1: 0,
        x2: scale,
        y2: BAR_HEIGHT + 4,
        lineWidth: 0.8,
        lineColor: INK,
        dash: { length: 2, space: 2 },
      },
    ],
  };
}

function axisRow(maxRate: number): TableCell[] {
  const ticks = [];
  for (let r = 0; r <= maxRate + 1e-9; r += 0.5) ticks.push(r);
  return [
    '',
    {
      canvas: [
        { type: 'line', x1: 0, y1: 12, x2: CHART_BAR, y2: 12, lineWidth: 0.5, lineColor: RULE },
        ...ticks.map((r) => ({
          type: 'line' as const,
          x1: (r / maxRate) * CHART_BAR,
          y1: 9,
          x2: (r / maxRate) * CHART_BAR,
          y2: 12,
          lineWidth: 0.5,
          lineColor: RULE,
        })),
      ],
    },
    '',
  ].concat() as TableCell[];
}

function tickLabels(maxRate: number): Content {
  const ticks: Content[] = [];
  for (let r = 0; r <= maxRate + 1e-9; r += 0.5) {
    const x = MARGINS[0] + CHART_LABEL + 8 + (r / maxRate) * CHART_BAR;
    ticks.push({
      text: `${Math.round(r * 100)}%`,
      fontSize: 7,
      color: MUTED,
      relativePosition: { x: x - MARGINS[0] - 10, y: 0 },
    });
  }
  return { stack: ticks, margin: [0, 0, 0, 10] };
}

function chart(report: AnnualReport): Content[] {
  const ch = report.chart;
  if (ch.items.length === 0) return [{ text: ch.empty, style: 'muted' }];
  const rows: TableCell[][] = ch.items.map((item) => [
    { text: item.label, alignment: 'right', fontSize: 8.5 },
    barCanvas(item, ch.maxRate),
    {
      text: [{ text: `${(item.rate * 100).toFixed(1)}%`, color: INK }, `  ${item.valueText}`],
      fontSize: 7,
      color: MUTED,
    },
  ]);
  return [
    caption(ch.caption),
    tickLabels(ch.maxRate),
    {
      table: {
        widths: [CHART_LABEL, CHART_BAR, CHART_VALUE],
        body: [axisRow(ch.maxRate), ...rows],
        dontBreakRows: true,
      },
      layout: 'noBorders',
    },
    { text: ch.note, style: 'note' },
  ];
}

/** SHA-256 in two halves: 64 hex digits have no break opportunity and would overflow the cell. */
function breakHash(hex: string): string {
  return hex.length === 64 ? `${hex.slice(0, 32)}\n${hex.slice(32)}` : hex;
}

export function annualReportDocDefinition(report: AnnualReport): TDocumentDefinitions {
  const content: Content[] = [...coverPage(report)];
  content.push({
    toc: { title: { text: report.contentsTitle, style: 'contentsTitle' }, numberStyle: { color: MUTED } },
    pageBreak: 'before',
  } as Content);
  report.sections.forEach((sec) => {
    content.push({ text: sec.heading, style: 'h1', tocItem: true, pageBreak: 'before' } as Content);
    if (sec.empty) content.push({ text: sec.empty, style: 'muted' });
    for (const b of sec.blocks) content.push(blockContent(b));
  });

  content.push(
    { text: report.indicators.heading, style: 'h1', tocItem: true, pageBreak: 'before' } as Content,
    caption(report.indicators.caption),
    indicatorTable(report),
    { text: report.chart.heading, style: 'h1', tocItem: true, pageBreak: 'before' } as Content,
    ...chart(report),
  );
  if (report.funding) {
    content.push(
      { text: report.funding.heading, style: 'h1', tocItem: true, margin: [0, 24, 0, 10] } as Content,
      caption(report.funding.caption),
      simpleTable(report.funding, ['*', 66, 66, 66, 52, 52], 1),
    );
  }
  const evidence = {
    ...report.evidence,
    rows: report.evidence.rows.map((r) => r.map((c, i) => (i === 4 ? breakHash(c) : c))),
  };
  content.push(
    { text: report.evidence.heading, style: 'h1', tocItem: true, pageBreak: 'before' } as Content,
    caption(report.evidence.caption),
    report.evidence.kind === 'units'
      ? simpleTable(report.evidence, [22, '*', 70, 60, 40, 40], 4)
      : simpleTable(evidence, [22, 92, '*', 40, 124], 99, { 4: { fontSize: 6.2, color: MUTED } }),
    // The signature block closes the document: the seal goes over the name and the date, as on
    // every stamped Chinese document, so stamping finds them on the last page.
    {
      stack: [
        { text: report.cover.unitName, fontSize: 13 },
        { text: report.cover.date, fontSize: 13, margin: [0, 6, 0, 0] },
      ],
      alignment: 'right',
      margin: [0, 56, 36, 0],
      unbreakable: true,
    } as Content,
  );

  return {
    content,
    pageSize: 'A4',
    pageMargins: MARGINS,
    info: {
      title: `${report.cover.taskName} ${report.title}`,
      author: report.meta.author,
      subject: report.meta.subject,
      keywords: report.meta.keywords,
      creator: 'Tianbao',
      producer: 'Tianbao (pdfmake)',
    },
    header: (page: number) =>
      page === 1
        ? null
        : {
            margin: [MARGINS[0], 32, MARGINS[2], 0],
            stack: [
              { text: report.header, fontSize: 8, color: MUTED, alignment: 'center' },
              {
                canvas: [
                  { type: 'line', x1: 0, y1: 4, x2: TEXT_WIDTH, y2: 4, lineWidth: 0.5, lineColor: RULE },
                ],
              },
            ],
          },
    footer: (page: number, pages: number) =>
      page === 1
        ? null
        : {
            text: report.footerPattern.replace('{{page}}', String(page)).replace('{{pages}}', String(pages)),
            alignment: 'center',
            fontSize: 9,
            color: MUTED,
            margin: [0, 24, 0, 0],
          },
    defaultStyle: { font: PDF_FONT, fontSize: BODY_SIZE, color: INK, lineHeight: 1.35 },
    styles: {
      coverProgramme: { fontSize: 15, alignment: 'center', color: MUTED },
      coverTitle: { fontSize: 30, bold: true, alignment: 'center' },
      coverTask: { fontSize: 20, alignment: 'center' },
      contentsTitle: { fontSize: 18, bold: true, alignment: 'center', margin: [0, 0, 0, 16] },
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 10] },
      h2: { fontSize: 13, bold: true, margin: [0, 8, 0, 6] },
      h3: { fontSize: 11.5, bold: true, margin: [0, 6, 0, 4] },
      // Left-aligned: CJK lines break between any two characters, so the ragged edge is under one
      // character, and pdfmake's justification costs a third of the layout time on long reports.
      body: { leadingIndent: BODY_SIZE * 2, margin: [0, 0, 0, 6] },
      list: { margin: [BODY_SIZE * 2, 0, 0, 6] },
      cellTable: { fontSize: 9.5, margin: [0, 4, 0, 10] },
      dataTable: { fontSize: 8.5, margin: [0, 2, 0, 10], lineHeight: 1.2 },
      caption: { fontSize: 10, bold: true, alignment: 'center', margin: [0, 4, 0, 6] },
      muted: { color: MUTED, margin: [0, 0, 0, 8] },
      note: { fontSize: 8, color: MUTED, margin: [0, 6, 0, 0] },
    },
  };
}

export type { ContentTable };
