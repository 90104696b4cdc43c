/**
 * Report commands: `report` (the annual work report of one submission, PDF or Word) and `summary`
 * (an Excel summary of many submissions of one task). Inputs are filled fill-in workbooks.
 * Exit codes: 0 written, 1 an input has errors (nothing written), 2 unreadable input or bad
 * arguments. Outputs are written whole or not at all.
 */
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { Template } from '../../shared/domain/template.ts';
import { formatWorkbookError, type WorkbookError } from '../../shared/excel/errors.ts';
import { OPEN_ERROR_CODES } from '../../shared/excel/open.ts';
import type { Message } from '../../shared/i18n/message.ts';
import type { ReportSource } from '../../shared/report/source.ts';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliContext } from '../context.ts';
import { readInput, requireOption, writeOutput } from '../files.ts';

interface LoadedFill {
  file: string;
  template: Template;
  content: import('../../shared/report/source-from-fill.ts').FillContent;
}

const openCodes = new Set<string>(OPEN_ERROR_CODES);

/** A usage error worded by shared code, prefixed with the file it is about. */
function fail(ctx: CliContext, message: Message, file?: string): never {
  const reason = ctx.tr.format(message);
  throw new UsageError(file ? ctx.tr.t('cli:report.failed', { file, reason }) : reason);
}

/**
 * Reads one filled workbook. Unreadable files and wrong templates are usage errors (exit 2);
 * cells that could not be read are listed and make the command exit 1 without writing anything.
 */
async function loadFill(file: string, ctx: CliContext): Promise<LoadedFill | null> {
  const bytes = await readInput(file, ctx);
  const { readFillWorkbook } = await import('../../shared/excel/fill-workbook.ts');
  const { getBuiltinTemplate } = await import('../../shared/templates/index.ts');
  const result = await readFillWorkbook(bytes);
  const errors: WorkbookError[] = result.errors;
  if (!result.ok && errors.length === 1 && (openCodes.has(errors[0]!.code) || errors[0]!.sheet === '')) {
    throw new UsageError(
      ctx.tr.t('excel:cli.unreadable', { file, text: formatWorkbookError(errors[0]!, ctx.tr) }),
    );
  }
  if (!result.ok || result.errors.length > 0) {
    ctx.out(ctx.tr.t('cli:report.invalid', { file, count: errors.length }));
    for (const e of errors) ctx.out(`  ${formatWorkbookError(e, ctx.tr)}`);
    ctx.setExit(EXIT_INVALID);
    return null;
  }
  const template = getBuiltinTemplate(result.meta.templateId)!;
  return { file, template, content: result };
}

async function renderReport(source: ReportSource, out: string): Promise<Uint8Array> {
  const { buildAnnualReport } = await import('../../shared/report/annual-report.ts');
  const report = buildAnnualReport(source);
  if (extname(out).toLowerCase() === '.docx') {
    const { writeAnnualReportDocx } = await import('../../shared/report/annual-report-docx.ts');
    return writeAnnualReportDocx(report);
  }
  const { annualReportDocDefinition } = await import('../../shared/report/annual-report-pdf.ts');
  const { renderPdfNode } = await import('../../shared/report/pdf-node.ts');
  return renderPdfNode(annualReportDocDefinition(report));
}

/** Shared-code failures that carry a translatable message (missing font, unknown task …). */
function messageOf(err: unknown): Message | undefined {
  const detail = (err as { detail?: unknown } | null)?.detail;
  return detail && typeof (detail as Message).key === 'string' ? (detail as Message) : undefined;
}

export function registerReportCommands(program: Command, ctx: CliContext): void {
  const t = ctx.tr.t;

  program
    .command('report')
    .description(t('cli:report.description'))
    .option('--in <file>', t('cli:report.in'))
    .option('--out <file>', t('cli:report.out'))
    .option('--task <code>', t('cli:report.task'))
    .option('--year <year>', t('cli:report.year'))
    .action(async (opts: { in?: string; out?: string; task?: string; year?: string }) => {
      const input = requireOption(opts.in, 'cli:report.inRequired', ctx);
      const out = requireOption(opts.out, 'cli:report.outRequired', ctx);
      if (!['.pdf', '.docx'].includes(extname(out).toLowerCase()))
        throw new UsageError(t('cli:report.wrongOut', { file: out }));
      const loaded = await loadFill(input, ctx);
      if (!loaded) return;
      const { taskOfFill, sourceFromFill } = await import('../../shared/report/source-from-fill.ts');
      const task = taskOfFill(loaded.content.meta, opts.task);
      if (!task.ok) fail(ctx, task.message, input);
      const source = sourceFromFill(loaded.content, loaded.template, task.task, {
        unitName: basename(input, extname(input)),
        year: Number(opts.year) || new Date().getFullYear() - 1,
      });
      let bytes: Uint8Array;
      try {
        bytes = await renderReport(source, out);
      } catch (err) {
        const m = messageOf(err);
        if (m) fail(ctx, m);
        throw err;
      }
      const path = await writeOutput(out, bytes, ctx);
      const taskName = loaded.template.tasks.find((x) => x.code === task.task)?.name ?? task.task;
      ctx.out(
        t('cli:report.done', { file: path, unit: source.unit.name, task: taskName, year: source.year }),
      );
      ctx.setExit(EXIT_OK);
    });

  program
    .command('summary')
    .description(t('cli:summary.description'))
    .option('--in <files...>', t('cli:summary.in'))
    .option('--task <code>', t('cli:summary.task'))
    .option('--out <file>', t('cli:report.out'))
    .action(async (opts: { in?: string[]; out?: string; task?: string }) => {
      const inputs = opts.in ?? [];
      if (inputs.length === 0) throw new UsageError(t('cli:report.inRequired'));
      const taskCode = requireOption(opts.task, 'cli:summary.taskRequired', ctx);
      const out = requireOption(opts.out, 'cli:report.outRequired', ctx);
      if (extname(out).toLowerCase() !== '.xlsx')
        throw new UsageError(t('cli:summary.wrongOut', { file: out }));

      const { sourceFromFill, taskOfFill } = await import('../../shared/report/source-from-fill.ts');
      const sources: ReportSource[] = [];
      let first: LoadedFill | undefined;
      let invalid = false;
      for (const file of inputs) {
        const loaded = await loadFill(file, ctx);
        if (!loaded) {
          invalid = true;
          continue;
        }
        first ??= loaded;
        const { meta } = loaded.content;
        if (meta.templateId !== first.template.id || meta.templateVersion !== first.template.version) {
          throw new UsageError(
            t('cli:summary.mixedTemplates', {
              file,
              id: meta.templateId,
              version: meta.templateVersion,
              firstId: first.template.id,
              firstVersion: first.template.version,
            }),
          );
        }
        const task = taskOfFill(meta, taskCode);
        if (!task.ok) fail(ctx, task.message, file);
        sources.push(
          sourceFromFill(loaded.content, loaded.template, taskCode, {
            unitName: basename(file, extname(file)),
            year: new Date().getFullYear() - 1,
          }),
        );
      }
      if (invalid || !first) return;
      const { writeSummaryWorkbook, SummaryInputError, formatSummaryIssue } =
        await import('../../shared/excel/summary-workbook.ts');
      let bytes: Uint8Array;
      try {
        bytes = await writeSummaryWorkbook(sources, { template: first.template, taskCodes: [taskCode] });
      } catch (err) {
        if (err instanceof SummaryInputError) {
          ctx.out(t('cli:report.invalid', { file: inputs.join(' '), count: err.issues.length }));
          for (const issue of err.issues) ctx.out(`  ${formatSummaryIssue(issue, ctx.tr)}`);
          ctx.setExit(EXIT_INVALID);
          return;
        }
        throw err;
      }
      const path = await writeOutput(out, bytes, ctx);
      ctx.out(t('cli:summary.done', { file: path, count: sources.length, task: taskCode }));
      ctx.setExit(EXIT_OK);
    });
}
