/**
 * Parts the annual report and the provincial summary share: how rates and money read, the
 * funding table with its rates and total, the indicator table's columns and the completion chart.
 * `s` is the document's zh-CN translator.
 */
import { FUNDING_COLUMNS } from '../domain/fields.ts';
import { summariseFunding, type FundingLine } from '../domain/rates.ts';
import type { AnnualReport, ChartItem, ReportTable } from './annual-report.ts';

export type Say = (key: string, params?: Record<string, string | number>) => string;

/** Bars above this completion are drawn at it, so one outlier does not flatten the rest. */
export const CHART_MAX_RATE = 2;

/** 12.3% (or +12.3% for a change); '' when there is no rate. */
export function percentText(r: number | null, signed = false): string {
  if (r === null || !Number.isFinite(r)) return '';
  const text = `${(r * 100).toFixed(1)}%`;
  return signed && r > 0 ? `+${text}` : text;
}

/** 1,234.50 — money always with two places. */
export function moneyText(v: number | null): string {
  return v === null ? '' : v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function fundingSection(
  s: Say,
  lines: FundingLine[],
  numbers: { heading: string; table: number; unit: string },
): ReportTable & { heading: string } {
  const sum = summariseFunding(lines);
  const rates = (x: { arrivalRate: number | null; executionRate: number | null }) => [
    percentText(x.arrivalRate),
    percentText(x.executionRate),
  ];
  return {
    heading: s('document:funding.title', { n: numbers.heading }),
    caption: s('document:funding.caption', { n: numbers.table, unit: numbers.unit }),
    columns: [
      s('document:funding.source'),
      ...FUNDING_COLUMNS.map((c) => s(`document:funding.${c}`)),
      s('document:funding.arrivalRate'),
      s('document:funding.executionRate'),
    ],
    rows: sum.lines.map((l) => [
      l.source,
      moneyText(l.planned),
      moneyText(l.received),
      moneyText(l.spent),
      ...rates(l),
    ]),
    total: [
      s('document:funding.total'),
      moneyText(sum.planned),
      moneyText(sum.received),
      moneyText(sum.spent),
      ...rates(sum),
    ],
    empty: '',
  };
}

export function indicatorColumns(s: Say): string[] {
  return ['code', 'label', 'unit', 'target', 'actual', 'rate', 'lastYear', 'change'].map((c) =>
    s(`document:indicators.${c}`),
  );
}

export function chartSection(s: Say, heading: string, items: ChartItem[]): AnnualReport['chart'] {
  return {
    heading: s('document:chart.title', { n: heading }),
    caption: s('document:chart.caption'),
    note: s('document:chart.note', { max: CHART_MAX_RATE * 100 }),
    items,
    maxRate: CHART_MAX_RATE,
    empty: s('document:chart.none'),
  };
}
