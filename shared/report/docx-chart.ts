/**
 * The completion chart of the Word copy, drawn as a table: Word, WPS and LibreOffice all lay out a
 * fixed-layout table with shaded cells the same way, where a DrawingML chart or picture would need
 * a renderer of its own. Each item is a row: its label, the bar, and the rate with "实际 / 目标".
 *
 * The bar area's grid columns are cut exactly where something starts or ends: the axis labels, the
 * 100% line and the end of each bar. A bar is then one shaded cell spanning the columns up to its
 * end and unshaded ones for the rest; a dashed left border on the cell that starts at 100% draws
 * the target line. Word allows a table no more than 63 columns, so when many bars end in different
 * places their ends are rounded to a coarser step (0.5 mm, then 1 mm, …) until the grid fits.
 */
import {
  AlignmentType,
  BorderStyle,
  HeightRule,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ITableCellBorders,
} from 'docx';
import type { AnnualReport } from './annual-report.ts';
import { COLOR, FONT, SIZE, STYLE, TEXT_WIDTH, fonts, none } from './docx-styles.ts';

const LABEL_WIDTH = 2800;
const VALUE_WIDTH = 2300;
export const BAR_WIDTH = TEXT_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
/** Tick every 50%. */
const TICK = 0.5;
/** White rules between rows, so the shaded cells read as separate bars. */
const GAP: IBorderOptions = { style: BorderStyle.SINGLE, size: 24, color: 'FFFFFF' };
const TARGET_LINE: IBorderOptions = { style: BorderStyle.DASHED, size: 8, color: COLOR.ink };

/** Word's limit on a table's columns. */
export const MAX_COLUMNS = 63;
/** The first coarser step bar ends are rounded to when the grid has too many columns: 0.5 mm. */
const MIN_STEP = 28;

export interface ChartGeometry {
  /** Width of the bar area in twips. */
  width: number;
  /** Rates at the axis ticks: 0, 0.5, … maxRate. */
  ticks: number[];
  /** Boundaries of the axis label cells, from 0 to width: each label is centred on its tick. */
  axis: number[];
  /** Where 100% falls, or null when maxRate ≤ 1. */
  target: number | null;
  /** Where each item's bar ends (0 for none). */
  ends: number[];
  /** Every boundary in the bar area, sorted, from 0 to width: the grid's columns lie between them. */
  cuts: number[];
}

const capOf = (maxRate: number) => (Number.isFinite(maxRate) && maxRate > 0 ? maxRate : 1);

/** Where a bar ends before rounding: as long as its capped rate, at least one step for any rate above 0. */
export function barEnd(rate: number, maxRate: number, width: number): number {
  if (Number.isNaN(rate) || rate <= 0) return 0;
  const max = capOf(maxRate);
  return Math.max(MIN_STEP, Math.min(width, Math.round((Math.min(rate, max) / max) * width)));
}

export function chartGeometry(rates: number[], maxRate: number, width: number): ChartGeometry {
  const max = capOf(maxRate);
  const intervals = Math.max(1, Math.ceil(max / TICK - 1e-9));
  const ticks = Array.from({ length: intervals + 1 }, (_, i) => (max * i) / intervals);
  const axis = [
    0,
    ...Array.from({ length: intervals }, (_, i) => Math.round(((i + 0.5) / intervals) * width)),
    width,
  ];
  const target = max > 1 ? Math.round(width / max) : null;
  const fixed = [...new Set([...axis, ...(target === null ? [] : [target])])].sort((a, b) => a - b);
  const raw = rates.map((r) => barEnd(r, max, width));
  // Exact to the twip first; coarser steps only when the grid would not fit.
  for (let step = 1; ; step = step === 1 ? MIN_STEP : step * 2) {
    const snap = Math.max(step, MIN_STEP) / 2;
    const ends = raw.map((end) => {
      if (end === 0) return 0;
      // A fixed boundary within reach takes the bar's end, so no sliver of a column is left.
      const near = fixed.find((f) => f > 0 && Math.abs(f - end) <= snap);
      if (near !== undefined) return near;
      return Math.min(width, Math.max(step, Math.round(end / step) * step));
    });
    const cuts = [...new Set([...fixed, ...ends])].sort((a, b) => a - b);
    // Label and value columns take two of Word's 63.
    if (cuts.length - 1 <= MAX_COLUMNS - 2 || step >= width)
      return { width, ticks, axis, target, ends, cuts };
  }
}

const percent = (r: number) => `${Math.round(r * 100)}%`;

function text(
  value: string,
  o: { size?: number; color?: string; alignment?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
): Paragraph {
  const size = o.size ?? SIZE.small;
  return new Paragraph({
    style: STYLE.tableText,
    alignment: o.alignment,
    run: { size },
    children: value ? [new TextRun({ text: value, size, color: o.color, font: fonts(FONT.table) })] : [],
  });
}

/** The chart's table, or null when there is nothing to draw. */
export function chartTable(chart: AnnualReport['chart']): Table | null {
  if (chart.items.length === 0) return null;
  const geo = chartGeometry(
    chart.items.map((i) => i.rate),
    chart.maxRate,
    BAR_WIDTH,
  );
  const columnWidths = [LABEL_WIDTH, ...geo.cuts.slice(1).map((c, i) => c - geo.cuts[i]!), VALUE_WIDTH];
  /** Grid column of a boundary in the bar area. */
  const colAt = (x: number) => 1 + geo.cuts.indexOf(x);
  const valueCol = columnWidths.length - 1;
  /** A cell over grid columns [from, to). */
  const cell = (
    children: Paragraph[],
    from: number,
    to: number,
    o: {
      fill?: string;
      borders?: ITableCellBorders;
      margins?: { top: number; bottom: number; left: number; right: number };
    } = {},
  ) =>
    new TableCell({
      children,
      columnSpan: to - from > 1 ? to - from : undefined,
      width: { size: columnWidths.slice(from, to).reduce((a, b) => a + b, 0), type: WidthType.DXA },
      shading: o.fill ? { fill: o.fill, color: 'auto', type: ShadingType.CLEAR } : undefined,
      verticalAlign: VerticalAlignTable.CENTER,
      margins: o.margins ?? { top: 0, bottom: 0, left: 0, right: 0 },
      borders: { top: GAP, bottom: GAP, left: none, right: none, ...o.borders },
    });
  const textMargins = { top: 20, bottom: 20, left: 80, right: 80 };
  const plain = { top: none, bottom: none };

  // Axis: a label under every tick, the first and last flush with the ends of the area.
  const last = geo.ticks.length - 1;
  const axisCells = geo.ticks.map((t, i) => {
    const alignment = i === 0 ? AlignmentType.LEFT : i === last ? AlignmentType.RIGHT : AlignmentType.CENTER;
    return cell(
      [text(percent(t), { color: COLOR.muted, alignment })],
      colAt(geo.axis[i]!),
      colAt(geo.axis[i + 1]!),
      {
        borders: { top: none, bottom: { style: BorderStyle.SINGLE, size: 4, color: COLOR.rule } },
      },
    );
  });
  const axis = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [
      cell([text('')], 0, 1, { borders: plain }),
      ...axisCells,
      cell([text('')], valueCol, valueCol + 1, { borders: plain }),
    ],
  });

  const rows = chart.items.map((item, n) => {
    const end = geo.ends[n]!;
    const cuts = [...new Set([0, end, geo.target ?? 0, geo.width])].sort((a, b) => a - b);
    const bars: TableCell[] = [];
    for (let i = 0; i < cuts.length - 1; i++) {
      const from = cuts[i]!;
      const to = cuts[i + 1]!;
      const fill = to <= end ? (item.rate >= 1 ? COLOR.barOk : COLOR.barShort) : COLOR.barTrack;
      bars.push(
        cell([text('', { size: 2 })], colAt(from), colAt(to), {
          fill,
          borders: from === geo.target ? { left: TARGET_LINE } : undefined,
        }),
      );
    }
    const label = cell([text(item.label, { alignment: AlignmentType.RIGHT })], 0, 1, {
      borders: plain,
      margins: textMargins,
    });
    const value = cell(
      [
        text(`${(item.rate * 100).toFixed(1)}%  ${item.valueText}`, {
          color: COLOR.muted,
          size: SIZE.small - 2,
        }),
      ],
      valueCol,
      valueCol + 1,
      { borders: plain, margins: textMargins },
    );
    return new TableRow({
      cantSplit: true,
      height: { value: 320, rule: HeightRule.ATLEAST },
      children: [label, ...bars, value],
    });
  });

  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths,
    borders: {
      top: none,
      bottom: none,
      left: none,
      right: none,
      insideHorizontal: none,
      insideVertical: none,
    },
    rows: [axis, ...rows],
  });
}
