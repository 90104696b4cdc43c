/**
 * The 年度工作报告 of one submission as a format-neutral document: every text already worded and
 * every number already formatted, so the PDF and the Word writer lay out the same content and
 * differ only in typesetting. Always written in zh-CN unless asked otherwise: it is an official
 * Chinese document whatever language the UI is in.
 */
import { evaluateTask } from '../domain/evaluate-task.ts';
import { describeTarget } from '../domain/evidence-target.ts';
import { field } from '../domain/fields.ts';
import type { Value } from '../domain/expr/index.ts';
import { completionRate, yearOverYear } from '../domain/rates.ts';
import { citationText, currentValue } from '../domain/report-text.ts';
import { findTask, isNumericType, taskIndicators, type Indicator, type Task } from '../domain/template.ts';
import { formatValue, type FormatOptions } from '../domain/value-input.ts';
import { createTranslator, type Locale, type Translator } from '../i18n/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import { htmlToBlocks, type Block } from './rich-text.ts';
import type { ReportSource } from './source.ts';
import { chartSection, fundingSection, indicatorColumns, percentText } from './report-parts.ts';

export { CHART_MAX_RATE } from './report-parts.ts';

export type { Block, Run, TableCell } from './rich-text.ts';

export interface IndicatorRow {
  code: string;
  label: string;
  unit: string;
  target: string;
  actual: string;
  rate: string;
  lastYear: string;
  change: string;
  calculated: boolean;
}

export interface ChartItem {
  label: string;
  /** actual / target; may exceed 1. */
  rate: number;
  /** "实际 / 目标" as shown beside the bar. */
  valueText: string;
}

export interface ReportTable {
  caption: string;
  columns: string[];
  rows: string[][];
  /** A last row set in bold (合计), when there is one. */
  total?: string[];
  /** Shown instead of an empty table. */
  empty: string;
}

export interface ReportSection {
  /** Heading with its Chinese number: 一、建设进展. */
  heading: string;
  blocks: Block[];
  /** Shown when the section was left blank. */
  empty?: string;
}

export interface AnnualReport {
  /** Document title (also the PDF/Word title property). */
  title: string;
  /** The running header of every page after the cover. */
  header: string;
  /** Footer pattern with {{page}} and {{pages}} left for the writer. */
  footerPattern: string;
  cover: {
    programme: string;
    title: string;
    taskName: string;
    lines: { label: string; value: string }[];
    unitName: string;
    date: string;
    seal: string;
    receipt?: string;
  };
  contentsTitle: string;
  sections: ReportSection[];
  indicators: {
    heading: string;
    caption: string;
    columns: string[];
    groups: { name: string; rows: IndicatorRow[] }[];
    empty: string;
  };
  funding?: ReportTable & { heading: string };
  chart: {
    heading: string;
    caption: string;
    note: string;
    items: ChartItem[];
    maxRate: number;
    empty: string;
  };
  /** The evidence list, or in a provincial summary the list of units (`kind: 'units'`). */
  evidence: ReportTable & { heading: string; kind?: 'evidence' | 'units' };
  /** Author/subject metadata of the file. */
  meta: { author: string; subject: string; keywords: string };
}

export interface BuildOptions {
  /** When the report is generated: the cover date. */
  generatedAt?: Date;
  locale?: Locale;
}

let cached: Translator | undefined;
function translator(locale: Locale): Translator {
  if (cached?.locale !== locale) cached = createTranslator(locale);
  return cached;
}

/** 2026年11月23日 in China Standard Time, whatever the machine's zone. */
export function chineseDate(at: Date, locale: Locale = 'zh-CN'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(at);
}

function formatOptions(source: ReportSource, ind: Indicator, t: Translator['t']): FormatOptions {
  return {
    choices: ind.choices ? source.template.choiceLists[ind.choices] : undefined,
    yes: String(t('document:yes')),
    no: String(t('document:no')),
  };
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export class ReportInputError extends Error {
  constructor(readonly detail: Message) {
    super(detail.key);
  }
}

/** Builds the neutral report; throws ReportInputError when the task is not in the template. */
export function buildAnnualReport(source: ReportSource, options: BuildOptions = {}): AnnualReport {
  const locale = options.locale ?? 'zh-CN';
  const { t } = translator(locale);
  const s = (key: string, params?: Record<string, string | number>) => String(t(key, params ?? {}));
  const { template, year } = source;
  const task: Task | undefined = findTask(template, source.taskCode);
  if (!task)
    throw new ReportInputError(
      msg('document:error.unknownTask', { template: template.name, task: source.taskCode }),
    );

  const indicators = taskIndicators(task);
  const evaluation = evaluateTask(template, task.code, source.values, { locale });
  const numbers = t('document:numbers', { returnObjects: true }) as unknown as string[];
  let n = 0;
  const nextNumber = () => numbers[n++] ?? String(n);
  const at = options.generatedAt ?? new Date();

  const valueOf = (ind: Indicator): Value => currentValue(ind, source.values, evaluation.calculated);
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const cite = (code: string) => {
    const ind = byCode.get(code);
    return ind ? citationText(ind, valueOf(ind), formatOptions(source, ind, t)) : '';
  };

  // Outline sections: the unit's own words, in template order.
  const sections: ReportSection[] = template.outline.map((sec) => {
    const html = source.values[field.report(sec.code)];
    const blocks = typeof html === 'string' ? htmlToBlocks(html, cite) : [];
    return {
      heading: s('document:section.number', { n: nextNumber(), title: sec.title }),
      blocks,
      empty: blocks.length === 0 ? s('document:section.empty') : undefined,
    };
  });

  // Indicator table: visible indicators only, grouped as in the template.
  let tableNo = 0;
  const indicatorHeadingNo = nextNumber();
  const indicatorCaptionNo = ++tableNo;
  const chartHeadingNo = nextNumber();
  const groups = task.groups
    .map((g) => ({
      name: g.name,
      rows: g.indicators
        .filter((ind) => evaluation.relevant[ind.code] !== false)
        .map((ind): IndicatorRow => {
          const fo = formatOptions(source, ind, t);
          const actual = valueOf(ind);
          const target = source.targets[ind.code] ?? null;
          const last = source.lastYear[ind.code] ?? null;
          const numeric = isNumericType(ind.type);
          return {
            code: ind.code,
            label: ind.label,
            unit: ind.unit,
            target: formatValue(ind, target, fo),
            actual: formatValue(ind, actual, fo),
            rate: numeric ? percentText(completionRate(actual, target)) : '',
            lastYear: formatValue(ind, last, fo),
            change: numeric ? percentText(yearOverYear(actual, last), true) : '',
            calculated: !!ind.calculate,
          };
        }),
    }))
    .filter((g) => g.rows.length > 0);

  // Funding: only when the template has a funding block.
  let funding: AnnualReport['funding'];
  if (template.funding) {
    const num = (v: Value) => (typeof v === 'number' ? v : null);
    const lines = template.funding.sources.map((src) => ({
      source: src.name,
      planned: num(source.values[field.funding(src.code, 'planned')] ?? null),
      received: num(source.values[field.funding(src.code, 'received')] ?? null),
      spent: num(source.values[field.funding(src.code, 'spent')] ?? null),
    }));
    const no = ++tableNo;
    funding = fundingSection(s, lines, { heading: nextNumber(), table: no, unit: template.funding.unit });
  }

  // Chart: completion of every numeric indicator that has a target; units differ, rates compare.
  const chartItems: ChartItem[] = [];
  for (const ind of indicators) {
    if (!isNumericType(ind.type) || evaluation.relevant[ind.code] === false) continue;
    const target = source.targets[ind.code] ?? null;
    const actual = valueOf(ind);
    const rate = completionRate(actual, target);
    if (rate === null) continue;
    const fo = formatOptions(source, ind, t);
    chartItems.push({
      label: ind.label,
      rate,
      valueText: s('document:chart.value', {
        actual: citationText(ind, actual, fo),
        target: citationText(ind, target, fo),
      }),
    });
  }

  const evidenceNo = tableNo + 1;
  const evidenceHeadingNo = nextNumber();
  const evidenceRows = [...source.evidence]
    .map((e) => ({ e, target: describeTarget(template, task, e.target) }))
    .sort((a, b) => a.target.order - b.target.order || a.e.name.localeCompare(b.e.name, 'zh-CN'))
    .map(({ e, target }, i) => [
      String(i + 1),
      target.kind === 'indicator' ? target.label : target.kind === 'section' ? target.title : target.code,
      e.name,
      fileSize(e.size),
      e.sha256,
    ]);

  const title = s('document:title', { year });
  const lines = [
    { label: s('document:cover.unit'), value: source.unit.name },
    source.unit.uscc ? { label: s('document:cover.uscc'), value: source.unit.uscc } : null,
    { label: s('document:cover.task'), value: task.name },
    source.project ? { label: s('document:cover.project'), value: source.project.name } : null,
    source.project?.level
      ? {
          label: s('document:cover.level'),
          value: source.project.subType
            ? `${source.project.level}（${source.project.subType}）`
            : source.project.level,
        }
      : null,
    { label: s('document:cover.year'), value: s('document:cover.yearValue', { year }) },
    source.status
      ? { label: s('document:cover.status'), value: s(`document:status.${source.status}`) }
      : null,
  ].filter((l): l is { label: string; value: string } => l !== null);

  return {
    title,
    header: s('document:header', { unit: source.unit.name, task: task.name, year }),
    footerPattern: String(
      t('document:footer', { page: '{{page}}', pages: '{{pages}}', interpolation: { escapeValue: false } }),
    ),
    cover: {
      programme: template.programme,
      title,
      taskName: task.name,
      lines,
      unitName: source.unit.name,
      date: chineseDate(at, locale),
      seal: s('document:cover.seal'),
      receipt: source.snapshotSha256
        ? s('document:cover.receipt', { sha: source.snapshotSha256 })
        : undefined,
    },
    contentsTitle: s('document:contents'),
    sections,
    indicators: {
      heading: s('document:indicators.title', { n: indicatorHeadingNo }),
      caption: s('document:indicators.caption', { n: indicatorCaptionNo, task: task.name }),
      columns: indicatorColumns(s),
      groups,
      empty: s('document:indicators.none'),
    },
    funding,
    chart: chartSection(s, chartHeadingNo, chartItems),
    evidence: {
      heading: s('document:evidence.title', { n: evidenceHeadingNo }),
      caption: s('document:evidence.caption', { n: evidenceNo }),
      columns: ['no', 'target', 'name', 'size', 'sha256'].map((c) => s(`document:evidence.${c}`)),
      rows: evidenceRows,
      empty: s('document:evidence.none'),
    },
    meta: { author: source.unit.name, subject: task.name, keywords: `${template.programme} ${year}` },
  };
}
