/**
 * Summary tables (汇总表) for a set of submissions, as provincial offices send them on: an overview
 * sheet (概览) with counts by task, status and city, then one sheet per task with a row per unit,
 * merged two-level headers, units, and 合计 / 平均 rows as real formulas with their results.
 *
 * Pure TypeScript over exceljs, so it runs in Node (CLI, tests) and in a browser Web Worker alike;
 * long runs report progress and yield between chunks of rows.
 */
import ExcelJS from 'exceljs';
import type { Template } from '../domain/template.ts';
import { msg } from '../i18n/message.ts';
import type { ReportSource } from '../report/source.ts';
import { sheetNameFor } from './fill-workbook.ts';
import { writeOverview } from './summary-overview.ts';
import {
  EXCEL_MAX_COLUMNS,
  EXCEL_MAX_ROWS,
  SUMMARY_EXTRA_ROWS,
  summaryColumnCount,
  writeTaskSheet,
  type TaskSheetSummary,
} from './summary-sheet.ts';
import {
  planSummary,
  regionLabeller,
  SummaryInputError,
  type SummaryIssue,
  type SummaryPlan,
} from './summary-sources.ts';
import { sx } from './summary-text.ts';

export {
  formatSummaryIssue,
  planSummary,
  SummaryInputError,
  type SummaryIssue,
  type SummaryIssueCode,
  type SummaryPlan,
  type SummaryScope,
  type SummaryTaskPlan,
} from './summary-sources.ts';
export { SUMMARY_COLUMNS, SUMMARY_ROWS } from './summary-sheet.ts';

export interface SummaryWorkbookOptions {
  template: Template;
  /** Only these tasks, in template order (a sheet even for a task nobody submitted); else every task submitted. */
  taskCodes?: string[];
  /** The reporting year; else the year most submissions are for. */
  year?: number;
  /** Shown as 生成时间 (Beijing time); now by default. */
  generatedAt?: Date;
  /** Rows written so far out of all rows, plus one final step for packing the file. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Submissions of another template, version, task or year, or repeated ones: `throw` (default)
   * refuses with a SummaryInputError listing all of them; `skip` leaves them out and lists them,
   * located, at the end of the overview sheet (planSummary gives the same list beforehand).
   */
  onMismatch?: 'throw' | 'skip';
}

/** Lets a worker post progress (and a UI thread paint) between chunks of rows. */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Excel's row and column limits, checked before any work is done. */
function checkLimits(plan: SummaryPlan): void {
  const issues: SummaryIssue[] = [];
  for (const { task, sources } of plan.tasks) {
    const base = { index: null, unit: '', taskCode: task.code };
    if (sources.length + SUMMARY_EXTRA_ROWS > EXCEL_MAX_ROWS)
      issues.push({
        ...base,
        code: 'too-many-rows',
        message: msg('summary:issue.tooManyRows', {
          task: task.name,
          count: sources.length,
          max: EXCEL_MAX_ROWS - SUMMARY_EXTRA_ROWS,
        }),
      });
    const cols = summaryColumnCount(task);
    if (cols > EXCEL_MAX_COLUMNS)
      issues.push({
        ...base,
        code: 'too-many-columns',
        message: msg('summary:issue.tooManyColumns', {
          task: task.name,
          count: cols,
          max: EXCEL_MAX_COLUMNS,
        }),
      });
  }
  if (issues.length > 0) throw new SummaryInputError(issues);
}

/**
 * Writes the summary workbook. Throws SummaryInputError (with every problem located) for options
 * that cannot be honoured, and — unless `onMismatch: 'skip'` — for submissions that do not belong.
 */
export async function writeSummaryWorkbook(
  sources: ReportSource[],
  options: SummaryWorkbookOptions,
): Promise<Uint8Array> {
  const { template } = options;
  const plan = planSummary(sources, options);
  if (plan.issues.length > 0 && (options.onMismatch ?? 'throw') === 'throw')
    throw new SummaryInputError(plan.issues);
  checkLimits(plan);
  const generatedAt = options.generatedAt ?? new Date();

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tianbao';
  wb.created = generatedAt;
  wb.modified = generatedAt;
  wb.title = sx('title.overview', { year: plan.year, template: template.name });

  const taken = new Set<string>();
  // Added first so it is the first tab; filled last, when the task sheets' counts are known.
  const overview = wb.addWorksheet(sheetNameFor(sx('sheet.overview'), taken));
  const names = plan.tasks.map(({ task }) => sheetNameFor(task.name, taken));

  const total = plan.tasks.reduce((n, t) => n + t.sources.length, 0) + 1;
  let done = 0;
  const progress = async (rows: number) => {
    done += rows;
    options.onProgress?.(done, total);
    await yieldToLoop();
  };
  const region = regionLabeller(plan.tasks.flatMap((t) => t.sources));
  const sheets: TaskSheetSummary[] = [];
  for (const [i, { task, sources: taskSources }] of plan.tasks.entries()) {
    sheets.push(
      await writeTaskSheet({
        ws: wb.addWorksheet(names[i] as string),
        template,
        task,
        sources: taskSources,
        year: plan.year,
        generatedAt,
        region,
        progress,
      }),
    );
  }
  writeOverview({ ws: overview, template, year: plan.year, generatedAt, sheets, skipped: plan.issues });
  wb.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' },
  ];

  const buffer = await wb.xlsx.writeBuffer();
  options.onProgress?.(total, total);
  return new Uint8Array(buffer as ArrayBuffer);
}
