/**
 * 分任务省级总结报告: one task, one province, one year, built from every unit's submission. It is
 * laid out by the same writers as the annual report (PDF, Word), so it has the same cover, contents,
 * running header and page numbers:
 *
 * - the narrative sections come from the template outline's provincial counterpart (基本情况 /
 *   主要做法 / 取得的成效 / 存在问题 / 下一步建议), written by the office; 基本情况 and 存在问题 open with
 *   generated figures (expected / received / on time / returned, by city);
 * - the indicator table sums every unit's targets and actuals (completion against targets, change
 *   on last year), and the chart shows those completion rates;
 * - funding is summed over units;
 * - the last table lists the units with city, status, score and grade.
 */
import { evaluateTask } from '../domain/evaluate-task.ts';
import { field, FUNDING_COLUMNS } from '../domain/fields.ts';
import { chartSection, fundingSection, indicatorColumns, percentText } from './report-parts.ts';
import type { Value } from '../domain/expr/index.ts';
import { cityOf, completeness, type ProvinceRow, type Tally } from '../domain/province-stats.ts';
import { completionRate, yearOverYear } from '../domain/rates.ts';
import { regionName } from '../domain/regions.ts';
import { reviewInputOf } from '../domain/review.ts';
import { scoreReview } from '../domain/scoring-engine.ts';
import { findTask, isNumericType, type Indicator, type Template } from '../domain/template.ts';
import { createTranslator, type Translator } from '../i18n/index.ts';
import { msg } from '../i18n/message.ts';
import { chineseDate, ReportInputError, type AnnualReport, type IndicatorRow } from './annual-report.ts';
import { htmlToBlocks, type Block, type TableCell } from './rich-text.ts';
import type { ReportSource } from './source.ts';

export const PROVINCIAL_SECTIONS = ['basics', 'practice', 'results', 'problems', 'next'] as const;
export type ProvincialSection = (typeof PROVINCIAL_SECTIONS)[number];

export interface ProvincialSummaryInput {
  template: Template;
  taskCode: string;
  year: number;
  /** The office writing it, e.g. 湖南省教育厅. */
  office: string;
  /** Every submission of the task in the province (drafts count as not received). */
  sources: ReportSource[];
  /** The office's own text for each section, as report HTML. */
  narrative?: Partial<Record<ProvincialSection, string>>;
  generatedAt?: Date;
}

let zh: Translator | undefined;
const s = (key: string, params?: Record<string, string | number>) => {
  zh ??= createTranslator('zh-CN');
  return String(zh.t(key, params ?? {}));
};

const sum = (xs: (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);
const num = (v: Value | undefined) => (typeof v === 'number' ? v : null);
const formatNumber = (ind: Indicator, v: number | null) =>
  v === null
    ? ''
    : v.toLocaleString('zh-CN', {
        minimumFractionDigits: ind.type === 'money' ? 2 : 0,
        maximumFractionDigits: ind.decimals ?? 2,
      });

const cell = (text: string, header = false): TableCell => ({
  runs: [{ text, bold: header || undefined }],
  header,
  colSpan: 1,
  rowSpan: 1,
});

function tallyTable(rows: [string, Tally][]): Block {
  const head = ['expected', 'received', 'onTime', 'late', 'missing', 'returned', 'accepted'];
  return {
    kind: 'table',
    rows: [
      [cell(s('document:provincial.city'), true), ...head.map((k) => cell(s(`province:tally.${k}`), true))],
      ...rows.map(([label, t]) => [
        cell(label),
        ...[t.expected, t.received, t.onTime, t.late, t.expected - t.received, t.returned, t.accepted].map(
          (n) => cell(String(n)),
        ),
      ]),
    ],
  };
}

/**
 * A unit's final score and grade: the latest completed stage of its review (复核, else 省评, else
 * the unit's own 自评 once handed in), by the template's scoring.
 */
function gradeOf(template: Template, source: ReportSource): { score: number | null; grade: string } {
  if (!template.scoring) return { score: null, grade: '' };
  const input = reviewInputOf(template, source, source.reviews ?? []);
  const final = scoreReview(template, input).final;
  return final ? { score: final.score, grade: final.grade.name } : { score: null, grade: '' };
}

/** Units by grade (best first) and not yet graded. */
function gradeTable(template: Template, grades: string[]): Block {
  const names = template.grades.map((g) => g.name);
  const count = (name: string) => grades.filter((g) => g === name).length;
  return {
    kind: 'table',
    rows: [
      [...names, s('document:provincial.ungraded'), s('province:total')].map((x) => cell(x, true)),
      [...names.map(count), grades.filter((g) => g === '').length, grades.length].map((n) => cell(String(n))),
    ],
  };
}

export function buildProvincialSummary(input: ProvincialSummaryInput): AnnualReport {
  const { template, year, office } = input;
  const task = findTask(template, input.taskCode);
  if (!task)
    throw new ReportInputError(
      msg('document:error.unknownTask', { template: template.name, task: input.taskCode }),
    );
  const sources = input.sources.filter((x) => x.taskCode === task.code && x.year === year);
  zh ??= createTranslator('zh-CN');
  const numbers = zh.t('document:numbers', { returnObjects: true }) as unknown as string[];
  let n = 0;
  const next = () => numbers[n++] ?? String(n);

  // Figures for 基本情况 and 存在问题.
  const rows: ProvinceRow[] = sources.map((x) => ({
    projectId: x.project?.name ?? x.unit.name,
    unitId: x.unit.name,
    unitName: x.unit.name,
    regionCode: x.unit.regionCode,
    taskCode: task.code,
    year,
    status: x.status,
    submittedAt: x.submittedAt,
  }));
  const stats = completeness(rows, template.deadline);
  const byCity: [string, Tally][] = [...stats.byCity.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, t]) => [code ? (regionName(code) ?? code) : s('province:noCity'), t]);
  byCity.push([s('province:total'), stats.total]);

  const grades = sources.map((x) => gradeOf(template, x).grade);

  const narrative = (key: ProvincialSection): Block[] => {
    const html = input.narrative?.[key];
    return html ? htmlToBlocks(html, () => '') : [];
  };
  const para = (text: string): Block => ({ kind: 'paragraph', runs: [{ text }] });
  const generated: Partial<Record<ProvincialSection, Block[]>> = {
    basics: [
      para(
        s('document:provincial.basicsText', {
          expected: stats.total.expected,
          received: stats.total.received,
          onTime: stats.total.onTime,
          late: stats.total.late,
          accepted: stats.total.accepted,
        }),
      ),
      tallyTable(byCity),
    ],
    ...(template.scoring
      ? {
          results: [
            para(
              s('document:provincial.gradesText', {
                graded: grades.filter(Boolean).length,
                total: grades.length,
              }),
            ),
            gradeTable(template, grades),
          ],
        }
      : {}),
    problems: [
      para(
        s('document:provincial.problemsText', {
          missing: stats.total.expected - stats.total.received,
          late: stats.total.late,
          returned: stats.total.returned,
        }),
      ),
    ],
  };
  const sections = PROVINCIAL_SECTIONS.map((key) => {
    const blocks = [...(generated[key] ?? []), ...narrative(key)];
    return {
      heading: s('document:section.number', { n: next(), title: s(`document:provincial.section.${key}`) }),
      blocks,
      empty: narrative(key).length === 0 ? s('document:provincial.toWrite') : undefined,
    };
  });

  // Indicator totals over units: completion of the summed targets, change on last year's sum.
  const calculated = sources.map((x) => evaluateTask(template, task.code, x.values).calculated);
  const valueOf = (i: number, ind: Indicator) =>
    num(ind.calculate ? calculated[i]![ind.code] : sources[i]!.values[ind.code]);
  const indicatorHeadingNo = next();
  const chartHeadingNo = next();
  const chartItems: AnnualReport['chart']['items'] = [];
  const groups = task.groups
    .map((g) => ({
      name: g.name,
      rows: g.indicators
        // Percentages and texts do not add up across units; only summable numbers are totalled.
        .filter((ind) => isNumericType(ind.type) && ind.type !== 'percent' && !ind.calculate)
        .map((ind): IndicatorRow => {
          const actual = sum(sources.map((_, i) => valueOf(i, ind)));
          const target = sum(sources.map((x) => num(x.targets[ind.code])));
          const last = sum(sources.map((x) => num(x.lastYear[ind.code])));
          const rate = target ? completionRate(actual, target) : null;
          if (rate !== null)
            chartItems.push({
              label: ind.label,
              rate,
              valueText: `${formatNumber(ind, actual)}${ind.unit} / ${formatNumber(ind, target)}${ind.unit}`,
            });
          return {
            code: ind.code,
            label: ind.label,
            unit: ind.unit,
            target: target ? formatNumber(ind, target) : '',
            actual: formatNumber(ind, actual),
            rate: percentText(rate),
            lastYear: last ? formatNumber(ind, last) : '',
            change: last ? percentText(yearOverYear(actual, last), true) : '',
            calculated: false,
          };
        }),
    }))
    .filter((g) => g.rows.length > 0);

  let tableNo = 1;
  let funding: AnnualReport['funding'];
  if (template.funding) {
    const lines = template.funding.sources.map((src) => {
      const col = (c: (typeof FUNDING_COLUMNS)[number]) =>
        sum(sources.map((x) => num(x.values[field.funding(src.code, c)])));
      return { source: src.name, planned: col('planned'), received: col('received'), spent: col('spent') };
    });
    funding = fundingSection(s, lines, { heading: next(), table: ++tableNo, unit: template.funding.unit });
  }

  const unitRows = [...sources]
    .sort(
      (a, b) =>
        (a.unit.regionCode ?? '').localeCompare(b.unit.regionCode ?? '') ||
        a.unit.name.localeCompare(b.unit.name, 'zh-CN'),
    )
    .map((x, i) => {
      const city = cityOf(x.unit.regionCode);
      const g = gradeOf(template, x);
      return [
        String(i + 1),
        x.unit.name,
        city ? (regionName(city) ?? city) : '',
        x.status && x.status !== 'draft' ? s(`document:status.${x.status}`) : s('province:status.missing'),
        g.score === null ? '' : g.score.toFixed(2),
        g.grade,
      ];
    });

  const title = s('document:provincial.title', { year, task: task.name });
  const at = input.generatedAt ?? new Date();
  return {
    title,
    header: s('document:provincial.header', { office, task: task.name, year }),
    footerPattern: s('document:footer', {
      page: '{{page}}',
      pages: '{{pages}}',
      interpolation: { escapeValue: false },
    } as never),
    cover: {
      programme: template.programme,
      title: s('document:provincial.coverTitle', { year }),
      taskName: task.name,
      lines: [
        { label: s('document:provincial.office'), value: office },
        { label: s('document:cover.task'), value: task.name },
        { label: s('document:cover.year'), value: s('document:cover.yearValue', { year }) },
        {
          label: s('document:provincial.units'),
          value: s('document:provincial.unitsValue', {
            count: sources.length,
            received: stats.total.received,
          }),
        },
      ],
      unitName: office,
      date: chineseDate(at),
      seal: s('document:provincial.seal'),
    },
    contentsTitle: s('document:contents'),
    sections,
    indicators: {
      heading: s('document:provincial.indicatorsTitle', { n: indicatorHeadingNo }),
      caption: s('document:provincial.indicatorsCaption', { n: 1, task: task.name }),
      columns: indicatorColumns(s),
      groups,
      empty: s('document:indicators.none'),
    },
    funding,
    chart: chartSection(s, chartHeadingNo, chartItems),
    evidence: {
      kind: 'units',
      heading: s('document:provincial.unitsTitle', { n: next() }),
      caption: s('document:provincial.unitsCaption', { n: tableNo + 1 }),
      columns: ['no', 'unit', 'city', 'status', 'score', 'grade'].map((c) =>
        s(`document:provincial.col.${c}`),
      ),
      rows: unitRows,
      empty: s('document:provincial.noUnits'),
    },
    meta: { author: office, subject: task.name, keywords: `${template.programme} ${year}` },
  };
}
