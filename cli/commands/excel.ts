/**
 * Excel commands: `template import|export` (template workbooks) and `workbook new|read` (fill-in
 * workbooks). Exit codes follow cli/main.ts: 0 done, 1 the workbook has errors, 2 the file cannot
 * be read at all or the arguments are wrong. Files are written whole or not at all (temp + rename).
 */
import type { Command } from 'commander';
import { formatWorkbookError, workbookErrorJson, type WorkbookError } from '../../shared/excel/errors.ts';
import { OPEN_ERROR_CODES } from '../../shared/excel/open.ts';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, type CliContext } from '../context.ts';
import { builtinTemplate, readInput, requireOption, writeOutput } from '../files.ts';

type FillModule = typeof import('../../shared/excel/fill-workbook.ts');

const openCodes = new Set<string>(OPEN_ERROR_CODES);

/** The file itself could not be read (not a workbook, .xls, encrypted …), as opposed to bad content. */
function isUnreadable(errors: WorkbookError[]): boolean {
  return errors.length === 1 && openCodes.has(errors[0]?.code ?? '');
}

/**
 * An unreadable file: one JSON object on stdout with --json (scripts parse stdout), otherwise
 * one translated line on stderr. Either way exit 2.
 */
function unreadable(file: string, error: WorkbookError, json: boolean, ctx: CliContext): void {
  if (json) {
    ctx.out(JSON.stringify({ ok: false, errors: [workbookErrorJson(error, ctx.tr)] }, null, 2));
    ctx.setExit(EXIT_USAGE);
    return;
  }
  throw new UsageError(ctx.tr.t('excel:cli.unreadable', { file, text: formatWorkbookError(error, ctx.tr) }));
}

function printErrors(errors: WorkbookError[], ctx: CliContext): void {
  for (const e of errors) ctx.out(`  ${formatWorkbookError(e, ctx.tr)}`);
}

async function fillModule(ctx: CliContext): Promise<FillModule> {
  try {
    // Loaded on demand: exceljs and the fill-in code are work `template list` should not pay for.
    return await import('../../shared/excel/fill-workbook.ts');
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(ctx.tr.t('excel:cli.fillUnavailable'), { cause: err });
    }
    throw err;
  }
}

export function registerExcelCommands(program: Command, ctx: CliContext): void {
  const t = ctx.tr.t;
  const template =
    program.commands.find((c) => c.name() === 'template') ??
    program.command('template').description(t('cli:template.description'));

  template
    .command('import')
    .description(t('excel:cli.templateImport.description'))
    .argument('<file>', t('excel:cli.templateImport.file'))
    .option('--json', t('excel:cli.option.json'))
    .action(async (file: string, opts: { json?: boolean }) => {
      const bytes = await readInput(file, ctx);
      const { readTemplateWorkbook } = await import('../../shared/excel/template-workbook.ts');
      const result = await readTemplateWorkbook(bytes);
      if (result.ok) {
        // The template is data; JSON is its faithful text form (as `template show` prints it).
        ctx.out(JSON.stringify(result.template, null, 2));
        ctx.setExit(EXIT_OK);
        return;
      }
      if (isUnreadable(result.errors))
        return unreadable(file, result.errors[0] as WorkbookError, !!opts.json, ctx);
      if (opts.json) {
        ctx.out(
          JSON.stringify(
            { ok: false, errors: result.errors.map((e) => workbookErrorJson(e, ctx.tr)) },
            null,
            2,
          ),
        );
      } else {
        ctx.out(t('excel:cli.templateImport.invalid', { file, count: result.errors.length }));
        printErrors(result.errors, ctx);
      }
      ctx.setExit(EXIT_INVALID);
    });

  template
    .command('export')
    .description(t('excel:cli.templateExport.description'))
    .argument('<id>', t('excel:cli.templateExport.id'))
    .option('--out <file>', t('excel:cli.option.out'))
    .action(async (id: string, opts: { out?: string }) => {
      const tpl = await builtinTemplate(id, ctx);
      const out = requireOption(opts.out, 'excel:cli.outRequired', ctx);
      const { writeTemplateWorkbook } = await import('../../shared/excel/template-workbook.ts');
      const path = await writeOutput(out, await writeTemplateWorkbook(tpl, { locale: ctx.tr.locale }), ctx);
      ctx.out(
        t('excel:cli.templateExport.done', { name: tpl.name, id: tpl.id, version: tpl.version, file: path }),
      );
      ctx.setExit(EXIT_OK);
    });

  const workbook = program.command('workbook').description(t('excel:cli.workbook.description'));

  workbook
    .command('new')
    .description(t('excel:cli.workbookNew.description'))
    .option('--template <id>', t('excel:cli.option.template'))
    .option('--task <code>', t('excel:cli.option.task'))
    .option('--out <file>', t('excel:cli.option.out'))
    .action(async (opts: { template?: string; task?: string; out?: string }) => {
      const tpl = await builtinTemplate(requireOption(opts.template, 'excel:cli.templateRequired', ctx), ctx);
      if (opts.task !== undefined && !tpl.tasks.some((x) => x.code === opts.task)) {
        throw new UsageError(
          t('excel:cli.unknownTask', {
            id: tpl.id,
            task: opts.task,
            tasks: tpl.tasks.map((x) => x.code).join(t('cli:list.separator')),
          }),
        );
      }
      const out = requireOption(opts.out, 'excel:cli.outRequired', ctx);
      const { writeFillWorkbook } = await fillModule(ctx);
      const bytes = await writeFillWorkbook(tpl, opts.task === undefined ? {} : { taskCode: opts.task });
      const path = await writeOutput(out, bytes, ctx);
      const params = { file: path, id: tpl.id, version: tpl.version, task: opts.task ?? '' };
      ctx.out(
        t(opts.task === undefined ? 'excel:cli.workbookNew.done' : 'excel:cli.workbookNew.doneTask', params),
      );
      ctx.setExit(EXIT_OK);
    });

  workbook
    .command('read')
    .description(t('excel:cli.workbookRead.description'))
    .argument('<file>', t('excel:cli.workbookRead.file'))
    .option('--template <id>', t('excel:cli.workbookRead.template'))
    .option('--json', t('excel:cli.option.json'))
    .action(async (file: string, opts: { template?: string; json?: boolean }) => {
      const tpl = opts.template === undefined ? undefined : await builtinTemplate(opts.template, ctx);
      const bytes = await readInput(file, ctx);
      const { readFillWorkbook } = await fillModule(ctx);
      const result = await readFillWorkbook(bytes, tpl);
      if (!result.ok) {
        if (isUnreadable(result.errors))
          return unreadable(file, result.errors[0] as WorkbookError, !!opts.json, ctx);
        if (opts.json) {
          ctx.out(
            JSON.stringify(
              { ok: false, errors: result.errors.map((e) => workbookErrorJson(e, ctx.tr)) },
              null,
              2,
            ),
          );
        } else {
          ctx.out(t('excel:cli.workbookRead.errors', { count: result.errors.length }));
          printErrors(result.errors, ctx);
        }
        ctx.setExit(EXIT_INVALID);
        return;
      }
      const { meta, values, targets, notes, errors } = result;
      if (opts.json) {
        const json = {
          ok: true,
          meta,
          values,
          targets,
          notes,
          errors: errors.map((e) => workbookErrorJson(e, ctx.tr)),
        };
        ctx.out(JSON.stringify(json, null, 2));
      } else {
        ctx.out(
          t('excel:cli.workbookRead.summary', {
            file,
            templateId: meta.templateId,
            templateVersion: meta.templateVersion,
            values: Object.values(values).filter((v) => v !== null).length,
            targets: Object.values(targets).filter((v) => v !== null).length,
          }),
        );
        if (errors.length === 0) ctx.out(t('excel:cli.workbookRead.clean'));
        else {
          ctx.out(t('excel:cli.workbookRead.errors', { count: errors.length }));
          printErrors(errors, ctx);
        }
      }
      ctx.setExit(errors.length === 0 ? EXIT_OK : EXIT_INVALID);
    });
}
